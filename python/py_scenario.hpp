#pragma once
// Python keywords -> a scenario, through the parameter registry (core/scenario_parameters.hpp) and
// the rules on which keys are given together (core/key_rules.hpp), as a configuration file's keys
// go through them (drivers/config.cpp). docs/python.md, "Scenarios".

#include <pybind11/pybind11.h>

#include "core/scenario.hpp"

namespace hhsim::python {

/// A validated scenario from keywords: the table's names, `populations` (dicts of population
/// fields) and `replay_events` (rows time_ms, jump_mV[, source]). Starts from the defaults of
/// `hhsim run`, so the same parameters give the same spikes from Python and the command line.
/// Bad values raise input_error (ValueError) naming the key; unknown keywords raise TypeError.
scenario scenario_from(const pybind11::dict& keywords);

/// hhsim.run's arguments on top of a scenario, each through its registry rule (trials, seed,
/// first_trial, threads; record's traces, events, noise, trace_every_steps), then validated again.
scenario with_run_arguments(scenario sc, const pybind11::handle& trials, const pybind11::handle& seed, const pybind11::handle& first_trial,
                            const pybind11::handle& threads, const pybind11::dict& record);

}  // namespace hhsim::python
