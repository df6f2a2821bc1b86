#include "analysis/isi.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace hhsim::analysis {

isi_data intervals(const spike_trains& trains) {
    check_spike_trains(trains, "intervals");
    isi_data out;
    out.n_trials = trains.size();
    out.per_trial.reserve(trains.size());
    Eigen::Index n_pooled = 0;
    for (const spike_train& t : trains) {
        const auto n = static_cast<Eigen::Index>(t.size());
        if (n < 2) {
            ++out.n_excluded;
            out.per_trial.emplace_back();
            continue;
        }
        const Eigen::Map<const Eigen::VectorXd> times(t.data(), n);
        out.per_trial.emplace_back(times.tail(n - 1) - times.head(n - 1));
        n_pooled += n - 1;
    }
    out.pooled.resize(n_pooled);
    Eigen::Index at = 0;
    for (const Eigen::VectorXd& v : out.per_trial) {
        out.pooled.segment(at, v.size()) = v;
        at += v.size();
    }
    return out;
}

Eigen::VectorXd linear_edges(double lo_ms, double hi_ms, double bin_width_ms) {
    require(std::isfinite(bin_width_ms) && bin_width_ms > 0,
            cat("linear_edges: bin_width_ms = ", bin_width_ms, " is invalid; must be > 0"));
    require(std::isfinite(lo_ms) && std::isfinite(hi_ms) && hi_ms > lo_ms,
            cat("linear_edges: range [", lo_ms, ", ", hi_ms, "] ms is invalid; must be finite with hi_ms > lo_ms"));
    const double length = hi_ms - lo_ms;
    std::size_t n = whole_bins(length, bin_width_ms);
    if (static_cast<double>(n) * bin_width_ms < length * (1.0 - 1e-12)) {
        ++n;  // a partial last bin is widened to full width: every bin has the same width
    }
    constexpr std::size_t max_bins = 100'000'000;
    require(n <= max_bins, cat("linear_edges: bin_width_ms = ", bin_width_ms, " over ", length, " ms gives ", n,
                               " bins; at most ", max_bins, " are allowed"));
    Eigen::VectorXd edges(static_cast<Eigen::Index>(n + 1));
    for (std::size_t i = 0; i <= n; ++i) {
        // lo + i w, not a running sum: no drift over many bins.
        edges[static_cast<Eigen::Index>(i)] = lo_ms + static_cast<double>(i) * bin_width_ms;
    }
    return edges;
}

Eigen::VectorXd log_edges(double lo_ms, double hi_ms, std::size_t n_bins) {
    require(std::isfinite(lo_ms) && std::isfinite(hi_ms) && lo_ms > 0 && hi_ms > lo_ms,
            cat("log_edges: range [", lo_ms, ", ", hi_ms, "] ms is invalid; must be finite with 0 < lo_ms < hi_ms"));
    require(n_bins >= 1 && n_bins <= 100'000'000,
            cat("log_edges: n_bins = ", n_bins, " is invalid; must be in [1, 1e8]"));
    Eigen::VectorXd edges(static_cast<Eigen::Index>(n_bins + 1));
    const double log_lo = std::log(lo_ms);
    const double step = (std::log(hi_ms) - log_lo) / static_cast<double>(n_bins);
    for (std::size_t i = 0; i <= n_bins; ++i) {
        edges[static_cast<Eigen::Index>(i)] = std::exp(log_lo + static_cast<double>(i) * step);
    }
    edges[0] = lo_ms;  // the ends exactly as asked, not as exp(log()) rounds them
    edges[static_cast<Eigen::Index>(n_bins)] = hi_ms;
    return edges;
}

