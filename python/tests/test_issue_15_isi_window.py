"""Issue 15 item 19: isi_statistics drops a study's transient (analysis.transient_ms, 100 ms) by
default, taken from the parameter table, so a study's trains give the study's cv, cv2 and lv."""
import pytest

import hhsim
from hhsim import analysis

POPULATIONS = [{"count": 200, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": 1.0},
               {"count": 50, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": -2.0}]


def test_isi_statistics_default_window_is_the_study_default():
    assert analysis.STUDY_TRANSIENT_MS == 100.0
    config = {"input": {"kind": "shot", "population": POPULATIONS},
              "run": {"dt_ms": 0.02, "t_end_ms": 500.0, "trials": 4, "seed": 8, "integrator": "euler", "jumps": "boundary"},
              "analysis": {"bootstrap_resamples": 20, "spectrum_segment_ms": 100.0}}  # transient_ms: its default
    s = hhsim.study(config)
    trains = s.spikes["shot"][0]
    assert trains.times_ms.min() < 100.0  # the transient holds spikes: the window matters
    for name in ("cv", "cv2", "lv"):
        assert analysis.isi_statistics(trains)[name] == pytest.approx(s.column(name)[0][0], rel=1e-12), name
    everything = analysis.isi_statistics(trains, start_ms=0.0)
    assert everything["n_intervals"] > analysis.isi_statistics(trains)["n_intervals"]
