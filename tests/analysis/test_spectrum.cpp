// Tests of analysis/spectrum: Parseval, a sinusoid's power, the flat spectrum of a Poisson train, the
// closed-form spectrum of a gamma renewal train, a periodic train's harmonics, cross-spectra and
// coherence with known answers, reproducibility under threads, and bad input.

#include <cmath>
#include <complex>
#include <numbers>
#include <thread>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <catch2/catch.hpp>

#include "analysis/spectrum.hpp"
#include "support.hpp"

using namespace hhsim::analysis;
using namespace hhsim::analysis::testing;

namespace {

constexpr double pi = std::numbers::pi;

Eigen::VectorXd white_noise(engine& rng, Eigen::Index n, double sd) {
    boost::random::normal_distribution<double> z(0.0, sd);
    Eigen::VectorXd x(n);
    for (double& v : x) {
        v = z(rng);
    }
    return x;
}

// Variance of one Welch estimate relative to S^2 for K segments of a Hann taper at 50 % overlap
// (Welch 1967): (1 + 2 rho^2) / K with rho = sum w_j w_{j+L/2} / sum w^2 = 1/6 for the periodic Hann,
// times 1.05 for the non-Gaussian (fourth-cumulant) part of sparse binned spike counts.
double welch_relative_variance(std::size_t k_segments) {
    return (1.0 + 2.0 / 36.0) * 1.05 / static_cast<double>(k_segments);
}

// Two-sided spectrum of a stationary gamma renewal process of order k and rate r (Hz) at f (Hz):
// r Re[(1 + F)/(1 - F)], F(f) = (1 + 2 pi i f / (k r))^-k the characteristic function of the ISI.
double gamma_spectrum(int k, double r, double f) {
    if (f == 0.0) {
        return r / k;  // limit: r CV^2
    }
    const std::complex<double> big_f = std::pow(std::complex<double>(1.0, 2.0 * pi * f / (k * r)), -k);
    return r * ((1.0 + big_f) / (1.0 - big_f)).real();
}

// What a train binned at width d (s) and sampled every d has: the boxcar's |H|^2 = sinc^2 and aliases
// of the continuous spectrum folded into [-1/2d, 1/2d]. The flat part r folds back to exactly r
// (sum_n sinc^2(pi (x + n)) = 1); only the decaying part S - r needs the (rapidly converging) sum.
double binned_gamma_spectrum(int k, double r, double f, double d) {
    double s = r;
    for (int n = -4; n <= 4; ++n) {
        const double nu = f + n / d;
        const double x = pi * nu * d;
        const double sinc2 = x == 0.0 ? 1.0 : (std::sin(x) / x) * (std::sin(x) / x);
        s += (gamma_spectrum(k, r, std::abs(nu)) - r) * sinc2;
    }
    return s;
}

}  // namespace

TEST_CASE("spectrum: Parseval, the integrated PSD is the variance of the signal", "[unit]") {
    engine rng(301);
    const Eigen::Index n = GENERATE(4000, 3999);  // even length has a Nyquist bin, odd has none
    Eigen::VectorXd x = white_noise(rng, n, 2.0);
    for (Eigen::Index j = 0; j < n; ++j) {
        x[j] += 3.0 + std::sin(0.05 * static_cast<double>(j));
    }
    const double dt_ms = 0.5;
    const double variance = (x.array() - x.mean()).square().mean();  // 1/N: what the periodogram sums to

    welch_options one_segment{static_cast<double>(n) * dt_ms, 0.0, window_kind::rectangular, psd_convention::one_sided};
    const psd g = power_spectrum(x, dt_ms, one_segment);
    CHECK(g.n_segments == 1);
    CHECK(g.frequency_hz.size() == n / 2 + 1);
    CHECK(g.resolution_hz == Approx(1000.0 / (static_cast<double>(n) * dt_ms)).epsilon(1e-15));
    CHECK(g.power.sum() * g.resolution_hz == Approx(variance).epsilon(1e-12));

    one_segment.convention = psd_convention::two_sided;
    const psd s = power_spectrum(x, dt_ms, one_segment);
    // Two-sided: S(0) + 2 sum_{0<f<fN} S + S(fN) (the last term only for even length).
    const Eigen::Index last = s.power.size() - 1;
    const double edges = s.power[0] + (n % 2 == 0 ? s.power[last] : 2.0 * s.power[last]);
    const double inner = 2.0 * s.power.segment(1, last - 1).sum();
    CHECK((edges + inner) * s.resolution_hz == Approx(variance).epsilon(1e-12));
    CHECK(s.power[0] == Approx(0.0).margin(1e-20 * variance));  // the mean is removed

    // Welch with a Hann taper: each segment's integrated PSD is its taper-weighted variance
    // sum w^2 (x - mean)^2 / sum w^2; the estimate averages them.
    const welch_options welch{200.0, 0.5, window_kind::hann, psd_convention::one_sided};
    const psd w = power_spectrum(x, dt_ms, welch);
    const Eigen::Index len = 400;
    Eigen::VectorXd taper(len);
    for (Eigen::Index j = 0; j < len; ++j) {
        taper[j] = std::pow(std::sin(pi * static_cast<double>(j) / static_cast<double>(len)), 2);
    }
    double expected = 0.0;
    std::size_t segments = 0;
    for (Eigen::Index start = 0; start + len <= n; start += len / 2) {
        const Eigen::VectorXd seg = x.segment(start, len);
        expected += (seg.array() - seg.mean()).square().matrix().dot(taper.cwiseAbs2()) / taper.squaredNorm();
        ++segments;
    }
    CHECK(w.n_segments == segments);
    CHECK(w.power.sum() * w.resolution_hz == Approx(expected / static_cast<double>(segments)).epsilon(1e-12));
}

