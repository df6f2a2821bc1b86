// Philox known answers (Random123's kat_vectors), the uniform mapping, and the distributions.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/counter_rng.hpp"

using namespace hhsim;

TEST_CASE("counter_rng: Philox4x32-10 reproduces Random123's published known-answer vectors", "[unit]") {
    // Counter words (c0..c3) and key words (k0, k1) map onto (seed, trial, purpose, index) as in docs/rng.md:
    // c0 = index low 32, c1 = index bits 32..47 | purpose << 16, c2/c3 = trial, k0/k1 = seed.
    const rng::words zero = rng::draw(0, 0, 0, 0);
    CHECK(zero.w[0] == 0x6627e8d5u);
    CHECK(zero.w[1] == 0xe169c58du);
    CHECK(zero.w[2] == 0xbc57ac4cu);
    CHECK(zero.w[3] == 0x9b00dbd8u);

    const rng::words ones = rng::draw(~0ull, ~0ull, 0xffffu, 0xffffffffffffull);
    CHECK(ones.w[0] == 0x408f276du);
    CHECK(ones.w[1] == 0x41c83b0eu);
    CHECK(ones.w[2] == 0xa20bc7c6u);
    CHECK(ones.w[3] == 0x6d5451fdu);

    const rng::words pi = rng::draw(0x299f31d0a4093822ull, 0x0370734413198a2eull, 0x85a3u, 0x08d3243f6a88ull);
    CHECK(pi.w[0] == 0xd16cfe09u);
    CHECK(pi.w[1] == 0x94fdccebu);
    CHECK(pi.w[2] == 0x5001e420u);
    CHECK(pi.w[3] == 0x24126ea1u);
}

TEST_CASE("counter_rng: uniforms lie strictly inside (0 1) so log() is always finite", "[unit]") {
    CHECK(rng::u01_open(0, 0) > 0.0);
    CHECK(rng::u01_open(0xffffffffu, 0xffffffffu) < 1.0);
    CHECK(std::isfinite(rng::exponential(0, 0)));
    CHECK(rng::exponential(0xffffffffu, 0xffffffffu) > 0.0);
    CHECK(rng::below(~0ull, 10) == 9);
    CHECK(rng::below(0, 10) == 0);
}

TEST_CASE("counter_rng: exponential and normal draws have the right mean and variance", "[statistical]") {
    // n = 200000 draws: SE of the mean is 1/sqrt(n) = 0.0022 for both; of the variance about
    // sqrt(8/n) = 0.0063 (exponential) and sqrt(2/n) = 0.0032 (normal). Bounds are 5 SE.
    const int n = 200000;
    double se = 0, se2 = 0, sn = 0, sn2 = 0;
    for (int i = 0; i < n; ++i) {
        const rng::words w = rng::draw(42, 7, 9, static_cast<std::uint64_t>(i));
        const double e = rng::exponential(w.w[0], w.w[1]);
        se += e;
        se2 += e * e;
        double z0, z1;
        rng::normal_pair(w, z0, z1);
        sn += z0 + z1;
        sn2 += z0 * z0 + z1 * z1;
    }
    const double mean_e = se / n;
    CHECK(std::abs(mean_e - 1.0) < 5 * 0.0022);
    CHECK(std::abs(se2 / n - mean_e * mean_e - 1.0) < 5 * 0.0063);
    const double mean_n = sn / (2 * n);
    CHECK(std::abs(mean_n) < 5 * 0.0016);
    CHECK(std::abs(sn2 / (2 * n) - mean_n * mean_n - 1.0) < 5 * 0.0023);
}

TEST_CASE("counter_rng: streams differ by seed and trial and purpose and index", "[unit]") {
    const rng::words a = rng::draw(1, 2, 3, 4);
    CHECK(rng::draw(1, 2, 3, 4).w[0] == a.w[0]);
    CHECK(rng::draw(2, 2, 3, 4).w[0] != a.w[0]);
    CHECK(rng::draw(1, 3, 3, 4).w[0] != a.w[0]);
    CHECK(rng::draw(1, 2, 4, 4).w[0] != a.w[0]);
    CHECK(rng::draw(1, 2, 3, 5).w[0] != a.w[0]);
}
