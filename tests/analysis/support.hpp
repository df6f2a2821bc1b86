#pragma once
// Test support for the analysis tests: spike trains of processes whose statistics are known in closed
// form, drawn with Boost.Random from fixed seeds, and a check that an input_error names what went wrong.

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>

#include "analysis/spike_train.hpp"
#include "core/error.hpp"

// The expression must throw hhsim::input_error whose message contains `text`.
#define CHECK_INPUT_ERROR(expr, text)                                  \
    do {                                                               \
        CHECK_THROWS_AS(expr, hhsim::input_error);                     \
        CHECK_THROWS_WITH(expr, Catch::Matchers::Contains(text));      \
    } while (false)

namespace hhsim::analysis::testing {

using engine = boost::random::mt19937_64;

/// Homogeneous Poisson process of rate_hz on [0, duration_ms): exponential gaps of mean 1000/rate_hz ms.
inline spike_train poisson_train(engine& rng, double rate_hz, double duration_ms) {
    boost::random::exponential_distribution<double> gap(rate_hz / 1000.0);
    spike_train t;
    for (double s = gap(rng); s < duration_ms; s += gap(rng)) {
        t.push_back(s);
    }
    return t;
}

/// Stationary gamma renewal process of integer order k and rate_hz on [0, duration_ms).
/// ISIs are Gamma(k, scale 1000/(k rate_hz) ms), i.e. k exponential phases of rate k rate_hz. In
/// equilibrium the phase in progress at t = 0 is uniform over the k phases and, by memorylessness, the
/// wait to the first spike is Gamma(m, same scale) with m uniform on {1..k}: no burn-in needed.
inline spike_train gamma_train(engine& rng, int k, double rate_hz, double duration_ms) {
    const double scale_ms = 1000.0 / (k * rate_hz);
    boost::random::uniform_int_distribution<int> phases(1, k);
    boost::random::gamma_distribution<double> first(phases(rng), scale_ms);
    boost::random::gamma_distribution<double> isi(k, scale_ms);
    spike_train t;
    for (double s = first(rng); s < duration_ms; s += isi(rng)) {
        t.push_back(s);
    }
    return t;
}

/// Spikes at phase_ms + n period_ms in [0, duration_ms) (exact in double when both are integers).
inline spike_train periodic_train(double period_ms, double phase_ms, double duration_ms) {
    spike_train t;
    for (int n = 0; phase_ms + n * period_ms < duration_ms; ++n) {
        t.push_back(phase_ms + n * period_ms);
    }
    return t;
}

/// Inhomogeneous Poisson process on [0, duration_ms) by thinning (Lewis & Shedler 1979):
/// candidates at max_rate_hz, each kept with probability rate_hz(t) / max_rate_hz.
inline spike_train inhomogeneous_poisson(engine& rng, const std::function<double(double)>& rate_hz,
                                         double max_rate_hz, double duration_ms) {
    boost::random::uniform_01<double> u;
    spike_train t;
    for (double s : poisson_train(rng, max_rate_hz, duration_ms)) {
        if (u(rng) * max_rate_hz < rate_hz(s)) {
            t.push_back(s);
        }
    }
    return t;
}

/// n trials of a generator drawing from one engine seeded with `seed`.
inline spike_trains make_trials(std::size_t n, std::uint64_t seed, const std::function<spike_train(engine&)>& one) {
    engine rng(seed);
    spike_trains out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(one(rng));
    }
    return out;
}

}  // namespace hhsim::analysis::testing
