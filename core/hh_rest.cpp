#include "core/hh_rest.hpp"

#include "core/error.hpp"

namespace hhsim {

namespace {
// Net inward current at the gates' steady state, uA/cm^2: zero at the fixed point.
double steady_net_current(const hh_params& p, double v) {
    const hh_gates g = steady_gates(v);
    const hh_currents c = ionic_currents({v, g.m, g.h, g.n}, p);
    return p.i_app - c.i_na - c.i_k - c.i_l;
}
}  // namespace

hh_state resting_state(const hh_params& p) {
    validate(p);
    double lo = -150.0;
    double hi = 100.0;
    double f_lo = steady_net_current(p, lo);
    require(f_lo > 0 && steady_net_current(p, hi) < 0,
            cat("resting_state: no fixed point in [-150, 100] mV for i_app = ", p.i_app, " uA/cm^2"));
    for (int i = 0; i < 200 && hi - lo > 1e-14; ++i) {
        const double mid = 0.5 * (lo + hi);
        const double f_mid = steady_net_current(p, mid);
        if ((f_mid > 0) == (f_lo > 0)) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    const double v = 0.5 * (lo + hi);
    const hh_gates g = steady_gates(v);
    return {v, g.m, g.h, g.n};
}

}  // namespace hhsim
