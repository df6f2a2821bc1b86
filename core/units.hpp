#pragma once
// Unit conventions of hhsim (docs/theory.md): time ms, voltage mV, capacitance uF/cm^2,
// conductance mS/cm^2, current density uA/cm^2. Rates are 1/ms inside core/; Hz only at the edges.

namespace hhsim {

/// Convert a rate in Hz (1/s) to 1/ms, the unit used inside core/.
constexpr double hz_to_per_ms(double rate_hz) { return rate_hz * 1e-3; }

/// Convert a rate in 1/ms back to Hz.
constexpr double per_ms_to_hz(double rate_per_ms) { return rate_per_ms * 1e3; }

}  // namespace hhsim
