#include "analysis/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/students_t.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "core/error.hpp"

namespace hhsim::analysis {

namespace {

void check_level(double level, const char* who) {
    require(level > 0.0 && level < 1.0, cat(who, ": level = ", level, " is invalid; must be in (0, 1)"));
}

}  // namespace

void add(running_stats& s, double x) {
    if (!std::isfinite(x)) {
        throw input_error(cat("running_stats: add(x = ", x, ") is invalid; values must be finite"));
    }
    // Welford (1962): update the mean, then m2 with the deviations from the old and the new mean;
    // no sum of squares, so no cancellation when the spread is small against the mean.
    ++s.n;
    const double delta = x - s.mean;
    s.mean += delta / static_cast<double>(s.n);
    s.m2 += delta * (x - s.mean);
}

running_stats merge(const running_stats& a, const running_stats& b) {
    // Returning the other side unchanged keeps merging with an empty partial result exact.
    if (a.n == 0) {
        return b;
    }
    if (b.n == 0) {
        return a;
    }
    // Chan, Golub & LeVeque (1979): m2 = m2_a + m2_b + delta^2 n_a n_b / n.
    const double na = static_cast<double>(a.n);
    const double nb = static_cast<double>(b.n);
    const double n = na + nb;
    const double delta = b.mean - a.mean;
    running_stats out;
    out.n = a.n + b.n;
    out.mean = a.mean + delta * (nb / n);
    out.m2 = a.m2 + b.m2 + delta * delta * (na * nb / n);
    return out;
}

double variance(const running_stats& s) {
    if (s.n < 2) {
        throw input_error(cat("running_stats: variance needs n >= 2 values; n = ", s.n));
    }
    return s.m2 / static_cast<double>(s.n - 1);
}

double standard_error(const running_stats& s) { return std::sqrt(variance(s) / static_cast<double>(s.n)); }

void add(vector_running_stats& s, const Eigen::VectorXd& x) {
    if (s.n == 0) {
        s.mean = Eigen::VectorXd::Zero(x.size());
        s.m2 = Eigen::VectorXd::Zero(x.size());
    }
    if (x.size() != s.mean.size()) {
        throw input_error(cat("vector_running_stats: add(x) has size ", x.size(),
                          "; every value must have the size of the first (", s.mean.size(), ")"));
    }
    require(x.allFinite(), "vector_running_stats: add(x) is invalid; every entry must be finite");
    ++s.n;
    const Eigen::VectorXd delta = x - s.mean;
    s.mean += delta / static_cast<double>(s.n);
    s.m2 += delta.cwiseProduct(x - s.mean);
}

vector_running_stats merge(const vector_running_stats& a, const vector_running_stats& b) {
    if (a.n == 0) {
        return b;
    }
    if (b.n == 0) {
        return a;
    }
    if (a.mean.size() != b.mean.size()) {
        throw input_error(cat("vector_running_stats: merge of sizes ", a.mean.size(), " and ",
                          b.mean.size(), " is invalid; sizes must be equal"));
    }
    const double na = static_cast<double>(a.n);
    const double nb = static_cast<double>(b.n);
    const double n = na + nb;
    const Eigen::VectorXd delta = b.mean - a.mean;
    vector_running_stats out;
    out.n = a.n + b.n;
    out.mean = a.mean + delta * (nb / n);
    out.m2 = a.m2 + b.m2 + delta.cwiseAbs2() * (na * nb / n);
    return out;
}

Eigen::VectorXd variance(const vector_running_stats& s) {
    if (s.n < 2) {
        throw input_error(cat("vector_running_stats: variance needs n >= 2 values; n = ", s.n));
    }
    return s.m2 / static_cast<double>(s.n - 1);
}

Eigen::VectorXd standard_error(const vector_running_stats& s) {
    return (variance(s) / static_cast<double>(s.n)).cwiseSqrt();
}

double t_quantile(double p, double dof) {
    require(p > 0.0 && p < 1.0, cat("t_quantile: p = ", p, " is invalid; must be in (0, 1)"));
    require(dof > 0.0, cat("t_quantile: dof = ", dof, " is invalid; must be > 0"));
    return boost::math::quantile(boost::math::students_t_distribution<double>(dof), p);
}

mean_summary t_summary(const running_stats& s, double level) {
    check_level(level, "t_summary");
    require(s.n >= 2, cat("t_summary: n = ", s.n, " values; a standard error needs at least 2"));
    mean_summary out;
    out.n = s.n;
    out.mean = s.mean;
    out.sd = std::sqrt(variance(s));
    out.se = out.sd / std::sqrt(static_cast<double>(s.n));
    const double t = t_quantile(0.5 * (1.0 + level), static_cast<double>(s.n - 1));
    out.ci = {out.mean - t * out.se, out.mean + t * out.se};
    out.level = level;
    return out;
}

mean_summary t_summary(const Eigen::VectorXd& x, double level) {
    running_stats s;
    for (double v : x) {
        add(s, v);
    }
    return t_summary(s, level);
}

std::vector<convergence_row> convergence(const Eigen::VectorXd& samples, std::uint64_t first_n, double growth) {
    const auto n_total = static_cast<std::uint64_t>(samples.size());
    require(first_n >= 2, cat("convergence: first_n = ", first_n, " is invalid; a standard error needs >= 2"));
    require(growth > 1.0 && std::isfinite(growth), cat("convergence: growth = ", growth, " is invalid; must be > 1"));
    require(n_total >= 2, cat("convergence: ", n_total, " samples given; need at least 2"));
    std::vector<convergence_row> rows;
    running_stats s;
    double next = static_cast<double>(first_n);
    for (std::uint64_t i = 0; i < n_total; ++i) {
        add(s, samples[static_cast<Eigen::Index>(i)]);
        const bool checkpoint = static_cast<double>(s.n) >= next;
        if (checkpoint || s.n == n_total) {
            if (s.n >= 2) {
                rows.push_back({s.n, s.mean, standard_error(s)});
            }
            while (static_cast<double>(s.n) >= next) {
                next = std::ceil(next * growth);
            }
        }
    }
    return rows;
}

table convergence_table(const std::vector<convergence_row>& rows, const std::string& quantity,
                        const std::string& unit) {
    table t;
    t.columns = {{"n", ""}, {quantity, unit}};
    for (const convergence_row& r : rows) {
        add_row(t, {integer_cell(static_cast<long long>(r.n)), number_cell(r.estimate, r.se)});
    }
    return t;
}

interval percentile_interval(Eigen::VectorXd replicates, double level) {
    check_level(level, "percentile_interval");
    require(replicates.size() >= 2,
            cat("percentile_interval: ", replicates.size(), " replicates given; need at least 2"));
    std::sort(replicates.begin(), replicates.end());
    const auto quantile = [&](double p) {
        // Type 7: h = (n - 1) p, interpolate between the order statistics around h.
        const double h = static_cast<double>(replicates.size() - 1) * p;
        const auto lo = static_cast<Eigen::Index>(std::floor(h));
        const Eigen::Index hi = std::min<Eigen::Index>(lo + 1, replicates.size() - 1);
        return replicates[lo] + (h - static_cast<double>(lo)) * (replicates[hi] - replicates[lo]);
    };
    return {quantile(0.5 * (1.0 - level)), quantile(0.5 * (1.0 + level))};
}

namespace {

bootstrap_result summarise_replicates(double estimate, const std::vector<double>& values, std::size_t n_resamples,
                                      double level) {
    require(values.size() >= 2, cat("bootstrap: the statistic was defined in ", values.size(), " of ", n_resamples,
                                    " resamples; need at least 2"));
    running_stats s;
    for (double v : values) {
        add(s, v);
    }
    bootstrap_result out;
    out.estimate = estimate;
    out.se = std::sqrt(variance(s));
    out.ci = percentile_interval(Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size())), level);
    out.level = level;
    out.n_resamples = n_resamples;
    out.n_undefined = n_resamples - values.size();
    return out;
}

