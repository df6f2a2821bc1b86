// Tests of analysis/two_sample: KS statistics and p-values against enumeration and simulation,
// calibration under the null, power under an alternative, and differences of rates and CVs.

#include <bit>
#include <cmath>
#include <cstdint>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "analysis/isi.hpp"
#include "analysis/two_sample.hpp"
#include "support.hpp"

using namespace hhsim::analysis;
using namespace hhsim::analysis::testing;

namespace {

Eigen::VectorXd exponential_sample(engine& rng, Eigen::Index n, double mean) {
    boost::random::exponential_distribution<double> e(1.0 / mean);
    Eigen::VectorXd x(n);
    for (double& v : x) {
        v = e(rng);
    }
    return x;
}

Eigen::VectorXd uniform_sample(engine& rng, Eigen::Index n) {
    boost::random::uniform_01<double> u;
    Eigen::VectorXd x(n);
    for (double& v : x) {
        v = u(rng);
    }
    return x;
}

// 5-sigma binomial band for `count` successes out of n at probability p.
bool within_binomial(int count, int n, double p) {
    return std::abs(count - n * p) < 5.0 * std::sqrt(n * p * (1.0 - p));
}

}  // namespace

TEST_CASE("two_sample: exact KS p-values agree with enumeration of all orderings", "[unit]") {
    const auto [m, n] = GENERATE(std::pair<int, int>{5, 6}, std::pair<int, int>{4, 4}, std::pair<int, int>{3, 7});
    // Under the null every placement of the m a's among m + n positions is equally likely; the statistic
    // of a placement is max over prefixes of |i n - j m| (i a's and j b's so far).
    std::vector<int> stat_of_placement;
    for (std::uint32_t mask = 0; mask < (1u << (m + n)); ++mask) {
        if (std::popcount(mask) != m) {
            continue;
        }
        int i = 0;
        int j = 0;
        int d = 0;
        for (int pos = 0; pos < m + n; ++pos) {
            ((mask >> pos) & 1u) ? ++i : ++j;
            d = std::max(d, std::abs(i * n - j * m));
        }
        stat_of_placement.push_back(d);
    }
    for (int d = 1; d <= m * n; ++d) {
        const auto at_least = std::count_if(stat_of_placement.begin(), stat_of_placement.end(), [d](int s) { return s >= d; });
        const double p = static_cast<double>(at_least) / static_cast<double>(stat_of_placement.size());
        INFO("m = " << m << ", n = " << n << ", D = " << d << "/" << m * n);
        CHECK(ks_two_sample_exact_p(static_cast<std::size_t>(m), static_cast<std::size_t>(n),
                                    static_cast<double>(d) / (m * n)) == Approx(p).margin(1e-14));
    }
}

TEST_CASE("two_sample: KS statistic of small samples, with ties", "[unit]") {
    Eigen::VectorXd a(3);
    Eigen::VectorXd b(2);
    a << 1.0, 2.0, 3.0;
    b << 4.0, 5.0;
    const ks_result r = ks_two_sample(a, b);
    CHECK(r.statistic == 1.0);
    CHECK(r.p_value == Approx(0.2).epsilon(1e-14));  // 2 of the C(5, 2) = 10 orderings separate the samples
    CHECK(r.method == ks_method::exact);
    CHECK(ks_two_sample(b, a).p_value == r.p_value);

    // Ties: F_a and F_b are compared only after every copy of a value has been passed.
    Eigen::VectorXd c(3);
    Eigen::VectorXd d(3);
    c << 1.0, 1.0, 2.0;
    d << 1.0, 2.0, 2.0;
    CHECK(ks_two_sample(c, d).statistic == Approx(1.0 / 3.0).epsilon(1e-15));
    CHECK(ks_two_sample(c, c).statistic == 0.0);
    CHECK(ks_two_sample(c, c).p_value == 1.0);
}

