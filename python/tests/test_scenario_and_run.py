"""hhsim.Scenario validates on construction; hhsim.run returns numpy arrays equal to the CLI's."""
import csv
import os
import signal
import subprocess
import tempfile
import threading
import time

import numpy as np
import pytest

import hhsim

HHSIM = os.environ.get("HHSIM_EXECUTABLE")


def test_every_parameter_is_a_keyword_with_its_unit_in_its_name():
    table = hhsim.parameters()
    names = [p["name"] for p in table if p["section"] != "input.population"]
    assert len(names) == len(set(names)), "parameter names must be unique across sections"
    for p in table:
        if p["unit"]:
            assert p["name"].split("_")[-1] in ("ms", "mV", "hz", "cm2"), (p["name"], p["unit"])
    # Every scenario parameter is a keyword: its default value given back is accepted as it is.
    defaults = hhsim.Scenario().values
    for p in table:
        if p["section"] in ("model", "input", "run", "record") and defaults.get(p["name"]) is not None:
            assert hhsim.Scenario(**{p["name"]: defaults[p["name"]]}).values[p["name"]] == defaults[p["name"]]


@pytest.mark.parametrize("keywords, fragment", [
    ({"dt_ms": -0.01}, "dt_ms = -0.01 ms is invalid; must be > 0"),
    ({"trials": 2.5}, "trials = 2.5 is invalid; must be a whole number"),
    ({"integrator": "rk5"}, "integrator = 'rk5' is invalid; allowed: euler, rk4"),
    ({"m0": 1.5}, "m0 = 1.5 is invalid; must lie in [0, 1]"),
    ({"seed": -1}, "seed = -1 is invalid"),
    ({"threads": 10**6}, "threads = 1000000 is invalid"),
    ({"i_app_uA_per_cm2": "3"}, "i_app_uA_per_cm2 = '3' is invalid; must be a number"),
    ({"populations": [{"count": 10, "rate_hz": 5.0, "release_probability": 2.0, "jump_mV": 1.0}]}, "release_probability = 2.0 is invalid"),
    ({"t_end_ms": 10.005}, "whole number"),
    ({"precision": "f16"}, "precision = 'f16' is invalid; allowed: f64, f32"),
    ({"populations": [{"count": 10, "rate_hz": 5.0, "jump_mV": 1.0, "stream_id": 3},
                      {"count": 10, "rate_hz": 5.0, "jump_mV": -1.0, "stream_id": 3}]}, "same stream id 3"),
])
def test_a_bad_value_raises_value_error_naming_key_value_and_rule(keywords, fragment):
    with pytest.raises(ValueError) as e:
        hhsim.Scenario(**keywords)
    assert fragment in str(e.value)


def test_an_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError):
        hhsim.Scenario(dtms=0.01)


