#pragma once
// Bounds shared by several parts of hhsim, each defined once (docs/theory.md, "Blow-up";
// README.md, "Promises").

#include <cstdint>
#include <limits>

namespace hhsim {

/// |V| beyond this (mV), or a non-finite V, is a numerical blow-up. Physiological potentials stay
/// within a few hundred mV; the HH rate functions are finite (and tested) up to this bound.
inline constexpr double blow_up_limit_mv = 1000.0;

/// Trial indices: one signed 64-bit type everywhere (first_trial + n_trials must fit).
using trial_index = std::int64_t;
inline constexpr trial_index max_trial_index = std::numeric_limits<trial_index>::max();

/// Seeds are non-negative and fit a signed 64-bit integer, so that every seed survives a round trip
/// through a TOML file (whose integers are signed 64-bit), HDF5 and Python unchanged.
inline constexpr std::uint64_t max_seed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

/// The largest thread count hhsim accepts: 4 x the hardware threads (at least 4). More threads
/// than that only add overhead, and OpenMP runtimes fail in unhelpful ways far above it.
int max_threads();

}  // namespace hhsim