TEST_CASE("two_sample: Kolmogorov's limiting distribution at its classic critical values", "[unit]") {
    // K_{0.95} = 1.3581, K_{0.99} = 1.6276 (tables of the Kolmogorov distribution).
    CHECK(kolmogorov_survival(1.3581) == Approx(0.05).margin(2e-5));
    CHECK(kolmogorov_survival(1.6276) == Approx(0.01).margin(2e-5));
    CHECK(kolmogorov_survival(0.0) == 1.0);
    CHECK(kolmogorov_survival(0.2) == Approx(1.0).margin(1e-12));
    // The two series meet at the switch lambda = 1.18 (to ~rounding).
    CHECK(kolmogorov_survival(1.18 - 1e-12) == Approx(kolmogorov_survival(1.18)).margin(1e-10));
}

TEST_CASE("two_sample: exact one-sample KS distribution (Marsaglia, Tsang & Wang)", "[statistical]") {
    // n = 1: D = max(U, 1 - U), so P(D < d) = 2d - 1 on [1/2, 1].
    for (double d : {0.55, 0.75, 0.9}) {
        CHECK(ks_one_sample_exact_cdf(1, d) == Approx(2.0 * d - 1.0).epsilon(1e-12));
    }
    CHECK(ks_one_sample_exact_cdf(10, 0.05) == 0.0);  // D_n >= 1/(2n)
    CHECK(ks_one_sample_exact_cdf(10, 1.0) == 1.0);

    // n = 5 against simulation: each P(D_5 < d) is a binomial proportion of 100000 draws.
    engine rng(401);
    const int draws = 100000;
    const std::vector<double> ds{0.2, 0.3, 0.45, 0.6};
    std::vector<int> below(ds.size(), 0);
    for (int r = 0; r < draws; ++r) {
        Eigen::VectorXd u = uniform_sample(rng, 5);
        std::sort(u.begin(), u.end());
        double d = 0.0;
        for (int i = 0; i < 5; ++i) {
            d = std::max({d, (i + 1) / 5.0 - u[i], u[i] - i / 5.0});
        }
        for (std::size_t k = 0; k < ds.size(); ++k) {
            below[k] += d < ds[k] ? 1 : 0;
        }
    }
    for (std::size_t k = 0; k < ds.size(); ++k) {
        const double p = ks_one_sample_exact_cdf(5, ds[k]);
        CHECK(within_binomial(below[k], draws, p));
    }
    // Large n (matrix powers with exponent rescaling): the exact value and Stephens's corrected
    // asymptotic series agree to the latter's accuracy, a few 1e-3 near the median (at lambda = 0.8 a
    // simulation of 40000 samples of n = 1000 gave 0.4591 +- 0.0025 for P(D < d), exact 0.4593,
    // corrected asymptotic 0.4559).
    const double n = 1000.0;
    for (double lambda : {0.8, 1.0, 1.3}) {
        const double d = lambda / (std::sqrt(n) + 0.12 + 0.11 / std::sqrt(n));
        CHECK(1.0 - ks_one_sample_exact_cdf(1000, d) == Approx(kolmogorov_survival(lambda)).margin(5e-3));
    }
}

