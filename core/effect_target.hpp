#pragma once
// What an input effect acts on: shared by the input (core/input.hpp) and the engine's contract
// (core/advance.hpp), which must not depend on the input's other types.

namespace hhsim {

/// What an input effect acts on. Today every population's events are jumps of V (delta pulses);
/// conductance-based synapses will add increments of g_e and g_i (docs/architecture.md).
enum class effect_target {
    v,  ///< the membrane potential: the amount is a jump in mV
};

}  // namespace hhsim
