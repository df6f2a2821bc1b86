"""Issue 15, found in review: a Scenario with first_trial > 0 is valid (run() records what record=
says, trial 0 is no default); isi_statistics follows the window of a study's trains whatever its
transient."""
import pytest

import hhsim
from hhsim import analysis

POPULATIONS = [{"count": 200, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": 1.0},
               {"count": 50, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": -2.0}]


def test_a_scenario_may_start_at_any_trial():
    sc = hhsim.Scenario(first_trial=5, t_end_ms=50.0)
    assert sc["trace_trials"] == [] and sc["event_trials"] == []
    r = hhsim.run(sc, trials=2, first_trial=5, record={"traces": [6]})
    assert len(r.spikes) == 2


@pytest.mark.parametrize("transient_ms", [50.0, 200.0])
def test_isi_statistics_take_the_study_window(transient_ms):
    config = {"input": {"kind": "shot", "population": POPULATIONS},
              "run": {"dt_ms": 0.02, "t_end_ms": 500.0, "trials": 4, "seed": 8, "integrator": "euler", "jumps": "boundary"},
              "analysis": {"bootstrap_resamples": 20, "spectrum_segment_ms": 100.0, "transient_ms": transient_ms}}
    s = hhsim.study(config)
    trains = s.spikes["shot"][0]
    for name in ("cv", "cv2", "lv"):
        assert analysis.isi_statistics(trains)[name] == pytest.approx(s.column(name)[0][0], rel=1e-12), name
