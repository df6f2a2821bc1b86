#pragma once
// Error types and the message builder shared by core/, analysis/ and drivers/.
// Messages name the component, the parameter, its value with unit, and the rule (docs/architecture.md).

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace hhsim {

/// A user mistake: an invalid parameter or input. Drivers exit with status 2.
struct input_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// The numerics failed (non-finite or runaway state). Drivers exit with status 3.
struct numerics_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Concatenate anything streamable into one string (GCC 12 has no <format>).
template <typename... Parts>
std::string cat(Parts&&... parts) {
    std::ostringstream out;
    out.precision(10);
    (out << ... << std::forward<Parts>(parts));
    return out.str();
}

/// Throw input_error(message) unless `ok`.
inline void require(bool ok, const std::string& message) {
    if (!ok) {
        throw input_error(message);
    }
}

/// Throw input_error(cat(parts...)) unless `ok`. The message is built only on failure, so checks in
/// loops (every point of a large grid) cost no string formatting.
template <typename... Parts>
void require_that(bool ok, Parts&&... parts) {
    if (!ok) {
        throw input_error(cat(std::forward<Parts>(parts)...));
    }
}

}  // namespace hhsim
