#pragma once
// Branch-free, vectorisable exp, log and sincos, and the x/(1 - e^-x) helper used by the HH rate
// functions, in double and (exp and the helper) in float for the f32 kernels.
// Why our own exp: glibc's exp only vectorises under -ffast-math, and exp dominates the HH step
// (shared/PERFORMANCE_NOTES.md). Accuracy is tested against std::exp in tests/core/test_kinetics.cpp.
// Integer steps use only additions, shifts and logic of the real type's width: AVX2 has no vector
// int64 <-> double conversion (AVX-512DQ has), and a loop that needs one stays scalar there.

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
    // ln2 split (Cody–Waite): ln2_hi has 32 significant bits, so n * ln2_hi (|n| <= 1023) and
    // x - n * ln2_hi are exact with or without FMA. (A 53-bit ln2_hi is exact only when the product
    // is fused: without FMA, as in the x86-64 baseline kernels, that lost 8 bits: 256 ulp.)
    constexpr double ln2_hi = 0x1.62e42feep-1;
    constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
    double kd = x * inv_ln2 + shifter;
    // n comes from the shifter's bits, not from a conversion: 64-bit additions and shifts vectorise on
    // AVX2 and AVX-512 alike. (Taking the low 32 bits instead gives the same values but mixes 32- and
    // 64-bit lanes, and GCC then runs the whole double loop in 256-bit vectors on AVX-512.)
    const std::uint64_t ki = hh_bit_cast<std::uint64_t>(kd);
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
    const double scale = hh_bit_cast<double>((ki + 1023u) << 52);
    return p * scale;
}

/// e^x for float x, about 1 ulp (float); inputs are clamped to [-87, 88], NaN propagates. The same
/// scheme as the double version: n = round(x / ln2) by the 1.5*2^23 shifter, r = x - n ln2 in two
/// parts, Taylor polynomial to degree 7 (truncation < 6e-9 relative on |r| <= 0.347), times 2^n.
HH_INLINE float hh_exp(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    constexpr float shifter = 0x1.8p23f;
    constexpr float inv_ln2 = 0x1.715476p0f;
    constexpr float ln2_hi = 0x1.62e4p-1f;        // 16 bits: n * ln2_hi is exact for |n| <= 128
    constexpr float ln2_lo = 0x1.7f7d1cp-20f;
    float kd = x * inv_ln2 + shifter;
    const std::uint32_t ki = hh_bit_cast<std::uint32_t>(kd);
    kd -= shifter;
    float r = x - kd * ln2_hi;
    r -= kd * ln2_lo;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    // 2^n from the low 9 bits of ki; n + 127 lies in [1, 254] after the clamp.
    const float scale = hh_bit_cast<float>((ki + 127u) << 23);
    return p * scale;
}

