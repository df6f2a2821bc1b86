#pragma once
// The study's own parameters, declared once (core/parameter.hpp): the analysis settings, the
// compare pairing and the output options. The scenario's are in core/scenario_parameters.hpp.
// docs/parameters.md.

#include <span>

#include "core/parameter.hpp"
#include "study/study_spec.hpp"

namespace hhsim {

/// Every [analysis], [compare] and [output] parameter in the order of a configuration file.
std::span<const parameter<study_spec>> study_parameters();

}  // namespace hhsim
