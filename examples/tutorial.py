# hhsim tutorial: the original question, answered from Python. Run it whole
#     PYTHONPATH=build/python /usr/bin/python3 examples/tutorial.py
# or cell by cell (`# %%`) in Jupyter, VS Code or Spyder. `--short` runs a quick version (the test
# suite does, so this file cannot rot); figures go to --out (default: tutorial-figures/).

# %% Setup
import argparse
import os
import time

import matplotlib

if __name__ == "__main__":
    matplotlib.use("Agg")  # files, not windows, when run as a script
import matplotlib.pyplot as plt
import numpy as np

import hhsim
from hhsim import analysis

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--short", action="store_true", help="fewer trials and shorter runs (seconds)")
parser.add_argument("--out", default="tutorial-figures", help="folder for the figures")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)
SHORT = args.short


def save(fig, name):
    path = os.path.join(args.out, name + ".png")
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    print("wrote", path)


# %% 1. The original figure, with 5000 inputs
# One HH neuron receives 4000 excitatory and 1000 inhibitory Poisson sources at 10 Hz; each spike is
# transmitted with probability p = 0.5 and moves V by Je = +0.5 mV or Ji = -K Je = -2 mV (K = 4).
# The published start state (V, m, h, n) = (-65 mV, 0.05, 0.6, 0.32), I_app = 3 uA/cm^2, 300 ms.
# The input of 5000 sources is one compound Poisson process per population (superposition and
# thinning), so it costs no more than 5 sources would.
populations = [
    {"name": "exc", "count": 4000, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": 0.5},
    {"name": "inh", "count": 1000, "rate_hz": 10.0, "release_probability": 0.5, "jump_mV": -2.0},
]
classic = hhsim.Scenario(populations=populations, i_app_uA_per_cm2=3.0, t_end_ms=300.0, dt_ms=0.01,
                         start="v0", v0_mV=-65.0, m0=0.05, h0=0.6, n0=0.32, integrator="rk4", jumps="event-exact")
started = time.perf_counter()
one = hhsim.run(classic, trials=1, seed=1, record={"traces": [0], "trace_every_steps": 1})
print(f"one trial of 300 ms with 5000 inputs: {1e3 * (time.perf_counter() - started):.1f} ms, "
      f"{len(one.spikes[0])} spikes at {np.round(one.spikes[0], 2)} ms")
tr = one.traces
t = tr["t_ms"]
fig, ax = plt.subplots(3, 1, figsize=(8, 7), sharex=True)
ax[0].set_title("Hodgkin-Huxley neuron, 4000 E + 1000 I Poisson inputs")
ax[0].plot(t, tr["v_mV"][0], "k")
ax[0].set_ylabel("V (mV)")
for name, colour, label in (("i_na_uA_per_cm2", "c", "$I_{Na}$"), ("i_k_uA_per_cm2", "y", "$I_{K}$"), ("i_l_uA_per_cm2", "m", "$I_{L}$")):
    ax[1].plot(t, tr[name][0], colour, label=label)
ax[1].set_ylabel("current (uA/cm$^2$)")
ax[1].legend(loc="upper right")
for name, colour in (("m", "r"), ("h", "g"), ("n", "b")):
    ax[2].plot(t, tr[name][0], colour, label=name)
ax[2].set_ylabel("gating value")
ax[2].set_xlabel("t (ms)")
ax[2].legend(loc="upper right")
save(fig, "1_single_trial")

# %% 2. Every presynaptic spike, with its source and its transmission outcome
# For stochastic analysis: per-source input draws every presynaptic spike (source index, released
# or not) at a cost proportional to the number of spikes, not to sources x steps.
detailed = classic.replace(kind="per-source")
r = hhsim.run(detailed, trials=1, seed=1, record={"events": [0], "noise": [0]})
ev = r.events
released = ev["transmitted"]
print(f"{len(ev['t_ms'])} presynaptic spikes in 300 ms, {released.mean():.3f} of them transmitted (p = 0.5)")
fig, ax = plt.subplots(2, 1, figsize=(8, 5), sharex=True)
shown = ev["source"] < 200
ax[0].plot(ev["t_ms"][shown & released], ev["source"][shown & released], "|", ms=3, color="k", label="transmitted")
ax[0].plot(ev["t_ms"][shown & ~released], ev["source"][shown & ~released], "|", ms=3, color="0.7", label="failed")
ax[0].set_ylabel("source (first 200)")
ax[0].legend(loc="upper right")
steps = np.arange(r.noise["increment_mV"].shape[1])
ax[1].plot((steps + 1) * 0.01, np.cumsum(r.noise["increment_mV"][0]), "k")
ax[1].set_ylabel("summed jumps (mV)")
ax[1].set_xlabel("t (ms)")
save(fig, "2_input_events")

# %% 3. Monte Carlo over seeds: the firing rate and its confidence interval
trials = 40 if SHORT else 400
duration = 500.0 if SHORT else 2000.0
stationary = classic.replace(t_end_ms=duration, start="rest", v0_mV=None, m0=None, h0=None, n0=None, jumps="boundary")
mc = hhsim.run(stationary, trials=trials, seed=2026)
rates = analysis.rates(mc.spikes, 100.0, duration)
print(f"rate over {trials} trials: {rates['mean_hz']:.2f} +- {rates['se_hz']:.2f} Hz, 95% CI {np.round(rates['t_ci_hz'], 2)}")
isi = analysis.isi_statistics(mc.spikes)
print(f"ISI CV {isi['cv']:.3f}, CV2 {isi['cv2']:.3f}, LV {isi['lv']:.3f}")
per_trial = mc.rate_hz(100.0)
n = np.arange(2, trials + 1)
running = np.array([per_trial[:k].mean() for k in n])
running_se = np.array([per_trial[:k].std(ddof=1) / np.sqrt(k) for k in n])
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(n, running, "k")
ax.fill_between(n, running - 1.96 * running_se, running + 1.96 * running_se, color="0.8")
ax.set_xlabel("trials")
ax.set_ylabel("mean rate (Hz)")
ax.set_title("Monte Carlo estimate of the rate, with its 95% CI")
save(fig, "3_monte_carlo")

# %% 4. Shot noise against its diffusion approximation
# Campbell's theorem gives the diffusion approximation the same mean and variance of the input;
# compare() runs both (integrators paired by order) at each input rate and tests the difference.
config = {
    "input": {"kind": "shot", "population": populations},
    "model": {"i_app_uA_per_cm2": 3.0, "start": "rest"},
    "run": {"dt_ms": 0.01, "t_end_ms": duration, "trials": 20 if SHORT else 200, "seed": 7, "integrator": "euler", "jumps": "boundary"},
    "sweep": {"input.population.*.rate_hz": [5.0, 10.0] if SHORT else [4.0, 7.0, 10.0, 14.0, 20.0]},
    "analysis": {"transient_ms": 100.0, "fano_windows_ms": [10.0, 100.0], "spectrum_segment_ms": 200.0,
                 "bootstrap_resamples": 100 if SHORT else 1000},
}
c = hhsim.compare(config)
print("integrators:", c.integrator_pair)
x = c.grid_values[:, 0]
fig, ax = plt.subplots(1, 2, figsize=(10, 4))
for mode, colour in (("shot", "C0"), ("diffusion", "C1")):
    rate, se, lo, hi = c.column("rate_hz", mode)
    ax[0].errorbar(x, rate, yerr=[rate - lo, hi - rate], marker="o", color=colour, capsize=3, label=mode)
    edges, density = c.isi_density[mode][-1]
    ax[1].step(edges[:-1], density, where="post", color=colour, label=mode)
ax[0].set_xlabel(c.grid_labels[0])
ax[0].set_ylabel("output rate (Hz), 95% CI")
ax[0].legend()
ax[1].set_xlabel("ISI (ms)")
ax[1].set_ylabel("density (1/ms)")
ax[1].set_title(f"ISI densities at {x[-1]:g} Hz input")
ax[1].legend()
save(fig, "4_shot_vs_diffusion")
j = c.statistics.index("rate_hz")
for i, xi in enumerate(x):
    print(f"input {xi:g} Hz: shot - diffusion = {c.difference[i, j]:+.2f} Hz "
          f"[{c.difference_ci_low[i, j]:+.2f}, {c.difference_ci_high[i, j]:+.2f}], ISI KS p = {c.ks_p_value[i]:.2g}")
