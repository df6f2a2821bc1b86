// Tests of analysis/monte_carlo: Welford/Chan accumulators merge to the single-pass result, t and
// bootstrap intervals cover at their nominal rate, convergence tables, determinism of the bootstrap.

#include <cmath>

#include <boost/math/distributions/students_t.hpp>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>

#include "analysis/monte_carlo.hpp"
#include "support.hpp"

using namespace hhsim::analysis;
using namespace hhsim::analysis::testing;

namespace {

Eigen::VectorXd normal_sample(engine& rng, Eigen::Index n, double mean, double sd) {
    boost::random::normal_distribution<double> z(mean, sd);
    Eigen::VectorXd x(n);
    for (double& v : x) {
        v = z(rng);
    }
    return x;
}

running_stats accumulate(const Eigen::VectorXd& x, Eigen::Index from, Eigen::Index to) {
    running_stats s;
    for (Eigen::Index i = from; i < to; ++i) {
        add(s, x[i]);
    }
    return s;
}

}  // namespace

TEST_CASE("monte_carlo: merged chunks equal the single-pass result to rounding", "[unit]") {
    engine rng(201);
    // Large offset, small spread: a naive sum-of-squares variance would lose ~8 digits here.
    Eigen::VectorXd x = normal_sample(rng, 100000, 0.0, 1.0).array().exp() + 1e4;
    const running_stats one = accumulate(x, 0, x.size());

    // Uneven chunks as threads or ranks would produce them, merged in a tree and in reverse order.
    const std::vector<Eigen::Index> cuts{0, 1, 17, 5000, 5001, 40000, 77777, 100000};
    std::vector<running_stats> parts;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        parts.push_back(accumulate(x, cuts[i], cuts[i + 1]));
    }
    const running_stats tree = merge(merge(merge(parts[0], parts[1]), merge(parts[2], parts[3])),
                                     merge(merge(parts[4], parts[5]), parts[6]));
    running_stats reverse;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        reverse = merge(reverse, *it);
    }
    // A two-pass reference in long double.
    long double sum = 0;
    for (double v : x) {
        sum += v;
    }
    const long double mean = sum / x.size();
    long double ss = 0;
    for (double v : x) {
        ss += (v - mean) * (v - mean);
    }
    const double var_ref = static_cast<double>(ss / (x.size() - 1));

    // Each update or merge rounds at the level of a few ulps of the running values; 1e-12 relative is
    // ~1e4 ulps, far above rounding yet far below any error in the formulas (which would be O(1)).
    for (const running_stats& s : {one, tree, reverse}) {
        CHECK(s.n == 100000u);
        CHECK(s.mean == Approx(static_cast<double>(mean)).epsilon(1e-12));
        CHECK(variance(s) == Approx(var_ref).epsilon(1e-11));
    }
    CHECK(tree.mean == Approx(one.mean).epsilon(1e-12));
    CHECK(variance(tree) == Approx(variance(one)).epsilon(1e-11));

    // Merging with an empty accumulator changes nothing, bit for bit.
    const running_stats with_empty = merge(running_stats{}, one);
    CHECK(with_empty.mean == one.mean);
    CHECK(with_empty.m2 == one.m2);
    CHECK(merge(one, running_stats{}).m2 == one.m2);
}

TEST_CASE("monte_carlo: vector accumulator merges element-wise like the scalar one", "[unit]") {
    engine rng(202);
    vector_running_stats all;
    vector_running_stats a;
    vector_running_stats b;
    running_stats first_entry;
    for (int i = 0; i < 1000; ++i) {
        const Eigen::VectorXd v = normal_sample(rng, 3, 5.0, 2.0);
        add(all, v);
        add(i < 300 ? a : b, v);
        add(first_entry, v[0]);
    }
    const vector_running_stats m = merge(a, b);
    CHECK(m.n == 1000u);
    for (Eigen::Index j = 0; j < 3; ++j) {
        CHECK(m.mean[j] == Approx(all.mean[j]).epsilon(1e-13));
        CHECK(variance(m)[j] == Approx(variance(all)[j]).epsilon(1e-12));
    }
    CHECK(all.mean[0] == Approx(first_entry.mean).epsilon(1e-13));
    CHECK(standard_error(all)[0] == Approx(standard_error(first_entry)).epsilon(1e-12));
    CHECK_INPUT_ERROR(add(all, Eigen::VectorXd::Zero(2)), "add(x) has size 2");
}

