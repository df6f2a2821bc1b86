// Tests of analysis/isi: known answers on hand-made trains, and statistics of Poisson, gamma renewal,
// periodic and MA(1)-interval processes against their closed forms.

#include <cmath>

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <catch2/catch.hpp>

#include "analysis/isi.hpp"
#include "analysis/two_sample.hpp"
#include "support.hpp"

using namespace hhsim::analysis;
using namespace hhsim::analysis::testing;

namespace {

// Standard error of a pooled statistic estimated from its spread over independent trials (batch
// means): trials are independent, intervals within a trial need not be.
template <typename Statistic>
double batch_se(const spike_trains& trains, Statistic statistic) {
    running_stats s;
    for (const spike_train& t : trains) {
        add(s, statistic(isi_statistics({t})));
    }
    return standard_error(s);
}

}  // namespace

TEST_CASE("isi: intervals per trial and pooled, trials with 0 or 1 spikes counted", "[unit]") {
    const isi_data d = intervals({{1.0, 3.0, 6.0}, {}, {5.0}, {2.0, 2.5}});
    REQUIRE(d.n_trials == 4);
    REQUIRE(d.n_excluded == 2);
    REQUIRE(d.per_trial.size() == 4);
    CHECK(d.per_trial[0].size() == 2);
    CHECK(d.per_trial[1].size() == 0);
    CHECK(d.per_trial[2].size() == 0);
    REQUIRE(d.pooled.size() == 3);
    CHECK(d.pooled[0] == 2.0);
    CHECK(d.pooled[1] == 3.0);
    CHECK(d.pooled[2] == 0.5);
}

TEST_CASE("isi: statistics undefined by the data are missing, never NaN", "[unit]") {
    const isi_stats none = isi_statistics({{}, {4.0}});
    CHECK(none.n_trials == 2);
    CHECK(none.n_excluded == 2);
    CHECK(none.n_intervals == 0);
    CHECK_FALSE(none.mean_ms.has_value());
    CHECK_FALSE(none.cv.has_value());
    CHECK_FALSE(none.cv2.has_value());

    const isi_stats one = isi_statistics({{1.0, 4.0}});
    REQUIRE(one.mean_ms.has_value());
    CHECK(*one.mean_ms == 3.0);
    CHECK_FALSE(one.sd_ms.has_value());  // one interval has no spread estimate
    CHECK_FALSE(one.lv.has_value());

    // Two ISIs in different trials: CV defined, but no adjacent pair for CV2/LV (pairs never straddle trials).
    const isi_stats split = isi_statistics({{0.0, 2.0}, {10.0, 14.0}});
    REQUIRE(split.cv.has_value());
    CHECK(*split.cv == Approx(std::sqrt(2.0) / 3.0).epsilon(1e-14));
    CHECK(split.n_pairs == 0);
    CHECK_FALSE(split.cv2.has_value());
}