TEST_CASE("two_sample: KS p-values are calibrated under the null", "[statistical]") {
    engine rng(411);
    SECTION("two samples, exact p-values") {
        // Exact p-values of a discrete statistic: the test's true size is the largest attainable
        // P(D >= d) not above 0.05, computed here from the (enumeration-checked) exact distribution.
        const int m = 50;
        const int n = 60;
        double size = 0.0;
        for (int d = 1; d <= m * n; ++d) {
            const double p = ks_two_sample_exact_p(m, n, static_cast<double>(d) / (m * n));
            if (p <= 0.05) {
                size = p;
                break;
            }
        }
        REQUIRE(size > 0.03);
        int rejected = 0;
        const int repeats = 400;
        for (int r = 0; r < repeats; ++r) {
            const ks_result k = ks_two_sample(exponential_sample(rng, m, 10.0), exponential_sample(rng, n, 10.0));
            CHECK(k.method == ks_method::exact);
            rejected += k.p_value <= 0.05 ? 1 : 0;
        }
        CHECK(within_binomial(rejected, repeats, size));
    }
    SECTION("two samples, asymptotic p-values") {
        int rejected = 0;
        int below_half = 0;
        const int repeats = 300;
        for (int r = 0; r < repeats; ++r) {
            const ks_result k = ks_two_sample(exponential_sample(rng, 1200, 10.0), exponential_sample(rng, 1000, 10.0));
            CHECK(k.method == ks_method::asymptotic);
            rejected += k.p_value <= 0.05 ? 1 : 0;
            below_half += k.p_value <= 0.5 ? 1 : 0;
        }
        CHECK(within_binomial(rejected, repeats, 0.05));
        CHECK(within_binomial(below_half, repeats, 0.5));
    }
    SECTION("one sample, exact p-values of a continuous statistic are uniform") {
        int rejected = 0;
        int below_half = 0;
        const int repeats = 400;
        for (int r = 0; r < repeats; ++r) {
            const ks_result k = ks_one_sample(uniform_sample(rng, 100), [](double x) { return x; });
            rejected += k.p_value <= 0.05 ? 1 : 0;
            below_half += k.p_value <= 0.5 ? 1 : 0;
        }
        CHECK(within_binomial(rejected, repeats, 0.05));
        CHECK(within_binomial(below_half, repeats, 0.5));
    }
}

TEST_CASE("two_sample: KS rejects a clear alternative", "[statistical]") {
    engine rng(421);
    // Exponential means 10 and 20: the CDFs differ by up to 0.25 (at x = 20 ln 2), so with n_e = n/2 = 500
    // lambda = sqrt(n_e) D is about 5.6, with SD about 0.5 (D's SD ~ 0.5/sqrt(n_e)). p < 1e-6 needs only
    // lambda > 2.7, more than 5 SD below: the test must reject.
    const ks_result exact = ks_two_sample(exponential_sample(rng, 1000, 10.0), exponential_sample(rng, 1000, 20.0));
    CHECK(exact.method == ks_method::exact);
    CHECK(exact.p_value < 1e-6);
    // Means 10 and 15 (max CDF difference 0.148) with n_e = 1000 for the asymptotic branch: lambda ~ 4.7,
    // SD ~ 0.5, again more than 5 SD above 2.7.
    const ks_result asym = ks_two_sample(exponential_sample(rng, 2000, 10.0), exponential_sample(rng, 2000, 15.0));
    CHECK(asym.method == ks_method::asymptotic);
    CHECK(asym.p_value < 1e-6);
}

TEST_CASE("two_sample: difference of mean rates with t and bootstrap intervals", "[statistical]") {
    const time_window w{0.0, 2000.0};
    const spike_trains a = make_trials(100, 431, [](engine& rng) { return poisson_train(rng, 25.0, 2000.0); });
    const spike_trains b = make_trials(100, 432, [](engine& rng) { return poisson_train(rng, 20.0, 2000.0); });
    const difference d = rate_difference(a, b, w);
    // Poisson counts over 2 s: Var(rate) = r / 2 s per trial.
    const double sd = std::sqrt(25.0 / 2.0 / 100.0 + 20.0 / 2.0 / 100.0);
    CHECK(std::abs(d.estimate - 5.0) < 5.0 * sd);
    CHECK(d.se / sd == Approx(1.0).margin(0.25));  // sample SDs of 100 Poisson(~45) counts: ~7 % noise each
    CHECK(d.dof > 150.0);
    CHECK(d.dof <= 198.0);
    const bootstrap_result bs = rate_difference_bootstrap(a, b, w, {2000, 5, 0.95});
    CHECK(bs.estimate == Approx(d.estimate).epsilon(1e-12));
    const double half = 0.5 * (d.ci.high - d.ci.low);
    CHECK(std::abs(bs.ci.low - d.ci.low) < 0.15 * half);
    CHECK(std::abs(bs.ci.high - d.ci.high) < 0.15 * half);

    // Coverage of the Welch interval over repeats (Poisson counts of ~40 are close to normal).
    engine rng(433);
    int covered = 0;
    const int repeats = 400;
    for (int r = 0; r < repeats; ++r) {
        spike_trains x;
        spike_trains y;
        for (int i = 0; i < 15; ++i) {
            x.push_back(poisson_train(rng, 25.0, 2000.0));
        }
        for (int i = 0; i < 25; ++i) {
            y.push_back(poisson_train(rng, 20.0, 2000.0));
        }
        const difference e = rate_difference(x, y, w);
        covered += (e.ci.low <= 5.0 && 5.0 <= e.ci.high) ? 1 : 0;
    }
    CHECK(within_binomial(covered, repeats, 0.95));
}

