#include "core/integrators.hpp"

#include "core/error.hpp"

namespace hhsim {

method parse_method(const std::string& name) {
    if (name == "euler") return method::euler;
    if (name == "rk4") return method::rk4;
    if (name == "expeuler") return method::expeuler;
    if (name == "euler-maruyama") return method::euler_maruyama;
    throw input_error(cat("run: integrator = '", name, "' is unknown; allowed: euler, rk4, expeuler, euler-maruyama"));
}

std::string to_string(method m) {
    switch (m) {
        case method::euler: return "euler";
        case method::rk4: return "rk4";
        case method::expeuler: return "expeuler";
        case method::euler_maruyama: return "euler-maruyama";
    }
    return "unknown";
}

jump_timing parse_jump_timing(const std::string& name) {
    if (name == "boundary") return jump_timing::step_boundary;
    if (name == "event-exact") return jump_timing::event_exact;
    throw input_error(cat("run: jumps = '", name, "' is unknown; allowed: boundary, event-exact"));
}

std::string blow_up_remedy(method m) {
    switch (m) {
        case method::euler:
        case method::euler_maruyama:
        case method::rk4:
            return "try a smaller dt_ms, or integrator expeuler (its gates are unconditionally stable)";
        case method::expeuler:
            // expeuler's gates cannot run away: a blow-up means V itself was driven out of range.
            return "the drive took V out of range even with exponential gates: check jump_mV, the source rates and i_app, "
                   "or try a smaller dt_ms";
    }
    return "try a smaller dt_ms";
}

std::string to_string(jump_timing j) { return j == jump_timing::step_boundary ? "boundary" : "event-exact"; }

}  // namespace hhsim
