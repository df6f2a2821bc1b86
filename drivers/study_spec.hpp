#pragma once
// A Monte Carlo study as plain values: the base scenario, the parameter grid, the analysis
// settings and the output folder. Built from a TOML file (drivers/config.cpp, docs/config.md).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scenario.hpp"

namespace hhsim::drivers {

/// One swept parameter: its config key (e.g. "input.population.exc.rate_hz") and its values.
struct sweep_axis {
    std::string key;
    std::vector<double> values;
};

/// What is computed per grid point and input mode (docs/analysis.md for the definitions).
struct analysis_spec {
    double transient_ms = 100.0;                      ///< statistics ignore [0, transient_ms)
    std::vector<double> fano_windows_ms{10.0, 50.0, 100.0};
    bool isi_histogram = true;
    double isi_bin_ms = 1.0;                          ///< linear bins from 0 to isi_max_ms
    double isi_max_ms = 200.0;
    bool spectrum = true;
    double spectrum_bin_ms = 1.0;                     ///< spike trains binned at this width
    double spectrum_segment_ms = 500.0;               ///< Welch segment length
    std::int64_t bootstrap_resamples = 1000;
    double confidence_level = 0.95;
};

struct study_spec {
    scenario base;                      ///< every scenario parameter; base.run.n_trials = trials per grid point
    std::vector<sweep_axis> grid;       ///< Cartesian product, first axis varies slowest; empty: one point
    analysis_spec analysis;
    std::optional<method> diffusion_integrator;  ///< `compare`: integrator of the diffusion run; none: the partner
    bool allow_mixed_orders = false;             ///< `compare`: accept a pairing that mixes orders
    std::string output_folder = "hhsim-study";
    std::string config_text;            ///< the configuration as read, kept for provenance
    std::string replay_csv_path;        ///< input.replay_csv resolved against the config's folder ("" without replay)
};

/// Grids larger than this are refused unless the user raises the limit (--max-grid-points, up to
/// 1e6): each point is a separate simulation and file, and checking a million points takes seconds.
inline constexpr std::size_t default_max_grid_points = 10'000;

/// The integrators of the two runs of `hhsim compare`, paired by order so that the integrator
/// difference does not end up in the shot-vs-diffusion result (diffusion_partner in core).
struct compare_pair {
    method shot = method::rk4;
    jump_timing shot_jumps = jump_timing::step_boundary;
    method diffusion = method::sra;
    bool mixed = false;        ///< the diffusion scheme is not the shot scheme's partner (allowed explicitly)
    std::string description;   ///< e.g. "rk4 (boundary jumps) with sra (its partner of the same order)"
};

/// The pairing of a study's compare: compare.diffusion_integrator or, if not given, the partner of
/// run.integrator. Throws input_error for a mixed pairing unless compare.allow_mixed_orders.
compare_pair compare_integrators(const study_spec& spec);

/// Parse a TOML study configuration. Unknown keys, wrong types and values without their unit
/// (e.g. dt_ms = "0.01 ms") are errors naming the key. `origin` names the file in messages.
/// The scenario is validated for every grid point.
study_spec parse_study_config(const std::string& toml_text, const std::string& origin,
                              std::size_t max_grid_points = default_max_grid_points);

/// A complete, commented configuration with every key at its default (`hhsim config --print-defaults`).
std::string default_config_text();

/// Set one scalar parameter addressed by its config key (the keys a [sweep] may name).
/// Throws input_error naming the key if it is unknown or not a scalar number.
void set_parameter(scenario& sc, const std::string& key, double value);

/// Every real-valued scalar of a scenario that a config names (model.*, run.dt_ms, run.t_end_ms,
/// record.spike_*), as (config key, value) in the order of the config file.
std::vector<std::pair<std::string, double>> scalar_parameters(const scenario& sc);

/// Number of grid points (product of the axis lengths; 1 without axes).
std::size_t point_count(const study_spec& spec);

/// The swept values of grid point `index`, one per axis (first axis varies slowest).
std::vector<double> point_values(const study_spec& spec, std::size_t index);

/// The scenario of grid point `index`: base with the point's values applied.
scenario point_scenario(const study_spec& spec, std::size_t index);

/// visit(index, scenario) for every grid point in order, the same scenarios as point_scenario but
/// with the keys parsed once: the way to walk a large grid.
void for_each_point(const study_spec& spec, const std::function<void(std::size_t, const scenario&)>& visit);

}  // namespace hhsim::drivers