void check_options(const bootstrap_options& o) {
    check_level(o.level, "bootstrap");
    require(o.n_resamples >= 2, cat("bootstrap: n_resamples = ", o.n_resamples, " is invalid; must be >= 2"));
}

std::vector<std::size_t> identity(std::size_t n) {
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) {
        idx[i] = i;
    }
    return idx;
}

}  // namespace

bootstrap_result bootstrap(std::size_t n, const resample_statistic& statistic, const bootstrap_options& options) {
    return bootstrap(
        n, 0, [&](std::span<const std::size_t> a, std::span<const std::size_t>) { return statistic(a); }, options);
}

bootstrap_result bootstrap(std::size_t n_a, std::size_t n_b, const two_sample_statistic& statistic,
                           const bootstrap_options& options) {
    check_options(options);
    require(n_a >= 1, "bootstrap: the sample is empty; need at least 1 unit");
    const std::vector<std::size_t> all_a = identity(n_a);
    const std::vector<std::size_t> all_b = identity(n_b);
    const std::optional<double> estimate = statistic(all_a, all_b);
    require(estimate.has_value(), "bootstrap: the statistic is undefined for the data as given");

    // One engine, seeded once, drawn in a fixed order (replicate by replicate, a before b): the
    // result is a pure function of the seed and the data, whatever the caller's threads do.
    boost::random::mt19937_64 engine(options.seed);
    boost::random::uniform_int_distribution<std::size_t> pick_a(0, n_a - 1);
    boost::random::uniform_int_distribution<std::size_t> pick_b(0, n_b == 0 ? 0 : n_b - 1);
    std::vector<std::size_t> picks_a(n_a);
    std::vector<std::size_t> picks_b(n_b);
    std::vector<double> values;
    values.reserve(options.n_resamples);
    for (std::size_t r = 0; r < options.n_resamples; ++r) {
        for (std::size_t& i : picks_a) {
            i = pick_a(engine);
        }
        for (std::size_t& i : picks_b) {
            i = pick_b(engine);
        }
        if (const std::optional<double> v = statistic(picks_a, picks_b)) {
            values.push_back(*v);
        }
    }
    return summarise_replicates(*estimate, values, options.n_resamples, options.level);
}

