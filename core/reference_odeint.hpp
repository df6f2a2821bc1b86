#pragma once
// Ground truth for one trial: Boost.Odeint's adaptive dopri5 with dense output, integrating between
// exact event times, applying each jump, and restarting (an adaptive solver never sees a delta).
// Samples and spike times are read off the continuous extension (spike times by root finding), so
// neither depends on the sample grid. Slow by design; for tests and validation runs.
// docs/theory.md, "Reference integrator".

#include <cstdint>
#include <vector>

#include "core/hh_cell.hpp"
#include "core/scenario.hpp"

namespace hhsim {

struct reference_options {
    double abs_tol = 1e-11;
    double rel_tol = 1e-11;
    double sample_dt_ms = 0.01;  ///< output grid (changes no value); t_end must be a whole number of samples
};

struct reference_result {
    std::vector<double> t_ms;                 ///< samples at j * sample_dt_ms, j = 0..T/sample_dt, of every state variable:
#define HH_REFERENCE_MEMBER(name, trace_member, ...) std::vector<double> trace_member;
    HH_CELL_STATE(HH_REFERENCE_MEMBER)
#undef HH_REFERENCE_MEMBER
    std::vector<double> spike_times_ms;       ///< upward threshold crossings of the continuous solution, with
                                              ///< simulate()'s hysteresis; a jump across the threshold: its event time
    hh_state final_state{};
};

/// One trial `trial` of the scenario (shot, per-source, replay or none input; diffusion is rejected).
/// Always in double precision (run.real is ignored).
reference_result simulate_reference(const validated_scenario& sc, std::uint64_t trial, const reference_options& opt = {});

/// simulate_reference(validate(sc), trial, opt).
reference_result simulate_reference(const scenario& sc, std::uint64_t trial, const reference_options& opt = {});

}  // namespace hhsim
