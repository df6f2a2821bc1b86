#include "analysis/two_sample.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include <Eigen/Dense>

#include "analysis/isi.hpp"
#include "analysis/rates.hpp"
#include "core/error.hpp"

namespace hhsim::analysis {

namespace {

std::vector<double> sorted_sample(const Eigen::VectorXd& x, const char* who, const char* name) {
    require(x.size() >= 1, cat(who, ": sample ", name, " is empty; need at least 1 value"));
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i])) {
            throw input_error(cat(who, ": ", name, "[", i, "] = ", x[i], " is invalid; values must be finite"));
        }
    }
    std::vector<double> v(x.begin(), x.end());
    std::sort(v.begin(), v.end());
    return v;
}

// Exact P(max over the path of |i n - j m| >= d_int) for a uniformly random ordering of m a's and
// n b's (every ordering equally likely under the null without ties).
double two_sample_exact_p_int(std::int64_t m, std::int64_t n, std::int64_t d_int) {
    if (d_int <= 0) {
        return 1.0;
    }
    // q[j] after row i: fraction of the C(i+j, i) lattice paths from (0,0) to (i,j) that never reach
    // |i' n - j' m| >= d_int. Dividing the path count by C(i+j, i) turns Pascal's rule into the weighted
    // average q(i,j) = (i q(i-1,j) + j q(i,j-1)) / (i+j), which stays in [0, 1]: no overflow for any m, n.
    std::vector<double> q(static_cast<std::size_t>(n + 1), 0.0);
    for (std::int64_t i = 0; i <= m; ++i) {
        for (std::int64_t j = 0; j <= n; ++j) {
            const auto ju = static_cast<std::size_t>(j);
            const bool allowed = std::abs(i * n - j * m) < d_int;
            double v = 0.0;
            if (i == 0 && j == 0) {
                v = 1.0;
            } else {
                const double from_above = i > 0 ? static_cast<double>(i) * q[ju] : 0.0;
                const double from_left = j > 0 ? static_cast<double>(j) * q[ju - 1] : 0.0;
                v = (from_above + from_left) / static_cast<double>(i + j);
            }
            q[ju] = allowed ? v : 0.0;
        }
    }
    return std::clamp(1.0 - q[static_cast<std::size_t>(n)], 0.0, 1.0);
}

// Matrix power with a decimal exponent carried alongside, as in Marsaglia, Tsang & Wang (2003):
// the entries of H^n overflow a double for n in the hundreds.
void matrix_power(const Eigen::MatrixXd& a, int e_a, std::size_t n, Eigen::MatrixXd& v, int& e_v) {
    if (n == 1) {
        v = a;
        e_v = e_a;
        return;
    }
    matrix_power(a, e_a, n / 2, v, e_v);
    Eigen::MatrixXd b = v * v;
    int e_b = 2 * e_v;
    if (n % 2 == 1) {
        b = (a * b).eval();
        e_b += e_a;
    }
    v = std::move(b);
    e_v = e_b;
    const Eigen::Index mid = v.rows() / 2;
    if (v(mid, mid) > 1e140) {
        v *= 1e-140;
        e_v += 140;
    }
}

double stephens_lambda(double n_effective, double d) {
    const double s = std::sqrt(n_effective);
    return (s + 0.12 + 0.11 / s) * d;
}

}  // namespace

