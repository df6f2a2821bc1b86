#pragma once
// One grid point of a study: simulate each input mode, summarise it with the analysis library
// (statistic_catalogue), and compare shot noise with its diffusion approximation. No files: the
// front ends store the results (drivers/point_file.hpp, the Python module).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/spike_train.hpp"
#include "core/memory_estimate.hpp"
#include "core/simulation.hpp"
#include "study/statistics.hpp"
#include "study/study_spec.hpp"

namespace hhsim {

/// Per-trial values (NaN where undefined), in trial order.
struct per_trial_values {
    std::vector<double> rate_hz, n_spikes, cv, cv2, lv, first_spike_ms;
};

/// The results of one input mode at one grid point.
struct mode_result {
    std::string mode;                        ///< input kind: shot, per-source, diffusion, replay, none
    analysis::time_window window;            ///< what the statistics see: [transient_ms, t_end_ms)
    recording rec;                           ///< spikes of every trial, traces/events/noise as recorded
    std::vector<statistic> summary;          ///< in the order of statistic_catalogue
    per_trial_values per_trial;
    std::vector<double> isi_edges_ms, isi_density_per_ms;        ///< empty unless asked for
    std::vector<double> spectrum_frequency_hz, spectrum_power;   ///< two-sided PSD S(f), Hz^2/Hz
    std::vector<double> pooled_isi_ms;       ///< after the transient; kept in memory for the KS test
};

/// Shot minus diffusion at one grid point.
struct comparison_result {
    std::vector<statistic> differences;      ///< same names as the summaries
    double ks_statistic = 0.0;
    double ks_p_value = 1.0;
    std::int64_t ks_n_shot = 0, ks_n_diffusion = 0;
};

struct point_result {
    std::size_t index = 0;
    std::vector<double> values;              ///< one per sweep axis
    std::vector<mode_result> modes;
    std::optional<comparison_result> comparison;
};

/// Simulate `sc` and compute every statistic of `a`; `bootstrap_seed` makes the bootstrap intervals
/// reproducible.
mode_result run_mode(const scenario& sc, const analysis_spec& a, std::uint64_t bootstrap_seed, const run_hooks& hooks);

/// Every statistic of `a` for a finished recording of `sc` (run_mode without the simulation).
mode_result analyse_mode(recording rec, const scenario& sc, const analysis_spec& a, std::uint64_t bootstrap_seed);

/// Shot minus diffusion for every statistic (matched by name), with confidence intervals, and the
/// two-sample KS test of the pooled ISIs.
comparison_result compare_modes(const mode_result& shot, const mode_result& diffusion, const analysis_spec& a,
                                std::uint64_t bootstrap_seed);

/// Grid point `index` of the study, every mode (`compare`: shot noise and its diffusion
/// approximation with the integrators of `pair`). Bootstrap seeds are derived from the study seed
/// and the point index, so a point's numbers never depend on which other points are computed.
/// Errors name the point and the mode.
point_result compute_point(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair, const run_hooks& hooks,
                           const std::function<void(const std::string& stage, const scenario& sc)>& on_stage = {});

/// A piece of a study's work: trials [first_trial, first_trial + n_trials) of every input mode of
/// one grid point. Trial k draws from (seed, k) alone, so pieces computed anywhere join into the
/// recording of the whole point (join_recordings) bitwise.
struct work_unit {
    std::size_t point = 0;
    trial_index first_trial = 0;
    std::int64_t n_trials = 0;
};

/// The scenarios of grid point `index`: its input mode, and with `pair` its diffusion variant.
std::vector<scenario> point_modes(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair);

/// The recordings (one per mode) of a work unit.
std::vector<recording> simulate_unit(const study_spec& spec, const work_unit& unit, const std::optional<compare_pair>& pair, const run_hooks& hooks,
                                     const std::function<void(const std::string& stage, const scenario& sc)>& on_stage = {});

/// Recordings of consecutive trial ranges of one scenario, in trial order, as the one recording a
/// single simulation gives (traces, events and noise in the order of sc.record).
recording join_recordings(std::vector<recording> parts, const scenario& sc);

/// A point's statistics and comparison from the complete recording of each mode.
point_result analyse_point(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair, std::vector<recording> per_mode);

/// The static division of a study's work among `workers` (MPI ranks, job-array shards), in point
/// order: every point of `points` whole when they divide evenly among the workers (or there are at
/// least 8 per worker); otherwise each point cut into workers / gcd(points, workers) trial ranges
/// of near-equal size, so every worker gets the same number of units.
std::vector<work_unit> work_units(const study_spec& spec, const std::vector<std::size_t>& points, int workers);

/// The units of worker `worker` (0-based): unit u goes to worker u mod workers.
std::vector<work_unit> units_of(const std::vector<work_unit>& all, int workers, int worker);

/// Memory one grid point holds at its peak (simulation and analysis of `modes` input modes),
/// spike times apart.
memory_estimate point_memory(const scenario& sc, const analysis_spec& a, int modes);

}  // namespace hhsim
