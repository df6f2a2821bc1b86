#pragma once
// Interspike intervals (ISIs): per trial and pooled, histograms and densities, mean/SD/CV, CV2, LV,
// serial correlation coefficients, first-spike latencies. Formulas: docs/analysis.md, "ISI statistics".

#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "analysis/spike_train.hpp"

namespace hhsim::analysis {

/// ISIs of a set of trials; trials with 0 or 1 spikes have none and are counted, not dropped silently.
struct isi_data {
    std::vector<Eigen::VectorXd> per_trial;  ///< ISIs of trial i in ms (size 0 for a trial with < 2 spikes)
    Eigen::VectorXd pooled;                  ///< all ISIs, trial after trial, ms
    std::size_t n_trials = 0;                ///< trials given
    std::size_t n_excluded = 0;              ///< trials with 0 or 1 spikes
};

/// ISIs t[i+1] - t[i] of every trial; throws input_error on an empty or unsorted input.
isi_data intervals(const spike_trains& trains);

/// Counts and a normalised density over given bin edges.
struct histogram {
    Eigen::VectorXd edges;    ///< n_bins + 1 strictly increasing edges, unit of the data (ms)
    Eigen::VectorXd counts;   ///< values in [edges[i], edges[i+1]); the last bin also holds edges[n_bins]
    Eigen::VectorXd density;  ///< counts / (n_values * width): pdf estimate, 1/ms; sums (x width) to the fraction in range
    std::size_t n_values = 0; ///< values offered, in range or not
    std::size_t n_below = 0;  ///< values < edges[0]
    std::size_t n_above = 0;  ///< values > edges[n_bins]
};

/// Edges lo, lo + w, ... up to the first edge >= hi (ms); throws input_error unless w > 0 and hi > lo.
Eigen::VectorXd linear_edges(double lo_ms, double hi_ms, double bin_width_ms);

/// n_bins + 1 logarithmically spaced edges from lo to hi (ms); throws input_error unless 0 < lo < hi.
Eigen::VectorXd log_edges(double lo_ms, double hi_ms, std::size_t n_bins);

/// Histogram of values over edges; throws input_error if edges are not strictly increasing or values not finite.
histogram make_histogram(const Eigen::VectorXd& values, const Eigen::VectorXd& edges);

/// Moments and irregularity measures of the ISIs; a statistic is nullopt when the data cannot define it.
struct isi_stats {
    std::size_t n_trials = 0;       ///< trials given
    std::size_t n_excluded = 0;     ///< trials with 0 or 1 spikes (no ISI)
    std::size_t n_intervals = 0;    ///< pooled ISIs
    std::size_t n_pairs = 0;        ///< adjacent ISI pairs within trials (CV2, LV)
    std::optional<double> mean_ms;  ///< pooled mean; needs 1 ISI
    std::optional<double> sd_ms;    ///< pooled SD, n - 1 denominator; needs 2 ISIs
    std::optional<double> cv;       ///< sd / mean; needs 2 ISIs
    std::optional<double> cv2;      ///< Holt et al. (1996), mean of 2|I[i+1]-I[i]|/(I[i+1]+I[i]); needs 1 pair
    std::optional<double> lv;       ///< Shinomoto et al. (2003), mean of 3((I[i]-I[i+1])/(I[i]+I[i+1]))^2; needs 1 pair
};

/// Pooled ISI statistics of all trials (pairs for CV2 and LV never straddle two trials).
isi_stats isi_statistics(const spike_trains& trains);

/// Mergeable sums of one trial's ISIs, shifted by a common value c (ms) for accuracy: the pooled
/// mean, CV, CV2, LV and rho_1 of any set of trials are functions of the sums of theirs, so a
/// bootstrap over trials costs O(trials) per replicate and needs no copy of the trains.
struct isi_sums {
    double n = 0;          ///< intervals
    double s1 = 0;         ///< sum of (I - c)
    double s2 = 0;         ///< sum of (I - c)^2
    double pairs = 0;      ///< adjacent pairs (a, b) of intervals within the trial
    double cv2_sum = 0;    ///< sum of 2 |b - a| / (a + b)
    double lv_sum = 0;     ///< sum of 3 ((a - b) / (a + b))^2
    double ab = 0;         ///< sum of (a - c)(b - c)
    double a1 = 0, b1 = 0; ///< sums of (a - c) and of (b - c)
};
isi_sums& operator+=(isi_sums& x, const isi_sums& y);

/// The sums of each trial (trials with fewer than 2 spikes give zero sums).
std::vector<isi_sums> trial_isi_sums(const spike_trains& trains, double shift_ms);

/// Pooled ISI statistics from summed sums (same definitions as isi_statistics and
/// serial_correlations; equal to them up to rounding).
struct pooled_isi {
    std::optional<double> mean_ms, cv, cv2, lv, rho1;
};
pooled_isi pooled_from_sums(const isi_sums& s, double shift_ms);

/// Serial correlation coefficients of ISIs within trials.
struct serial_correlation {
    Eigen::VectorXd rho;                ///< rho[k-1] = correlation of I[i] and I[i+k], k = 1..max_lag
    std::vector<std::size_t> n_pairs;   ///< pairs (I[i], I[i+k]) behind rho[k-1]
};

/// rho_k for k = 1..max_lag, pooled mean and variance (Cox & Lewis); throws input_error if a lag has no pair or the ISIs have no spread.
serial_correlation serial_correlations(const spike_trains& trains, std::size_t max_lag);

/// First-spike latencies relative to the start of a window.
struct latency_data {
    Eigen::VectorXd latency_ms;          ///< first spike in [start_ms, end_ms) minus start_ms, one per trial that has one
    std::size_t n_trials = 0;            ///< trials given
    std::size_t n_without_spike = 0;     ///< trials with no spike in the window
};

/// Latency of the first spike at or after w.start_ms and before w.end_ms, per trial.
latency_data first_spike_latencies(const spike_trains& trains, const time_window& w);

}  // namespace hhsim::analysis