double kolmogorov_survival(double lambda) {
    if (!(lambda > 0)) {
        return 1.0;
    }
    if (lambda < 1.18) {
        // Small lambda: the alternating series converges slowly; use the Jacobi-theta form of the CDF,
        // P(K <= lambda) = sqrt(2 pi)/lambda sum_{j>=1} exp(-(2j-1)^2 pi^2 / (8 lambda^2)).
        const double c = -std::numbers::pi * std::numbers::pi / (8.0 * lambda * lambda);
        double sum = 0.0;
        for (int j = 1; j <= 100; ++j) {
            const double term = std::exp(c * (2.0 * j - 1.0) * (2.0 * j - 1.0));
            sum += term;
            if (term <= 1e-17 * sum) {
                break;
            }
        }
        return std::clamp(1.0 - std::sqrt(2.0 * std::numbers::pi) / lambda * sum, 0.0, 1.0);
    }
    double sum = 0.0;
    for (int j = 1; j <= 100; ++j) {
        const double term = std::exp(-2.0 * j * j * lambda * lambda);
        sum += (j % 2 == 1 ? term : -term);
        if (term <= 1e-17 * std::abs(sum)) {
            break;
        }
    }
    return std::clamp(2.0 * sum, 0.0, 1.0);
}

double ks_one_sample_exact_cdf(std::size_t n, double d) {
    require(n >= 1, "ks_one_sample_exact_cdf: n = 0 is invalid; must be >= 1");
    require(n <= 100000, cat("ks_one_sample_exact_cdf: n = ", n, " is invalid; must be <= 100000"));
    const double nd = static_cast<double>(n) * d;
    if (!(d > 0.5 / static_cast<double>(n))) {
        return 0.0;  // D_n >= 1/(2n) always
    }
    if (d >= 1.0) {
        return 1.0;
    }
    const int k = static_cast<int>(nd) + 1;
    const int m = 2 * k - 1;
    const double h = k - nd;
    require(m <= 2001, cat("ks_one_sample_exact_cdf: n d = ", nd, " needs a ", m,
                           "-square matrix; use the asymptotic p-value (at most 2001)"));
    Eigen::MatrixXd hm(m, m);
    for (int i = 0; i < m; ++i) {
        for (int j = 0; j < m; ++j) {
            hm(i, j) = (i - j + 1 < 0) ? 0.0 : 1.0;
        }
    }
    for (int i = 0; i < m; ++i) {
        hm(i, 0) -= std::pow(h, i + 1);
        hm(m - 1, i) -= std::pow(h, m - i);
    }
    hm(m - 1, 0) += (2.0 * h - 1.0 > 0.0) ? std::pow(2.0 * h - 1.0, m) : 0.0;
    for (int i = 0; i < m; ++i) {
        for (int j = 0; j < m; ++j) {
            for (int g = 1; g <= i - j + 1; ++g) {
                hm(i, j) /= g;
            }
        }
    }
    Eigen::MatrixXd q;
    int e_q = 0;
    matrix_power(hm, 0, n, q, e_q);
    double s = q(k - 1, k - 1);
    for (std::size_t i = 1; i <= n; ++i) {
        s = s * static_cast<double>(i) / static_cast<double>(n);
        if (s < 1e-140) {
            s *= 1e140;
            e_q -= 140;
        }
    }
    return std::clamp(s * std::pow(10.0, e_q), 0.0, 1.0);
}

double ks_two_sample_exact_p(std::size_t m, std::size_t n, double d) {
    require(m >= 1 && n >= 1, cat("ks_two_sample_exact_p: sizes m = ", m, ", n = ", n, " are invalid; must be >= 1"));
    require(static_cast<double>(m) * static_cast<double>(n) <= 1e8,
            cat("ks_two_sample_exact_p: m n = ", m * n, " is too large for the O(m n) recursion; at most 1e8"));
    // D takes the values |i n - j m| / (m n); the slack absorbs the rounding of d * m * n.
    const double scaled = d * static_cast<double>(m) * static_cast<double>(n);
    const auto d_int = static_cast<std::int64_t>(std::ceil(scaled - 1e-9 * std::max(scaled, 1.0)));
    return two_sample_exact_p_int(static_cast<std::int64_t>(m), static_cast<std::int64_t>(n), d_int);
}