TEST_CASE("two_sample: difference of CVs by bootstrap over trials", "[statistical]") {
    const spike_trains a = make_trials(100, 441, [](engine& rng) { return gamma_train(rng, 1, 50.0, 5000.0); });
    const spike_trains b = make_trials(100, 442, [](engine& rng) { return gamma_train(rng, 4, 50.0, 5000.0); });
    const bootstrap_result c = cv_difference(a, b, {1000, 3, 0.95});
    // Delta method: Var(CV^) = (k + 1)/(2 k^2 n) for gamma(k): 1/n (k = 1) and 5/(32 n) (k = 4).
    const double na = static_cast<double>(intervals(a).pooled.size());
    const double nb = static_cast<double>(intervals(b).pooled.size());
    const double sd = std::sqrt(1.0 / na + 5.0 / 32.0 / nb);
    CHECK(std::abs(c.estimate - 0.5) < 5.0 * sd);
    CHECK(c.estimate == Approx(*isi_statistics(a).cv - *isi_statistics(b).cv).epsilon(1e-12));
    // A bootstrap SE from 100 trials per group has ~7 % relative noise of its own.
    CHECK(c.se / sd == Approx(1.0).margin(0.35));
    CHECK(c.ci.low < c.estimate);
    CHECK(c.ci.high > c.estimate);
    CHECK(c.n_undefined == 0u);

    const train_comparison all = compare_trains(a, b, {0.0, 5000.0}, {1000, 3, 0.95});
    CHECK(all.cv.estimate == c.estimate);
    CHECK(all.rate_hz.estimate == Approx(rate_difference(a, b, {0.0, 5000.0}).estimate).epsilon(1e-14));
    CHECK(all.isi_ks.p_value < 1e-6);  // exponential vs gamma(4) intervals of the same mean
}

TEST_CASE("two_sample: bad input gives an input_error that names the problem", "[unit]") {
    CHECK_INPUT_ERROR(ks_two_sample(Eigen::VectorXd(), Eigen::VectorXd::Ones(3)), "ks_two_sample: sample a is empty");
    Eigen::VectorXd bad = Eigen::VectorXd::Ones(3);
    bad[1] = std::nan("");
    CHECK_INPUT_ERROR(ks_two_sample(Eigen::VectorXd::Ones(3), bad), "b[1] = nan is invalid; values must be finite");
    CHECK_INPUT_ERROR(ks_one_sample(Eigen::VectorXd::Ones(3), [](double) { return 1.5; }), "cdf(1) = 1.5 is invalid");
    const time_window w{0.0, 100.0};
    CHECK_INPUT_ERROR(rate_difference({{1.0}}, {{1.0}, {2.0}}, w), "1 and 2 trials given; each group needs at least 2");
    CHECK_INPUT_ERROR(cv_difference({{1.0, 2.0, 4.0}}, {{1.0, 2.0}, {5.0}}, {}),
                      "cv_difference: group b has 1 ISI(s) in 2 trials; a CV needs at least 2");
    CHECK_INPUT_ERROR(compare_trains({{1.0, 2.0}}, {{3.0, 1.0}}, w, {}), "compare_trains: trial 0: spike time[1] = 1 ms");
}
