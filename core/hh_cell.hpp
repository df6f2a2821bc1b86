#pragma once
// One HH cell: ionic currents, right-hand side and one deterministic step of each fixed-step method.
// Written once, templated on the real type (double; float for the f32 kernels), for scalar use, for
// the vectorised ensemble loops and for a GPU backend. Parameters stay double (hh_params) and are
// converted where used; in the kernels those conversions are loop-invariant and hoisted.
// Methods and their orders: docs/theory.md, "Integrators".

#include <cmath>

#include "core/cell_state.hpp"
#include "core/hh_kinetics.hpp"
#include "core/hh_params.hpp"
#include "core/host_device.hpp"

namespace hhsim {

template <typename Real>
struct ionic_currents_of {
    Real i_na, i_k, i_l;  ///< outward ionic current densities, uA/cm^2
};
using hh_currents = ionic_currents_of<double>;

/// Ionic currents at state s (uA/cm^2, positive outward).
template <typename Real>
HH_INLINE ionic_currents_of<Real> ionic_currents(const cell_state<Real>& s, const hh_params& p) {
    const Real m3 = s.m * s.m * s.m;
    const Real n2 = s.n * s.n;
    return {Real(p.g_na) * m3 * s.h * (s.v - Real(p.e_na)), Real(p.g_k) * (n2 * n2) * (s.v - Real(p.e_k)), Real(p.g_l) * (s.v - Real(p.e_l))};
}

/// d/dt of (v, m, h, n): mV/ms and 1/ms. Synaptic input is not here: delta pulses are jumps
/// applied between steps, diffusion noise is added by the stepper (never draw random numbers here).
template <typename Real>
HH_INLINE cell_state<Real> hh_derivatives(const cell_state<Real>& s, const hh_params& p) {
    const gate_rates<Real> r = hh_rates_at(s.v);
    const ionic_currents_of<Real> c = ionic_currents(s, p);
    return {(Real(p.i_app) - c.i_na - c.i_k - c.i_l) * (Real(1) / Real(p.c_m)),
            r.alpha_m * (Real(1) - s.m) - r.beta_m * s.m,
            r.alpha_h * (Real(1) - s.h) - r.beta_h * s.h,
            r.alpha_n * (Real(1) - s.n) - r.beta_n * s.n};
}

/// Forward Euler, order 1. dvdt_start receives dV/dt at s (mV/ms): the spike detector's cubic
/// interpolant needs it, and every step below has it in hand.
template <typename Real>
HH_INLINE cell_state<Real> euler_step(const cell_state<Real>& s, const hh_params& p, Real dt, Real& dvdt_start) {
    const cell_state<Real> d = hh_derivatives(s, p);
    dvdt_start = d.v;
    return {s.v + dt * d.v, s.m + dt * d.m, s.h + dt * d.h, s.n + dt * d.n};
}

/// Classic fourth-order Runge–Kutta, order 4 for smooth right-hand sides.
template <typename Real>
HH_INLINE cell_state<Real> rk4_step(const cell_state<Real>& s, const hh_params& p, Real dt, Real& dvdt_start) {
    const Real half = Real(0.5) * dt;
    const cell_state<Real> k1 = hh_derivatives(s, p);
    const cell_state<Real> k2 = hh_derivatives<Real>({s.v + half * k1.v, s.m + half * k1.m, s.h + half * k1.h, s.n + half * k1.n}, p);
    const cell_state<Real> k3 = hh_derivatives<Real>({s.v + half * k2.v, s.m + half * k2.m, s.h + half * k2.h, s.n + half * k2.n}, p);
    const cell_state<Real> k4 = hh_derivatives<Real>({s.v + dt * k3.v, s.m + dt * k3.m, s.h + dt * k3.h, s.n + dt * k3.n}, p);
    dvdt_start = k1.v;
    const Real w = dt / Real(6);
    return {s.v + w * (k1.v + Real(2) * (k2.v + k3.v) + k4.v),
            s.m + w * (k1.m + Real(2) * (k2.m + k3.m) + k4.m),
            s.h + w * (k1.h + Real(2) * (k2.h + k3.h) + k4.h),
            s.n + w * (k1.n + Real(2) * (k2.n + k3.n) + k4.n)};
}

/// (1 - e^-x) / x for x >= 0, with e = e^-x given; its series below x = 0.1 (where the quotient
/// would cancel), both computed so the select vectorises. Truncation < 1e-17 relative there.
template <typename Real>
HH_INLINE Real one_minus_exp_over_x(Real x, Real e_minus_x) {
    const Real direct = (Real(1) - e_minus_x) / (x + (x == Real(0) ? Real(1) : Real(0)));  // the x = 0 quotient is never selected
    const Real series = Real(1) - x * (Real(0.5) - x * (Real(1.0 / 6.0) - x * (Real(1.0 / 24.0) - x * (Real(1.0 / 120.0) - x * (Real(1.0 / 720.0) - x * Real(1.0 / 5040.0))))));
    return x < Real(series_limit) ? series : direct;
}

/// The V sub-flow with the gates frozen, solved exactly: V' = (I_app - G (V - E_rev)) / C_m is
/// linear in V, so V relaxes to the conductance-weighted reversal potential with tau = C_m / G,
/// G = g_Na m^3 h + g_K n^4 + g_L. Written as V + h V' (1 - e^-x)/x, x = h G / C_m, so G = 0 is no
/// special case. dvdt receives V' at the start.
template <typename Real>
HH_INLINE Real v_flow(const cell_state<Real>& s, const hh_params& p, Real h, Real& dvdt) {
    const Real n2 = s.n * s.n;
    const Real g_na = Real(p.g_na) * (s.m * s.m * s.m * s.h);
    const Real g_k = Real(p.g_k) * (n2 * n2);
    const Real inv_c = Real(1) / Real(p.c_m);
    dvdt = (Real(p.i_app) - g_na * (s.v - Real(p.e_na)) - g_k * (s.v - Real(p.e_k)) - Real(p.g_l) * (s.v - Real(p.e_l))) * inv_c;
    const Real x = h * (g_na + g_k + Real(p.g_l)) * inv_c;
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
template <typename Real>
HH_INLINE cell_state<Real> expeuler_step(const cell_state<Real>& s, const hh_params& p, Real dt, Real& dvdt_start) {
    const Real half = Real(0.5) * dt;
    const Real v_half = v_flow(s, p, half, dvdt_start);
    const gate_rates<Real> r = hh_rates_at(v_half);
    const Real sum_m = r.alpha_m + r.beta_m;
    const Real sum_h = r.alpha_h + r.beta_h;
    const Real sum_n = r.alpha_n + r.beta_n;
    const Real inv = Real(1) / (sum_m * sum_h * sum_n);  // one division for the three x_inf
    const Real m_inf = r.alpha_m * (sum_h * sum_n * inv);
    const Real h_inf = r.alpha_h * (sum_m * sum_n * inv);
    const Real n_inf = r.alpha_n * (sum_m * sum_h * inv);
    const cell_state<Real> mid{v_half, m_inf + (s.m - m_inf) * hh_exp(-dt * sum_m), h_inf + (s.h - h_inf) * hh_exp(-dt * sum_h),
                               n_inf + (s.n - n_inf) * hh_exp(-dt * sum_n)};
    Real dvdt_mid;
    return {v_flow(mid, p, half, dvdt_mid), mid.m, mid.h, mid.n};
}

/// The deterministic part of Rößler's SRA1 (SIAM J. Numer. Anal. 48:922, 2010) for
/// dV = (f_V + mu) dt + sigma dW with the gates noise-free (additive noise on V only):
///   H = Y + (3/4) dt a(Y) + (3/2) sigma I_(1,0)/dt,   Y' = Y + dt (a(Y)/3 + 2 a(H)/3) + sigma dW,
/// a = f + (mu, 0, 0, 0), I_(1,0) = int_t^{t+dt} (W_s - W_t) ds. This returns Y + dt (f(Y)/3 + 2 f(H)/3);
/// the caller adds the increment mu dt + sigma dW to V (the same kick as Euler–Maruyama) and passes
/// stage_shift_v = (3/4) mu dt + (3/2) sigma I_(1,0)/dt. Strong order 1.5, weak order 2 for additive
/// noise; without noise (shift 0) a two-stage Runge–Kutta of order 2.
template <typename Real>
HH_INLINE cell_state<Real> sra_step(const cell_state<Real>& s, const hh_params& p, Real dt, Real stage_shift_v, Real& dvdt_start) {
    const cell_state<Real> k1 = hh_derivatives(s, p);
    const Real c = Real(0.75) * dt;
    const cell_state<Real> k2 = hh_derivatives<Real>({s.v + c * k1.v + stage_shift_v, s.m + c * k1.m, s.h + c * k1.h, s.n + c * k1.n}, p);
    dvdt_start = k1.v;
    const Real w1 = dt * Real(1.0 / 3.0);
    const Real w2 = dt * Real(2.0 / 3.0);
    return {s.v + (w1 * k1.v + w2 * k2.v), s.m + (w1 * k1.m + w2 * k2.m), s.h + (w1 * k1.h + w2 * k2.h), s.n + (w1 * k1.n + w2 * k2.n)};
}

/// The steps above without dV/dt at the start.
template <typename Real>
HH_INLINE cell_state<Real> euler_step(const cell_state<Real>& s, const hh_params& p, Real dt) {
    Real unused;
    return euler_step(s, p, dt, unused);
}
template <typename Real>
HH_INLINE cell_state<Real> rk4_step(const cell_state<Real>& s, const hh_params& p, Real dt) {
    Real unused;
    return rk4_step(s, p, dt, unused);
}
template <typename Real>
HH_INLINE cell_state<Real> expeuler_step(const cell_state<Real>& s, const hh_params& p, Real dt) {
    Real unused;
    return expeuler_step(s, p, dt, unused);
}

// Double-precision overloads, callable with a braced state ({v, m, h, n}), which a template cannot
// deduce from.
HH_INLINE hh_currents ionic_currents(const hh_state& s, const hh_params& p) { return ionic_currents<double>(s, p); }
HH_INLINE hh_state hh_derivatives(const hh_state& s, const hh_params& p) { return hh_derivatives<double>(s, p); }
HH_INLINE hh_state euler_step(const hh_state& s, const hh_params& p, double dt) { return euler_step<double>(s, p, dt); }
HH_INLINE hh_state rk4_step(const hh_state& s, const hh_params& p, double dt) { return rk4_step<double>(s, p, dt); }
HH_INLINE hh_state expeuler_step(const hh_state& s, const hh_params& p, double dt) { return expeuler_step<double>(s, p, dt); }
HH_INLINE hh_state sra_step(const hh_state& s, const hh_params& p, double dt, double stage_shift_v, double& dvdt_start) {
    return sra_step<double>(s, p, dt, stage_shift_v, dvdt_start);
}

}  // namespace hhsim
