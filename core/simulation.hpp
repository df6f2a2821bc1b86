#pragma once
// simulate(): an ensemble of independent trials in structure-of-arrays blocks, OpenMP over blocks,
// input generated per chunk of steps in its own pass, then the lockstep integration pass.
// Data flow: docs/architecture.md.

#include "core/hh_cell.hpp"
#include "core/recording.hpp"
#include "core/scenario.hpp"

namespace hhsim {

/// Run the scenario. Throws input_error (before anything runs) or numerics_error (blow-up).
/// Trial k's results depend only on (scenario minus n_trials/first_trial/n_threads, seed, k).
recording simulate(const scenario& sc);

/// Initial state: v0 with every gate at its steady state there.
hh_state initial_state(double v0_mv);

}  // namespace hhsim