ks_result ks_two_sample(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const std::vector<double> x = sorted_sample(a, "ks_two_sample", "a");
    const std::vector<double> y = sorted_sample(b, "ks_two_sample", "b");
    const auto m = static_cast<std::int64_t>(x.size());
    const auto n = static_cast<std::int64_t>(y.size());
    // Walk both samples in order; at each distinct value step past all its copies in both before
    // comparing, so ties never show a difference the two ECDFs do not have. |F_a - F_b| = |i n - j m| / (m n).
    std::int64_t i = 0;
    std::int64_t j = 0;
    std::int64_t d_int = 0;
    while (i < m || j < n) {
        const double v = (j >= n || (i < m && x[static_cast<std::size_t>(i)] <= y[static_cast<std::size_t>(j)]))
                             ? x[static_cast<std::size_t>(i)]
                             : y[static_cast<std::size_t>(j)];
        while (i < m && x[static_cast<std::size_t>(i)] == v) {
            ++i;
        }
        while (j < n && y[static_cast<std::size_t>(j)] == v) {
            ++j;
        }
        d_int = std::max(d_int, std::abs(i * n - j * m));
    }
    ks_result r;
    r.n_a = x.size();
    r.n_b = y.size();
    const double mn = static_cast<double>(m) * static_cast<double>(n);
    r.statistic = static_cast<double>(d_int) / mn;
    if (mn <= 1e6) {
        r.method = ks_method::exact;
        r.p_value = two_sample_exact_p_int(m, n, d_int);
    } else {
        r.method = ks_method::asymptotic;
        r.p_value = kolmogorov_survival(stephens_lambda(mn / static_cast<double>(m + n), r.statistic));
    }
    return r;
}

ks_result ks_one_sample(const Eigen::VectorXd& x, const std::function<double(double)>& cdf) {
    const std::vector<double> v = sorted_sample(x, "ks_one_sample", "x");
    const std::size_t n = v.size();
    const double nd = static_cast<double>(n);
    double d = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double f = cdf(v[i]);
        if (!(f >= 0.0 && f <= 1.0)) {
            throw input_error(cat("ks_one_sample: cdf(", v[i], ") = ", f, " is invalid; must be in [0, 1]"));
        }
        // The ECDF jumps from i/n to (i+1)/n at v[i]; the sup is at one side of a jump.
        d = std::max({d, static_cast<double>(i + 1) / nd - f, f - static_cast<double>(i) / nd});
    }
    ks_result r;
    r.statistic = d;
    r.n_a = n;
    // Exact where it is cheap and matters: for n d^2 > 7.24 the p-value is below about 1e-6 and the
    // asymptotic tail is as good (Marsaglia, Tsang & Wang's own switch); the matrix is then <= 171 square.
    if (n <= 1000 && nd * d * d <= 7.24) {
        r.method = ks_method::exact;
        r.p_value = std::clamp(1.0 - ks_one_sample_exact_cdf(n, d), 0.0, 1.0);
    } else {
        r.method = ks_method::asymptotic;
        r.p_value = kolmogorov_survival(stephens_lambda(nd, d));
    }
    return r;
}

difference rate_difference(const spike_trains& a, const spike_trains& b, const time_window& w, double level) {
    const Eigen::VectorXd ra = trial_rates_hz(a, w);
    const Eigen::VectorXd rb = trial_rates_hz(b, w);
    require(ra.size() >= 2 && rb.size() >= 2, cat("rate_difference: ", ra.size(), " and ", rb.size(),
                                                  " trials given; each group needs at least 2"));
    const mean_summary sa = t_summary(ra, level);
    const mean_summary sb = t_summary(rb, level);
    difference out;
    out.estimate = sa.mean - sb.mean;
    const double va = sa.se * sa.se;  // s_a^2 / n_a
    const double vb = sb.se * sb.se;
    out.se = std::sqrt(va + vb);
    out.level = level;
    if (out.se == 0.0) {
        out.ci = {out.estimate, out.estimate};  // no spread in either group: the difference is exact
        out.dof = static_cast<double>(ra.size() + rb.size() - 2);
        return out;
    }
    // Welch (1947) - Satterthwaite degrees of freedom: no equal-variance assumption.
    out.dof = (va + vb) * (va + vb) /
              (va * va / static_cast<double>(ra.size() - 1) + vb * vb / static_cast<double>(rb.size() - 1));
    const double t = t_quantile(0.5 * (1.0 + level), out.dof);
    out.ci = {out.estimate - t * out.se, out.estimate + t * out.se};
    return out;
}