def test_run_returns_flat_spikes_traces_events_and_noise():
    sc = hhsim.Scenario(t_end_ms=200.0, kind="per-source")
    r = hhsim.run(sc, trials=4, seed=3, record={"traces": [1], "events": [0, 2], "noise": [3], "trace_every_steps": 5})
    assert r.spikes.offsets.shape == (5,) and r.spikes.offsets[-1] == len(r.spikes.times_ms)
    assert r.spikes.times_ms.dtype == np.float64 and r.spikes.times_ms.flags["OWNDATA"] is False  # the C++ buffer, not a copy
    assert r.traces["v_mV"].shape == (1, 200 * 100 // 5 + 1) and np.all(r.traces["trials"] == [1])
    assert np.all(np.diff(r.events["offsets"]) > 0) and r.events["transmitted"].dtype == bool
    assert np.all((r.events["source"] >= 0) & (r.events["source"] < 100))
    assert r.noise["increment_mV"].shape == (1, 20000)
    # The recorded increments are the transmitted jumps binned by step.
    ev = slice(r.events["offsets"][0], r.events["offsets"][1])
    assert np.isclose(r.events["jump_mV"][ev][r.events["transmitted"][ev]].sum(), hhsim.run(sc, trials=1, seed=3, record={"noise": [0]}).noise["increment_mV"].sum())


def test_trial_k_depends_on_seed_and_k_alone():
    sc = hhsim.Scenario(t_end_ms=300.0)
    alone = hhsim.run(sc, trials=1, seed=9, first_trial=7)
    many = hhsim.run(sc, trials=10, seed=9, first_trial=0, threads=2)
    assert np.array_equal(alone.spikes[0], many.spikes[7])


def test_f32_runs_the_same_input_with_float_kernels():
    f64 = hhsim.run(hhsim.Scenario(t_end_ms=300.0), trials=3, seed=4, record={"events": [1], "traces": [1]})
    f32 = hhsim.run(hhsim.Scenario(t_end_ms=300.0, precision="f32"), trials=3, seed=4, record={"events": [1], "traces": [1]})
    assert np.array_equal(f32.events["t_ms"], f64.events["t_ms"])  # the same random streams
    assert not np.array_equal(f32.traces["v_mV"], f64.traces["v_mV"])  # float arithmetic
    assert np.max(np.abs(f32.traces["v_mV"] - f64.traces["v_mV"])) < 2.0


def test_population_stream_ids_keep_events_when_populations_are_reordered():
    exc = {"count": 200, "rate_hz": 10.0, "jump_mV": 1.0, "stream_id": 4}
    inh = {"count": 100, "rate_hz": 10.0, "jump_mV": -2.0, "stream_id": 2}
    def exc_events(pops):
        r = hhsim.run(hhsim.Scenario(t_end_ms=200.0, populations=pops), trials=1, record={"events": [0]})
        return r.events["t_ms"][r.events["jump_mV"] == 1.0]
    assert len(exc_events([exc, inh])) > 50
    assert np.array_equal(exc_events([exc, inh]), exc_events([inh, exc]))


@pytest.mark.skipif(not HHSIM, reason="HHSIM_EXECUTABLE (the hhsim program) not given")
def test_cli_and_python_give_bitwise_the_same_spikes():
    args = ["--t_end_ms", "500", "--trials", "6", "--seed", "11", "--first_trial", "3", "--i_app_uA_per_cm2", "4.5", "--kind", "shot",
            "--ne", "400", "--ni", "100", "--je_mV", "0.8", "--integrator", "rk4"]
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "cli run")
        subprocess.run([HHSIM, "run", *args, "--out", out, "--quiet"], check=True, capture_output=True)
        with open(os.path.join(out, "spikes.csv")) as f:
            rows = list(csv.DictReader(f))
    sc = hhsim.Scenario(t_end_ms=500.0, i_app_uA_per_cm2=4.5, kind="shot", integrator="rk4",
                        populations=[{"count": 400, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": 0.8},
                                     {"count": 100, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": -3.2}])
    r = hhsim.run(sc, trials=6, seed=11, first_trial=3)
    cli = {k: np.array([float(row["t_ms"]) for row in rows if int(row["trial"]) == k]) for k in range(3, 9)}
    assert sum(len(v) for v in cli.values()) == len(r.spikes.times_ms) > 0
    for k in range(6):
        assert np.array_equal(cli[3 + k], r.spikes[k]), k  # bitwise: CSV writes 17 significant digits


def test_progress_callback_and_gil_released():
    seen = []
    sc = hhsim.Scenario(t_end_ms=1000.0, integrator="euler", jumps="boundary")
    ticks = []
    stop = threading.Event()

    def other_thread():  # runs while the simulation does: the GIL is released
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.005)

    t = threading.Thread(target=other_thread)
    t.start()
    hhsim.run(sc, trials=400, seed=1, progress=lambda done, total: seen.append((done, total)))
    stop.set()
    t.join()
    assert seen and seen[-1][0] == seen[-1][1] == 400 * 100000
    assert len(ticks) > 3


def test_keyboard_interrupt_stops_a_run_quickly():
    sc = hhsim.Scenario(t_end_ms=10000.0, integrator="rk4")
    timer = threading.Timer(0.3, lambda: signal.raise_signal(signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        hhsim.run(sc, trials=2000, seed=1)
    assert time.monotonic() - start < 3.0