TEST_CASE("spectrum: a sinusoid's power sits at its frequency", "[unit]") {
    const double amplitude = 3.0;
    const double dt_ms = 1.0;
    Eigen::VectorXd x(10000);
    SECTION("on a frequency bin: all of A^2/4 (two-sided) in the peak bin and its two neighbours") {
        for (Eigen::Index j = 0; j < x.size(); ++j) {
            x[j] = amplitude * std::sin(2.0 * pi * 50.0 * static_cast<double>(j) * dt_ms / 1000.0 + 0.3);
        }
        const psd s = power_spectrum(x, dt_ms, {1000.0, 0.5, window_kind::hann, psd_convention::two_sided});
        REQUIRE(s.resolution_hz == Approx(1.0).epsilon(1e-15));
        Eigen::Index peak = 0;
        s.power.maxCoeff(&peak);
        CHECK(peak == 50);
        CHECK(s.power.segment(49, 3).sum() * s.resolution_hz == Approx(amplitude * amplitude / 4.0).epsilon(1e-12));
        // Elsewhere only rounding: the Hann taper's transform vanishes beyond one bin.
        CHECK(s.power.sum() - s.power.segment(49, 3).sum() < 1e-20 * s.power[50]);
        const psd g = power_spectrum(x, dt_ms, {1000.0, 0.5, window_kind::hann, psd_convention::one_sided});
        CHECK(g.power.segment(49, 3).sum() * g.resolution_hz == Approx(amplitude * amplitude / 2.0).epsilon(1e-12));
    }
    SECTION("between bins: the leakage stays within a few bins") {
        for (Eigen::Index j = 0; j < x.size(); ++j) {
            x[j] = amplitude * std::sin(2.0 * pi * 50.37 * static_cast<double>(j) * dt_ms / 1000.0);
        }
        const psd g = power_spectrum(x, dt_ms, {1000.0, 0.5, window_kind::hann, psd_convention::one_sided});
        Eigen::Index peak = 0;
        g.power.maxCoeff(&peak);
        CHECK(peak == 50);
        // Hann sidelobes fall as 1/f^3 (power 1/f^6): beyond 6 bins less than 1e-4 of the power.
        CHECK(g.power.segment(44, 13).sum() * g.resolution_hz == Approx(amplitude * amplitude / 2.0).epsilon(1e-3));
    }
}