TEST_CASE("monte_carlo: t summary of a known sample", "[unit]") {
    Eigen::VectorXd x(4);
    x << 1.0, 2.0, 3.0, 4.0;
    const mean_summary s = t_summary(x);
    CHECK(s.mean == 2.5);
    CHECK(s.sd == Approx(std::sqrt(5.0 / 3.0)).epsilon(1e-14));
    CHECK(s.se == Approx(std::sqrt(5.0 / 12.0)).epsilon(1e-14));
    // t_{3, 0.975} = 3.182446305284263 (tables of Student's t).
    CHECK(s.ci.high - s.mean == Approx(3.182446305284263 * s.se).epsilon(1e-12));
    CHECK(s.mean - s.ci.low == Approx(3.182446305284263 * s.se).epsilon(1e-12));
}

TEST_CASE("monte_carlo: t interval covers the true mean at its nominal rate", "[statistical]") {
    engine rng(203);
    const int repeats = 2000;
    int covered = 0;
    for (int r = 0; r < repeats; ++r) {
        const mean_summary s = t_summary(normal_sample(rng, 10, 3.0, 2.0));
        covered += (s.ci.low <= 3.0 && 3.0 <= s.ci.high) ? 1 : 0;
    }
    // Exact 95 % for normal data: the count is Binomial(2000, 0.95), SD 9.7.
    CHECK(std::abs(covered - 0.95 * repeats) < 5.0 * std::sqrt(repeats * 0.95 * 0.05));
}

TEST_CASE("monte_carlo: bootstrap interval covers the true mean at about its nominal rate", "[statistical]") {
    engine rng(204);
    const int repeats = 1000;
    const int n = 50;
    int covered = 0;
    for (int r = 0; r < repeats; ++r) {
        const bootstrap_result b =
            bootstrap_mean(normal_sample(rng, n, 3.0, 2.0), {1000, static_cast<std::uint64_t>(r + 1), 0.95});
        covered += (b.ci.low <= 3.0 && 3.0 <= b.ci.high) ? 1 : 0;
    }
    // The percentile interval of a mean is close to mean -+ 1.96 s sqrt((n-1)/n) / sqrt(n) (the plug-in
    // SD), so it covers with probability P(|t_{n-1}| < 1.96 sqrt((n-1)/n)) = 0.942, slightly under 95 %.
    const boost::math::students_t_distribution<double> t(n - 1);
    const double p = 2.0 * cdf(t, 1.959964 * std::sqrt((n - 1.0) / n)) - 1.0;
    CHECK(std::abs(covered - p * repeats) < 5.0 * std::sqrt(repeats * p * (1.0 - p)));
}

TEST_CASE("monte_carlo: bootstrap is a pure function of its seed", "[unit]") {
    engine rng(205);
    const Eigen::VectorXd x = normal_sample(rng, 40, 0.0, 1.0);
    const bootstrap_result a = bootstrap_mean(x, {500, 42, 0.9});
    const bootstrap_result b = bootstrap_mean(x, {500, 42, 0.9});
    const bootstrap_result c = bootstrap_mean(x, {500, 43, 0.9});
    CHECK(a.ci.low == b.ci.low);
    CHECK(a.ci.high == b.ci.high);
    CHECK(a.se == b.se);
    CHECK(a.ci.low != c.ci.low);
    CHECK(a.estimate == Approx(x.mean()).epsilon(1e-14));
    CHECK(a.n_resamples == 500u);
    CHECK(a.n_undefined == 0u);
    // Its SE estimates s sqrt((n-1)/n) / sqrt(n); 500 resamples: ~3 % relative noise.
    const double plug_in = std::sqrt((x.array() - x.mean()).square().sum() / 40.0) / std::sqrt(40.0);
    CHECK(a.se == Approx(plug_in).epsilon(5.0 * 0.032));
}

