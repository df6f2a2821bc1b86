#pragma once
// The scenario's parameters, declared once (core/parameter.hpp): every scalar and list of the
// model, input kind, run and recording, with key, unit, label, rule and help. The populations of
// the input are a list of records with their own fields (population_fields). docs/parameters.md.

#include <span>

#include "core/parameter.hpp"
#include "core/scenario.hpp"

namespace hhsim {

/// Every scenario parameter in the order of a configuration file.
std::span<const parameter<scenario>> scenario_parameters();

/// The fields of one population ([[input.population]] in a file; input.population.SEL.FIELD in a sweep).
std::span<const parameter<population>> population_fields();

/// The rule of a population's optional source_rates_hz (a list: not in population_fields).
const parameter<population>& source_rates_field();

/// The columns of one replay event: time_ms, jump_mV, source (docs/output.md, "Replay files").
std::span<const parameter<input_event>> replay_event_fields();

/// The parameter named `name` (e.g. "dt_ms") or `section.name` ("run.dt_ms"), or nullptr.
const parameter<scenario>* find_scenario_parameter(std::string_view name);

}  // namespace hhsim
