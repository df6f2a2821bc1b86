#pragma once
// One grid point of a study: simulate each input mode, summarise it with the analysis library,
// compare shot noise with its diffusion approximation, and store it as points/pNNNN.h5.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/spike_train.hpp"
#include "core/memory_estimate.hpp"
#include "core/simulation.hpp"
#include "drivers/study_spec.hpp"

namespace hhsim::drivers {

/// A statistic with its uncertainty; NaN where the data cannot define it (n says how many
/// trials or intervals stand behind it).
struct statistic {
    std::string name;   ///< e.g. rate_hz, cv, fano_100ms, latency_ms
    double estimate = 0.0;
    double se = 0.0;
    double ci_low = 0.0;
    double ci_high = 0.0;
    std::int64_t n = 0;
};

/// Per-trial values (NaN where undefined), in trial order.
struct per_trial_values {
    std::vector<double> rate_hz, n_spikes, cv, cv2, lv, first_spike_ms;
};

/// The results of one input mode at one grid point.
struct mode_result {
    std::string mode;                        ///< input kind: shot, per-source, diffusion, replay, none
    analysis::time_window window;            ///< what the statistics see: [transient_ms, t_end_ms)
    recording rec;                           ///< spikes of every trial, trace of the point's first trial
    std::vector<statistic> summary;
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

/// Simulate `sc` (trial 0 traced) and compute every statistic of `a`. `bootstrap_seed` makes the
/// bootstrap intervals reproducible.
mode_result run_mode(const scenario& sc, const analysis_spec& a, std::uint64_t bootstrap_seed, const run_hooks& hooks);

/// Shot minus diffusion for every statistic, with confidence intervals, and the two-sample KS
/// test of the pooled ISIs.
comparison_result compare_modes(const mode_result& shot, const mode_result& diffusion, const analysis_spec& a);

/// Root attribute of a point file that holds the CRC-64 of the rest of its content.
inline constexpr const char* checksum_attribute = "data_crc64";

/// Write the point as an HDF5 file (under a temporary name, renamed when complete), with
/// `input_digest` (what its numbers depend on) and the checksum of its content. Errors name the file.
void write_point_file(const std::filesystem::path& path, const point_result& p, std::uint64_t input_digest);

enum class point_file_state {
    good,      ///< finished, made from these inputs, checksum verified
    unusable,  ///< unreadable, unfinished, without checksum or failing it: recompute
    foreign,   ///< made from other inputs (another study's file): refuse
};
struct point_file_check {
    point_file_state state;
    std::string message;  ///< names the file, what is wrong and what --resume does about it
};
/// What --resume may do with an existing point file of a study whose inputs have `input_digest`.
point_file_check check_point_file(const std::filesystem::path& path, std::uint64_t input_digest);

/// Memory one grid point holds at its peak (simulation and analysis of `modes` input modes),
/// spike times apart.
memory_estimate point_memory(const scenario& sc, const analysis_spec& a, int modes);

/// Read back what the study tables need (summaries and comparison; no spikes).
point_result read_point_summary(const std::filesystem::path& path);

}  // namespace hhsim::drivers
