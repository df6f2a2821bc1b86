"""Issue 15 item 4: populations and replay_events given as iterators (a generator, iter(...)) are
read once, when the Scenario is made; run() and replace() see the same input."""
import numpy as np

import hhsim

POPULATIONS = [{"count": 200, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": 1.0},
               {"count": 50, "rate_hz": 20.0, "release_probability": 1.0, "jump_mV": -2.0}]
REPLAY = dict(t_end_ms=100.0, kind="replay")
ROWS = [(2.0 + 1.5 * i, 6.0, i % 3) for i in range(40)]


def test_populations_given_as_a_generator_are_kept_for_run_and_replace():
    listed = hhsim.run(hhsim.Scenario(t_end_ms=200.0, populations=POPULATIONS), trials=2, seed=5)
    sc = hhsim.Scenario(t_end_ms=200.0, populations=(p for p in POPULATIONS))
    generated = hhsim.run(sc, trials=2, seed=5)
    assert len(listed.spikes.times_ms) > 0
    assert np.array_equal(generated.spikes.times_ms, listed.spikes.times_ms)
    assert len(sc.replace(seed=2).values["populations"]) == 2


def test_replay_events_given_as_an_iterator_are_kept_for_run():
    a = hhsim.run(hhsim.Scenario(**REPLAY, replay_events=ROWS), record={"events": [0]})
    b = hhsim.run(hhsim.Scenario(**REPLAY, replay_events=iter(ROWS)), record={"events": [0]})
    assert len(a.events["t_ms"]) == len(ROWS)
    assert np.array_equal(a.events["t_ms"], b.events["t_ms"]) and np.array_equal(a.events["source"], b.events["source"])
