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

/// Memory one grid point holds at its peak (simulation and analysis of `modes` input modes),
/// spike times apart.
memory_estimate point_memory(const scenario& sc, const analysis_spec& a, int modes);

}  // namespace hhsim