TEST_CASE("spectrum: Poisson spike train spectrum is flat at its rate r", "[statistical]") {
    const double rate = 50.0;
    const spike_trains trains = make_trials(40, 311, [&](engine& rng) { return poisson_train(rng, rate, 20000.0); });
    const time_window w{0.0, 20000.0};
    const psd s = spike_train_spectrum(trains, w, 1.0, {1000.0, 0.5, window_kind::hann, psd_convention::two_sided});
    REQUIRE(s.n_segments == 40u * 39u);
    REQUIRE(s.power.size() == 501);
    const double rel_sd = std::sqrt(welch_relative_variance(s.n_segments));
    // Bins 0 and 1 hold the removed segment means (Hann); the Nyquist bin's periodogram is chi^2 with
    // one degree of freedom (X real), so twice the variance of the others.
    for (Eigen::Index m = 2; m < 500; ++m) {
        CHECK(std::abs(s.power[m] - rate) < 5.0 * rate * rel_sd);
    }
    CHECK(std::abs(s.power[500] - rate) < 5.0 * std::sqrt(2.0) * rate * rel_sd);
    // Band mean: adjacent Hann bins are correlated (rho^2 = 4/9 next, 1/36 next but one), so the mean of M
    // bins has relative variance (1 + 8/9 + 1/18) / M times that of one bin.
    const double band = s.power.segment(2, 498).mean();
    CHECK(std::abs(band / rate - 1.0) < 5.0 * rel_sd * std::sqrt((1.0 + 8.0 / 9.0 + 1.0 / 18.0) / 498.0));
    // The across-trial SE the library reports agrees with the theory (its own noise: ~11 % per bin,
    // averaged over 498 bins).
    CHECK(s.se.segment(2, 498).mean() / (rate * rel_sd) == Approx(1.0).margin(0.1));

    // One-sided: doubled except DC and Nyquist.
    const psd g = spike_train_spectrum(trains, w, 1.0, {1000.0, 0.5, window_kind::hann, psd_convention::one_sided});
    CHECK(g.power.segment(2, 498).mean() / (2.0 * rate) == Approx(band / rate).epsilon(1e-12));
    CHECK(g.power[500] == s.power[500]);
}

TEST_CASE("spectrum: gamma renewal spike train spectrum matches r Re[(1+F)/(1-F)] and tends to r", "[statistical]") {
    const int k = 4;
    const double rate = 50.0;
    const double bin_ms = 0.5;
    const spike_trains trains =
        make_trials(40, 321, [&](engine& rng) { return gamma_train(rng, k, rate, 25000.0); });
    const psd s = spike_train_spectrum(trains, {0.0, 25000.0}, bin_ms, {500.0, 0.5, window_kind::hann, psd_convention::two_sided});
    REQUIRE(s.power.size() == 501);
    const double rel_sd = std::sqrt(welch_relative_variance(s.n_segments));
    const double df = s.resolution_hz;
    const auto expected = [&](double f) { return binned_gamma_spectrum(k, rate, f, bin_ms / 1000.0); };
    double worst_against_flat = 0.0;
    for (Eigen::Index m = 2; m < 500; ++m) {
        const double f = s.frequency_hz[m];
        // The Hann spectral window has second moment df^2/3, which adds S'' df^2 / 6 to the expectation
        // (a few thousandths of the SD here, kept for exactness).
        const double curvature = (expected(f + df) - 2.0 * expected(f) + expected(f - df)) / (df * df);
        const double mean = expected(f) + curvature * df * df / 6.0;
        INFO("f = " << f << " Hz");
        CHECK(std::abs(s.power[m] - mean) < 5.0 * mean * rel_sd);
        worst_against_flat = std::max(worst_against_flat, std::abs(s.power[m] - rate) / (rate * rel_sd));
    }
    CHECK(worst_against_flat > 20.0);  // teeth: far from the Poisson answer at low frequency
    // At high frequency any train's spectrum tends to r: the band 300-900 Hz averages to r.
    const Eigen::Index lo = 150;
    const Eigen::Index count = 300;
    const double band = s.power.segment(lo, count).mean();
    CHECK(std::abs(band / rate - 1.0) < 5.0 * rel_sd * std::sqrt((1.0 + 8.0 / 9.0 + 1.0 / 18.0) / count));
    // ...and at f -> 0 towards r CV^2 = r/k (bins 2..4 are within a few percent of it).
    CHECK(s.power[2] == Approx(expected(2.0 * df)).epsilon(5.0 * rel_sd));
}

