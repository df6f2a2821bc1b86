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

/// Forward Euler, order 1.
HH_INLINE hh_state euler_step(const hh_state& s, const hh_params& p, double dt) {
    const hh_state d = hh_derivatives(s, p);
    return {s.v + dt * d.v, s.m + dt * d.m, s.h + dt * d.h, s.n + dt * d.n};
}

/// Classic fourth-order Runge–Kutta, order 4 for smooth right-hand sides.
HH_INLINE hh_state rk4_step(const hh_state& s, const hh_params& p, double dt) {
    const double half = 0.5 * dt;
    const hh_state k1 = hh_derivatives(s, p);
    const hh_state k2 = hh_derivatives({s.v + half * k1.v, s.m + half * k1.m, s.h + half * k1.h, s.n + half * k1.n}, p);
    const hh_state k3 = hh_derivatives({s.v + half * k2.v, s.m + half * k2.m, s.h + half * k2.h, s.n + half * k2.n}, p);
    const hh_state k4 = hh_derivatives({s.v + dt * k3.v, s.m + dt * k3.m, s.h + dt * k3.h, s.n + dt * k3.n}, p);
    const double w = dt / 6.0;
    return {s.v + w * (k1.v + 2.0 * (k2.v + k3.v) + k4.v),
            s.m + w * (k1.m + 2.0 * (k2.m + k3.m) + k4.m),
            s.h + w * (k1.h + 2.0 * (k2.h + k3.h) + k4.h),
            s.n + w * (k1.n + 2.0 * (k2.n + k3.n) + k4.n)};
}

/// Exponential (Rush–Larsen) Euler: each gate relaxes exactly towards x_inf(v) with tau_x(v) frozen
/// over the step (stable for any dt); v takes a forward-Euler step. Order 1.
HH_INLINE hh_state expeuler_step(const hh_state& s, const hh_params& p, double dt) {
    const hh_rates r = hh_rates_at(s.v);
    const hh_currents c = ionic_currents(s, p);
    const double sum_m = r.alpha_m + r.beta_m;
    const double sum_h = r.alpha_h + r.beta_h;
    const double sum_n = r.alpha_n + r.beta_n;
    const double inv = 1.0 / (sum_m * sum_h * sum_n);  // one division for the three x_inf
    const double m_inf = r.alpha_m * (sum_h * sum_n * inv);
    const double h_inf = r.alpha_h * (sum_m * sum_n * inv);
    const double n_inf = r.alpha_n * (sum_m * sum_h * inv);
    return {s.v + dt * (p.i_app - c.i_na - c.i_k - c.i_l) * (1.0 / p.c_m),
            m_inf + (s.m - m_inf) * hh_exp(-dt * sum_m),
            h_inf + (s.h - h_inf) * hh_exp(-dt * sum_h),
            n_inf + (s.n - n_inf) * hh_exp(-dt * sum_n)};
}

}  // namespace hhsim
