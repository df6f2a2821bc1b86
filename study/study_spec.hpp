#pragma once
// A Monte Carlo study as plain values: the base scenario, the parameter grid (Cartesian axes, each
// with any parameters linked to it), the analysis settings, the compare pairing and the output
// folder's name. Built from a TOML file or a Python dict by the front ends (drivers/config.cpp,
// python/); nothing here reads or writes files. docs/config.md, docs/python.md.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/scenario.hpp"

namespace hhsim {

/// One axis of the grid: a parameter addressed by its key (e.g. "input.population.exc.rate_hz",
/// "model.i_app_uA_per_cm2") and its values, and the parameters linked to it, which take their
/// i-th value together with it (a linked sweep: Je with Ji = -K Je, a rate with a matching I_app).
struct sweep_axis {
    struct linked_key {
        std::string key;
        std::vector<double> values;  ///< as many as the axis has
    };
    std::string key;
    std::vector<double> values;
    std::vector<linked_key> linked;
    /// The axis sweeps run.seed: its points are replicates of one another (independent repetitions
    /// of the same parameters), not a parameter axis; summaries across them are pooled.
    bool replicates() const { return key == "run.seed"; }
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
    /// Statistics (by name, docs/analysis.md) of the paper table tables/paper.tex, in its column
    /// order; empty: rate_hz, cv, cv2 and the Fano factor of the longest window (paper_columns).
    std::vector<std::string> paper_statistics;
    std::string config_text;            ///< the configuration as read, kept for provenance
    std::string replay_csv_path;        ///< input.replay_csv resolved against the config's folder ("" without replay)
    /// Population names of the configuration (index i: "" if unnamed), for labels and messages.
    std::vector<std::string> population_names;
};

/// Grids larger than this are refused unless the user raises the limit (--max-grid-points, up to
/// 1e6): each point is a separate simulation and file, and checking a million points takes seconds.
inline constexpr std::size_t default_max_grid_points = 10'000;
/// The largest grid accepted at all.
inline constexpr std::size_t largest_grid = 1'000'000;

/// The statistics of the paper table: spec.paper_statistics, or the default set.
std::vector<std::string> paper_columns(const study_spec& spec);

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

/// The diffusion-approximation run that `compare` pairs with a shot-noise scenario.
scenario diffusion_variant(const scenario& shot, method diffusion_integrator);

/// Set one scalar parameter addressed by its key (the keys a [sweep] may name; population
/// selectors "*" or a 0-based index). Throws input_error naming the key if it is unknown or the
/// value does not fit (a count or seed that is not whole).
void set_parameter(scenario& sc, const std::string& key, double value);

/// Every key set_parameter accepts, for messages.
std::string sweepable_keys();

/// A short label with the unit for an axis key, from the parameter tables: "rate (Hz)" for
/// input.population.*.rate_hz, "I_app (uA/cm^2)" for model.i_app_uA_per_cm2; a named population
/// adds its name ("J (mV), exc").
std::string axis_label(const std::string& key, const std::vector<std::string>& population_names = {});

/// Number of grid points (product of the axis lengths; 1 without axes).
std::size_t point_count(const study_spec& spec);

/// The values of grid point `index`, one per axis (first axis varies slowest; linked keys follow
/// their axis and are not listed here).
std::vector<double> point_values(const study_spec& spec, std::size_t index);

/// Every key and value of grid point `index`: each axis, then its linked keys.
std::vector<std::pair<std::string, double>> point_settings(const study_spec& spec, std::size_t index);

/// The scenario of grid point `index`: base with the point's values applied.
scenario point_scenario(const study_spec& spec, std::size_t index);

/// visit(index, scenario) for every grid point in order, the same scenarios as point_scenario but
/// with the keys parsed once: the way to walk a large grid.
void for_each_point(const study_spec& spec, const std::function<void(std::size_t, const scenario&)>& visit);

/// "grid point 2/5 (model.i_app_uA_per_cm2 = 3, ...)" for messages.
std::string point_label(const study_spec& spec, std::size_t index);

}  // namespace hhsim
