#include "analysis/rates.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace hhsim::analysis {

namespace {

constexpr double ms_per_s = 1000.0;

void check_inputs(const spike_trains& trains, const time_window& w, const char* who) {
    check_spike_trains(trains, who);
    check_window(w, who);
}

void check_width(double width_ms, const time_window& w, const char* who, const char* name) {
    require(std::isfinite(width_ms) && width_ms > 0, cat(who, ": ", name, " = ", width_ms, " is invalid; must be > 0"));
    require(width_ms <= duration_ms(w) * (1.0 + 1e-12),
            cat(who, ": ", name, " = ", width_ms, " is longer than the recording window (", duration_ms(w),
                " ms); must be <= ", duration_ms(w)));
}

// Index of the bin of width `width` (from `start`) holding t, clamped into [0, n): a spike a rounding
// error away from an edge may land in the neighbouring bin, never outside the array.
Eigen::Index bin_of(double t, double start, double width, Eigen::Index n) {
    const auto j = static_cast<Eigen::Index>(std::floor((t - start) / width));
    return std::clamp<Eigen::Index>(j, 0, n - 1);
}

// counts(i, j): spikes of trial i in [start + j T, start + (j+1) T), j < n_windows.
Eigen::MatrixXd window_counts(const spike_trains& trains, double start, double window, Eigen::Index n_windows) {
    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(trains.size()), n_windows);
    const double end = start + static_cast<double>(n_windows) * window;
    for (std::size_t i = 0; i < trains.size(); ++i) {
        for (double t : trains[i]) {
            if (t >= start && t < end) {
                counts(static_cast<Eigen::Index>(i), bin_of(t, start, window, n_windows)) += 1.0;
            }
        }
    }
    return counts;
}

// Fano factor with all trials, and each trial left out (jackknife), across trials per window.
struct fano_values {
    std::optional<double> all;
    std::vector<std::optional<double>> leave_one_out;
};

fano_values fano_across_trials(const Eigen::MatrixXd& c) {
    const Eigen::Index n = c.rows();
    const double nd = static_cast<double>(n);
    const Eigen::RowVectorXd mean = c.colwise().mean();
    // Deviations about each window's mean, summed in a second pass: accurate for near-regular trains.
    const Eigen::RowVectorXd ss = (c.rowwise() - mean).array().square().colwise().sum();
    fano_values out;
    const double mean_sum = mean.sum();
    if (mean_sum > 0) {
        out.all = ss.sum() / (nd - 1.0) / mean_sum;
    }
    if (n < 3) {
        return out;  // leaving one out must leave 2 trials for a variance
    }
    for (Eigen::Index i = 0; i < n; ++i) {
        // Removing x from n values: mean' = mean - d / (n - 1), ss' = ss - d^2 n / (n - 1), d = x - mean.
        const Eigen::RowVectorXd d = c.row(i) - mean;
        const double m = (mean - d / (nd - 1.0)).sum();
        const double s = (ss - d.array().square().matrix() * (nd / (nd - 1.0))).sum();
        out.leave_one_out.push_back(m > 0 ? std::optional<double>(std::max(s, 0.0) / (nd - 2.0) / m) : std::nullopt);
    }
    return out;
}

fano_values fano_along_time(const Eigen::MatrixXd& c) {
    const Eigen::Index n = c.rows();
    const double per_trial = static_cast<double>(c.cols());
    const double total = static_cast<double>(c.size());
    const double mean = c.mean();
    const double ss = (c.array() - mean).square().sum();
    fano_values out;
    if (mean > 0 && total >= 2) {
        out.all = ss / (total - 1.0) / mean;
    }
    const double rest = total - per_trial;
    if (n < 2 || rest < 2) {
        return out;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
        // Chan's merge run backwards: ss = ss_rest + ss_i + (m_i - m)^2 n_i N / N_rest.
        const double m_i = c.row(i).mean();
        const double ss_i = (c.row(i).array() - m_i).square().sum();
        const double ss_rest = ss - ss_i - (m_i - mean) * (m_i - mean) * per_trial * total / rest;
        const double m_rest = (total * mean - per_trial * m_i) / rest;
        out.leave_one_out.push_back(m_rest > 0 ? std::optional<double>(std::max(ss_rest, 0.0) / (rest - 1.0) / m_rest)
                                               : std::nullopt);
    }
    return out;
}

