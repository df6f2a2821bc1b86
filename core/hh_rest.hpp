#pragma once
// The HH fixed point for a constant applied current: the V where the steady-state ionic current
// equals I_app, with every gate at its steady state there.

#include "core/hh_cell.hpp"
#include "core/hh_params.hpp"

namespace hhsim {

/// Fixed point of hh_derivatives for p (including p.i_app). The steady-state I–V curve of the
/// classic parameters is monotonic, so the root is unique; found by bisection on [-150, 100] mV.
hh_state resting_state(const hh_params& p);

}  // namespace hhsim
