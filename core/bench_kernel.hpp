#pragma once
// The bare kernel that `hhsim bench` measures beside hhsim, compiled with the same flags and
// dispatched through the same kernel set: a minimal structure-of-arrays ensemble of the same HH model
// (hh_cell.hpp) stepped by Euler or RK4, with per-step Poisson input from a counter-based generator
// (one Philox draw per cell and step, two Poisson counts by inversion) added at each step's end, and
// a threshold count so its output can be checked. No events, no recording, no spike times, no
// event-exact steps: what a hand-written kernel of the same physics reaches on this machine
// (docs/performance.md, "Bare kernels").

#include <cstdint>

#include "core/hh_params.hpp"
#include "core/integrators.hpp"

namespace hhsim {

struct bare_kernel_params {
    method integrator = method::euler;  ///< euler or rk4
    std::int64_t n_cells = 1000;
    std::int64_t n_steps = 100000;
    double dt_ms = 0.01;
    hh_params model;
    bool with_input = true;
    double lambda_e = 0.0;              ///< expected transmitted excitatory events per cell and step (<= 1)
    double lambda_i = 0.0;              ///< likewise inhibitory
    double jump_e_mv = 0.0;
    double jump_i_mv = 0.0;
    std::uint64_t seed = 1;
    int n_threads = 1;
};

struct bare_kernel_result {
    std::int64_t upward_crossings = 0;  ///< of 0 mV, with re-arming below -20 mV: the spike count
};

/// Run the bare kernel with the kernel set `isa` (core/kernels.hpp) in precision `real`.
bare_kernel_result run_bare_kernel(const bare_kernel_params& p, precision real, kernel_isa isa);

}  // namespace hhsim
