#include "core/integrators.hpp"

#include "core/error.hpp"

namespace hhsim {

method parse_method(const std::string& name) {
    if (name == "euler") return method::euler;
    if (name == "rk4") return method::rk4;
    if (name == "expeuler") return method::expeuler;
    if (name == "euler-maruyama") return method::euler_maruyama;
    if (name == "sra") return method::sra;
    throw input_error(cat("run: integrator = '", name, "' is unknown; allowed: euler, rk4, expeuler, euler-maruyama, sra"));
}

std::string to_string(method m) {
    switch (m) {
        case method::euler: return "euler";
        case method::rk4: return "rk4";
        case method::expeuler: return "expeuler";
        case method::euler_maruyama: return "euler-maruyama";
        case method::sra: return "sra";
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
        case method::sra:
            return "try a smaller dt_ms, or integrator expeuler (exponential steps, stable at dt 0.1 ms)";
        case method::expeuler:
            // expeuler's exponential steps do not run away: a blow-up means the input drove V out of range.
            return "the drive took V out of range even with exponential steps: check jump_mV, the source rates and i_app, "
                   "or try a smaller dt_ms";
    }
    return "try a smaller dt_ms";
}

std::string to_string(jump_timing j) { return j == jump_timing::step_boundary ? "boundary" : "event-exact"; }

method diffusion_partner(method shot_integrator) {
    switch (shot_integrator) {
        case method::euler:
        case method::euler_maruyama: return method::euler_maruyama;
        case method::rk4:
        case method::sra: return method::sra;
        case method::expeuler: return method::expeuler;
    }
    return method::euler_maruyama;
}

}  // namespace hhsim