histogram make_histogram(const Eigen::VectorXd& values, const Eigen::VectorXd& edges) {
    require(edges.size() >= 2, cat("make_histogram: ", edges.size(), " edges given; need at least 2"));
    for (Eigen::Index i = 0; i < edges.size(); ++i) {
        if (!(std::isfinite(edges[i]) && (i == 0 || edges[i] > edges[i - 1]))) {
            throw input_error(cat("make_histogram: edges[", i, "] = ", edges[i], " is invalid; edges must be finite and strictly increasing"));
        }
    }
    const Eigen::Index n_bins = edges.size() - 1;
    histogram h;
    h.edges = edges;
    h.counts = Eigen::VectorXd::Zero(n_bins);
    h.n_values = static_cast<std::size_t>(values.size());
    for (Eigen::Index i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v)) {
            throw input_error(cat("make_histogram: value[", i, "] = ", v, " is invalid; values must be finite"));
        }
        if (v < edges[0]) {
            ++h.n_below;
        } else if (v > edges[n_bins]) {
            ++h.n_above;
        } else {
            // Binary search works for any edges (linear, logarithmic, custom).
            const auto it = std::upper_bound(edges.begin(), edges.end(), v);
            const Eigen::Index bin = std::min<Eigen::Index>(static_cast<Eigen::Index>(it - edges.begin()) - 1, n_bins - 1);
            h.counts[bin] += 1.0;
        }
    }
    const Eigen::VectorXd widths = edges.tail(n_bins) - edges.head(n_bins);
    // Dividing by all values offered (not only those in range) makes density an estimate of the pdf
    // itself; with no value at all the density is 0 everywhere rather than 0/0.
    const double n = std::max<double>(static_cast<double>(h.n_values), 1.0);
    h.density = h.counts.cwiseQuotient(widths) / n;
    return h;
}

isi_stats isi_statistics(const spike_trains& trains) {
    const isi_data d = intervals(trains);
    isi_stats s;
    s.n_trials = d.n_trials;
    s.n_excluded = d.n_excluded;
    s.n_intervals = static_cast<std::size_t>(d.pooled.size());
    if (s.n_intervals >= 1) {
        s.mean_ms = d.pooled.mean();
    }
    if (s.n_intervals >= 2) {
        // Two passes (mean, then squared deviations): no cancellation for narrow distributions.
        const double ss = (d.pooled.array() - *s.mean_ms).square().sum();
        s.sd_ms = std::sqrt(ss / static_cast<double>(s.n_intervals - 1));
        s.cv = *s.sd_ms / *s.mean_ms;
    }
    double sum_cv2 = 0.0;
    double sum_lv = 0.0;
    for (const Eigen::VectorXd& v : d.per_trial) {
        for (Eigen::Index i = 0; i + 1 < v.size(); ++i) {
            const double diff = v[i + 1] - v[i];
            const double sum = v[i + 1] + v[i];  // > 0: spike times are strictly increasing
            sum_cv2 += 2.0 * std::abs(diff) / sum;
            sum_lv += 3.0 * (diff / sum) * (diff / sum);
            ++s.n_pairs;
        }
    }
    if (s.n_pairs >= 1) {
        s.cv2 = sum_cv2 / static_cast<double>(s.n_pairs);
        s.lv = sum_lv / static_cast<double>(s.n_pairs);
    }
    return s;
}

isi_sums& operator+=(isi_sums& x, const isi_sums& y) {
    x.n += y.n;
    x.s1 += y.s1;
    x.s2 += y.s2;
    x.pairs += y.pairs;
    x.cv2_sum += y.cv2_sum;
    x.lv_sum += y.lv_sum;
    x.ab += y.ab;
    x.a1 += y.a1;
    x.b1 += y.b1;
    return x;
}

std::vector<isi_sums> trial_isi_sums(const spike_trains& trains, double shift_ms) {
    const isi_data d = intervals(trains);
    std::vector<isi_sums> out(d.per_trial.size());
    for (std::size_t t = 0; t < d.per_trial.size(); ++t) {
        const Eigen::VectorXd& v = d.per_trial[t];
        isi_sums& s = out[t];
        for (Eigen::Index i = 0; i < v.size(); ++i) {
            const double x = v[i] - shift_ms;
            s.n += 1;
            s.s1 += x;
            s.s2 += x * x;
            if (i + 1 < v.size()) {
                const double a = v[i], b = v[i + 1];
                s.pairs += 1;
                s.cv2_sum += 2.0 * std::abs(b - a) / (a + b);
                s.lv_sum += 3.0 * ((a - b) / (a + b)) * ((a - b) / (a + b));
                s.ab += (a - shift_ms) * (b - shift_ms);
                s.a1 += a - shift_ms;
                s.b1 += b - shift_ms;
            }
        }
    }
    return out;
}

