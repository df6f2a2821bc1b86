#pragma once
// Rules that depend on which keys a front end was given, not only on their values: the TOML
// reader (drivers/config.cpp), the command line (drivers/scenario_options.cpp) and the Python module
// (python/) all call these, so a combination refused in one is refused in every one.
// docs/parameters.md lists the keys; docs/config.md the combinations.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/scenario.hpp"

namespace hhsim {

/// Whether the front end was given the key `name` (a parameter or population field name).
using key_given = std::function<bool(std::string_view name)>;

/// A key that must not be given with the others in force: its name, why, and what to do instead.
struct key_conflict {
    std::string_view name;    ///< e.g. "v0_mV"
    std::string_view reason;  ///< e.g. "the fixed point has its own V"
    std::string_view remedy;  ///< e.g. "remove it or use start = \"v0\""
};

/// The first of v0_mV, m0, h0, n0 that is given although start = "rest" (the fixed point sets V
/// and every gate), or nullopt. v0_mV always has a value, so only the front end knows it was given.
std::optional<key_conflict> start_conflict(const scenario& sc, const key_given& given);

/// Completes a population whose given fields have passed their rules: with source_rates_hz, count
/// defaults to the number of rates (and must equal it when given) and rate_hz must not be given;
/// without, count and rate_hz are required; jump_mV always is. `prefix` names the population in
/// messages (input.population.0, populations[0]).
void complete_population(population& p, const key_given& given, const std::string& prefix);

}  // namespace hhsim
