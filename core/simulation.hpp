#pragma once
// simulate(): an ensemble of independent trials in structure-of-arrays blocks, OpenMP over blocks;
// per chunk of steps the engine's three steps: fill the input (core/chunk_input.hpp), advance the
// block on its SoA view (core/advance.hpp), record (core/chunk_record.hpp). docs/architecture.md.

#include <atomic>
#include <functional>
#include <stdexcept>

#include "core/hh_cell.hpp"
#include "core/recording.hpp"
#include "core/scenario.hpp"

namespace hhsim {

/// Optional observers of a long run. Neither changes any result.
struct run_hooks {
    /// Called after each chunk of a block with the neuron-steps it completed (trials x steps),
    /// from the worker thread that did them: must be thread-safe and cheap.
    std::function<void(std::int64_t neuron_steps)> on_progress;
    /// Polled between chunks; when it becomes true the run stops with run_interrupted.
    const std::atomic<bool>* stop_requested = nullptr;
};

/// The run was stopped through run_hooks::stop_requested; nothing it computed is returned.
struct run_interrupted : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Run the scenario. Throws numerics_error (blow-up) or run_interrupted. Trial k's results depend
/// only on (scenario minus n_trials, first_trial, n_threads and isa; seed; k).
recording simulate(const validated_scenario& sc, const run_hooks& hooks = {});

/// simulate(validate(sc), hooks): throws input_error before anything runs if sc is invalid.
recording simulate(const scenario& sc, const run_hooks& hooks = {});

/// The OpenMP thread count a run with run_params::n_threads = n_threads uses: n_threads itself, or
/// for 0 OpenMP's default capped at max_threads(); 1 without OpenMP.
int resolved_threads(int n_threads);

/// The step an input event at t_ms belongs to (docs/theory.md, "Events on step boundaries"): step
/// k covers (t_k, t_k+1] and its jumps are applied at t_k+1 with boundary timing. An event at a grid
/// time t_j = j * dt_ms (up to 1e-9 steps, so that a replayed 0.07 and the clock's 7 * 0.01 agree)
/// belongs to step j - 1. May return -1 for t_ms ~ 0 (callers clamp).
std::int64_t step_of_event(double t_ms, double dt_ms);

/// The default start: v0 with every gate at its steady state there (start_spec{}; the start of a
/// scenario is initial_state(sc.start, sc.v0_mv, sc.model), core/start_state.hpp).
hh_state initial_state(double v0_mv);

}  // namespace hhsim
