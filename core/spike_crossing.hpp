#pragma once
// Where inside a step V crossed the spike threshold. Between jumps V is smooth and a fixed-step
// method gives V and dV/dt at both ends of the step, so the crossing is located on the cubic
// Hermite interpolant of those four values: third-order interpolation, accurate to O(dt^4) like
// RK4's V (docs/theory.md, "Spike detection"). Diffusion input has no derivative to match: there the
// crossing is interpolated linearly (the mean path of a Brownian bridge between the two values).

#include <cmath>

#include "core/host_device.hpp"

namespace hhsim {

/// Fraction theta in [0, 1] of a step of length h at which the cubic Hermite interpolant of
/// (v0, dv0) at theta = 0 and (v1, dv1) at theta = 1 reaches thr, given v0 < thr <= v1 (dv in
/// mV/ms, h in ms). Safeguarded Newton on the bracket [0, 1], converged to ~1e-15; off the hot path.
HH_HOST_DEVICE inline double hermite_crossing(double v0, double dv0, double v1, double dv1, double h, double thr) {
    // H(theta) = v0 + theta (h dv0) + theta^2 c2 + theta^3 c3 (the Hermite basis, expanded).
    const double s0 = h * dv0;
    const double s1 = h * dv1;
    const double c2 = 3.0 * (v1 - v0) - 2.0 * s0 - s1;
    const double c3 = 2.0 * (v0 - v1) + s0 + s1;
    const auto g = [&](double t) { return v0 - thr + t * (s0 + t * (c2 + t * c3)); };
    const auto dg = [&](double t) { return s0 + t * (2.0 * c2 + t * 3.0 * c3); };
    double lo = 0.0, hi = 1.0;
    double t = (thr - v0) / (v1 - v0);  // the linear estimate starts Newton
    for (int i = 0; i < 100; ++i) {
        const double f = g(t);
        if (f < 0) {
            lo = t;
        } else {
            hi = t;
        }
        if (hi - lo <= 1e-15) break;
        double next = t - f / dg(t);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // Newton left the bracket (or slope 0): bisect
        if (std::abs(next - t) <= 2e-16) {
            t = next;
            break;
        }
        t = next;
    }
    return std::fmin(std::fmax(t, 0.0), 1.0);
}

/// Fraction of a step at which the straight line from v0 to v1 reaches thr (v0 < thr <= v1).
HH_HOST_DEVICE inline double linear_crossing(double v0, double v1, double thr) { return (thr - v0) / (v1 - v0); }

}  // namespace hhsim
