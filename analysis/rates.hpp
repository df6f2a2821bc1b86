#pragma once
// Firing rates: per trial, across trials with SE and confidence intervals, Fano factor of spike
// counts against window length, PSTH, kernel-smoothed rate traces. Formulas: docs/analysis.md, "Rates".

#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "analysis/monte_carlo.hpp"
#include "analysis/spike_train.hpp"

namespace hhsim::analysis {

/// Spikes of each trial in [w.start_ms, w.end_ms).
Eigen::VectorXd spike_counts(const spike_trains& trains, const time_window& w);

/// Rate of each trial in Hz: count / (duration_ms / 1000).
Eigen::VectorXd trial_rates_hz(const spike_trains& trains, const time_window& w);

/// Mean rate across trials with its standard error and two confidence intervals.
struct rate_summary {
    std::size_t n_trials = 0;
    double mean_hz = 0.0;
    double sd_hz = 0.0;         ///< across trials, n - 1
    double se_hz = 0.0;         ///< sd / sqrt(n)
    interval t_ci_hz;           ///< Student t interval
    interval bootstrap_ci_hz;   ///< percentile bootstrap over trials
    double level = 0.95;
};

/// Mean rate over trials (at least 2) with t and bootstrap intervals at options.level.
rate_summary summarise_rates(const spike_trains& trains, const time_window& w,
                             const bootstrap_options& options = {});

/// Where the count variance is taken.
enum class fano_pooling {
    across_trials,  ///< per window position across trials, then sum(var) / sum(mean): robust to rate changes in time
    along_time,     ///< all windows of all trials pooled: needs a stationary process, works with one trial
};

/// Fano factor for one counting-window length.
struct fano_point {
    double window_ms = 0.0;      ///< counting-window length
    std::size_t n_windows = 0;   ///< whole windows per trial (the recording is tiled from start_ms; the rest is unused)
    double mean_count = 0.0;     ///< mean spikes per window
    std::optional<double> fano;  ///< count variance / mean count; nullopt if no spike was counted
    std::optional<double> se;    ///< jackknife over trials; nullopt with too few trials or an undefined leave-one-out value
};

/// Fano factor of spike counts for each window length; throws input_error if a window is <= 0 or longer than w.
std::vector<fano_point> fano_factors(const spike_trains& trains, const time_window& w,
                                     const std::vector<double>& windows_ms,
                                     fano_pooling pooling = fano_pooling::across_trials);

/// Peri-stimulus time histogram: trial-averaged rate per time bin.
struct psth {
    Eigen::VectorXd edges_ms;  ///< start_ms, start_ms + bin, ...; the last bin ends at end_ms and may be shorter
    Eigen::VectorXd rate_hz;   ///< spikes / (n_trials * bin width in s)
    Eigen::VectorXd se_hz;     ///< across-trial standard error per bin; size 0 with fewer than 2 trials
    std::size_t n_trials = 0;
};

/// PSTH of the trials over w with bins of bin_width_ms.
psth make_psth(const spike_trains& trains, const time_window& w, double bin_width_ms);

/// Smoothing kernel of a rate estimate.
enum class kernel_kind {
    gaussian,            ///< exp(-u^2 / 2 sigma^2) / (sqrt(2 pi) sigma); width = sigma
    causal_exponential,  ///< exp(-u / tau) / tau for u >= 0 (only past spikes count); width = tau
};

/// A rate sampled on a time grid.
struct rate_trace {
    Eigen::VectorXd time_ms;  ///< bin centres start_ms + (i + 1/2) dt_ms
    Eigen::VectorXd rate_hz;  ///< trial-averaged kernel estimate
    std::size_t n_trials = 0;
};

/// Kernel estimate of the instantaneous rate, edge-corrected by the kernel mass inside w.
rate_trace kernel_rate(const spike_trains& trains, const time_window& w, double dt_ms, kernel_kind kernel,
                       double width_ms);

}  // namespace hhsim::analysis
