"""Issue 16 item 4 (part): run() takes trials, seed, first_trial, threads and the record lists from
the Scenario or from its own arguments, and refuses the two when they disagree (it used to override
the Scenario silently)."""
import pytest

import hhsim


def test_the_scenario_values_are_used():
    sc = hhsim.Scenario(trials=3, seed=7, t_end_ms=30.0)
    r = hhsim.run(sc)
    assert len(r.spikes) == 3
    same = hhsim.run(hhsim.Scenario(t_end_ms=30.0), trials=3, seed=7)
    assert (r.spikes.times_ms == same.spikes.times_ms).all()


def test_agreeing_values_are_fine():
    sc = hhsim.Scenario(trials=2, t_end_ms=20.0)
    assert len(hhsim.run(sc, trials=2).spikes) == 2


@pytest.mark.parametrize("arguments, fragment", [
    ({"trials": 4}, "run(..., trials=4) contradicts the Scenario's trials = 3"),
    ({"seed": 2}, "run(..., seed=2) contradicts the Scenario's seed = 7"),
])
def test_contradicting_values_are_refused(arguments, fragment):
    sc = hhsim.Scenario(trials=3, seed=7, t_end_ms=20.0)
    with pytest.raises(ValueError) as e:
        hhsim.run(sc, **arguments)
    assert fragment in str(e.value)


def test_record_lists_from_the_scenario_or_run():
    sc = hhsim.Scenario(trials=3, t_end_ms=20.0, trace_trials=[1])
    r = hhsim.run(sc)
    assert list(r.traces["trials"]) == [1]
    with pytest.raises(ValueError) as e:
        hhsim.run(sc, record={"traces": [2]})
    assert "record['traces']=[2]) contradicts the Scenario's record['traces'] = [1]" in str(e.value)
