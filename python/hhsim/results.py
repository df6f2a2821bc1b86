"""What hhsim.run and hhsim.study return: numpy arrays with their units in their names."""

import numpy as np


class SpikeTrains:
    """Spike times of several trials as one flat array plus offsets: trial k's spikes (ms) are
    ``times_ms[offsets[k]:offsets[k + 1]]`` (the layout of NWB's Units table and of
    ``neo.SpikeTrainList.from_spike_time_array``)."""

    def __init__(self, times_ms, offsets, first_trial=0, t_stop_ms=None, t_start_ms=0.0):
        self.times_ms = times_ms
        self.offsets = offsets
        self.first_trial = int(first_trial)
        # The observed window [t_start_ms, t_stop_ms): a run's [0, t_end_ms), a study's analysed
        # window [transient_ms, t_end_ms). Rates need it: the last spike is not the end.
        self.t_start_ms = float(t_start_ms)
        self.t_stop_ms = t_stop_ms

    def __len__(self):
        return len(self.offsets) - 1

    def __getitem__(self, k):
        """Spike times (ms) of the k-th trial of the result (global index first_trial + k)."""
        return self.times_ms[self.offsets[k]:self.offsets[k + 1]]

    def counts(self):
        """Spikes per trial."""
        return np.diff(self.offsets)

    def trial_ids(self):
        """The global trial index of every spike (for NWB and neo)."""
        return np.repeat(np.arange(self.first_trial, self.first_trial + len(self)), self.counts())

    def to_neo(self):
        """A neo.SpikeTrainList (python3-neo), one train per trial, times in ms, with t_start and
        t_stop the observed window (a study's: the analysed window; spikes outside it are left out)."""
        import neo  # optional: Debian's python3-neo
        import quantities as pq
        if self.t_stop_ms is None:
            raise ValueError("to_neo needs t_stop_ms, the end of the observed window (ms); these spike trains have none")
        start, stop = self.t_start_ms, float(self.t_stop_ms)

        def window(k):
            t = self[k]
            return t[(t >= start) & (t < stop)]

        trains = [neo.SpikeTrain(window(k) * pq.ms, t_start=start * pq.ms, t_stop=stop * pq.ms, name=f"trial {self.first_trial + k}")
                  for k in range(len(self))]
        return neo.core.spiketrainlist.SpikeTrainList(items=trains)


class RunResult:
    """The result of hhsim.run: ``spikes`` (SpikeTrains), and as asked for ``traces`` (dict of
    (trials, samples) arrays: t_ms, v_mV, m, h, n and the currents in uA/cm^2), ``events`` (flat
    arrays t_ms, source, transmitted, jump_mV with per-trial offsets) and ``noise`` (increment_mV:
    (trials, steps), what the input added to V in each step). ``scenario``: every parameter."""

    def __init__(self, raw):
        sc = raw["scenario"]
        self.scenario = sc
        self.spikes = SpikeTrains(raw["spikes"]["times_ms"], raw["spikes"]["offsets"], raw["first_trial"], sc["t_end_ms"])
        self.n_steps = raw["n_steps"]
        self.traces = raw.get("traces")
        self.events = raw.get("events")
        self.noise = raw.get("noise")

    def rate_hz(self, start_ms=0.0):
        """Per-trial firing rates (Hz) of the spikes after start_ms."""
        t_end = self.scenario["t_end_ms"]
        return np.array([np.sum(self.spikes[k] >= start_ms) for k in range(len(self.spikes))]) / ((t_end - start_ms) * 1e-3)

    def to_neo(self):
        """The spike trains as a neo.SpikeTrainList (needs python3-neo)."""
        return self.spikes.to_neo()


class StudyResult:
    """The result of hhsim.study or hhsim.compare: per grid point and input mode, every statistic
    with its SE and confidence interval, as arrays over the grid points.

    ``statistics``, ``units``, ``labels``: the statistic catalogue (docs/analysis.md).
    ``grid_keys``, ``grid_labels``, ``grid_values`` [points, axes]: the sweep.
    ``estimate[mode]``, ``se[mode]``, ``ci_low[mode]``, ``ci_high[mode]``, ``n[mode]``: [points, statistics].
    ``difference``, ``difference_ci_low``, ``difference_ci_high``, ``ks_p_value`` (compare only).
    ``spikes[mode][point]``: SpikeTrains."""

    def __init__(self, raw):
        self.statistics = list(raw["statistics"])
        self.units = list(raw["units"])
        self.labels = list(raw["labels"])
        self.grid_keys = list(raw["grid_keys"])
        self.grid_labels = list(raw["grid_labels"])
        self.grid_values = raw["grid_values"]
        self.modes = list(raw["modes"])
        self.trials_per_point = raw["trials_per_point"]
        self.integrator_pair = raw.get("integrator_pair")
        points = raw["points"]
        self.n_points = len(points)
        self.estimate, self.se, self.ci_low, self.ci_high, self.n, self.spikes = {}, {}, {}, {}, {}, {}
        for mode in self.modes:
            for name in ("estimate", "se", "ci_low", "ci_high", "n"):
                getattr(self, name)[mode] = np.vstack([p["modes"][mode][name] for p in points])
            self.spikes[mode] = [SpikeTrains(p["modes"][mode]["spikes"]["times_ms"], p["modes"][mode]["spikes"]["offsets"],
                                             t_start_ms=p["modes"][mode]["window_ms"][0], t_stop_ms=p["modes"][mode]["window_ms"][1])
                                 for p in points]
        self.isi_density = {mode: [(p["modes"][mode]["isi_edges_ms"], p["modes"][mode]["isi_density_per_ms"]) for p in points]
                            for mode in self.modes}
        self.spectrum = {mode: [(p["modes"][mode]["spectrum_frequency_hz"], p["modes"][mode]["spectrum_power"]) for p in points]
                         for mode in self.modes}
        self.compared = "comparison" in points[0]
        if self.compared:
            self.difference = np.vstack([p["comparison"]["estimate"] for p in points])
            self.difference_se = np.vstack([p["comparison"]["se"] for p in points])
            self.difference_ci_low = np.vstack([p["comparison"]["ci_low"] for p in points])
            self.difference_ci_high = np.vstack([p["comparison"]["ci_high"] for p in points])
            self.ks_statistic = np.array([p["comparison"]["ks_statistic"] for p in points])
            self.ks_p_value = np.array([p["comparison"]["ks_p_value"] for p in points])

    def column(self, statistic, mode=None):
        """(estimate, se, ci_low, ci_high) of one statistic over the grid points."""
        mode = mode or self.modes[0]
        j = self.statistics.index(statistic)
        return self.estimate[mode][:, j], self.se[mode][:, j], self.ci_low[mode][:, j], self.ci_high[mode][:, j]

    def to_dataframe(self):
        """A long pandas DataFrame (python3-pandas): one row per grid point, mode and statistic."""
        import pandas as pd  # optional: Debian's python3-pandas
        rows = []
        for mode in self.modes:
            for i in range(self.n_points):
                for j, name in enumerate(self.statistics):
                    row = {key: self.grid_values[i, a] for a, key in enumerate(self.grid_keys)}
                    row.update(mode=mode, statistic=name, unit=self.units[j], estimate=self.estimate[mode][i, j], se=self.se[mode][i, j],
                               ci_low=self.ci_low[mode][i, j], ci_high=self.ci_high[mode][i, j], n=self.n[mode][i, j])
                    rows.append(row)
        return pd.DataFrame(rows)
