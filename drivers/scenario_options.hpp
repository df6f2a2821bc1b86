#pragma once
// Command-line flags for every scenario parameter, derived from the parameter table
// (core/scenario_parameters.hpp): `--NAME` for the key NAME of a configuration file (e.g.
// --i_app_uA_per_cm2 for model.i_app_uA_per_cm2), with the strict value rules of cli_values.hpp,
// plus the shortcuts for the populations. The spellings of hhsim 0.1 (--i-app, --t-ms, ...) still
// work for this release and print a deprecation warning.

#include <CLI/CLI.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace hhsim::drivers {

/// Flag values as typed, turned into a scenario by to_scenario() after parsing.
struct scenario_options {
    scenario sc = run_defaults();
    std::set<std::string> given;           ///< names of the parameters given on the command line
    // Shortcuts for the classic two populations, or a list of populations.
    std::int64_t n_exc = 80, n_inh = 20;
    double rate_hz = 10.0, release_p = default_release_probability, je_mv = 1.0, k_inh = 4.0;
    std::vector<std::string> populations;  // "count,rate_hz,release_probability,jump_mV" each; replace the E/I pair
    std::string replay_csv;
    std::vector<std::string> deprecated;   ///< old spellings used (warned about once each)
    /// `hhsim run` also takes --integrator reference (the Boost.Odeint reference, for validation):
    /// it sets `reference` and validates the scenario as rk4.
    bool allow_reference = false;
    bool reference = false;

    /// `hhsim run`'s defaults: the classic study (default_scenario) with event-exact jumps, which
    /// docs/numerics.md measures as the accurate choice at the same dt; diffusion input, which has
    /// no events, keeps boundary.
    static scenario run_defaults();
};

/// Register the scenario flags on `cmd`, writing into `opt`.
void add_scenario_options(CLI::App& cmd, scenario_options& opt);

/// Build and validate the scenario (reads the replay CSV if given). Throws input_error.
/// Without `base`, every parameter's value (given or default) is used. With `base` (from a config
/// file), only the flags given on the command line override it; then --ne/--je_mV act on
/// population 0, --ni/--k on population 1 (Ji = -K * Je), --rate_hz/--release_probability on every
/// population. --m0/--h0/--n0 set a gate only when given; --start rest takes neither them nor --v0_mV.
scenario to_scenario(const scenario_options& opt, const CLI::App& cmd, const scenario* base = nullptr);

/// The name of `--NAME` if it is a flag of add_scenario_options (a parameter or a shortcut).
bool is_scenario_flag(const std::string& flag);

}  // namespace hhsim::drivers
