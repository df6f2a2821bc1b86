#pragma once
// HH gating rate functions (1/ms, V in mV), steady states and time constants, in the kernels' real
// type (double, or float for the f32 kernels). Equations: docs/theory.md, "Model". The six classic
// rates share three exponentials: exp(-(v+35)/10) and exp(-(v+55)/10) are exp(-(v+40)/10) times a
// constant, and exp(-(v+65)/20) = exp(-(v+65)/80)^4. The 0/0 points at v = -40 and -55 mV are removable.

#include <cmath>

#include "core/fast_math.hpp"
#include "core/host_device.hpp"

namespace hhsim {

template <typename Real>
struct gate_rates {
    Real alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;  ///< 1/ms
};
using hh_rates = gate_rates<double>;

/// All six HH rates at membrane potential v (mV); finite for |v| <= 1000 mV (blow_up_limit_mv,
/// core/limits.hpp) in double, for |v| <= 300 mV in float (the shared reciprocal's product overflows
/// float beyond; such a run stops as a blow-up, docs/numerics.md).
template <typename Real>
HH_INLINE gate_rates<Real> hh_rates_at(Real v) {
    constexpr Real e_half = Real(1.6487212707001282);     // e^0.5
    constexpr Real e_m1_5 = Real(0.22313016014842982);    // e^-1.5
    const Real x_m = (v + Real(40)) * Real(0.1);
    const Real ex_m = hh_exp(-x_m);                        // exp(-(v+40)/10)
    const Real x_n = (v + Real(55)) * Real(0.1);
    const Real ex_n = ex_m * e_m1_5;                       // exp(-(v+55)/10)
    const Real u = v + Real(65);
    const Real e18 = hh_exp(u * Real(-1.0 / 18.0));        // exp(-(v+65)/18)
    const Real e80 = hh_exp(u * Real(-1.0 / 80.0));        // exp(-(v+65)/80)
    const Real e80_2 = e80 * e80;
    // alpha_m, alpha_n and beta_h are quotients; division is the slowest vector operation here,
    // so the three share one reciprocal. A denominator whose quotient is taken from the series
    // (near v = -40 or -55 mV, where it tends to 0) is replaced by 1 and stays out of the product.
    // Every operand is computed unconditionally and only selected afterwards: GCC (trapping math)
    // vectorises a select between computed values, not a conditionally evaluated expression.
    const bool series_m = std::abs(x_m) < Real(series_limit);
    const bool series_n = std::abs(x_n) < Real(series_limit);
    const Real one_minus_ex_m = Real(1) - ex_m;
    const Real one_minus_ex_n = Real(1) - ex_n;
    const Real near_m = x_over_1mexp_series(x_m);
    const Real near_n = x_over_1mexp_series(x_n);
    const Real d_m = series_m ? Real(1) : one_minus_ex_m;
    const Real d_n = series_n ? Real(1) : one_minus_ex_n;
    const Real d_h = Real(1) + ex_m * e_half;              // 1 + exp(-(v+35)/10)
    const Real inv = Real(1) / (d_m * d_n * d_h);  // |v| <= 1000 mV keeps the product below ~1e126
    const Real far_m = x_m * (d_n * d_h * inv);
    const Real far_n = x_n * (d_m * d_h * inv);
    gate_rates<Real> r;
    r.alpha_m = series_m ? near_m : far_m;                 // 0.1 (v+40) / (1 - exp(-(v+40)/10))
    r.beta_m = Real(4) * e18;
    r.alpha_h = Real(0.07) * (e80_2 * e80_2);              // 0.07 exp(-(v+65)/20)
    r.beta_h = d_m * d_n * inv;                            // 1 / (1 + exp(-(v+35)/10))
    r.alpha_n = Real(0.1) * (series_n ? near_n : far_n);   // 0.01 (v+55) / (1 - exp(-(v+55)/10))
    r.beta_n = Real(0.125) * e80;
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
