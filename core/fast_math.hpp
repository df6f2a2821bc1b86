#pragma once
// Branch-free, vectorisable exp and the x/(1 - e^-x) helper used by the HH rate functions.
// Why our own exp: glibc's exp only vectorises under -ffast-math, and exp dominates the HH step
// (shared/PERFORMANCE_NOTES.md). Accuracy is tested against std::exp in tests/core/test_fast_math.cpp.

#include <bit>
#include <cstdint>

#include "core/host_device.hpp"

namespace hhsim {

/// e^x for double x, about 1 ulp; inputs are clamped to [-708, 709] (no overflow, no subnormals),
/// NaN propagates. Written as straight-line code so GCC vectorises loops that call it.
HH_INLINE double hh_exp(double x) {
    x = x < -708.0 ? -708.0 : x;
    x = x > 709.0 ? 709.0 : x;
    // Round x/ln2 to the nearest integer n with the 1.5*2^52 shifter: n lands in the low mantissa bits.
    constexpr double shifter = 0x1.8p52;
    constexpr double inv_ln2 = 0x1.71547652b82fep0;
    constexpr double ln2_hi = 0x1.62e42fefa39efp-1;   // ln2 split (Cody–Waite) so x - n*ln2 is exact
    constexpr double ln2_lo = 0x1.abc9e3b39803fp-56;
    double kd = x * inv_ln2 + shifter;
    const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
    kd -= shifter;
    double r = x - kd * ln2_hi;
    r -= kd * ln2_lo;  // |r| <= ln2/2
    // Taylor polynomial to degree 13: truncation error < 4e-18 relative on |r| <= 0.347.
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^n from the low 12 bits of ki (= n mod 4096); n + 1023 lies in [2, 2046] after the clamp.
    const double scale = std::bit_cast<double>((ki + 1023u) << 52);
    return p * scale;
}

/// Series of x / (1 - e^-x) = 1 + x/2 + x^2/12 - x^4/720 + x^6/30240 - x^8/1209600 + ..., used for
/// |x| < series_limit: truncation < 1e-17 relative there, while outside it the direct quotient loses
/// at most ~2e-15 relative to cancellation in 1 - e^-x.
constexpr double series_limit = 0.1;
HH_INLINE double x_over_1mexp_series(double x) {
    const double x2 = x * x;
    return 1.0 + x * 0.5 + x2 * (1.0 / 12.0 + x2 * (-1.0 / 720.0 + x2 * (1.0 / 30240.0 - x2 * (1.0 / 1209600.0))));
}

/// x / (1 - e^-x) given e = e^-x, finite at the removable singularity x = 0. Both branches are
/// computed so the selection vectorises; the discarded one may be 0/0.
HH_INLINE double x_over_1mexp(double x, double e_minus_x) {
    const double direct = x / (1.0 - e_minus_x);
    return (x < series_limit && x > -series_limit) ? x_over_1mexp_series(x) : direct;
}

}  // namespace hhsim
