#pragma once
// The engine's contract: advance an ensemble of cells over a chunk of steps on plain data. The
// ensemble is a structure-of-arrays view (raw pointers), the chunk's input is prepared beforehand
// (core/chunk_input.hpp), and what is recorded goes into preallocated flat buffers that the host
// turns into a recording afterwards (core/chunk_record.hpp). The CPU kernels (core/kernels/kernel_set_cpu.cpp)
// implement it; a CUDA backend (planned, not built yet) would implement the same declaration on
// device pointers.
// docs/architecture.md, "The advance contract".

#include <array>
#include <cstdint>
#include <type_traits>

#include "core/cell_state.hpp"
#include "core/effect_target.hpp"
#include "core/hh_params.hpp"
#include "core/integrators.hpp"
#include "core/limits.hpp"
#include "core/spike_detector.hpp"

namespace hhsim {

/// Per-cell flags have the width of the real type, so that a vector of flags lines up with a vector
/// of states (8 doubles or 16 floats to 512 bits).
template <typename Real>
using flag_of = std::conditional_t<sizeof(Real) == 8, std::uint64_t, std::uint32_t>;

/// Cells per vector group: 64 bytes of state variable, one 512-bit vector (two 256-bit ones).
/// Ensembles are padded to whole groups; every cell then runs the same vector code wherever it sits.
template <typename Real>
inline constexpr std::int64_t group_cells = 64 / static_cast<std::int64_t>(sizeof(Real));

/// The state of n_cells cells, structure of arrays: x[var][cell] for each state variable of
/// HH_CELL_STATE, and the spike detector's armed flag (1: armed). Passed by value.
template <typename Real>
struct ensemble_view {
    std::int64_t n_cells = 0;
    std::array<Real*, n_state_vars> x{};
    flag_of<Real>* armed = nullptr;
};

/// An input effect applied at its exact time inside step `step` (event-exact timing): the target
/// variable changes by `amount` (a jump of V in mV today).
struct input_effect {
    std::int64_t step;   ///< the event lies in (t_step, t_step+1] (core/chunk_input.hpp, step_of_event)
    double t_ms;
    effect_target target;
    double amount;
};

/// The input of one chunk of steps [k0, k1), prepared by fill_chunk_input.
template <typename Real>
struct chunk_input {
    std::int64_t k0 = 0, k1 = 0;
    /// [(k - k0) * n_cells + c]: added to V of cell c at the end of step k (boundary timing: the
    /// summed jumps of the step's events; diffusion: mu dt + sigma dW). Not read with event-exact timing.
    const Real* kick = nullptr;
    /// sra's second-stage V shift, same layout; null: zero (no diffusion input).
    const Real* stage_shift = nullptr;
    /// Event-exact timing: cell c's effects are effects[effect_begin[c] .. effect_begin[c + 1]) in time
    /// order, every one inside the chunk; null with boundary timing.
    const input_effect* effects = nullptr;
    const std::int64_t* effect_begin = nullptr;
};

/// A detected spike: the cell (index in the ensemble) and its time.
struct spike_record {
    std::int64_t cell;
    double t_ms;
};

/// Where advance writes what it records. spikes: appended from n_spikes on, in detection order (time
/// order per cell), at most spike_capacity in all; spike_capacity >= n_cells * (k1 - k0) + 2 * (number
/// of effects) is always enough. samples: after every step k with (k + 1) % sample_every == 0, the
/// state of each sampled cell as double, samples[(j * n_sampled + i) * n_state_vars + var] for the
/// chunk's j-th sample; n_samples counts them.
struct chunk_output {
    spike_record* spikes = nullptr;
    std::int64_t spike_capacity = 0;
    std::int64_t n_spikes = 0;
    const std::int64_t* sampled_cells = nullptr;
    std::int64_t n_sampled = 0;
    std::int64_t sample_every = 1;
    double* samples = nullptr;
    std::int64_t n_samples = 0;
    /// The blow-up rule (core/limits.hpp), the same for every integrator and the reference: |V| beyond
    /// blow_up_limit_mv, or not finite, at the end of any step or right after any jump. advance stops
    /// at the end of the first step where a cell broke it and reports the lowest such cell, its V
    /// (mV) and the time (ms) of the step's end; blown_cell = -1: none did.
    std::int64_t blown_cell = -1;
    double blown_v_mv = 0.0;
    double blown_t_ms = 0.0;
};

/// What every step of a chunk needs besides the state and the input.
struct advance_params {
    method integrator = method::rk4;
    bool event_exact = false;  ///< effects split the steps (else kicks at step ends)
    bool diffusion = false;    ///< diffusion input: crossings are interpolated linearly (V is not smooth)
    double dt_ms = 0.01;
    spike_detector detector;
    hh_params model;
};

/// Advance every cell of `state` over the steps [in.k0, in.k1): each step of the integrator, its
/// kick or its effects at their times, spike detection on every smooth piece and jump, and the
/// samples. Cells never interact; a cell's numbers depend on its own data only, never on n_cells or
/// its position. state.n_cells is a multiple of group_cells<Real>.
/// Implemented by the kernel set in use (core/kernels.hpp); Real is double or float.
template <typename Real>
using advance_fn = void (*)(const advance_params& p, const ensemble_view<Real>& state, const chunk_input<Real>& in, chunk_output& out);

}  // namespace hhsim