TEST_CASE("spectrum: periodic spike train has lines at the harmonics, each carrying r^2", "[unit]") {
    // 50 Hz, binned at 1 ms: one bin in 20 holds 1000 Hz. Its Fourier coefficients all have |c_n| = 1/T,
    // so each harmonic n = 1..9 carries r^2 and the Nyquist line (n = 10, 500 Hz) r^2 once.
    const double rate = 50.0;
    const spike_trains trains(2, periodic_train(20.0, 5.0, 10000.0));
    const psd s = spike_train_spectrum(trains, {0.0, 10000.0}, 1.0, {1000.0, 0.5, window_kind::hann, psd_convention::two_sided});
    const double df = s.resolution_hz;
    REQUIRE(df == Approx(1.0).epsilon(1e-15));
    const double r2 = rate * rate;
    for (Eigen::Index n = 1; n <= 9; ++n) {
        const Eigen::Index m = 50 * n;
        Eigen::Index peak = 0;
        s.power.segment(m - 10, 21).maxCoeff(&peak);
        CHECK(peak == 10);
        CHECK(s.power.segment(m - 1, 3).sum() * df == Approx(r2).epsilon(1e-9));
    }
    // The Nyquist line leaks into bin 499 and its mirror image 501, which the two-sided S counts at 499.
    CHECK((s.power[500] + 2.0 * s.power[499]) * df == Approx(r2).epsilon(1e-9));
    // Nothing between the lines.
    for (Eigen::Index m = 2; m < 499; ++m) {
        if (std::abs(m - 50 * ((m + 25) / 50)) > 1) {
            CHECK(s.power[m] * df < 1e-9 * r2);
        }
    }
    const psd g = spike_train_spectrum(trains, {0.0, 10000.0}, 1.0, {1000.0, 0.5, window_kind::hann, psd_convention::one_sided});
    CHECK(g.power.segment(99, 3).sum() * df == Approx(2.0 * r2).epsilon(1e-9));
    CHECK((g.power[500] + g.power[499]) * df == Approx(r2).epsilon(1e-9));
}

TEST_CASE("spectrum: cross-spectrum of a delayed noisy copy has phase -2 pi f D and coherence 1/2",
          "[statistical]") {
    engine rng(331);
    const Eigen::Index delay = 5;  // samples of 1 ms
    const Eigen::Index n = 20000;
    std::vector<Eigen::VectorXd> x;
    std::vector<Eigen::VectorXd> y;
    for (int trial = 0; trial < 20; ++trial) {
        const Eigen::VectorXd source = white_noise(rng, n + delay, 1.0);
        x.push_back(source.tail(n));                               // x_j = source_{j+D}
        y.push_back(source.head(n) + white_noise(rng, n, 1.0));   // y_j = x_{j-D} + noise
    }
    const csd c = cross_spectrum(x, y, 1.0, {1000.0, 0.5, window_kind::hann, psd_convention::two_sided});
    const double k_eff = static_cast<double>(c.n_segments) / (1.0 + 2.0 / 36.0);
    // Inside one segment only the taper overlap sum w_j w_{j+D} / sum w^2 of the delayed signal is shared.
    double overlap = 0.0;
    double norm = 0.0;
    for (Eigen::Index j = 0; j < 1000; ++j) {
        const double wj = std::pow(std::sin(pi * static_cast<double>(j) / 1000.0), 2);
        const double wd = j + delay < 1000 ? std::pow(std::sin(pi * static_cast<double>(j + delay) / 1000.0), 2) : 0.0;
        overlap += wj * wd;
        norm += wj * wj;
    }
    const double rho = overlap / norm;
    const double coherence = rho * rho / 2.0;  // S_xx = S_nn = sigma^2 dt = 0.001 (units^2/Hz)
    // Bendat & Piersol: SD of the phase sqrt(1 - g^2)/(|g| sqrt(2 K)), of |S_xy| relative 1/(|g| sqrt(K)),
    // of the coherence sqrt(2) g^2 (1 - g^2) / (|g| sqrt(K)), bias of the coherence (1 - g^2)^2 / K.
    const double g = std::sqrt(coherence);
    const double sd_phase = std::sqrt(1.0 - coherence) / (g * std::sqrt(2.0 * k_eff));
    const double sd_coh = std::sqrt(2.0) * coherence * (1.0 - coherence) / (g * std::sqrt(k_eff));
    const double bias = (1.0 - coherence) * (1.0 - coherence) / k_eff;
    double mean_coh = 0.0;
    double mean_mag = 0.0;
    for (Eigen::Index m = 2; m < 500; ++m) {
        const double f = c.frequency_hz[m];
        const std::complex<double> unrotated = c.cross[m] * std::polar(1.0, 2.0 * pi * f * static_cast<double>(delay) / 1000.0);
        CHECK(std::abs(std::arg(unrotated)) < 5.0 * sd_phase);
        CHECK(std::abs(c.coherence[m] - coherence - bias) < 5.0 * sd_coh);
        mean_coh += c.coherence[m] / 498.0;
        mean_mag += std::abs(c.cross[m]) / 498.0;
    }
    const double correlation = std::sqrt((1.0 + 8.0 / 9.0 + 1.0 / 18.0) / 498.0);  // adjacent Hann bins
    CHECK(std::abs(mean_coh - coherence - bias) < 5.0 * sd_coh * correlation);
    CHECK(std::abs(mean_mag / (0.001 * rho) - 1.0) < 5.0 / (g * std::sqrt(k_eff)) * correlation);
    CHECK(c.power_x.segment(2, 498).mean() == Approx(0.001).epsilon(5.0 / std::sqrt(k_eff) * correlation));
    CHECK(c.power_y.segment(2, 498).mean() == Approx(0.002).epsilon(5.0 / std::sqrt(k_eff) * correlation));
}