TEST_CASE("monte_carlo: undefined replicates are counted and left out", "[unit]") {
    // Statistic undefined when the resample repeats unit 0 only: probability (1/3)^3 per replicate.
    const bootstrap_result b = bootstrap(
        3,
        [](std::span<const std::size_t> picks) -> std::optional<double> {
            if (std::all_of(picks.begin(), picks.end(), [](std::size_t i) { return i == 0; })) {
                return std::nullopt;
            }
            return static_cast<double>(picks[0]);
        },
        {2700, 9, 0.95});
    CHECK(b.n_undefined > 0u);
    CHECK(b.n_undefined < 300u);  // expected 100, SD 9.8
    CHECK(b.ci.low == 0.0);
    CHECK(b.ci.high == 2.0);
}

TEST_CASE("monte_carlo: percentile interval interpolates order statistics (type 7)", "[unit]") {
    Eigen::VectorXd r(5);
    r << 5.0, 1.0, 4.0, 2.0, 3.0;
    const interval half = percentile_interval(r, 0.5);
    CHECK(half.low == 2.0);
    CHECK(half.high == 4.0);
    const interval ninety = percentile_interval(r, 0.9);
    CHECK(ninety.low == Approx(1.2).epsilon(1e-14));
    CHECK(ninety.high == Approx(4.8).epsilon(1e-14));
}

TEST_CASE("monte_carlo: convergence table follows the running mean and its SE", "[unit]") {
    const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(100, 1.0, 100.0);
    const std::vector<convergence_row> rows = convergence(x, 10, 2.0);
    REQUIRE(rows.size() == 5);
    const std::vector<std::uint64_t> ns{10, 20, 40, 80, 100};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double n = static_cast<double>(ns[i]);
        CHECK(rows[i].n == ns[i]);
        CHECK(rows[i].estimate == Approx((n + 1.0) / 2.0).epsilon(1e-14));
        CHECK(rows[i].se == Approx(std::sqrt(n * (n + 1.0) / 12.0 / n)).epsilon(1e-13));  // SD of 1..n is sqrt(n(n+1)/12)
    }
    const std::string md = to_markdown(convergence_table(rows, "mean rate", "Hz"));
    CHECK(md.find("| n | mean rate (Hz) |") != std::string::npos);
    CHECK(md.find("| 100 | 50.5 \u00b1 2.9 |") != std::string::npos);
}

TEST_CASE("monte_carlo: bad input gives an input_error that names the problem", "[unit]") {
    running_stats s;
    add(s, 1.0);
    CHECK_INPUT_ERROR(variance(s), "variance needs n >= 2 values; n = 1");
    CHECK_INPUT_ERROR(add(s, std::nan("")), "add(x = nan) is invalid; values must be finite");
    CHECK_INPUT_ERROR(t_summary(Eigen::VectorXd::Zero(5), 1.5), "level = 1.5 is invalid; must be in (0, 1)");
    CHECK_INPUT_ERROR(bootstrap_mean(Eigen::VectorXd::Zero(5), {1, 1, 0.95}), "n_resamples = 1 is invalid");
    CHECK_INPUT_ERROR(bootstrap_mean(Eigen::VectorXd(), {}), "bootstrap_mean: the sample is empty");
    CHECK_INPUT_ERROR(convergence(Eigen::VectorXd::Zero(50), 10, 1.0), "growth = 1 is invalid; must be > 1");
    CHECK_INPUT_ERROR(convergence(Eigen::VectorXd::Zero(1), 10, 2.0), "1 samples given; need at least 2");
    CHECK_INPUT_ERROR(t_quantile(0.975, 0.0), "dof = 0 is invalid");
}