TEST_CASE("isi: CV2 and LV of a hand-computed train", "[unit]") {
    // ISIs 1, 3, 2: pairs (1,3) and (3,2).
    const isi_stats s = isi_statistics({{0.0, 1.0, 4.0, 6.0}});
    CHECK(*s.cv2 == Approx((2.0 * 2.0 / 4.0 + 2.0 * 1.0 / 5.0) / 2.0).epsilon(1e-14));
    CHECK(*s.lv == Approx(3.0 * ((2.0 / 4.0) * (2.0 / 4.0) + (1.0 / 5.0) * (1.0 / 5.0)) / 2.0).epsilon(1e-14));
    CHECK(*s.mean_ms == Approx(2.0).epsilon(1e-15));
    CHECK(*s.sd_ms == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("isi: periodic train has CV = CV2 = LV = 0 and its exact period", "[unit]") {
    const spike_trains trains(3, periodic_train(20.0, 5.0, 1000.0));
    const isi_stats s = isi_statistics(trains);
    CHECK(s.n_intervals == 3 * 49);
    CHECK(*s.mean_ms == 20.0);
    CHECK(*s.cv == 0.0);
    CHECK(*s.cv2 == 0.0);
    CHECK(*s.lv == 0.0);
}

TEST_CASE("isi: Poisson process has CV = CV2 = LV = 1 and rho_k = 0", "[statistical]") {
    const spike_trains trains = make_trials(100, 11, [](engine& rng) { return poisson_train(rng, 50.0, 20000.0); });
    const isi_stats s = isi_statistics(trains);
    REQUIRE(s.n_intervals > 90000);
    // Delta method: Var(CV^) = (1/n)[s^4/m^4 + (m4 - s^4)/(4 s^2 m^2) - m3/m^3] = 1/n for the exponential.
    const double se_cv = 1.0 / std::sqrt(static_cast<double>(s.n_intervals));
    CHECK(std::abs(*s.cv - 1.0) < 5.0 * se_cv);
    // Adjacent pairs overlap, so their terms are correlated: SE from the spread over independent trials.
    CHECK(std::abs(*s.cv2 - 1.0) < 5.0 * batch_se(trains, [](const isi_stats& t) { return *t.cv2; }));
    CHECK(std::abs(*s.lv - 1.0) < 5.0 * batch_se(trains, [](const isi_stats& t) { return *t.lv; }));
    CHECK(*s.mean_ms == Approx(20.0).epsilon(5.0 * se_cv));

    // Renewal process: independent intervals, so rho_k estimates 0 with SE 1/sqrt(pairs) (Bartlett).
    const serial_correlation r = serial_correlations(trains, 5);
    for (Eigen::Index k = 0; k < r.rho.size(); ++k) {
        CHECK(std::abs(r.rho[k]) < 5.0 / std::sqrt(static_cast<double>(r.n_pairs[static_cast<std::size_t>(k)])));
    }
}

TEST_CASE("isi: gamma renewal process of order k has CV = 1/sqrt(k) and CV2, LV at their closed forms",
          "[statistical]") {
    const int k = GENERATE(2, 4);
    const spike_trains trains =
        make_trials(100, 20 + k, [k](engine& rng) { return gamma_train(rng, k, 50.0, 20000.0); });
    const isi_stats s = isi_statistics(trains);
    const double n = static_cast<double>(s.n_intervals);
    // Delta method with gamma moments: Var(CV^) = (k + 1) / (2 k^2 n).
    const double se_cv = std::sqrt((k + 1.0) / (2.0 * k * k * n));
    CHECK(std::abs(*s.cv - 1.0 / std::sqrt(k)) < 5.0 * se_cv);
    // I1/(I1+I2) = B ~ Beta(k, k): CV2 = 2 E|1 - 2B| = 2 (1 - 2 I_{1/2}(k+1, k)); LV = 12 Var(B) = 3/(2k+1).
    const double cv2 = 2.0 * (1.0 - 2.0 * boost::math::ibeta(k + 1.0, static_cast<double>(k), 0.5));
    CHECK(std::abs(*s.cv2 - cv2) < 5.0 * batch_se(trains, [](const isi_stats& t) { return *t.cv2; }));
    CHECK(std::abs(*s.lv - 3.0 / (2.0 * k + 1.0)) < 5.0 * batch_se(trains, [](const isi_stats& t) { return *t.lv; }));
    // And the test has teeth: the Poisson values are far outside these bounds.
    CHECK(std::abs(*s.cv - 1.0) > 100.0 * se_cv);

    const serial_correlation r = serial_correlations(trains, 3);
    for (Eigen::Index j = 0; j < r.rho.size(); ++j) {
        CHECK(std::abs(r.rho[j]) < 5.0 / std::sqrt(static_cast<double>(r.n_pairs[static_cast<std::size_t>(j)])));
    }
}

TEST_CASE("isi: gamma ISI density matches the gamma pdf and KS does not reject it", "[statistical]") {
    const int k = 4;
    const double rate_hz = 50.0;
    const spike_trains trains =
        make_trials(100, 31, [&](engine& rng) { return gamma_train(rng, k, rate_hz, 20000.0); });
    const Eigen::VectorXd isi = intervals(trains).pooled;
    const boost::math::gamma_distribution<double> law(k, 1000.0 / (k * rate_hz));
    const double n = static_cast<double>(isi.size());

    // Each bin's count is binomial(n, p) with p = F(b) - F(a): density SE = sqrt(p (1-p) / n) / width.
    const auto check_density = [&](const histogram& h) {
        CHECK(h.n_values == static_cast<std::size_t>(isi.size()));
        for (Eigen::Index i = 0; i + 1 < h.edges.size(); ++i) {
            const double p = cdf(law, h.edges[i + 1]) - cdf(law, h.edges[i]);
            const double width = h.edges[i + 1] - h.edges[i];
            const double se = std::sqrt(p * (1.0 - p) / n) / width;
            CHECK(std::abs(h.density[i] - p / width) <= 5.0 * se + 1e-12);
        }
    };
    check_density(make_histogram(isi, linear_edges(0.0, 100.0, 2.0)));
    check_density(make_histogram(isi, log_edges(0.5, 200.0, 30)));

    // Under the null the p-value is uniform: a correct implementation fails this with probability 0.001.
    // (Intervals cut by the end of a trial are missing, a bias of order 1/(ISIs per trial) = 1e-3 in
    // the CDF, well below the KS resolution 1/sqrt(n) = 3e-3 here.)
    const ks_result fit = ks_one_sample(isi, [&](double x) { return cdf(law, x); });
    CHECK(fit.p_value > 1e-3);
    // A 5 % error in the mean interval is a clear alternative at this n: the test must see it.
    const boost::math::gamma_distribution<double> wrong(k, 1.05 * 1000.0 / (k * rate_hz));
    CHECK(ks_one_sample(isi, [&](double x) { return cdf(wrong, x); }).p_value < 1e-6);
}

TEST_CASE("isi: serial correlation of MA(1) intervals is 1/2 at lag 1 and 0 beyond", "[statistical]") {
    // I_i = 2 ms + Z_i + Z_{i+1}, Z ~ Exp(mean 5 ms): Cov(I_i, I_{i+1}) = Var Z, Var I = 2 Var Z.
    const spike_trains trains = make_trials(50, 41, [](engine& rng) {
        boost::random::exponential_distribution<double> z(1.0 / 5.0);
        spike_train t{0.0};
        double previous = z(rng);
        for (int i = 0; i < 2000; ++i) {
            const double next = z(rng);
            t.push_back(t.back() + 2.0 + previous + next);
            previous = next;
        }
        return t;
    });
    const serial_correlation r = serial_correlations(trains, 4);
    // Bartlett's formula for a linear process: Var(r_1) = (1 - 3 rho^2 + 4 rho^4)/N = 0.5/N,
    // Var(r_k) = (1 + 2 rho_1^2)/N = 1.5/N for k >= 2.
    const double n1 = static_cast<double>(r.n_pairs[0]);
    CHECK(std::abs(r.rho[0] - 0.5) < 5.0 * std::sqrt(0.5 / n1));
    for (Eigen::Index k = 1; k < 4; ++k) {
        CHECK(std::abs(r.rho[k]) < 5.0 * std::sqrt(1.5 / static_cast<double>(r.n_pairs[static_cast<std::size_t>(k)])));
    }
    CHECK(r.n_pairs[0] == 50u * 1999u);
    CHECK(r.n_pairs[3] == 50u * 1996u);
}

TEST_CASE("isi: linear and logarithmic edges, density sums to the fraction in range", "[unit]") {
    const Eigen::VectorXd lin = linear_edges(0.0, 1.0, 0.1);
    REQUIRE(lin.size() == 11);  // 1 / 0.1 rounds to 9.999...: still 10 whole bins
    CHECK(lin[10] == Approx(1.0).epsilon(1e-15));
    const Eigen::VectorXd widened = linear_edges(0.0, 1.05, 0.1);
    REQUIRE(widened.size() == 12);  // the partial bin is widened to full width
    CHECK(widened[11] == Approx(1.1).epsilon(1e-15));

    const Eigen::VectorXd lg = log_edges(1.0, 1000.0, 3);
    REQUIRE(lg.size() == 4);
    CHECK(lg[0] == 1.0);
    CHECK(lg[1] == Approx(10.0).epsilon(1e-14));
    CHECK(lg[2] == Approx(100.0).epsilon(1e-14));
    CHECK(lg[3] == 1000.0);

    Eigen::VectorXd values(6);
    values << 0.5, 1.0, 5.0, 50.0, 1000.0, 2000.0;
    const histogram h = make_histogram(values, lg);
    CHECK(h.n_below == 1);
    CHECK(h.n_above == 1);
    CHECK(h.counts[0] == 2.0);  // 1 and 5: bins are [a, b)
    CHECK(h.counts[1] == 1.0);
    CHECK(h.counts[2] == 1.0);  // 1000 is the last edge: the last bin is closed
    const Eigen::VectorXd widths = lg.tail(3) - lg.head(3);
    CHECK(h.density.dot(widths) == Approx(4.0 / 6.0).epsilon(1e-14));
}

TEST_CASE("isi: first-spike latency of a Poisson process is truncated exponential", "[statistical]") {
    const double rate_per_ms = 0.01;  // 10 Hz
    const spike_trains trains = make_trials(4000, 51, [](engine& rng) { return poisson_train(rng, 10.0, 400.0); });
    const latency_data d = first_spike_latencies(trains, {100.0, 300.0});
    CHECK(d.n_trials == 4000);
    CHECK(d.latency_ms.size() + static_cast<Eigen::Index>(d.n_without_spike) == 4000);
    // No spike in 200 ms: probability exp(-2); binomial SE.
    const double p0 = std::exp(-rate_per_ms * 200.0);
    CHECK(std::abs(static_cast<double>(d.n_without_spike) / 4000.0 - p0) < 5.0 * std::sqrt(p0 * (1 - p0) / 4000.0));
    // Given a spike, the latency is exponential truncated at T: mean 1/r - T e^{-rT} / (1 - e^{-rT}).
    const double mean = 1.0 / rate_per_ms - 200.0 * p0 / (1.0 - p0);
    const mean_summary m = t_summary(d.latency_ms);
    CHECK(std::abs(m.mean - mean) < 5.0 * m.se);
    CHECK(d.latency_ms.minCoeff() >= 0.0);
    CHECK(d.latency_ms.maxCoeff() < 200.0);
}

TEST_CASE("isi: bad input gives an input_error that names the problem", "[unit]") {
    CHECK_INPUT_ERROR(linear_edges(0.0, 10.0, -1.0), "linear_edges: bin_width_ms = -1 is invalid; must be > 0");
    CHECK_INPUT_ERROR(linear_edges(0.0, 10.0, 0.0), "bin_width_ms = 0");
    CHECK_INPUT_ERROR(linear_edges(5.0, 5.0, 1.0), "hi_ms > lo_ms");
    CHECK_INPUT_ERROR(log_edges(0.0, 10.0, 5), "0 < lo_ms < hi_ms");
    CHECK_INPUT_ERROR(log_edges(1.0, 10.0, 0), "n_bins = 0");
    CHECK_INPUT_ERROR(intervals({}), "intervals: no trials given");
    CHECK_INPUT_ERROR(intervals({{1.0, 3.0, 2.0}}),
                      "intervals: trial 0: spike time[2] = 2 ms is not after spike time[1] = 3 ms; spike times must be "
                      "strictly increasing");
    CHECK_INPUT_ERROR(isi_statistics({{1.0}, {1.0, 1.0}}), "trial 1: spike time[1] = 1 ms is not after");
    CHECK_INPUT_ERROR(isi_statistics({{1.0, std::nan("")}}), "spike time[1] = nan ms is invalid; spike times must be finite");
    Eigen::VectorXd bad_edges(3);
    bad_edges << 0.0, 2.0, 1.0;
    CHECK_INPUT_ERROR(make_histogram(Eigen::VectorXd::Zero(2), bad_edges), "edges[2] = 1 is invalid");
    CHECK_INPUT_ERROR(serial_correlations({{0.0, 1.0, 3.0}}, 0), "max_lag = 0 is invalid");
    CHECK_INPUT_ERROR(serial_correlations({{0.0, 1.0, 3.0}}, 2), "lag 2 needs a trial with at least 4 spikes");
    CHECK_INPUT_ERROR(serial_correlations({periodic_train(10.0, 0.0, 100.0)}, 1), "all ISIs are equal");
    CHECK_INPUT_ERROR(first_spike_latencies({{1.0}}, {5.0, 5.0}), "end_ms > start_ms");
}
