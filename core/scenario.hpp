#pragma once
// Everything one simulation needs, as plain values with units, and its validation.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/hh_params.hpp"
#include "core/input.hpp"
#include "core/integrators.hpp"
#include "core/limits.hpp"
#include "core/spike_detector.hpp"
#include "core/start_state.hpp"

namespace hhsim {

struct run_params {
    double dt_ms = 0.01;                 ///< time step, ms
    double t_end_ms = 300.0;             ///< duration, ms; must be a whole number of steps
    std::int64_t n_trials = 1;           ///< independent trials in the ensemble
    trial_index first_trial = 0;         ///< global index of the first trial (RNG identity); first_trial + n_trials fits trial_index
    std::uint64_t seed = 1;              ///< study seed in [0, max_seed]; trial k's randomness is a function of (seed, k)
    method integrator = method::rk4;
    /// The C++ default; the front ends (TOML, flags, Python) all start from default_jumps() instead.
    jump_timing jumps = jump_timing::step_boundary;
    precision real = precision::f64;     ///< the kernels' real type (fixed-step integrators)
    int n_threads = 0;                   ///< OpenMP threads in [0, max_threads()]; 0: OpenMP's default, capped at max_threads()
    kernel_isa isa = kernel_isa::automatic;  ///< which kernel set runs (speed only; results do not depend on it)
};

struct recording_params {
    double spike_threshold_mv = 0.0;     ///< a spike is an upward crossing of this level, mV
    double spike_rearm_mv = -20.0;       ///< detection re-arms only after V falls below this, mV
    std::vector<trial_index> trace_trials;   ///< global trial indices whose traces are kept
    std::int64_t trace_every_steps = 10;     ///< trace decimation, steps per sample
    std::vector<trial_index> event_trials;   ///< global trial indices whose input events are kept
    std::vector<trial_index> noise_trials;   ///< global trial indices whose per-step input increments are kept
};

/// The detector a scenario asks for (record.spike_threshold_mv, record.spike_rearm_mv).
inline spike_detector detector_of(const recording_params& rec) { return {rec.spike_threshold_mv, rec.spike_rearm_mv}; }

struct scenario {
    hh_params model;
    input_params input;
    run_params run;
    recording_params record;
    double v0_mv = -65.0;                ///< initial V, mV (start kind v0)
    start_spec start;                    ///< default: V = v0_mv, every gate at its steady state there
};

/// The classic study: 80 E + 20 I sources at 10 Hz, p = 0.5, Je = +1 mV, Ji = -4 mV,
/// I_app = 3 uA/cm^2, dt = 0.01 ms, T = 300 ms, rk4, aggregated shot noise.
scenario default_scenario();

/// The jump timing of a scenario that does not choose one, the same in every front end (TOML,
/// flags, Python): event-exact for event input, boundary for diffusion input (it has no events).
jump_timing default_jumps(input_kind kind);

/// Number of steps, T / dt (validated to be a whole number).
std::int64_t step_count(const run_params& run);

/// A scenario that validate() has checked. Every engine takes one (simulate, simulate_reference), so
/// a scenario is checked once, and what validate() guarantees holds for each of them: every
/// parameter in range, the integrator fits the input, the random-counter window limit (docs/rng.md),
/// the requested kernel set exists. It holds its own copy, read through value() or ->.
class validated_scenario {
public:
    const scenario& value() const { return sc_; }
    const scenario* operator->() const { return &sc_; }

private:
    explicit validated_scenario(scenario sc) : sc_(std::move(sc)) {}
    friend validated_scenario validate(scenario sc);
    scenario sc_;
};

/// Check every parameter; throw input_error naming the first invalid one, its value and what is
/// allowed. Pass an rvalue to avoid the copy.
validated_scenario validate(scenario sc);

}  // namespace hhsim
