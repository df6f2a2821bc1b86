"""hhsim.study / hhsim.compare from a dict or a TOML path; the analysis library on numpy arrays."""
import os
import tempfile

import numpy as np
import pytest

import hhsim
from hhsim import analysis

SMALL = {
    "input": {"kind": "shot", "population": [
        {"name": "exc", "count": 400, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": 1.5},
        {"name": "inh", "count": 100, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": -3.0}]},
    "run": {"dt_ms": 0.02, "t_end_ms": 300.0, "trials": 8, "seed": 4, "integrator": "euler", "jumps": "boundary"},
    "sweep": {"input.population.*.rate_hz": [6.0, 12.0]},
    "analysis": {"transient_ms": 50.0, "fano_windows_ms": [10.0, 50.0], "spectrum_segment_ms": 100.0, "bootstrap_resamples": 50},
}


def test_study_from_a_dict_returns_statistics_over_the_grid():
    s = hhsim.study(SMALL)
    assert s.n_points == 2 and s.modes == ["shot"] and s.grid_labels == ["input rate r (Hz)"]
    rate, se, lo, hi = s.column("rate_hz")
    assert np.all(lo <= rate) and np.all(rate <= hi) and rate[0] < rate[1]
    assert s.units[s.statistics.index("rate_hz")] == "Hz" and s.units[s.statistics.index("cv")] == ""
    # The per-point rate is the mean of the per-trial rates of its spike trains.
    trains = s.spikes["shot"][1]
    per_trial = np.array([np.sum(trains[k] >= 50.0) for k in range(len(trains))]) / 0.25
    assert np.isclose(per_trial.mean(), rate[1], rtol=1e-12)


def test_study_from_a_path_equals_study_from_the_dict():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "small study.toml")
        with open(path, "w") as f:
            f.write(hhsim.to_toml(SMALL))
        a, b = hhsim.study(path), hhsim.study(SMALL)
    assert np.array_equal(a.estimate["shot"], b.estimate["shot"], equal_nan=True)


def test_compare_pairs_integrators_and_gives_differences():
    c = hhsim.compare(SMALL)
    assert c.modes == ["shot", "diffusion"] and "euler-maruyama" in c.integrator_pair
    j = c.statistics.index("rate_hz")
    assert np.allclose(c.difference[:, j], c.estimate["shot"][:, j] - c.estimate["diffusion"][:, j])
    assert np.all((c.ks_p_value >= 0) & (c.ks_p_value <= 1))


def test_a_bad_config_is_a_value_error_naming_the_key():
    bad = dict(SMALL, run={"dt_ms": -1.0})
    with pytest.raises(ValueError, match="run.dt_ms = -1 ms is invalid"):
        hhsim.study(bad)


def test_dataframe_when_pandas_is_installed():
    pd = pytest.importorskip("pandas")
    df = hhsim.study(SMALL).to_dataframe()
    assert isinstance(df, pd.DataFrame) and set(df["statistic"]) >= {"rate_hz", "cv", "fano_10ms"}


def test_to_neo_when_neo_is_installed():
    neo = pytest.importorskip("neo")
    r = hhsim.run(hhsim.Scenario(t_end_ms=200.0), trials=3, seed=2)
    trains = r.to_neo()
    assert len(trains) == 3 and np.allclose(trains[1].magnitude, r.spikes[1])


def test_analysis_on_known_processes():
    rng = np.random.default_rng(5)
    # A Poisson process at 50 Hz: CV 1, rate 50 Hz, Fano 1.
    trains = [np.sort(rng.uniform(0, 20000.0, rng.poisson(1000))) for _ in range(40)]
    isi = analysis.isi_statistics(trains)
    assert abs(isi["cv"] - 1) < 0.05 and abs(isi["lv"] - 1) < 0.05
    r = analysis.rates(trains, 0.0, 20000.0)
    assert r["t_ci_hz"][0] < 50.0 < r["t_ci_hz"][1]
    fano = analysis.fano_factors(trains, 0.0, 20000.0, [100.0])
    assert abs(fano[0]["fano"] - 1) < 5 * fano[0]["se"]
    rho, pairs = analysis.serial_correlations(trains, 2)
    assert np.all(np.abs(rho) < 0.05)
    f, p, se = analysis.spike_train_spectrum(trains, 0.0, 20000.0, 1.0, 500.0)
    assert abs(np.mean(p[10:]) - 50.0) < 2.0
    edges, rate, rate_se = analysis.psth(trains, 0.0, 20000.0, 1000.0)
    assert np.allclose(rate.mean(), 50.0, rtol=0.05)
    # A periodic train: CV 0; two samples from one distribution: KS does not reject.
    periodic = [np.arange(0, 1000.0, 10.0)]
    assert analysis.isi_statistics(periodic)["cv"] < 1e-12
    d, pv = analysis.ks_two_sample(rng.exponential(size=500), rng.exponential(size=500))
    assert pv > 1e-3
    est, se, lo, hi = analysis.rate_difference(trains[:20], trains[20:], 0.0, 20000.0)
    assert lo < 0 < hi or abs(est) < 4 * se
    x = [np.sin(np.arange(4096) * 0.1) + rng.normal(0, 0.1, 4096) for _ in range(4)]
    f, coh, px, py = analysis.coherence(x, x, 1.0, 512.0)
    assert np.allclose(coh[px > 0], 1.0)


def test_spike_arrays_are_checked():
    with pytest.raises(ValueError, match="offsets"):
        analysis.isi_statistics(hhsim.SpikeTrains(np.array([1.0, 2.0]), np.array([0, 3])))