std::optional<double> jackknife_se(const std::vector<std::optional<double>>& values) {
    if (values.size() < 2 ||
        std::any_of(values.begin(), values.end(), [](const std::optional<double>& v) { return !v; })) {
        return std::nullopt;
    }
    const double n = static_cast<double>(values.size());
    double mean = 0.0;
    for (const auto& v : values) {
        mean += *v / n;
    }
    double ss = 0.0;
    for (const auto& v : values) {
        ss += (*v - mean) * (*v - mean);
    }
    return std::sqrt((n - 1.0) / n * ss);  // Efron & Stein / Tukey: (n-1)/n sum (F_(i) - mean)^2
}

double standard_normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

}  // namespace

Eigen::VectorXd spike_counts(const spike_trains& trains, const time_window& w) {
    check_inputs(trains, w, "spike_counts");
    Eigen::VectorXd counts(static_cast<Eigen::Index>(trains.size()));
    for (std::size_t i = 0; i < trains.size(); ++i) {
        const spike_train& t = trains[i];
        const auto first = std::lower_bound(t.begin(), t.end(), w.start_ms);
        const auto last = std::lower_bound(first, t.end(), w.end_ms);
        counts[static_cast<Eigen::Index>(i)] = static_cast<double>(last - first);
    }
    return counts;
}

Eigen::VectorXd trial_rates_hz(const spike_trains& trains, const time_window& w) {
    return spike_counts(trains, w) * (ms_per_s / duration_ms(w));
}

rate_summary summarise_rates(const spike_trains& trains, const time_window& w, const bootstrap_options& options) {
    const Eigen::VectorXd rates = trial_rates_hz(trains, w);
    require(rates.size() >= 2, cat("summarise_rates: ", rates.size(),
                                   " trial given; a standard error across trials needs at least 2"));
    const mean_summary t = t_summary(rates, options.level);
    rate_summary out;
    out.n_trials = static_cast<std::size_t>(rates.size());
    out.mean_hz = t.mean;
    out.sd_hz = t.sd;
    out.se_hz = t.se;
    out.t_ci_hz = t.ci;
    out.bootstrap_ci_hz = bootstrap_mean(rates, options).ci;
    out.level = options.level;
    return out;
}

std::vector<fano_point> fano_factors(const spike_trains& trains, const time_window& w,
                                     const std::vector<double>& windows_ms, fano_pooling pooling) {
    check_inputs(trains, w, "fano_factors");
    require(!windows_ms.empty(), "fano_factors: no window lengths given; need at least one");
    require(pooling != fano_pooling::across_trials || trains.size() >= 2,
            cat("fano_factors: ", trains.size(),
                " trial given; pooling across trials needs at least 2 (use fano_pooling::along_time)"));
    std::vector<fano_point> out;
    for (double window : windows_ms) {
        check_width(window, w, "fano_factors", "window_ms");
        const auto n_windows = static_cast<Eigen::Index>(whole_bins(duration_ms(w), window));
        const Eigen::MatrixXd counts = window_counts(trains, w.start_ms, window, n_windows);
        require(pooling != fano_pooling::along_time || counts.size() >= 2,
                cat("fano_factors: window_ms = ", window, " gives a single count; pooling along time needs at least 2"));
        const fano_values f =
            pooling == fano_pooling::across_trials ? fano_across_trials(counts) : fano_along_time(counts);
        fano_point p;
        p.window_ms = window;
        p.n_windows = static_cast<std::size_t>(n_windows);
        p.mean_count = counts.mean();
        p.fano = f.all;
        p.se = f.all ? jackknife_se(f.leave_one_out) : std::nullopt;
        out.push_back(p);
    }
    return out;
}

psth make_psth(const spike_trains& trains, const time_window& w, double bin_width_ms) {
    check_inputs(trains, w, "make_psth");
    check_width(bin_width_ms, w, "make_psth", "bin_width_ms");
    const double length = duration_ms(w);
    const std::size_t n_whole = whole_bins(length, bin_width_ms);
    const bool partial = static_cast<double>(n_whole) * bin_width_ms < length * (1.0 - 1e-12);
    const auto n_bins = static_cast<Eigen::Index>(n_whole + (partial ? 1 : 0));
    psth out;
    out.n_trials = trains.size();
    out.edges_ms.resize(n_bins + 1);
    for (Eigen::Index j = 0; j < n_bins; ++j) {
        out.edges_ms[j] = w.start_ms + static_cast<double>(j) * bin_width_ms;
    }
    out.edges_ms[n_bins] = w.end_ms;
    const Eigen::VectorXd width_s = (out.edges_ms.tail(n_bins) - out.edges_ms.head(n_bins)) / ms_per_s;

    Eigen::MatrixXd counts = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(trains.size()), n_bins);
    for (std::size_t i = 0; i < trains.size(); ++i) {
        for (double t : trains[i]) {
            if (t >= w.start_ms && t < w.end_ms) {
                counts(static_cast<Eigen::Index>(i), bin_of(t, w.start_ms, bin_width_ms, n_bins)) += 1.0;
            }
        }
    }
    // Per-trial rates in each bin; their mean is the PSTH, their spread across trials its SE.
    const Eigen::MatrixXd rates = counts * width_s.cwiseInverse().asDiagonal();
    out.rate_hz = rates.colwise().mean().transpose();
    if (trains.size() >= 2) {
        const double n = static_cast<double>(trains.size());
        const Eigen::RowVectorXd ss = (rates.rowwise() - out.rate_hz.transpose()).array().square().colwise().sum();
        out.se_hz = (ss / (n - 1.0) / n).cwiseSqrt().transpose();
    }
    return out;
}