bootstrap_result rate_difference_bootstrap(const spike_trains& a, const spike_trains& b, const time_window& w,
                                           const bootstrap_options& options) {
    const Eigen::VectorXd ra = trial_rates_hz(a, w);
    const Eigen::VectorXd rb = trial_rates_hz(b, w);
    const auto mean_of = [](const Eigen::VectorXd& r, std::span<const std::size_t> picks) {
        double s = 0.0;
        for (std::size_t i : picks) {
            s += r[static_cast<Eigen::Index>(i)];
        }
        return s / static_cast<double>(picks.size());
    };
    return bootstrap(
        static_cast<std::size_t>(ra.size()), static_cast<std::size_t>(rb.size()),
        [&](std::span<const std::size_t> pa, std::span<const std::size_t> pb) -> std::optional<double> {
            return mean_of(ra, pa) - mean_of(rb, pb);
        },
        options);
}

namespace {

// Per-trial ISI moments of the trials that have ISIs: a resample's pooled moments are their merge.
std::vector<running_stats> isi_moments(const spike_trains& trains, const char* group) {
    const isi_data d = intervals(trains);
    std::vector<running_stats> out;
    for (const Eigen::VectorXd& v : d.per_trial) {
        if (v.size() == 0) {
            continue;  // a trial with < 2 spikes carries no ISI; see isi_data::n_excluded
        }
        running_stats s;
        for (double x : v) {
            add(s, x);
        }
        out.push_back(s);
    }
    std::uint64_t total = 0;
    for (const running_stats& s : out) {
        total += s.n;
    }
    require(total >= 2, cat("cv_difference: group ", group, " has ", total, " ISI(s) in ", d.n_trials,
                            " trials; a CV needs at least 2"));
    return out;
}

std::optional<double> pooled_cv(const std::vector<running_stats>& trials, std::span<const std::size_t> picks) {
    running_stats s;
    for (std::size_t i : picks) {
        s = merge(s, trials[i]);
    }
    if (s.n < 2) {
        return std::nullopt;  // e.g. every pick is one trial with a single ISI
    }
    return std::sqrt(s.m2 / static_cast<double>(s.n - 1)) / s.mean;
}

}  // namespace

bootstrap_result cv_difference(const spike_trains& a, const spike_trains& b, const bootstrap_options& options) {
    const std::vector<running_stats> ma = isi_moments(a, "a");
    const std::vector<running_stats> mb = isi_moments(b, "b");
    return bootstrap(
        ma.size(), mb.size(),
        [&](std::span<const std::size_t> pa, std::span<const std::size_t> pb) -> std::optional<double> {
            const std::optional<double> ca = pooled_cv(ma, pa);
            const std::optional<double> cb = pooled_cv(mb, pb);
            if (!ca || !cb) {
                return std::nullopt;
            }
            return *ca - *cb;
        },
        options);
}

train_comparison compare_trains(const spike_trains& a, const spike_trains& b, const time_window& w,
                                const bootstrap_options& options) {
    check_spike_trains(a, "compare_trains");
    check_spike_trains(b, "compare_trains");
    check_window(w, "compare_trains");
    // ISIs and CVs from the same window as the rates.
    const spike_trains wa = restrict_to(a, w);
    const spike_trains wb = restrict_to(b, w);
    train_comparison out;
    out.rate_hz = rate_difference(a, b, w, options.level);
    out.rate_hz_bootstrap = rate_difference_bootstrap(a, b, w, options);
    out.cv = cv_difference(wa, wb, options);
    out.isi_ks = ks_two_sample(intervals(wa).pooled, intervals(wb).pooled);
    return out;
}

}  // namespace hhsim::analysis
