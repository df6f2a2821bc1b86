"""Issue 15 items 6, 14, 15: every Python argument goes through the parameter registry's rules (and
the rules on keys given together, core/key_rules.hpp) exactly as the same key in a TOML file does;
a bad argument of any type is a ValueError naming the key, its value and what is allowed."""
import math

import numpy as np
import pytest

import hhsim

REPLAY = dict(t_end_ms=100.0, kind="replay")


# Item 6: replay sources, start = 'rest' with v0_mV or a gate, non-whole counts.
@pytest.mark.parametrize("keywords, fragment", [
    (dict(REPLAY, replay_events=[(10.0, 1.0, float("nan"))]), "replay_events[0].source = nan is invalid; must be a whole number"),
    (dict(REPLAY, replay_events=[(10.0, 1.0, -3)]), "replay_events[0].source = -3 is invalid; must be >= 0"),
    (dict(REPLAY, replay_events=[(10.0, 1.0), (-1.0, 1.0)]), "replay_events[1].time_ms = -1.0 ms is invalid; must be > 0"),
    (dict(REPLAY, replay_events=[(10.0, math.inf)]), "replay_events[0].jump_mV = inf mV is invalid; must be a finite number"),
    (dict(REPLAY, replay_events=[(10.0,)]), "replay_events[0] = (10.0,) is invalid"),
    (dict(start="rest", v0_mV=-70.0), "v0_mV is invalid with start = 'rest'"),
    (dict(start="rest", m0=0.1), "m0 is invalid with start = 'rest'"),
    (dict(trials=2.7), "trials = 2.7 is invalid; must be a whole number"),
])
def test_scenario_arguments_follow_the_registry_rules(keywords, fragment):
    with pytest.raises(ValueError) as e:
        hhsim.Scenario(**keywords)
    assert fragment in str(e.value)


def test_unset_gates_go_with_start_rest():
    assert hhsim.Scenario(start="rest", m0=None, h0=None, n0=None).values["m0"] is None  # None: not given


def test_replay_sources_as_whole_floats_are_taken_as_a_toml_file_takes_them():
    rows = np.array([[10.0, 1.0, 5.0], [20.0, 1.0, 7.0]])  # a numpy table is all floats
    r = hhsim.run(hhsim.Scenario(**REPLAY, replay_events=rows), record={"events": [0]})
    assert list(r.events["source"]) == [5, 7]


@pytest.mark.parametrize("arguments, fragment", [
    (dict(trials=2.7), "trials = 2.7 is invalid; must be a whole number"),
    (dict(trials=0), "trials = 0 is invalid"),
    (dict(seed="1"), "seed = '1' is invalid; must be a whole number"),
    (dict(first_trial=-1), "first_trial = -1 is invalid"),
    (dict(threads=1.5), "threads = 1.5 is invalid; must be a whole number"),
    (dict(record={"traces": [0.5]}), "record['traces'][0] = 0.5 is invalid; must be a whole number"),
    (dict(record={"trace_every_steps": 0}), "record['trace_every_steps'] = 0 is invalid"),
])
def test_run_arguments_follow_the_registry_rules(arguments, fragment):
    with pytest.raises(ValueError) as e:
        hhsim.run(hhsim.Scenario(t_end_ms=10.0), **arguments)
    assert fragment in str(e.value)


def test_a_whole_float_trial_count_is_taken_as_toml_takes_it():
    assert len(hhsim.run(hhsim.Scenario(t_end_ms=10.0), trials=3.0).spikes) == 3


# Item 14: a bad argument of any type is the registry's ValueError naming the key.
@pytest.mark.parametrize("keywords, fragment", [
    ({"populations": [{"count": 10, "rate_hz": print, "jump_mV": 1.0}]}, "populations[0].rate_hz = <built-in function print> is invalid; must be a number (Hz)"),
    ({"populations": [{"count": "10", "rate_hz": 5.0, "jump_mV": 1.0}]}, "populations[0].count = '10' is invalid; must be a whole number"),
    ({"populations": [{"source_rates_hz": [1.0, "x"], "jump_mV": 1.0}]}, "populations[0].source_rates_hz[1] = 'x' is invalid; must be a number"),
    ({"populations": [{"count": 10, "rate_hz": 5.0, "jump_mV": 1.0, "name": 3}]}, "populations[0].name = 3 is invalid; must be a string"),
    ({"populations": 5}, "populations = 5 is invalid; must be a list of dicts"),
    ({"replay_events": [(print, 1.0)], "kind": "replay"}, "replay_events[0].time_ms = <built-in function print> is invalid; must be a number"),
    ({"replay_events": [5.0], "kind": "replay"}, "replay_events[0] = 5.0 is invalid; must be a list of values"),
    ({"trace_trials": print}, "trace_trials = <built-in function print> is invalid; must be a list of whole numbers"),
    ({"i_app_uA_per_cm2": 10**400}, "i_app_uA_per_cm2 = 1000"),
    ({"m0": np.float64("nan")}, "m0 = nan is invalid; must be a finite number"),
])
def test_a_bad_argument_of_any_type_is_a_value_error_naming_the_key(keywords, fragment):
    with pytest.raises(ValueError) as e:
        hhsim.Scenario(**keywords)
    assert fragment in str(e.value)


def test_a_bad_record_or_run_argument_of_any_type_names_the_key():
    with pytest.raises(ValueError, match=r"record\['traces'\] = <built-in function print> is invalid"):
        hhsim.run(hhsim.Scenario(t_end_ms=10.0), record={"traces": print})
    with pytest.raises(ValueError, match="trials = <built-in function print> is invalid"):
        hhsim.run(hhsim.Scenario(t_end_ms=10.0), trials=print)


# Item 15: source_rates_hz without count, as docs/config.md allows.
def test_source_rates_without_count_set_the_count():
    sc = hhsim.Scenario(t_end_ms=100.0, kind="per-source", populations=[{"source_rates_hz": [50.0, 100.0, 200.0], "jump_mV": 1.0}])
    assert sc.values["populations"][0]["count"] == 3
    r = hhsim.run(sc, record={"events": [0]})
    assert len(r.events["source"]) > 0 and set(r.events["source"]) <= {0, 1, 2}
    with pytest.raises(ValueError, match=r"populations\[0\].source_rates_hz has 3 rates; must have count = 2"):
        hhsim.Scenario(populations=[{"count": 2, "source_rates_hz": [1.0, 2.0, 3.0], "jump_mV": 1.0}])
    with pytest.raises(ValueError, match="rate_hz and source_rates_hz are both given"):
        hhsim.Scenario(populations=[{"rate_hz": 2.0, "source_rates_hz": [1.0], "jump_mV": 1.0}])
    with pytest.raises(ValueError, match=r"populations\[0\].jump_mV is missing"):
        hhsim.Scenario(populations=[{"source_rates_hz": [1.0]}])