TEST_CASE("spectrum: coherence of independent signals is 1/K", "[statistical]") {
    engine rng(341);
    const std::vector<Eigen::VectorXd> x{white_noise(rng, 64000, 1.0)};
    const std::vector<Eigen::VectorXd> y{white_noise(rng, 64000, 3.0)};
    // Rectangular, no overlap: K = 64 independent segments, and for Gaussian signals the estimate at each
    // bin is Beta(1, K - 1): mean 1/K, SD ~ 1/K; bins are independent for white noise.
    const csd c = cross_spectrum(x, y, 1.0, {1000.0, 0.0, window_kind::rectangular, psd_convention::one_sided});
    REQUIRE(c.n_segments == 64);
    const double k = 64.0;
    const double mean = c.coherence.segment(1, 498).mean();
    CHECK(std::abs(mean - 1.0 / k) < 5.0 * std::sqrt((k - 1.0) / (k * k * (k + 1.0))) / std::sqrt(498.0));
    CHECK(c.coherence.maxCoeff() <= 1.0);
    CHECK(c.coherence.minCoeff() >= 0.0);
}

TEST_CASE("spectrum: spike train driven by a signal, cross-spectrum a S_ss and coherence a^2 S_ss/(r0 + a^2 S_ss)",
          "[statistical]") {
    // Rate r0 + a s_j held over 10 ms bins, s_j ~ N(0, 1): binned at the same 10 ms, the train is white
    // with S_yy = r0 + a^2 S_ss, S_sy = a S_ss and S_ss = sigma^2 dt = 0.01 (two-sided).
    engine rng(351);
    const double r0 = 1000.0;
    const double a = 150.0;  // r0 / a = 6.7 SD: the rate never goes negative in practice
    const double bin_ms = 10.0;
    const Eigen::Index n = 10000;
    std::vector<Eigen::VectorXd> s_trials;
    std::vector<Eigen::VectorXd> y_trials;
    for (int trial = 0; trial < 20; ++trial) {
        const Eigen::VectorXd s = white_noise(rng, n, 1.0);
        spike_train train;
        boost::random::uniform_real_distribution<double> where(0.0, bin_ms);
        for (Eigen::Index j = 0; j < n; ++j) {
            boost::random::poisson_distribution<int> count(std::max(r0 + a * s[j], 0.0) * bin_ms / 1000.0);
            const int c = count(rng);
            std::vector<double> in_bin;
            for (int i = 0; i < c; ++i) {
                in_bin.push_back(static_cast<double>(j) * bin_ms + where(rng));
            }
            std::sort(in_bin.begin(), in_bin.end());
            train.insert(train.end(), in_bin.begin(), in_bin.end());
        }
        s_trials.push_back(s);
        y_trials.push_back(bin_spike_train(train, {0.0, static_cast<double>(n) * bin_ms}, bin_ms));
    }
    const csd c = cross_spectrum(s_trials, y_trials, bin_ms, {1000.0, 0.5, window_kind::hann, psd_convention::two_sided});
    const double s_ss = 0.01;
    const double coherence = a * a * s_ss / (r0 + a * a * s_ss);
    const double k_eff = static_cast<double>(c.n_segments) / (1.0 + 2.0 / 36.0);
    const double g = std::sqrt(coherence);
    const double sd_coh = std::sqrt(2.0) * coherence * (1.0 - coherence) / (g * std::sqrt(k_eff));
    const double bias = (1.0 - coherence) * (1.0 - coherence) / k_eff;
    const double sd_mag = 1.0 / (g * std::sqrt(k_eff));
    for (Eigen::Index m = 2; m < c.cross.size() - 1; ++m) {
        CHECK(std::abs(c.coherence[m] - coherence - bias) < 5.0 * sd_coh);
        CHECK(std::abs(c.cross[m].real() / (a * s_ss) - 1.0) < 5.0 * sd_mag);
        CHECK(std::abs(c.cross[m].imag() / (a * s_ss)) < 5.0 * sd_mag);
        CHECK(std::abs(c.power_y[m] / (r0 + a * a * s_ss) - 1.0) < 5.0 * std::sqrt(1.05 / k_eff));
    }
}

