#include "core/hh_params.hpp"

#include <cmath>

#include "core/error.hpp"

namespace hhsim {

void validate(const hh_params& p) {
    // The keys as in a configuration file ([model]); a scenario is checked by the registry first
    // (core/scenario.cpp), this is for hh_params used on their own.
    const auto finite = [](const char* key, double value, const char* unit) {
        require_that(std::isfinite(value), "model.", key, " = ", value, " ", unit, " is invalid; must be finite");
    };
    finite("c_m_uF_per_cm2", p.c_m, "uF/cm^2");
    finite("g_na_mS_per_cm2", p.g_na, "mS/cm^2");
    finite("g_k_mS_per_cm2", p.g_k, "mS/cm^2");
    finite("g_l_mS_per_cm2", p.g_l, "mS/cm^2");
    finite("e_na_mV", p.e_na, "mV");
    finite("e_k_mV", p.e_k, "mV");
    finite("e_l_mV", p.e_l, "mV");
    finite("i_app_uA_per_cm2", p.i_app, "uA/cm^2");
    require_that(p.c_m > 0, "model.c_m_uF_per_cm2 = ", p.c_m, " uF/cm^2 is invalid; must be > 0");
    require_that(p.g_na >= 0, "model.g_na_mS_per_cm2 = ", p.g_na, " mS/cm^2 is invalid; must be >= 0");
    require_that(p.g_k >= 0, "model.g_k_mS_per_cm2 = ", p.g_k, " mS/cm^2 is invalid; must be >= 0");
    require_that(p.g_l >= 0, "model.g_l_mS_per_cm2 = ", p.g_l, " mS/cm^2 is invalid; must be >= 0");
}

}  // namespace hhsim
