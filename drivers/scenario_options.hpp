#pragma once
// Command-line flags for every scenario parameter (unit in each flag's help), shared by subcommands.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace hhsim::drivers {

/// Flag values as typed, turned into a scenario by to_scenario() after parsing.
struct scenario_options {
    scenario sc = default_scenario();
    std::string integrator = "rk4";
    // `hhsim run` steps exactly to every input event by default: docs/numerics.md measures RK4 with
    // event-exact jumps at dt 0.01 ms 1e5 times more accurate in V and spike times than with boundary
    // jumps, at up to 1.8x the cost. Diffusion input has no events and keeps boundary (to_scenario).
    std::string jumps = "event-exact";
    std::string input = "shot";
    std::int64_t n_exc = 80, n_inh = 20;
    double rate_hz = 10.0, release_p = 0.5, je_mv = 1.0, k_inh = 4.0;
    std::vector<std::string> populations;  // "count,rate_hz,p,jump_mV" each; replace the E/I pair
    std::string replay_csv;
    std::string start = "v0";              // v0 | rest
    double m0 = 0.0, h0 = 0.0, n0 = 0.0;   // used only when their flags are given
};

/// Register the scenario flags on `cmd`, writing into `opt`.
void add_scenario_options(CLI::App& cmd, scenario_options& opt);

/// Build and validate the scenario (reads the replay CSV if given). Throws input_error.
/// Without `base`, every flag's value (given or default) is used. With `base` (from a config
/// file), only the flags given on the command line (per `cmd`) override it; then --ne/--je-mv act on
/// population 0, --ni/--k on population 1 (Ji = -K * Je), --rate-hz/--p on every population.
/// --m0/--h0/--n0 set a gate only when given; --start rest takes neither them nor --v0-mv.
scenario to_scenario(const scenario_options& opt, const CLI::App& cmd, const scenario* base = nullptr);


}  // namespace hhsim::drivers
