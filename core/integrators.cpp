#include "core/integrators.hpp"

#include "core/error.hpp"

namespace hhsim {

method parse_method(const std::string& name) { return value_of(method_names, name, "run.integrator"); }
std::string to_string(method m) { return name_of(method_names, m); }
jump_timing parse_jump_timing(const std::string& name) { return value_of(jump_timing_names, name, "run.jumps"); }

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

precision parse_precision(const std::string& name) { return value_of(precision_names, name, "run.precision"); }
std::string to_string(precision p) { return name_of(precision_names, p); }
kernel_isa parse_kernel_isa(const std::string& name) { return value_of(kernel_isa_names, name, "run.isa"); }
std::string to_string(kernel_isa isa) { return name_of(kernel_isa_names, isa); }
std::string to_string(jump_timing j) { return name_of(jump_timing_names, j); }

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
