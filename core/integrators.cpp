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

precision parse_precision(const std::string& name) {
    if (name == "f64") return precision::f64;
    if (name == "f32") return precision::f32;
    throw input_error(cat("run: precision = '", name, "' is unknown; allowed: f64, f32"));
}

std::string to_string(precision p) { return p == precision::f64 ? "f64" : "f32"; }

kernel_isa parse_kernel_isa(const std::string& name) {
    if (name == "auto") return kernel_isa::automatic;
    if (name == "baseline") return kernel_isa::baseline;
    if (name == "avx2") return kernel_isa::avx2;
    if (name == "avx512") return kernel_isa::avx512;
    if (name == "native") return kernel_isa::native;
    throw input_error(cat("run: isa = '", name, "' is unknown; allowed: auto, baseline, avx2, avx512, native"));
}

std::string to_string(kernel_isa isa) {
    switch (isa) {
        case kernel_isa::automatic: return "auto";
        case kernel_isa::baseline: return "baseline";
        case kernel_isa::avx2: return "avx2";
        case kernel_isa::avx512: return "avx512";
        case kernel_isa::native: return "native";
    }
    return "unknown";
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
