"""Issue 15 item 7: neo trains span the observed window (a study's analysed window [transient_ms,
t_end_ms), a run's [0, t_end_ms)), not [0, last spike]: rates computed from them are right."""
import numpy as np
import pytest

import hhsim

POPULATIONS = [{"count": 200, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": 1.0},
               {"count": 50, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": -2.0}]


def test_to_neo_of_study_trains_spans_the_analysed_window():
    pytest.importorskip("neo")
    config = {"input": {"kind": "shot", "population": POPULATIONS},
              "run": {"dt_ms": 0.02, "t_end_ms": 400.0, "trials": 4, "seed": 3, "integrator": "euler", "jumps": "boundary"},
              "analysis": {"transient_ms": 100.0, "bootstrap_resamples": 20, "spectrum_segment_ms": 100.0}}
    s = hhsim.study(config)
    trains = s.spikes["shot"][0].to_neo()
    assert all(float(t.t_start.rescale("ms")) == 100.0 and float(t.t_stop.rescale("ms")) == 400.0 for t in trains)
    # The mean rate as Elephant computes it (count / (t_stop - t_start)) is the study's rate_hz.
    elephant_style = np.mean([len(t) / float((t.t_stop - t.t_start).rescale("s")) for t in trains])
    assert elephant_style == pytest.approx(s.column("rate_hz")[0][0], rel=1e-12)
    run = hhsim.run(hhsim.Scenario(t_end_ms=200.0), trials=2).to_neo()
    assert all(float(t.t_start) == 0.0 and float(t.t_stop) == 200.0 for t in run)
