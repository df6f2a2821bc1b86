#pragma once
// Where a run starts: V0 with given or steady-state gates (the default, V0 = -65 mV with every gate
// at its steady state there), or the HH fixed point at the scenario's I_app (no onset transient).
// docs/theory.md, "Start state".

#include <array>
#include <optional>
#include <string>

#include "core/enum_names.hpp"
#include "core/hh_cell.hpp"
#include "core/hh_params.hpp"

namespace hhsim {

enum class start_kind {
    v0,    ///< V = v0_mv; each gate as given (m0, h0, n0) or at its steady state at v0
    rest,  ///< the fixed point of the HH equations at the scenario's I_app (every variable)
};

struct start_spec {
    start_kind kind = start_kind::v0;
    std::optional<double> m0, h0, n0;  ///< kind v0 only: dimensionless gate values in [0, 1]
};

/// The names of the start kinds, written once (core/enum_names.hpp).
inline constexpr std::array<enum_name<start_kind>, 2> start_kind_names{{{start_kind::v0, "v0"}, {start_kind::rest, "rest"}}};
start_kind parse_start_kind(const std::string& name);
std::string to_string(start_kind kind);

/// Throw input_error for a gate outside [0, 1] or not finite, or gates given with kind rest.
void validate(const start_spec& start);

/// The state at t = 0. For kind rest, v0_mv is not used (the fixed point has its own V).
hh_state initial_state(const start_spec& start, double v0_mv, const hh_params& p);

/// One line for reports: which start, its values and where each came from, e.g.
/// "v0: V = -65 mV; m = 0.05 (given), h = 0.596 (steady state at V0), n = 0.32 (given)".
std::string describe(const start_spec& start, double v0_mv, const hh_params& p);

}  // namespace hhsim
