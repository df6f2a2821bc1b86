#pragma once
// HH gating rate functions (1/ms, V in mV), steady states and time constants.
// Equations: docs/theory.md, "Model". The six classic rates share three exponentials:
// exp(-(v+35)/10) and exp(-(v+55)/10) are exp(-(v+40)/10) times a constant, and
// exp(-(v+65)/20) = exp(-(v+65)/80)^4. The 0/0 points at v = -40 and -55 mV are removable.

#include <cmath>

#include "core/fast_math.hpp"
#include "core/host_device.hpp"

namespace hhsim {

struct hh_rates {
    double alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;  ///< 1/ms
};

/// All six HH rates at membrane potential v (mV); finite for |v| <= 1000 mV (blow_up_limit_mv, core/limits.hpp).
HH_INLINE hh_rates hh_rates_at(double v) {
    constexpr double e_half = 1.6487212707001282;     // e^0.5
    constexpr double e_m1_5 = 0.22313016014842982;    // e^-1.5
    const double x_m = (v + 40.0) * 0.1;
    const double ex_m = hh_exp(-x_m);                  // exp(-(v+40)/10)
    const double x_n = (v + 55.0) * 0.1;
    const double ex_n = ex_m * e_m1_5;                 // exp(-(v+55)/10)
    const double u = v + 65.0;
    const double e18 = hh_exp(u * (-1.0 / 18.0));      // exp(-(v+65)/18)
    const double e80 = hh_exp(u * (-1.0 / 80.0));      // exp(-(v+65)/80)
    const double e80_2 = e80 * e80;
    // alpha_m, alpha_n and beta_h are quotients; division is the slowest vector operation here,
    // so the three share one reciprocal. A denominator whose quotient is taken from the series
    // (near v = -40 or -55 mV, where it tends to 0) is replaced by 1 and stays out of the product.
    // Every operand is computed unconditionally and only selected afterwards: GCC (trapping math)
    // vectorises a select between computed values, not a conditionally evaluated expression.
    const bool series_m = std::abs(x_m) < series_limit;
    const bool series_n = std::abs(x_n) < series_limit;
    const double one_minus_ex_m = 1.0 - ex_m;
    const double one_minus_ex_n = 1.0 - ex_n;
    const double near_m = x_over_1mexp_series(x_m);
    const double near_n = x_over_1mexp_series(x_n);
    const double d_m = series_m ? 1.0 : one_minus_ex_m;
    const double d_n = series_n ? 1.0 : one_minus_ex_n;
    const double d_h = 1.0 + ex_m * e_half;            // 1 + exp(-(v+35)/10)
    const double inv = 1.0 / (d_m * d_n * d_h);  // |v| <= 1000 mV keeps the product below ~1e126
    const double far_m = x_m * (d_n * d_h * inv);
    const double far_n = x_n * (d_m * d_h * inv);
    hh_rates r;
    r.alpha_m = series_m ? near_m : far_m;             // 0.1 (v+40) / (1 - exp(-(v+40)/10))
    r.beta_m = 4.0 * e18;
    r.alpha_h = 0.07 * (e80_2 * e80_2);                // 0.07 exp(-(v+65)/20)
    r.beta_h = d_m * d_n * inv;                        // 1 / (1 + exp(-(v+35)/10))
    r.alpha_n = 0.1 * (series_n ? near_n : far_n);     // 0.01 (v+55) / (1 - exp(-(v+55)/10))
    r.beta_n = 0.125 * e80;
    return r;
}

struct hh_gates {
    double m, h, n;  ///< dimensionless open probabilities in [0, 1]
};

/// Steady-state gate values x_inf = alpha / (alpha + beta) at v (mV).
HH_INLINE hh_gates steady_gates(double v) {
    const hh_rates r = hh_rates_at(v);
    return {r.alpha_m / (r.alpha_m + r.beta_m), r.alpha_h / (r.alpha_h + r.beta_h), r.alpha_n / (r.alpha_n + r.beta_n)};
}

/// Gate time constants tau_x = 1 / (alpha + beta) in ms at v (mV).
HH_INLINE hh_gates gate_time_constants_ms(double v) {
    const hh_rates r = hh_rates_at(v);
    return {1.0 / (r.alpha_m + r.beta_m), 1.0 / (r.alpha_h + r.beta_h), 1.0 / (r.alpha_n + r.beta_n)};
}

}  // namespace hhsim
