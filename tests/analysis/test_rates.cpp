// Tests of analysis/rates: counts and rates, mean-rate intervals, Fano factors of Poisson and gamma
// renewal processes, PSTH and kernel rates of homogeneous and sinusoidally modulated Poisson processes.

#include <cmath>
#include <numbers>

#include <catch2/catch.hpp>

#include "analysis/rates.hpp"
#include "support.hpp"

using namespace hhsim::analysis;
using namespace hhsim::analysis::testing;

namespace {

double phi(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

}  // namespace

TEST_CASE("rates: counts and rates per trial use the half-open window", "[unit]") {
    const spike_trains trains{{1.0, 5.0, 10.0}, {}, {0.5, 9.99, 10.0}};
    const time_window w{1.0, 10.0};
    const Eigen::VectorXd c = spike_counts(trains, w);
    CHECK(c[0] == 2.0);  // 1 is in, 10 is out
    CHECK(c[1] == 0.0);
    CHECK(c[2] == 1.0);
    const Eigen::VectorXd r = trial_rates_hz(trains, w);
    CHECK(r[0] == Approx(2.0 / 0.009).epsilon(1e-14));
}

TEST_CASE("rates: periodic train has its exact rate and no spread", "[unit]") {
    const spike_trains trains(5, periodic_train(20.0, 5.0, 1000.0));
    const rate_summary s = summarise_rates(trains, {0.0, 1000.0});
    CHECK(s.mean_hz == 50.0);
    CHECK(s.se_hz == 0.0);
    CHECK(s.t_ci_hz.low == 50.0);
    CHECK(s.t_ci_hz.high == 50.0);
    CHECK(s.bootstrap_ci_hz.low == 50.0);
    CHECK(s.bootstrap_ci_hz.high == 50.0);
}

TEST_CASE("rates: Poisson mean rate, its standard error and intervals", "[statistical]") {
    const double rate = 30.0;
    const spike_trains trains = make_trials(400, 101, [&](engine& rng) { return poisson_train(rng, rate, 1000.0); });
    const rate_summary s = summarise_rates(trains, {0.0, 1000.0}, {2000, 7, 0.95});
    // Count per 1 s trial ~ Poisson(30): the rate's SE is sqrt(r / T / n) = 0.27 Hz.
    const double se = std::sqrt(rate / 1.0 / 400.0);
    CHECK(std::abs(s.mean_hz - rate) < 5.0 * se);
    // The sample SD of Poisson counts has relative SD sqrt(1/(2(n-1)) + 1/(4 n lambda)) = 3.6 %.
    CHECK(std::abs(s.se_hz / se - 1.0) < 5.0 * 0.036);
    CHECK(s.t_ci_hz.low < s.mean_hz);
    CHECK(s.t_ci_hz.high - s.mean_hz == Approx(s.mean_hz - s.t_ci_hz.low).epsilon(1e-12));
    // t_{399, 0.975} = 1.966 standard errors each side.
    CHECK((s.t_ci_hz.high - s.t_ci_hz.low) / (2.0 * s.se_hz) == Approx(1.9659).epsilon(1e-4));
    // The percentile bootstrap of a mean of 400 near-normal values agrees with the t interval up to
    // its Monte Carlo noise (2000 resamples: a few percent on each end).
    const double t_half = 0.5 * (s.t_ci_hz.high - s.t_ci_hz.low);
    CHECK(std::abs(s.bootstrap_ci_hz.high - s.t_ci_hz.high) < 0.15 * t_half);
    CHECK(std::abs(s.bootstrap_ci_hz.low - s.t_ci_hz.low) < 0.15 * t_half);
}

TEST_CASE("rates: Fano factor of a Poisson process is 1 for every window", "[statistical]") {
    const auto pooling = GENERATE(fano_pooling::across_trials, fano_pooling::along_time);
    const spike_trains trains = make_trials(200, 111, [](engine& rng) { return poisson_train(rng, 20.0, 10000.0); });
    const std::vector<double> windows{10.0, 50.0, 200.0, 1000.0, 5000.0};
    const std::vector<fano_point> f = fano_factors(trains, {0.0, 10000.0}, windows, pooling);
    REQUIRE(f.size() == windows.size());
    for (const fano_point& p : f) {
        INFO("window " << p.window_ms << " ms");
        REQUIRE(p.fano.has_value());
        REQUIRE(p.se.has_value());
        CHECK(p.n_windows == static_cast<std::size_t>(10000.0 / p.window_ms));
        CHECK(p.mean_count == Approx(20.0 * p.window_ms / 1000.0).epsilon(0.05));
        // Poisson counts (delta method with Var s^2 = lambda/n + 2 lambda^2/(n-1), Cov(mean, s^2) = lambda/n):
        // Var F = 2 / ((n - 1) n_windows) across trials, 2 / (N - 1) for N counts pooled along time.
        const double n_w = static_cast<double>(p.n_windows);
        const double var = pooling == fano_pooling::across_trials ? 2.0 / (199.0 * n_w) : 2.0 / (200.0 * n_w - 1.0);
        CHECK(std::abs(*p.fano - 1.0) < 5.0 * std::sqrt(var));
        // The jackknife SE over 200 trials estimates that SD to within ~5 % (30 % allows for the
        // jackknife's own noise and the delta method's neglected terms at small counts).
        CHECK(*p.se / std::sqrt(var) == Approx(1.0).margin(0.3));
    }
}

TEST_CASE("rates: Fano factor of a gamma renewal process tends to CV^2 = 1/k", "[statistical]") {
    const int k = 4;
    const double rate = 50.0;
    const spike_trains trains = make_trials(200, 121, [&](engine& rng) { return gamma_train(rng, k, rate, 20000.0); });
    const std::vector<fano_point> f = fano_factors(trains, {0.0, 20000.0}, {1000.0});
    // Stationary renewal process (Cox 1962): Var N(T) = CV^2 r T + 1/6 + CV^4/2 - mu3/(3 mu^3) + o(1), mu3 the
    // third central moment of the ISI; for gamma(k) the constant is (1 - 1/k^2)/6, so F(T) = 1/k + c/(r T).
    const double expected = 1.0 / k + (1.0 - 1.0 / (k * k)) / 6.0 / (rate * 1.0);
    REQUIRE(f[0].se.has_value());
    CHECK(std::abs(*f[0].fano - expected) < 5.0 * *f[0].se);
    CHECK(std::abs(*f[0].fano - 1.0) > 50.0 * *f[0].se);  // clearly not Poisson
}

TEST_CASE("rates: PSTH of a modulated Poisson process follows its rate, the last bin may be shorter",
          "[statistical]") {
    const double omega = 2.0 * std::numbers::pi * 2.0 / 1000.0;  // 2 Hz in rad/ms
    const auto rate = [&](double t_ms) { return 40.0 * (1.0 + 0.5 * std::sin(omega * t_ms)); };
    const spike_trains trains =
        make_trials(500, 131, [&](engine& rng) { return inhomogeneous_poisson(rng, rate, 60.0, 1010.0); });
    const psth p = make_psth(trains, {0.0, 1010.0}, 20.0);
    REQUIRE(p.rate_hz.size() == 51);
    CHECK(p.edges_ms[50] == 1000.0);
    CHECK(p.edges_ms[51] == 1010.0);
    REQUIRE(p.se_hz.size() == 51);
    for (Eigen::Index j = 0; j < 51; ++j) {
        const double a = p.edges_ms[j];
        const double b = p.edges_ms[j + 1];
        // Mean rate over the bin, and the count's Poisson SE: sqrt(Lambda / n) / width, Lambda = integral of r.
        const double mean = 40.0 * (1.0 + 0.5 * (std::cos(omega * a) - std::cos(omega * b)) / (omega * (b - a)));
        const double width_s = (b - a) / 1000.0;
        const double se = std::sqrt(mean * width_s / 500.0) / width_s;
        CHECK(std::abs(p.rate_hz[j] - mean) < 5.0 * se);
    }
}

TEST_CASE("rates: kernel rate of a Poisson process is unbiased up to the window edges", "[statistical]") {
    const double rate = 40.0;
    const int n_trials = 300;
    const spike_trains trains =
        make_trials(n_trials, 141, [&](engine& rng) { return poisson_train(rng, rate, 1000.0); });
    const time_window w{0.0, 1000.0};
    const double width = 20.0;
    const auto kernel = GENERATE(kernel_kind::gaussian, kernel_kind::causal_exponential);
    const rate_trace r = kernel_rate(trains, w, 1.0, kernel, width);
    REQUIRE(r.rate_hz.size() == 1000);
    CHECK(r.time_ms[0] == 0.5);
    for (Eigen::Index i = 0; i < r.rate_hz.size(); ++i) {
        const double t = r.time_ms[i];
        // Campbell: Var sum K(t - s_i) = r * integral over the window of K^2; the estimate divides by the
        // kernel mass m(t) inside the window and averages n trials. Kernel in 1/ms, rate in 1/ms, x 1000 -> Hz.
        double mass = 0.0;
        double k2 = 0.0;
        if (kernel == kernel_kind::gaussian) {
            mass = phi((w.end_ms - t) / width) - phi((w.start_ms - t) / width);
            k2 = (phi((w.end_ms - t) * std::numbers::sqrt2 / width) - phi((w.start_ms - t) * std::numbers::sqrt2 / width)) /
                 (2.0 * width * std::sqrt(std::numbers::pi));
        } else {
            mass = 1.0 - std::exp(-(t - w.start_ms) / width);
            k2 = (1.0 - std::exp(-2.0 * (t - w.start_ms) / width)) / (2.0 * width);
        }
        const double sd_hz = 1000.0 * std::sqrt(rate / 1000.0 * k2 / n_trials) / mass;
        CHECK(std::abs(r.rate_hz[i] - rate) < 5.0 * sd_hz);
    }
}

TEST_CASE("rates: kernel rate follows a sinusoidal rate through the kernel's transfer function",
          "[statistical]") {
    const double r0 = 40.0;
    const double depth = 0.5;
    const double omega = 2.0 * std::numbers::pi * 10.0 / 1000.0;  // 10 Hz in rad/ms
    const int n_trials = 2000;
    const spike_trains trains = make_trials(n_trials, 151, [&](engine& rng) {
        return inhomogeneous_poisson(rng, [&](double t) { return r0 * (1.0 + depth * std::sin(omega * t)); },
                                     r0 * (1.0 + depth), 1000.0);
    });
    const double width = 20.0;
    const auto kernel = GENERATE(kernel_kind::gaussian, kernel_kind::causal_exponential);
    const rate_trace r = kernel_rate(trains, {0.0, 1000.0}, 1.0, kernel, width);
    // Gaussian: E = r0 (1 + depth e^{-(omega sigma)^2 / 2} sin(omega t)). Causal exponential in steady state
    // (t > 15 tau from the start): the filter 1/(1 + i omega tau) scales by |H| and delays by atan(omega tau).
    const double gain = kernel == kernel_kind::gaussian ? std::exp(-0.5 * omega * omega * width * width)
                                                        : 1.0 / std::sqrt(1.0 + omega * omega * width * width);
    const double lag = kernel == kernel_kind::gaussian ? 0.0 : std::atan(omega * width);
    // Conservative SD: the largest rate r0 (1 + depth) in Campbell's variance; K^2 integrates to
    // 1/(2 sigma sqrt(pi)) (Gaussian) or 1/(2 tau) (exponential) away from the edges.
    const double k2 = kernel == kernel_kind::gaussian ? 1.0 / (2.0 * width * std::sqrt(std::numbers::pi)) : 1.0 / (2.0 * width);
    const double sd_hz = 1000.0 * std::sqrt(r0 * (1.0 + depth) / 1000.0 * k2 / n_trials);
    double max_deviation = 0.0;
    double max_deviation_unsmoothed = 0.0;
    for (Eigen::Index i = 0; i < r.rate_hz.size(); ++i) {
        const double t = r.time_ms[i];
        if (t < 8.0 * width || t > 1000.0 - 8.0 * width) {
            continue;  // edge-corrected, but the modulated part is not stationary there
        }
        const double expected = r0 * (1.0 + depth * gain * std::sin(omega * t - lag));
        max_deviation = std::max(max_deviation, std::abs(r.rate_hz[i] - expected));
        max_deviation_unsmoothed =
            std::max(max_deviation_unsmoothed, std::abs(r.rate_hz[i] - r0 * (1.0 + depth * std::sin(omega * t))));
    }
    CHECK(max_deviation < 5.0 * sd_hz);
    // Teeth: the rate itself, without the kernel's gain and lag, is far outside that bound.
    CHECK(max_deviation_unsmoothed > 10.0 * sd_hz);
}

TEST_CASE("rates: bad input gives an input_error that names the problem", "[unit]") {
    const spike_trains trains{{1.0, 2.0}, {3.0}};
    const time_window w{0.0, 1000.0};
    CHECK_INPUT_ERROR(fano_factors(trains, w, {2000.0}),
                      "fano_factors: window_ms = 2000 is longer than the recording window (1000 ms); must be <= 1000");
    CHECK_INPUT_ERROR(fano_factors(trains, w, {-5.0}), "window_ms = -5 is invalid; must be > 0");
    CHECK_INPUT_ERROR(fano_factors(trains, w, {}), "no window lengths given");
    CHECK_INPUT_ERROR(fano_factors({{1.0}}, w, {10.0}), "pooling across trials needs at least 2");
    CHECK_INPUT_ERROR(make_psth(trains, w, -1.0), "make_psth: bin_width_ms = -1 is invalid; must be > 0");
    CHECK_INPUT_ERROR(make_psth(trains, w, 1500.0), "bin_width_ms = 1500 is longer than the recording window");
    CHECK_INPUT_ERROR(kernel_rate(trains, w, 1.0, kernel_kind::gaussian, 0.0), "width_ms = 0 is invalid");
    CHECK_INPUT_ERROR(kernel_rate(trains, w, 0.0, kernel_kind::gaussian, 5.0), "dt_ms = 0 is invalid");
    CHECK_INPUT_ERROR(summarise_rates({{1.0}}, w), "1 trial given; a standard error across trials needs at least 2");
    CHECK_INPUT_ERROR(trial_rates_hz({}, w), "no trials given");
    CHECK_INPUT_ERROR(trial_rates_hz({{3.0, 2.0}}, w), "spike time[1] = 2 ms is not after spike time[0] = 3 ms");
    CHECK_INPUT_ERROR(trial_rates_hz(trains, {10.0, 0.0}), "window [10, 0) ms is invalid");
}

TEST_CASE("rates: Fano factor with no spike is missing, not NaN", "[unit]") {
    const std::vector<fano_point> f = fano_factors({{}, {}, {}}, {0.0, 100.0}, {10.0});
    CHECK_FALSE(f[0].fano.has_value());
    CHECK_FALSE(f[0].se.has_value());
    CHECK(f[0].mean_count == 0.0);
}
