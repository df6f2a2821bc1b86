#include "core/hh_params.hpp"

#include <cmath>

#include "core/error.hpp"

namespace hhsim {

void validate(const hh_params& p) {
    const auto finite = [](const char* name, double value, const char* unit) {
        require_that(std::isfinite(value), "hh_params: ", name, " = ", value, " ", unit, " is invalid; must be finite");
    };
    finite("c_m", p.c_m, "uF/cm^2");
    finite("g_na", p.g_na, "mS/cm^2");
    finite("g_k", p.g_k, "mS/cm^2");
    finite("g_l", p.g_l, "mS/cm^2");
    finite("e_na", p.e_na, "mV");
    finite("e_k", p.e_k, "mV");
    finite("e_l", p.e_l, "mV");
    finite("i_app", p.i_app, "uA/cm^2");
    require_that(p.c_m > 0, "hh_params: c_m = ", p.c_m, " uF/cm^2 is invalid; must be > 0");
    require_that(p.g_na >= 0, "hh_params: g_na = ", p.g_na, " mS/cm^2 is invalid; must be >= 0");
    require_that(p.g_k >= 0, "hh_params: g_k = ", p.g_k, " mS/cm^2 is invalid; must be >= 0");
    require_that(p.g_l >= 0, "hh_params: g_l = ", p.g_l, " mS/cm^2 is invalid; must be >= 0");
}

}  // namespace hhsim