std::vector<bootstrap_result> bootstrap_many(std::size_t n, const std::vector<std::optional<double>>& estimates,
                                             const resample_statistics& statistics, const bootstrap_options& options) {
    check_options(options);
    require(n >= 1, "bootstrap_many: the sample is empty; need at least 1 unit");
    const std::size_t k = estimates.size();
    // One engine, seeded once, drawn replicate by replicate: a pure function of the seed and the data.
    boost::random::mt19937_64 engine(options.seed);
    boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<std::size_t> picks(n);
    std::vector<std::optional<double>> row(k);
    std::vector<std::vector<double>> values(k);
    for (std::vector<double>& v : values) v.reserve(options.n_resamples);
    for (std::size_t r = 0; r < options.n_resamples; ++r) {
        for (std::size_t& i : picks) i = pick(engine);
        std::fill(row.begin(), row.end(), std::nullopt);
        statistics(picks, row);
        for (std::size_t j = 0; j < k; ++j) {
            if (row[j]) values[j].push_back(*row[j]);
        }
    }
    std::vector<bootstrap_result> out(k);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t j = 0; j < k; ++j) {
        if (estimates[j] && values[j].size() >= 2) {
            out[j] = summarise_replicates(*estimates[j], values[j], options.n_resamples, options.level);
        } else {
            // Undefined for the data, or in fewer than 2 resamples: no spread to report.
            out[j] = bootstrap_result{estimates[j].value_or(nan), nan, {nan, nan}, options.level, options.n_resamples,
                                      options.n_resamples - values[j].size()};
        }
    }
    return out;
}

bootstrap_result bootstrap_mean(const Eigen::VectorXd& x, const bootstrap_options& options) {
    require(x.size() >= 1, "bootstrap_mean: the sample is empty; need at least 1 value");
    require(x.allFinite(), "bootstrap_mean: the sample has a non-finite value; all must be finite");
    return bootstrap(
        static_cast<std::size_t>(x.size()),
        [&](std::span<const std::size_t> picks) -> std::optional<double> {
            double sum = 0.0;
            for (std::size_t i : picks) {
                sum += x[static_cast<Eigen::Index>(i)];
            }
            return sum / static_cast<double>(picks.size());
        },
        options);
}

}  // namespace hhsim::analysis
