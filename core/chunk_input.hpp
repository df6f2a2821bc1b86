#pragma once
// The first of the engine's three steps: the input of one chunk of steps for one block of cells, as
// plain arrays (core/advance.hpp, chunk_input): each cell's events turned into per-step kicks and,
// with event-exact timing, into effects at their times; or the diffusion increments. Recorded trials
// keep their events. docs/architecture.md, "The engine".

#include <cstdint>
#include <vector>

#include "core/advance.hpp"
#include "core/input.hpp"
#include "core/kernels.hpp"
#include "core/scenario.hpp"

namespace hhsim {

/// Events this close to a grid time t_j = j*dt, in steps, are at t_j: a replayed 0.07 ms and the
/// clock's 7 * 0.01 ms differ in the last bit. 1e-9 steps, or a few ulp of t/dt in very long runs.
double grid_snap_steps(double steps);

/// The step of an event at q = t / dt steps (docs/theory.md, "Events on step boundaries").
std::int64_t step_of_scaled(double q);

/// The latest event time (ms) that a run of n_steps steps of dt_ms applies: t_n itself and the grid
/// snap above it (such events belong to the last step); later events are never applied.
double last_applied_event_ms(std::int64_t n_steps, double dt_ms);

/// Where one block's input stands between chunks, and the arrays of the current chunk.
template <typename Real>
struct block_input {
    const input_plan* plan = nullptr;
    std::int64_t n_cells = 0;          ///< padded block size (what the kernels see)
    std::int64_t real_cells = 0;
    std::uint64_t first_trial = 0;     ///< global trial of cell 0
    double dt_ms = 0.0;
    bool event_exact = false;
    bool need_kicks = true;            ///< event-exact timing needs kicks only for traces and noise records
    noise_params noise;                ///< diffusion input
    std::vector<event_cursor> cursors;  ///< per real cell
    std::vector<Real> kick, stage_shift;
    std::vector<input_effect> effects;
    std::vector<std::int64_t> effect_begin;
    chunk_input<Real> chunk;
};

/// A block's input at t = 0: cells [0, real_cells) are trials first_trial + c; the kernels see
/// n_cells (>= real_cells) cells. need_kicks: whether kicks are wanted even with event-exact timing.
template <typename Real>
block_input<Real> start_block_input(const input_plan& plan, const scenario& sc, std::int64_t n_cells, std::int64_t real_cells,
                                    std::uint64_t first_trial, bool need_kicks);

/// Fill the input of steps [k0, k1); the events of real cell c are also appended to recorded[c]
/// when that is not null (all input events in time order, failed releases included).
template <typename Real>
void fill_chunk_input(block_input<Real>& in, const kernel_set& kernels, std::int64_t k0, std::int64_t k1,
                      const std::vector<std::vector<input_event>*>& recorded);

}  // namespace hhsim
