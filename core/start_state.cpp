#include "core/start_state.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/hh_rest.hpp"

namespace hhsim {

start_kind parse_start_kind(const std::string& name) { return value_of(start_kind_names, name, "model.start"); }
std::string to_string(start_kind kind) { return name_of(start_kind_names, kind); }

void validate(const start_spec& start) {
    const auto check = [&](const std::optional<double>& x, const char* name) {
        if (!x) return;
        require(std::isfinite(*x) && *x >= 0 && *x <= 1, cat("initial: ", name, " = ", *x, " is invalid; must lie in [0, 1]"));
        require(start.kind == start_kind::v0,
                cat("initial: ", name, " = ", *x, " is invalid with start = 'rest' (the fixed point sets every gate); use start = 'v0'"));
    };
    check(start.m0, "m0");
    check(start.h0, "h0");
    check(start.n0, "n0");
}

hh_state initial_state(const start_spec& start, double v0_mv, const hh_params& p) {
    if (start.kind == start_kind::rest) return resting_state(p);
    const hh_gates g = steady_gates(v0_mv);
    return {v0_mv, start.m0.value_or(g.m), start.h0.value_or(g.h), start.n0.value_or(g.n)};
}

std::string describe(const start_spec& start, double v0_mv, const hh_params& p) {
    const hh_state s = initial_state(start, v0_mv, p);
    if (start.kind == start_kind::rest) {
        return cat("rest: the fixed point at I_app = ", p.i_app, " uA/cm^2: V = ", s.v, " mV, m = ", s.m, ", h = ", s.h, ", n = ", s.n,
                   " (no onset transient)");
    }
    if (!start.m0 && !start.h0 && !start.n0) {
        return cat("v0: V = ", s.v, " mV with every gate at its steady state there (m = ", s.m, ", h = ", s.h, ", n = ", s.n, "); I_app = ", p.i_app,
                   " uA/cm^2 is switched on at t = 0 (a current step)");
    }
    const auto origin = [](const std::optional<double>& x) { return x ? " (given)" : " (steady state at V0)"; };
    return cat("v0: V = ", s.v, " mV; m = ", s.m, origin(start.m0), ", h = ", s.h, origin(start.h0), ", n = ", s.n, origin(start.n0));
}

}  // namespace hhsim