TEST_CASE("spectrum: results are reproducible, also when computed from several threads at once", "[unit]") {
    engine rng(361);
    std::vector<Eigen::VectorXd> signals;
    for (int i = 0; i < 4; ++i) {
        signals.push_back(white_noise(rng, 6000 + 1000 * i, 1.0));
    }
    // Segment lengths new to the plan cache, so the threads race to create plans.
    const auto options = [](int i) { return welch_options{250.0 + 10.0 * i, 0.5, window_kind::hann, psd_convention::one_sided}; };
    std::vector<psd> parallel(4);
    {
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] { parallel[static_cast<std::size_t>(i)] = power_spectrum(signals[static_cast<std::size_t>(i)], 0.5, options(i)); });
        }
        for (std::thread& t : threads) {
            t.join();
        }
    }
    for (int i = 0; i < 4; ++i) {
        const psd serial = power_spectrum(signals[static_cast<std::size_t>(i)], 0.5, options(i));
        CHECK(serial.power == parallel[static_cast<std::size_t>(i)].power);  // bit for bit
    }
}

TEST_CASE("spectrum: bad input gives an input_error that names the problem", "[unit]") {
    const Eigen::VectorXd x = Eigen::VectorXd::Ones(1000);
    CHECK_INPUT_ERROR(power_spectrum(x, 1.0, {2000.0}),
                      "power_spectrum: segment_ms = 2000 is longer than the recording (1000 ms); must be <= 1000");
    CHECK_INPUT_ERROR(power_spectrum(x, 1.0, {100.5}), "segment_ms = 100.5 is not a whole number of samples of dt_ms = 1");
    CHECK_INPUT_ERROR(power_spectrum(x, 1.0, {100.0, 1.0}), "overlap = 1 is invalid; must be in [0, 1)");
    CHECK_INPUT_ERROR(power_spectrum(x, -1.0, {100.0}), "dt_ms = -1 is invalid; must be > 0");
    CHECK_INPUT_ERROR(power_spectrum(x, 1.0, {1.0}), "a segment needs at least 2");
    CHECK_INPUT_ERROR(power_spectrum(std::vector<Eigen::VectorXd>{}, 1.0, {}), "no trials given");
    CHECK_INPUT_ERROR(power_spectrum(std::vector<Eigen::VectorXd>{x, Eigen::VectorXd::Ones(999)}, 1.0, {100.0}),
                      "trials[1] has 999 samples and trials[0] has 1000; all trials must have the same length");
    Eigen::VectorXd bad = x;
    bad[3] = std::nan("");
    CHECK_INPUT_ERROR(power_spectrum(bad, 1.0, {100.0}), "trials[0] has a non-finite sample");
    CHECK_INPUT_ERROR(cross_spectrum({x}, {x, x}, 1.0, {100.0}), "1 trials of x and 2 of y");
    CHECK_INPUT_ERROR(spike_train_spectrum({{1.0, 2.0}}, {0.0, 1000.0}, 1.0, {5000.0}),
                      "spike_train_spectrum: segment_ms = 5000 is longer than the recording window (1000 ms)");
    CHECK_INPUT_ERROR(spike_train_spectrum({{2.0, 1.0}}, {0.0, 1000.0}, 1.0, {100.0}), "not after spike time[0]");
    CHECK_INPUT_ERROR(spike_train_spectrum({{1.0}}, {0.0, 1000.0}, -0.5, {100.0}), "bin_ms = -0.5 is invalid; must be > 0");
    CHECK_INPUT_ERROR(bin_spike_train({1.0}, {0.0, 10.0}, 20.0), "bin_ms = 20 is longer than the recording window (10 ms)");
}