pooled_isi pooled_from_sums(const isi_sums& s, double shift_ms) {
    pooled_isi out;
    if (s.n >= 1) out.mean_ms = shift_ms + s.s1 / s.n;
    if (s.n >= 2) {
        const double ss = s.s2 - s.s1 * s.s1 / s.n;  // sum of squared deviations from the mean
        const double mean = shift_ms + s.s1 / s.n;
        if (mean > 0 && ss >= 0) out.cv = std::sqrt(ss / (s.n - 1)) / mean;
        // rho_1 with the pooled mean and the 1/N variance of all intervals (serial_correlations).
        const double d = s.s1 / s.n;
        const double var = ss / s.n;
        if (s.pairs > 0 && var > 0) out.rho1 = (s.ab - d * (s.a1 + s.b1) + s.pairs * d * d) / s.pairs / var;
    }
    if (s.pairs >= 1) {
        out.cv2 = s.cv2_sum / s.pairs;
        out.lv = s.lv_sum / s.pairs;
    }
    return out;
}

serial_correlation serial_correlations(const spike_trains& trains, std::size_t max_lag) {
    require(max_lag >= 1, cat("serial_correlations: max_lag = ", max_lag, " is invalid; must be >= 1"));
    const isi_data d = intervals(trains);
    const Eigen::Index n = d.pooled.size();
    require(n >= 2, cat("serial_correlations: ", n, " ISIs in ", d.n_trials, " trials (", d.n_excluded,
                        " with fewer than 2 spikes); need at least 2"));
    // Mean and variance of all ISIs (1/N), shared by every lag: the estimator of Cox & Lewis (1966).
    const double mean = d.pooled.mean();
    const double var = (d.pooled.array() - mean).square().sum() / static_cast<double>(n);
    require(var > 0.0, "serial_correlations: all ISIs are equal (e.g. a periodic train); rho_k is undefined");
    serial_correlation out;
    out.rho.resize(static_cast<Eigen::Index>(max_lag));
    out.n_pairs.assign(max_lag, 0);
    for (std::size_t k = 1; k <= max_lag; ++k) {
        const auto lag = static_cast<Eigen::Index>(k);
        double sum = 0.0;
        std::size_t pairs = 0;
        for (const Eigen::VectorXd& v : d.per_trial) {
            if (v.size() <= lag) {
                continue;
            }
            // Pairs stay inside one trial: the gap between trials is not an interval.
            const Eigen::Index m = v.size() - lag;
            sum += (v.head(m).array() - mean).matrix().dot((v.tail(m).array() - mean).matrix());
            pairs += static_cast<std::size_t>(m);
        }
        require(pairs > 0, cat("serial_correlations: max_lag = ", max_lag, " is too large; lag ", k,
                               " needs a trial with at least ", k + 2, " spikes and none has"));
        out.rho[lag - 1] = sum / static_cast<double>(pairs) / var;
        out.n_pairs[k - 1] = pairs;
    }
    return out;
}

latency_data first_spike_latencies(const spike_trains& trains, const time_window& w) {
    check_spike_trains(trains, "first_spike_latencies");
    check_window(w, "first_spike_latencies");
    latency_data out;
    out.n_trials = trains.size();
    std::vector<double> found;
    for (const spike_train& t : trains) {
        const auto it = std::lower_bound(t.begin(), t.end(), w.start_ms);
        if (it != t.end() && *it < w.end_ms) {
            found.push_back(*it - w.start_ms);
        } else {
            ++out.n_without_spike;
        }
    }
    out.latency_ms = Eigen::Map<const Eigen::VectorXd>(found.data(), static_cast<Eigen::Index>(found.size()));
    return out;
}

}  // namespace hhsim::analysis