rate_trace kernel_rate(const spike_trains& trains, const time_window& w, double dt_ms, kernel_kind kernel,
                       double width_ms) {
    check_inputs(trains, w, "kernel_rate");
    check_width(dt_ms, w, "kernel_rate", "dt_ms");
    require(std::isfinite(width_ms) && width_ms > 0,
            cat("kernel_rate: width_ms = ", width_ms, " is invalid; must be > 0"));
    const auto n = static_cast<Eigen::Index>(whole_bins(duration_ms(w), dt_ms));
    rate_trace out;
    out.n_trials = trains.size();
    out.time_ms.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        // Bin centres: the causal kernel's edge mass 1 - exp(-(t - start)/tau) is never 0 there.
        out.time_ms[i] = w.start_ms + (static_cast<double>(i) + 0.5) * dt_ms;
    }
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(n);  // sum over trials and spikes of K(t - s), 1/ms
    Eigen::VectorXd mass(n);                         // kernel mass inside the window at each t
    if (kernel == kernel_kind::gaussian) {
        const double sigma = width_ms;
        const double reach = 8.0 * sigma;  // the Gaussian beyond 8 sigma carries ~1e-15 of its mass
        const double norm = 1.0 / (std::sqrt(2.0 * std::numbers::pi) * sigma);
        for (const spike_train& t : trains) {
            for (double s : t) {
                if (s < w.start_ms || s >= w.end_ms) {
                    continue;  // unobserved spikes: the edge correction below accounts for them
                }
                const auto lo = static_cast<Eigen::Index>(std::ceil((s - reach - w.start_ms) / dt_ms - 0.5));
                const auto hi = static_cast<Eigen::Index>(std::floor((s + reach - w.start_ms) / dt_ms - 0.5));
                for (Eigen::Index i = std::max<Eigen::Index>(lo, 0); i <= std::min<Eigen::Index>(hi, n - 1); ++i) {
                    const double u = (out.time_ms[i] - s) / sigma;
                    sum[i] += norm * std::exp(-0.5 * u * u);
                }
            }
        }
        for (Eigen::Index i = 0; i < n; ++i) {
            mass[i] = standard_normal_cdf((w.end_ms - out.time_ms[i]) / sigma) -
                      standard_normal_cdf((w.start_ms - out.time_ms[i]) / sigma);
        }
    } else {
        const double tau = width_ms;
        const double decay = std::exp(-dt_ms / tau);
        for (const spike_train& t : trains) {
            // a(t_i) = sum over spikes s <= t_i of exp(-(t_i - s)/tau) / tau, carried from one grid
            // point to the next: exact, and linear in grid points plus spikes.
            auto it = std::lower_bound(t.begin(), t.end(), w.start_ms);
            double a = 0.0;
            for (Eigen::Index i = 0; i < n; ++i) {
                a *= (i == 0 ? 0.0 : decay);
                for (; it != t.end() && *it <= out.time_ms[i]; ++it) {
                    a += std::exp(-(out.time_ms[i] - *it) / tau) / tau;
                }
                sum[i] += a;
            }
        }
        for (Eigen::Index i = 0; i < n; ++i) {
            mass[i] = -std::expm1(-(out.time_ms[i] - w.start_ms) / tau);
        }
    }
    // Dividing by the mass inside the window makes the estimate unbiased for a constant rate right up
    // to the edges (spikes outside the window are unobserved, not absent).
    out.rate_hz = (sum.cwiseQuotient(mass) / static_cast<double>(trains.size())) * ms_per_s;
    return out;
}

}  // namespace hhsim::analysis
