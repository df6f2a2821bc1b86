#pragma once
// One HH cell: ionic currents, right-hand side and one deterministic step of each fixed-step method.
// Written once for scalar use, for the vectorised ensemble loop and for a GPU backend.
// Methods and their orders: docs/theory.md, "Integrators".

#include <cmath>

#include "core/hh_kinetics.hpp"
#include "core/hh_params.hpp"
#include "core/host_device.hpp"

namespace hhsim {

struct hh_state {
    double v;  ///< membrane potential, mV
    double m;  ///< Na activation
    double h;  ///< Na inactivation
    double n;  ///< K activation
};

struct hh_currents {
    double i_na, i_k, i_l;  ///< outward ionic current densities, uA/cm^2
};

/// Ionic currents at state s (uA/cm^2, positive outward).
HH_INLINE hh_currents ionic_currents(const hh_state& s, const hh_params& p) {
    const double m3 = s.m * s.m * s.m;
    const double n2 = s.n * s.n;
    return {p.g_na * m3 * s.h * (s.v - p.e_na), p.g_k * (n2 * n2) * (s.v - p.e_k), p.g_l * (s.v - p.e_l)};
}

/// d/dt of (v, m, h, n): mV/ms and 1/ms. Synaptic input is not here: delta pulses are jumps
/// applied between steps, diffusion noise is added by the stepper (never draw random numbers here).
HH_INLINE hh_state hh_derivatives(const hh_state& s, const hh_params& p) {
    const hh_rates r = hh_rates_at(s.v);
    const hh_currents c = ionic_currents(s, p);
    return {(p.i_app - c.i_na - c.i_k - c.i_l) * (1.0 / p.c_m),
            r.alpha_m * (1.0 - s.m) - r.beta_m * s.m,
            r.alpha_h * (1.0 - s.h) - r.beta_h * s.h,
            r.alpha_n * (1.0 - s.n) - r.beta_n * s.n};
}

/// Forward Euler, order 1. dvdt_start receives dV/dt at s (mV/ms): the spike detector's cubic
/// interpolant needs it, and every step below has it in hand.
HH_INLINE hh_state euler_step(const hh_state& s, const hh_params& p, double dt, double& dvdt_start) {
    const hh_state d = hh_derivatives(s, p);
    dvdt_start = d.v;
    return {s.v + dt * d.v, s.m + dt * d.m, s.h + dt * d.h, s.n + dt * d.n};
}

/// Classic fourth-order Runge–Kutta, order 4 for smooth right-hand sides.
HH_INLINE hh_state rk4_step(const hh_state& s, const hh_params& p, double dt, double& dvdt_start) {
    const double half = 0.5 * dt;
    const hh_state k1 = hh_derivatives(s, p);
    const hh_state k2 = hh_derivatives({s.v + half * k1.v, s.m + half * k1.m, s.h + half * k1.h, s.n + half * k1.n}, p);
    const hh_state k3 = hh_derivatives({s.v + half * k2.v, s.m + half * k2.m, s.h + half * k2.h, s.n + half * k2.n}, p);
    const hh_state k4 = hh_derivatives({s.v + dt * k3.v, s.m + dt * k3.m, s.h + dt * k3.h, s.n + dt * k3.n}, p);
    dvdt_start = k1.v;
    const double w = dt / 6.0;
    return {s.v + w * (k1.v + 2.0 * (k2.v + k3.v) + k4.v),
            s.m + w * (k1.m + 2.0 * (k2.m + k3.m) + k4.m),
            s.h + w * (k1.h + 2.0 * (k2.h + k3.h) + k4.h),
            s.n + w * (k1.n + 2.0 * (k2.n + k3.n) + k4.n)};
}

/// (1 - e^-x) / x for x >= 0, with e = e^-x given; its series below x = 0.1 (where the quotient
/// would cancel), both computed so the select vectorises. Truncation < 1e-17 relative there.
HH_INLINE double one_minus_exp_over_x(double x, double e_minus_x) {
    const double direct = (1.0 - e_minus_x) / (x + (x == 0.0 ? 1.0 : 0.0));  // the x = 0 quotient is never selected
    const double series = 1.0 - x * (0.5 - x * (1.0 / 6.0 - x * (1.0 / 24.0 - x * (1.0 / 120.0 - x * (1.0 / 720.0 - x * (1.0 / 5040.0))))));
    return x < series_limit ? series : direct;
}

/// The V sub-flow with the gates frozen, solved exactly: V' = (I_app - G (V - E_rev)) / C_m is
/// linear in V, so V relaxes to the conductance-weighted reversal potential with tau = C_m / G,
/// G = g_Na m^3 h + g_K n^4 + g_L. Written as V + h V' (1 - e^-x)/x, x = h G / C_m, so G = 0 is no
/// special case. dvdt receives V' at the start.
HH_INLINE double v_flow(const hh_state& s, const hh_params& p, double h, double& dvdt) {
    const double n2 = s.n * s.n;
    const double g_na = p.g_na * (s.m * s.m * s.m * s.h);
    const double g_k = p.g_k * (n2 * n2);
    const double inv_c = 1.0 / p.c_m;
    dvdt = (p.i_app - g_na * (s.v - p.e_na) - g_k * (s.v - p.e_k) - p.g_l * (s.v - p.e_l)) * inv_c;
    const double x = h * (g_na + g_k + p.g_l) * inv_c;
    return s.v + h * dvdt * one_minus_exp_over_x(x, hh_exp(-x));
}

/// Exponential integrator (symmetric exponential splitting): each of the two sub-systems, V with
/// the gates frozen and the gates with V frozen, is linear in its own variables and solved
/// exactly; composed as a half step of V, a full step of the gates at the midpoint V (Rush–Larsen:
/// each gate relaxes to x_inf(V) with tau_x(V)), and a second half step of V (Strang splitting).
/// The symmetric composition is second order, and every sub-flow relaxes towards a bounded target,
/// so it is stable at any dt. Costs one rate evaluation (3 exponentials) and 5 more exponentials.
/// Why not exponential Euler with everything frozen at the start (Brian2's exponential_euler):
/// measured on HH it is first order with 4x Euler's error in spike times (docs/numerics.md).
HH_INLINE hh_state expeuler_step(const hh_state& s, const hh_params& p, double dt, double& dvdt_start) {
    const double half = 0.5 * dt;
    const double v_half = v_flow(s, p, half, dvdt_start);
    const hh_rates r = hh_rates_at(v_half);
    const double sum_m = r.alpha_m + r.beta_m;
    const double sum_h = r.alpha_h + r.beta_h;
    const double sum_n = r.alpha_n + r.beta_n;
    const double inv = 1.0 / (sum_m * sum_h * sum_n);  // one division for the three x_inf
    const double m_inf = r.alpha_m * (sum_h * sum_n * inv);
    const double h_inf = r.alpha_h * (sum_m * sum_n * inv);
    const double n_inf = r.alpha_n * (sum_m * sum_h * inv);
    const hh_state mid{v_half, m_inf + (s.m - m_inf) * hh_exp(-dt * sum_m), h_inf + (s.h - h_inf) * hh_exp(-dt * sum_h),
                       n_inf + (s.n - n_inf) * hh_exp(-dt * sum_n)};
    double dvdt_mid;
    return {v_flow(mid, p, half, dvdt_mid), mid.m, mid.h, mid.n};
}

/// The deterministic part of Rößler's SRA1 (SIAM J. Numer. Anal. 48:922, 2010) for
/// dV = (f_V + mu) dt + sigma dW with the gates noise-free (additive noise on V only):
///   H = Y + (3/4) dt a(Y) + (3/2) sigma I_(1,0)/dt,   Y' = Y + dt (a(Y)/3 + 2 a(H)/3) + sigma dW,
/// a = f + (mu, 0, 0, 0), I_(1,0) = int_t^{t+dt} (W_s - W_t) ds. This returns Y + dt (f(Y)/3 + 2 f(H)/3);
/// the caller adds the increment mu dt + sigma dW to V (the same kick as Euler–Maruyama) and passes
/// stage_shift_v = (3/4) mu dt + (3/2) sigma I_(1,0)/dt. Strong order 1.5, weak order 2 for additive
/// noise; without noise (shift 0) a two-stage Runge–Kutta of order 2.
HH_INLINE hh_state sra_step(const hh_state& s, const hh_params& p, double dt, double stage_shift_v, double& dvdt_start) {
    const hh_state k1 = hh_derivatives(s, p);
    const double c = 0.75 * dt;
    const hh_state k2 = hh_derivatives({s.v + c * k1.v + stage_shift_v, s.m + c * k1.m, s.h + c * k1.h, s.n + c * k1.n}, p);
    dvdt_start = k1.v;
    const double w1 = dt * (1.0 / 3.0);
    const double w2 = dt * (2.0 / 3.0);
    return {s.v + (w1 * k1.v + w2 * k2.v), s.m + (w1 * k1.m + w2 * k2.m), s.h + (w1 * k1.h + w2 * k2.h), s.n + (w1 * k1.n + w2 * k2.n)};
}

/// The steps above without dV/dt at the start.
HH_INLINE hh_state euler_step(const hh_state& s, const hh_params& p, double dt) {
    double unused;
    return euler_step(s, p, dt, unused);
}
HH_INLINE hh_state rk4_step(const hh_state& s, const hh_params& p, double dt) {
    double unused;
    return rk4_step(s, p, dt, unused);
}
HH_INLINE hh_state expeuler_step(const hh_state& s, const hh_params& p, double dt) {
    double unused;
    return expeuler_step(s, p, dt, unused);
}

}  // namespace hhsim