/// Natural log of a positive, finite, normal x (about 1 ulp). x = 2^e * m with m in
/// [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716, by its odd series
/// to s^21 (truncation < 3e-17 relative). Branch-free, so loops over it vectorise; also keeps the
/// hot path out of libm (legacy-SSE library code after AVX-512 code stalls on some CPUs).
HH_INLINE double hh_log(double x) {
    const std::uint64_t bits = hh_bit_cast<std::uint64_t>(x);
    const double m1 = hh_bit_cast<double>((bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull);  // [1, 2)
    // The biased exponent E as a double without an int64 -> double conversion: the bits of 2^52 + E,
    // minus 2^52 + 1023 (exact), give E - 1023.
    const double e1 = hh_bit_cast<double>((bits >> 52) | 0x4330000000000000ull) - (0x1.0p52 + 1023.0);
    // Both candidates are computed before the select (GCC vectorises selects between values).
    const bool high = m1 > 1.4142135623730951;
    const double m1_half = 0.5 * m1;
    const double e1_next = e1 + 1.0;
    const double m = high ? m1_half : m1;
    const double e = high ? e1_next : e1;
    const double s = (m - 1.0) / (m + 1.0);
    const double z = s * s;
    double p = 1.0 / 21.0;
    p = p * z + 1.0 / 19.0;
    p = p * z + 1.0 / 17.0;
    p = p * z + 1.0 / 15.0;
    p = p * z + 1.0 / 13.0;
    p = p * z + 1.0 / 11.0;
    p = p * z + 1.0 / 9.0;
    p = p * z + 1.0 / 7.0;
    p = p * z + 1.0 / 5.0;
    p = p * z + 1.0 / 3.0;
    constexpr double ln2_hi = 0x1.62e42fefa39efp-1;
    constexpr double ln2_lo = 0x1.abc9e3b39803fp-56;
    const double log_m = 2.0 * s + 2.0 * s * (z * p);
    return e * ln2_hi + (log_m + e * ln2_lo);
}

/// cos(2 pi u) and sin(2 pi u) for u in [0, 1), about 1 ulp: u is split exactly into a quarter turn
/// q and a remainder angle theta in [0, pi/2), whose sine and cosine are Taylor polynomials to
/// degree 21 and 22 (truncation < 2e-18).
HH_INLINE void hh_sincos_2pi(double u, double& c, double& s) {
    const double four_u = 4.0 * u;
    const double q = four_u >= 3.0 ? 3.0 : (four_u >= 2.0 ? 2.0 : (four_u >= 1.0 ? 1.0 : 0.0));
    const double theta = (four_u - q) * 1.5707963267948966;  // the subtraction is exact
    const double t2 = theta * theta;
    double ps = -1.0 / 51090942171709440000.0;               // -1/21!
    ps = ps * t2 + 1.0 / 121645100408832000.0;               // 1/19!
    ps = ps * t2 - 1.0 / 355687428096000.0;
    ps = ps * t2 + 1.0 / 1307674368000.0;
    ps = ps * t2 - 1.0 / 6227020800.0;
    ps = ps * t2 + 1.0 / 39916800.0;
    ps = ps * t2 - 1.0 / 362880.0;
    ps = ps * t2 + 1.0 / 5040.0;
    ps = ps * t2 - 1.0 / 120.0;
    ps = ps * t2 + 1.0 / 6.0;
    const double sin_t = theta - theta * t2 * ps;
    double pc = 1.0 / 1124000727777607680000.0;              // 1/22!
    pc = pc * t2 - 1.0 / 2432902008176640000.0;              // -1/20!
    pc = pc * t2 + 1.0 / 6402373705728000.0;
    pc = pc * t2 - 1.0 / 20922789888000.0;
    pc = pc * t2 + 1.0 / 87178291200.0;
    pc = pc * t2 - 1.0 / 479001600.0;
    pc = pc * t2 + 1.0 / 3628800.0;
    pc = pc * t2 - 1.0 / 40320.0;
    pc = pc * t2 + 1.0 / 720.0;
    pc = pc * t2 - 1.0 / 24.0;
    pc = pc * t2 + 0.5;
    const double cos_t = 1.0 - t2 * pc;
    // Rotate by q quarter turns.
    c = q == 0.0 ? cos_t : (q == 1.0 ? -sin_t : (q == 2.0 ? -cos_t : sin_t));
    s = q == 0.0 ? sin_t : (q == 1.0 ? cos_t : (q == 2.0 ? -sin_t : -cos_t));
}

/// Series of x / (1 - e^-x) = 1 + x/2 + x^2/12 - x^4/720 + x^6/30240 - x^8/1209600 + ..., used for
/// |x| < series_limit: truncation < 1e-17 relative there, while outside it the direct quotient loses
/// at most ~2e-15 relative to cancellation in 1 - e^-x (in float: ~1e-6).
constexpr double series_limit = 0.1;
template <typename Real>
HH_INLINE Real x_over_1mexp_series(Real x) {
    const Real x2 = x * x;
    return Real(1) + x * Real(0.5) +
           x2 * (Real(1.0 / 12.0) + x2 * (Real(-1.0 / 720.0) + x2 * (Real(1.0 / 30240.0) - x2 * Real(1.0 / 1209600.0))));
}

/// x / (1 - e^-x) given e = e^-x, finite at the removable singularity x = 0. Both branches are
/// computed so the selection vectorises; the discarded one may be 0/0.
template <typename Real>
HH_INLINE Real x_over_1mexp(Real x, Real e_minus_x) {
    const Real direct = x / (Real(1) - e_minus_x);
    return (x < Real(series_limit) && x > Real(-series_limit)) ? x_over_1mexp_series(x) : direct;
}

}  // namespace hhsim
