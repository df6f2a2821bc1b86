#pragma once
// Hodgkin–Huxley membrane parameters (classic squid axon, shifted to rest near -65 mV).
// Equations and the parameter table: docs/theory.md, section "Model".

namespace hhsim {

struct hh_params {
    double c_m = 1.0;        ///< membrane capacitance, uF/cm^2
    double g_na = 120.0;     ///< peak sodium conductance, mS/cm^2
    double g_k = 36.0;       ///< peak potassium conductance, mS/cm^2
    double g_l = 0.3;        ///< leak conductance, mS/cm^2
    double e_na = 50.0;      ///< sodium reversal potential, mV
    double e_k = -77.0;      ///< potassium reversal potential, mV
    double e_l = -54.387;    ///< leak reversal potential, mV
    double i_app = 0.0;      ///< constant applied current density, uA/cm^2
};

/// Throw input_error naming the first invalid field (non-finite, c_m <= 0, conductance < 0).
void validate(const hh_params& p);

}  // namespace hhsim
