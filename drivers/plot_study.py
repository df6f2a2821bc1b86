#!/usr/bin/env python3
"""Draw the figures of an hhsim study folder from its study.h5 (layout: docs/output.md).

Usage: python3 drivers/plot_study.py [--] STUDY_FOLDER

Writes STUDY_FOLDER/figures/<name>.png (150 dpi) and <name>.svg for
  trace_<mode>   trial 0 of the first computed grid point: V, ionic currents, gates
  isi            pooled ISI densities, one panel per grid point (at most 9), modes overlaid
  spectra        spike-train power spectra, same panels
  stat_<name>    each summary statistic vs the first swept parameter, with its CI band
  comparison     shot minus diffusion with CIs, and the KS p-values (`hhsim compare` only)
and figures/index.txt, one line per figure drawn: "<name><TAB><caption>".
A figure with nothing to draw is skipped with a line saying why. Every file is written under a
temporary name and renamed. With two or more cores, two processes draw (every second figure in a
forked child). Exit status 0 on success; 1 if study.h5 is missing, unreadable or lacks the groups
every study has (/grid, /summary), or a figure could not be written.
"""

import os
import sys

try:
    import h5py
    import matplotlib
    import numpy as np
except ImportError as missing:
    # The first python3 on PATH may be a separate installation (pyenv, a venv) without the Debian
    # packages the Makefile installs (python3-h5py, python3-matplotlib); the system interpreter
    # has them, so try it once before giving up.
    SYSTEM_PYTHON = "/usr/bin/python3"
    if (os.path.exists(SYSTEM_PYTHON) and not os.environ.get("HHSIM_PLOT_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        os.environ["HHSIM_PLOT_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, *sys.argv])
    sys.exit(f"plot_study: error: {missing}; install numpy, h5py and matplotlib "
             "(Debian: apt-get install python3-h5py python3-matplotlib)")

matplotlib.use("Agg")  # files only, never a display
import matplotlib.pyplot as plt  # noqa: E402  (must follow the backend choice)
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import LogFormatter  # noqa: E402

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

DPI = 150
MAX_PANELS = 9                 # ISI and spectrum figures: at most this many grid points
STAT_FIGSIZE_IN = (6.4, 4.4)
TRACE_FIGSIZE_IN = (8.0, 7.5)
TRACE_WINDOW_MS = 250.0        # a longer trace shows its start only: a few spikes stay readable
ISI_MASS_SHOWN = 0.999         # ISI axes end where this much of every density lies
# Modes in drawing order, each with a fixed colour so shot and diffusion look the same everywhere.
MODE_COLOURS = {"shot": "C0", "diffusion": "C1", "per-source": "C2", "replay": "C4", "none": "C7"}
# Where several combinations of the other axes share a figure, colour tells the combination and
# line style and marker tell the mode.
MODE_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (1, 3)), "v")]
KS_P_FLOOR = 1e-16             # p-values below this (0 included) are drawn on it: log axis

# Reproducible SVGs: fixed element ids and no creation date, so reruns give identical files.
plt.rcParams["svg.hashsalt"] = "hhsim"


class StudyError(Exception):
    """study.h5 is missing, unreadable or lacks a required group."""


class SkipFigure(Exception):
    """Nothing to draw for this figure; the message says why."""


# ----------------------------------------------------------------------------- reading study.h5

def read_array(dataset, dtype=None):
    """The dataset as a numpy array; an HDF5 null dataspace (no sweep) reads as empty."""
    if dataset.shape is None:
        return np.array([], dtype=dtype or object)
    return np.asarray(dataset[()], dtype=dtype)


def decode_strings(dataset):
    """Variable-length strings as str: h5py 3.7 returns bytes for those the C library stores."""
    values = np.atleast_1d(read_array(dataset))
    return [v.decode() if isinstance(v, (bytes, np.bytes_)) else str(v) for v in values]


@dataclass
class Summary:
    """/summary/<mode>: one row per grid point, one column per statistic."""
    statistics: list
    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    level: float            # confidence level of ci_low..ci_high, NaN where the file does not say


@dataclass
class Comparison:
    """/comparison: shot minus diffusion per grid point and statistic, KS test per grid point."""
    statistics: list
    difference: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    ks_p_value: np.ndarray  # [n_points], NaN-filled when absent
    level: float


@dataclass
class Study:
    axis_keys: list          # swept config keys; empty without a sweep
    grid: np.ndarray         # [n_points, n_axes]
    complete: np.ndarray     # [n_points] bool
    summaries: dict          # mode -> Summary, in drawing order
    comparison: object       # Comparison or None
    points: dict             # grid index -> h5py group /points/pNNNN (open file)
    axis_labels: list = None  # each axis's label with its unit (/grid/labels, from hhsim's parameter tables)
    stat_labels: dict = None  # statistic -> label with its unit (/summary/<mode>/labels, the statistic catalogue)

    @property
    def n_points(self):
        return len(self.complete)


def mode_order(modes):
    """Known modes first in a fixed order (shot before diffusion), then any others by name."""
    known = [m for m in MODE_COLOURS if m in modes]
    return known + sorted(m for m in modes if m not in MODE_COLOURS)


def mode_colour(mode):
    if mode in MODE_COLOURS:
        return MODE_COLOURS[mode]
    spare = ["C3", "C5", "C6", "C8", "C9"]  # a mode docs/output.md does not name: stable pick
    return spare[sum(map(ord, mode)) % len(spare)]


def confidence_level(*objects):
    """The `level` attribute from the first object that has it (datasets, then their group)."""
    for obj in objects:
        if "level" in obj.attrs:
            return float(np.ravel(obj.attrs["level"])[0])
    return math.nan


def as_table(dataset, n_points, n_stats, where):
    table = read_array(dataset, float)
    if table.size != n_points * n_stats:
        raise StudyError(f"{where} has shape {table.shape}; expected ({n_points}, {n_stats})")
    return table.reshape(n_points, n_stats)


def read_summary(group, n_points, where):
    statistics = decode_strings(group["statistics"])
    n = len(statistics)
    return Summary(statistics,
                   as_table(group["estimate"], n_points, n, f"{where}/estimate"),
                   as_table(group["ci_low"], n_points, n, f"{where}/ci_low"),
                   as_table(group["ci_high"], n_points, n, f"{where}/ci_high"),
                   confidence_level(group["ci_low"], group["ci_high"], group))


def read_comparison(group, n_points):
    statistics = decode_strings(group["statistics"])
    n = len(statistics)
    ks_p = np.full(n_points, math.nan)
    if "ks_p_value" in group:
        ks_p = read_array(group["ks_p_value"], float).reshape(n_points)
    return Comparison(statistics,
                      as_table(group["difference"], n_points, n, "/comparison/difference"),
                      as_table(group["ci_low"], n_points, n, "/comparison/ci_low"),
                      as_table(group["ci_high"], n_points, n, "/comparison/ci_high"),
                      ks_p, confidence_level(group["ci_low"], group["ci_high"], group))


def point_groups(file):
    """Grid index -> /points/pNNNN group, by the group's `index` attribute (else its name)."""
    groups = {}
    if "points" not in file:
        return groups
    for name, group in file["points"].items():
        if not isinstance(group, h5py.Group):
            continue
        if "index" in group.attrs:
            groups[int(np.ravel(group.attrs["index"])[0])] = group
        elif re.fullmatch(r"p\d+", name):
            groups[int(name[1:])] = group
    return groups


def read_study(file):
    for required in ("grid/names", "grid/values", "grid/complete", "summary"):
        if required not in file:
            raise StudyError(f"study.h5 lacks /{required} (docs/output.md)")
    axis_keys = decode_strings(file["grid/names"])
    complete = read_array(file["grid/complete"], int).reshape(-1) != 0
    n_points, n_axes = len(complete), len(axis_keys)
    values = read_array(file["grid/values"], float)
    if values.size != n_points * n_axes:
        raise StudyError(f"/grid/values has shape {values.shape}; expected ({n_points}, {n_axes})")
    summaries = {}
    for mode in mode_order(list(file["summary"].keys())):
        summaries[mode] = read_summary(file["summary"][mode], n_points, f"/summary/{mode}")
    comparison = read_comparison(file["comparison"], n_points) if "comparison" in file else None
    # Labels with units come from hhsim's tables; files written before they existed have none.
    axis_labels = decode_strings(file["grid/labels"]) if "grid/labels" in file else list(axis_keys)
    if len(axis_labels) != n_axes:
        axis_labels = list(axis_keys)
    stat_labels = {}
    for mode in summaries:
        group = file["summary"][mode]
        if "labels" in group:
            stat_labels.update(zip(decode_strings(group["statistics"]), decode_strings(group["labels"])))
    return Study(axis_keys, values.reshape(n_points, n_axes), complete, summaries, comparison,
                 point_groups(file), axis_labels, stat_labels)


# ----------------------------------------------------------------------------- labels

def short_key(key):
    """'input.population.exc.rate_hz' -> 'exc.rate_hz': enough to tell axes apart in a title."""
    return ".".join(key.split(".")[-2:])


def point_label(study, index):
    """'p0003: exc.rate_hz = 10, je_mv = 0.5' (or 'p0000: no sweep')."""
    values = ", ".join(f"{short_key(k)} = {v:g}" for k, v in zip(study.axis_keys,
                                                                  study.grid[index]))
    return f"p{index:04d}: {values or 'no sweep'}"


UNIT_SYMBOLS = {"hz": "Hz", "ms": "ms", "mv": "mV"}


def stat_axis_label(name):
    """Axis label with the unit, which hhsim puts in the statistic's name (docs/output.md)."""
    fano = re.fullmatch(r"fano_(.+)ms", name)
    if fano:
        return f"Fano factor, {fano.group(1)} ms window (dimensionless)"
    known = {"rate_hz": "output rate (Hz)", "rate_hz_bootstrap": "rate, bootstrap CI (Hz)",
             "mean_isi_ms": "mean ISI (ms)", "cv": "CV of ISIs (dimensionless)",
             "cv2": "CV$_2$ (dimensionless)", "lv": "LV (dimensionless)",
             "rho1": r"ISI serial correlation $\rho_1$ (dimensionless)",
             "latency_ms": "first-spike latency (ms)", "n_spikes": "spikes per trial (count)"}
    if name in known:
        return known[name]
    # Otherwise the unit is a token of the name ('mean_isi_ms', 'rate_hz_bootstrap'); none: 1.
    unit = re.fullmatch(r"(.*?)_(hz|ms|mv)(?:_(.*))?", name, flags=re.IGNORECASE)
    if unit:
        base, symbol, rest = unit.groups()
        words = " ".join(w for w in (base, rest) if w).replace("_", " ")
        return f"{words} ({UNIT_SYMBOLS[symbol.lower()]})"
    return f"{name} (dimensionless)"


def level_text(level):
    return f"{100 * level:g}% CI" if math.isfinite(level) else "CI"


# ----------------------------------------------------------------------------- layout helpers

def spread_pick(candidates, limit):
    """At most `limit` items of `candidates`, spread evenly, first and last included."""
    if len(candidates) <= limit:
        return list(candidates)
    picks = np.unique(np.round(np.linspace(0, len(candidates) - 1, limit)).astype(int))
    return [candidates[i] for i in picks]


def panel_grid(n_panels, max_cols=3):
    """(rows, cols, figsize in inches) for a grid of n_panels subplots."""
    cols = min(max_cols, n_panels)
    rows = math.ceil(n_panels / cols)
    return rows, cols, (3.8 * cols + 0.6, 3.0 * rows + 0.8)


def panel_axes(n_panels, max_cols=3):
    rows, cols, size = panel_grid(n_panels, max_cols)
    fig, axes = plt.subplots(rows, cols, figsize=size, squeeze=False, layout="constrained")
    axes = axes.ravel()
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def label_outer(axes, x_label, y_label=None, max_cols=3):
    """x label under the lowest panel of each column, y label (if shared) left of each row:
    repeated labels in every panel crowd the grid."""
    cols = min(max_cols, len(axes))
    for i, ax in enumerate(axes):
        if i + cols >= len(axes):
            ax.set_xlabel(x_label)
        if y_label is not None and i % cols == 0:
            ax.set_ylabel(y_label)


def plain_log_ticks(axis):
    """Tick labels such as 20, 50, 100 instead of 2x10^1 on a log axis spanning few decades."""
    axis.set_major_formatter(LogFormatter(labelOnlyBase=False))
    axis.set_minor_formatter(LogFormatter(labelOnlyBase=False, minor_thresholds=(2, 0.5)))


def sweep_x(study):
    """x of every grid point and the x-axis label: the first swept parameter, or 0 without one."""
    if study.axis_keys:
        return study.grid[:, 0].copy(), (study.axis_labels or study.axis_keys)[0]
    return np.zeros(study.n_points), "no sweep"


def series_by_other_axes(study):
    """Complete grid points grouped by the values of the axes after the first.

    Returns [(label, indices sorted by x)]; label is '' when there is at most one axis."""
    x, _ = sweep_x(study)
    done = np.flatnonzero(study.complete)
    if study.grid.shape[1] <= 1:
        return [("", done[np.argsort(x[done], kind="stable")])]
    series = {}
    for i in done:
        series.setdefault(tuple(study.grid[i, 1:]), []).append(i)
    out = []
    for others, indices in sorted(series.items()):  # legend in the order of the values
        indices = np.array(indices)
        label = ", ".join(f"{short_key(k)} = {v:g}" for k, v in zip(study.axis_keys[1:], others))
        out.append((label, indices[np.argsort(x[indices], kind="stable")]))
    return out


def draw_estimates(ax, x, estimate, low, high, colour, line_style, marker, label):
    """Estimates with their CI: a line and a shaded band, or error bars where a line cannot be
    drawn (a single finite point). NaN estimates are left out; returns how many were drawn."""
    finite = np.isfinite(estimate)
    x, estimate, low, high = x[finite], estimate[finite], low[finite], high[finite]
    if len(x) == 0:
        return 0
    band = np.isfinite(low) & np.isfinite(high)
    if len(x) >= 2:
        ax.plot(x, estimate, linestyle=line_style, marker=marker, color=colour, label=label)
        if band.any():
            ax.fill_between(x, np.where(band, low, estimate), np.where(band, high, estimate),
                            where=band, color=colour, alpha=0.15, linewidth=0)
    else:
        error = np.vstack([estimate - low, high - estimate])
        error = np.where(np.isfinite(error), np.abs(error), 0.0)
        ax.errorbar(x, estimate, yerr=error, linestyle="none", marker=marker, color=colour,
                    capsize=4, label=label)
    return len(x)


def draw_error_bars(ax, x, value, low, high, colour, label):
    """Points with CI error bars; NaN values left out, NaN bounds drawn without a bar.
    Returns how many points were drawn."""
    finite = np.isfinite(value)
    if not finite.any():
        return 0
    error = np.vstack([value - low, high - value])[:, finite]
    error = np.where(np.isfinite(error), np.abs(error), 0.0)
    ax.errorbar(x[finite], value[finite], yerr=error, marker="o", markersize=4, capsize=3,
                color=colour, linestyle="-" if finite.sum() > 1 else "none", linewidth=0.8,
                label=label)
    return int(finite.sum())


def dodge(x, series_number, n_series):
    """Shift series sideways by a little of the x range so their error bars stay apart."""
    if n_series <= 1:
        return x
    span = np.ptp(x) if len(x) > 1 and np.ptp(x) > 0 else 1.0
    return x + (series_number - (n_series - 1) / 2) * 0.015 * span


def mark_no_sweep(ax):
    ax.set_xticks([0])
    ax.set_xticklabels(["single point"])
    ax.set_xlim(-1, 1)


# ----------------------------------------------------------------------------- figures

def trace_modes(point):
    return [m for m in mode_order(list(point.keys()))
            if isinstance(point[m], h5py.Group) and "trace" in point[m]]


def trace_figure(study, index, mode):
    """trace_<mode>: V, I_Na, I_K, I_L and m, h, n of trial 0 at grid point `index`."""
    trace = study.points[index][mode]["trace"]
    names = ["t_ms", "v_mV", "i_na_uA_per_cm2", "i_k_uA_per_cm2", "i_l_uA_per_cm2", "m", "h", "n"]
    data = {name: read_array(trace[name], float) for name in names}  # all read before drawing
    where = point_label(study, index)
    t_ms = data["t_ms"]
    duration_ms = t_ms[-1] - t_ms[0] if len(t_ms) else 0.0
    shown = f"0–{duration_ms:g} ms"
    if duration_ms > TRACE_WINDOW_MS:
        keep = t_ms <= t_ms[0] + TRACE_WINDOW_MS
        data = {name: values[keep] for name, values in data.items()}
        shown = f"first {TRACE_WINDOW_MS:g} ms of {duration_ms:g} ms"
    fig, (ax_v, ax_i, ax_g) = plt.subplots(3, 1, sharex=True, figsize=TRACE_FIGSIZE_IN,
                                           layout="constrained",
                                           gridspec_kw={"height_ratios": [1.2, 1, 1]})
    t_ms = data["t_ms"]
    ax_v.plot(t_ms, data["v_mV"], color="k", linewidth=0.9)
    ax_v.set_ylabel("V (mV)")
    # Sign as stored: I_x = g_x (gates) (V - E_x), so inward Na current is negative.
    for name, label, colour in (("i_na_uA_per_cm2", "$I_{Na}$", "C3"),
                                ("i_k_uA_per_cm2", "$I_K$", "C0"),
                                ("i_l_uA_per_cm2", "$I_L$", "C2")):
        ax_i.plot(t_ms, data[name], color=colour, linewidth=0.9, label=label)
    ax_i.axhline(0, color="0.6", linewidth=0.6)
    ax_i.set_ylabel("current (uA/cm$^2$)")
    ax_i.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    for name, colour in (("m", "C3"), ("h", "C1"), ("n", "C0")):
        ax_g.plot(t_ms, data[name], color=colour, linewidth=0.9, label=name)
    ax_g.set_ylim(-0.02, 1.02)
    ax_g.set_ylabel("gate (dimensionless)")
    ax_g.set_xlabel("t (ms)")
    ax_g.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    ax_v.set_title(f"{mode} input, trial 0, {shown} — {where}")
    caption = (f"Trial 0 at {where}, {mode} input ({shown}): membrane potential, ionic currents "
               "and gating variables.")
    return fig, caption


def panel_points(study, optional):
    """Computed grid points with `optional` (e.g. 'isi_histogram') in at least one mode."""
    have = []
    for i in np.flatnonzero(study.complete):
        group = study.points.get(int(i))
        if group is not None and any(isinstance(group[m], h5py.Group) and optional in group[m]
                                     for m in group):
            have.append(int(i))
    return have


def support_end_ms(edges_ms, density_per_ms):
    """The edge below which ISI_MASS_SHOWN of the density lies: the bins are chosen for the
    slowest point of a sweep and leave the faster ones squeezed against the left edge."""
    mass = np.nan_to_num(density_per_ms) * np.diff(edges_ms)
    if mass.sum() <= 0:
        return 0.0
    last = np.searchsorted(np.cumsum(mass), ISI_MASS_SHOWN * mass.sum())
    return float(edges_ms[min(last + 1, len(edges_ms) - 1)])


def log_spaced(edges):
    """Logarithmic bins (docs/analysis.md allows them) read best on a log axis."""
    if len(edges) < 3 or edges[0] <= 0:
        return False
    widths = np.diff(edges)
    return not np.allclose(widths, widths[0]) and np.allclose(np.diff(np.log(edges)),
                                                              math.log(edges[1] / edges[0]))


def shown_text(shown, have):
    if len(shown) == len(have):
        return f"{len(shown)} grid point{'s' if len(shown) > 1 else ''}"
    return f"{len(shown)} of {len(have)} grid points, evenly spread"


def isi_figure(study):
    have = panel_points(study, "isi_histogram")
    if not have:
        raise SkipFigure("no computed grid point has an isi_histogram group")
    shown = spread_pick(have, MAX_PANELS)
    fig, axes = panel_axes(len(shown))
    modes_drawn = []
    for ax, index in zip(axes, shown):
        group = study.points[index]
        x_max_ms = 0.0
        for mode in mode_order(list(group.keys())):
            if not (isinstance(group[mode], h5py.Group) and "isi_histogram" in group[mode]):
                continue
            histogram = group[mode]["isi_histogram"]
            edges_ms = read_array(histogram["edges_ms"], float)
            density_per_ms = read_array(histogram["density_per_ms"], float)
            if len(edges_ms) != len(density_per_ms) + 1:
                print(f"plot_study: note: isi: p{index:04d}/{mode}: {len(edges_ms)} edges for "
                      f"{len(density_per_ms)} bins; left out", file=sys.stderr)
                continue
            ax.stairs(density_per_ms, edges_ms, color=mode_colour(mode),
                      linewidth=1.2, label=mode)
            if log_spaced(edges_ms):
                ax.set_xscale("log")
                plain_log_ticks(ax.xaxis)
            else:
                x_max_ms = max(x_max_ms, support_end_ms(edges_ms, density_per_ms))
            if mode not in modes_drawn:
                modes_drawn.append(mode)
        ax.set_title(point_label(study, index), fontsize="medium")
        ax.set_ylim(bottom=0)
        if x_max_ms > 0:
            ax.set_xlim(left=0, right=1.05 * x_max_ms)
    label_outer(axes, "ISI (ms)", "density (1/ms)")
    axes[0].legend(fontsize="small")
    fig.suptitle(f"Pooled ISI densities ({shown_text(shown, have)})")
    caption = (f"Pooled ISI densities, {shown_text(shown, have)} "
               f"({', '.join(modes_drawn)} overlaid).")
    return fig, caption


def spectrum_convention(spectrum):
    """'one_sided' or 'two_sided', from a `convention` attribute if the file has one. Without it,
    two-sided: docs/output.md says "one-sided", but the spectra hhsim writes level off at the rate
    at high frequency (analysis/spectrum.hpp's default, two_sided), not at twice the rate. It
    decides the dashed high-frequency limit: rate two-sided, 2 * rate one-sided."""
    for obj in (spectrum, spectrum.get("power_hz2_per_hz")):
        if obj is not None and "convention" in obj.attrs:
            value = obj.attrs["convention"]
            value = value.decode() if isinstance(value, bytes) else str(value)
            return "one_sided" if "one" in value.lower() else "two_sided"
    return "two_sided"


def rate_hz(study, mode, index):
    summary = study.summaries.get(mode)
    if summary is None or "rate_hz" not in summary.statistics:
        return math.nan
    return summary.estimate[index, summary.statistics.index("rate_hz")]


def spectra_figure(study):
    have = panel_points(study, "spectrum")
    if not have:
        raise SkipFigure("no computed grid point has a spectrum group")
    shown = spread_pick(have, MAX_PANELS)
    fig, axes = panel_axes(len(shown))
    modes_drawn, limit_factors = [], set()
    for ax, index in zip(axes, shown):
        group = study.points[index]
        log_x = True
        for mode in mode_order(list(group.keys())):
            if not (isinstance(group[mode], h5py.Group) and "spectrum" in group[mode]):
                continue
            spectrum = group[mode]["spectrum"]
            frequency_hz = read_array(spectrum["frequency_hz"], float)
            power = read_array(spectrum["power_hz2_per_hz"], float)
            if len(frequency_hz) != len(power):
                print(f"plot_study: note: spectra: p{index:04d}/{mode}: {len(frequency_hz)} "
                      f"frequencies for {len(power)} powers; left out", file=sys.stderr)
                continue
            # The DC bin (and any zero power) has no place on a log axis; DC estimates nothing
            # anyway once the mean is removed (docs/analysis.md, "Spectra").
            keep = (frequency_hz > 0) & (power > 0) & np.isfinite(power)
            if not keep.any():
                continue
            if frequency_hz[keep].max() < 100 * frequency_hz[keep].min():
                log_x = False  # under two decades: a linear frequency axis reads better
            colour = mode_colour(mode)
            ax.plot(frequency_hz[keep], power[keep], color=colour, linewidth=1.0, label=mode)
            if mode not in modes_drawn:
                modes_drawn.append(mode)
            factor = 2.0 if spectrum_convention(spectrum) == "one_sided" else 1.0
            rate = rate_hz(study, mode, index)
            if math.isfinite(rate) and rate > 0:
                ax.axhline(factor * rate, color=colour, linestyle="--", linewidth=1.0)
                limit_factors.add(factor)
        ax.set_yscale("log")
        plain_log_ticks(ax.yaxis)
        if log_x:
            ax.set_xscale("log")
            plain_log_ticks(ax.xaxis)
        ax.set_title(point_label(study, index), fontsize="medium")
    label_outer(axes, "frequency (Hz)", "power (Hz$^2$/Hz)")
    handles, labels = axes[0].get_legend_handles_labels()
    if limit_factors:
        limit = {frozenset([1.0]): "rate (high-frequency limit)",
                 frozenset([2.0]): "2 × rate (one-sided limit)"}.get(frozenset(limit_factors),
                                                                  "high-frequency limit")
        handles.append(Line2D([], [], color="0.3", linestyle="--"))
        labels.append(limit)
    axes[0].legend(handles, labels, fontsize="small")
    fig.suptitle(f"Spike-train power spectra ({shown_text(shown, have)})")
    caption = (f"Spike-train power spectra, {shown_text(shown, have)} "
               f"({', '.join(modes_drawn)} overlaid); dashed: high-frequency limit from the "
               "mean rate.")
    return fig, caption


def stat_names(study):
    names = []
    for summary in study.summaries.values():
        names += [s for s in summary.statistics if s not in names]
    return names


def stat_figure(study, name):
    x, x_label = sweep_x(study)
    series = series_by_other_axes(study)
    if not any(len(indices) for _, indices in series):
        raise SkipFigure("no grid point is complete")
    several = len(series) > 1
    fig, ax = plt.subplots(figsize=STAT_FIGSIZE_IN, layout="constrained")
    modes = list(study.summaries)
    drawn, level = 0, math.nan
    for m, (mode, summary) in enumerate(study.summaries.items()):
        if name not in summary.statistics:
            continue
        column = summary.statistics.index(name)
        level = summary.level if math.isfinite(summary.level) else level
        line_style, marker = MODE_STYLES[m % len(MODE_STYLES)] if several else ("-", "o")
        for s, (others, indices) in enumerate(series):
            colour = f"C{s % 10}" if several else mode_colour(mode)
            # Without a sweep, nudge the modes apart so their error bars do not hide each other.
            nudge = (m - (len(modes) - 1) / 2) * 0.15 if not study.axis_keys else 0.0
            label = f"{mode}, {others}" if others else mode
            drawn += draw_estimates(ax, x[indices] + nudge, summary.estimate[indices, column],
                                    summary.ci_low[indices, column],
                                    summary.ci_high[indices, column],
                                    colour, line_style, marker, label)
    if drawn == 0:
        plt.close(fig)
        raise SkipFigure(f"no finite estimate of {name} at a complete grid point")
    ax.set_xlabel(x_label)
    ax.set_ylabel((study.stat_labels or {}).get(name) or stat_axis_label(name))
    if not study.axis_keys:
        mark_no_sweep(ax)
    ax.set_title(f"{name} ({level_text(level)} shaded)" if study.axis_keys
                 else f"{name} ({level_text(level)} bars)")
    ax.grid(alpha=0.3)
    if several:
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    else:
        ax.legend(fontsize="small")
    caption = (f"{name}: estimate vs {x_label} with its {level_text(level)}, "
               f"per input mode ({', '.join(study.summaries)}).")
    return fig, caption


def comparison_figure(study):
    comparison = study.comparison
    x, x_label = sweep_x(study)
    series = series_by_other_axes(study)
    if not any(len(indices) for _, indices in series):
        raise SkipFigure("no grid point is complete")
    fig, axes = panel_axes(len(comparison.statistics) + 1, max_cols=4)
    for ax, (column, name) in zip(axes, enumerate(comparison.statistics)):
        drawn = 0
        for s, (others, indices) in enumerate(series):
            drawn += draw_error_bars(ax, dodge(x[indices], s, len(series)),
                                     comparison.difference[indices, column],
                                     comparison.ci_low[indices, column],
                                     comparison.ci_high[indices, column],
                                     f"C{s % 10}", others or None)
        if drawn == 0:
            ax.text(0.5, 0.6, "no finite difference", transform=ax.transAxes, ha="center",
                    color="0.4")
        ax.axhline(0, color="0.4", linewidth=0.8)
        ax.set_title(f"{name}: shot − diffusion", fontsize="medium")
        ax.set_ylabel("Δ " + ((study.stat_labels or {}).get(name) or stat_axis_label(name)), fontsize="small")
        if not study.axis_keys:
            mark_no_sweep(ax)
    ax_ks = axes[-1]
    for s, (others, indices) in enumerate(series):
        p = comparison.ks_p_value[indices]
        finite = np.isfinite(p)
        ax_ks.plot(x[indices][finite], np.maximum(p[finite], KS_P_FLOOR), marker="o",
                   color=f"C{s % 10}", linestyle="-" if finite.sum() > 1 else "none",
                   label=others or None)
    ax_ks.axhline(0.05, color="C3", linestyle="--", linewidth=1.0, label="p = 0.05")
    ax_ks.set_yscale("log")
    ax_ks.set_title("KS test on pooled ISIs", fontsize="medium")
    ax_ks.set_ylabel(f"p-value (dimensionless; floor {KS_P_FLOOR:g})", fontsize="small")
    if not study.axis_keys:
        mark_no_sweep(ax_ks)
    label_outer(axes, x_label, max_cols=4)
    ax_ks.legend(fontsize="x-small")  # also names the series of the difference panels
    level = comparison.level
    if not math.isfinite(level):  # one study, one confidence level: the summaries may say it
        level = next((s.level for s in study.summaries.values() if math.isfinite(s.level)), level)
    fig.suptitle(f"Shot noise minus diffusion approximation ({level_text(level)} bars)")
    caption = (f"Shot minus diffusion for each statistic with its {level_text(level)} "
               f"vs {x_label}, and the KS p-value of pooled ISIs (dashed: 0.05).")
    return fig, caption


def attempt(draw, *args):
    """draw(*args) as (figure, caption), or a SkipFigure: a malformed optional group (a missing
    dataset, mismatched lengths) costs its figure, not the others."""
    try:
        return draw(*args)
    except SkipFigure as why:
        return why
    except (KeyError, ValueError, IndexError) as error:
        plt.close("all")  # the half-drawn figure; finished ones are saved and closed already
        return SkipFigure(f"unexpected content in study.h5: {type(error).__name__}: {error}")


def all_figures(study):
    """Yields (name, draw) in the order the figures are listed: draw() returns (figure, caption)
    or a SkipFigure; a SkipFigure in place of draw says at once why there is nothing to draw."""
    done = [i for i in np.flatnonzero(study.complete) if i in study.points]
    if not done:
        yield "trace", SkipFigure("no computed grid point has a /points group")
    else:
        index = int(done[0])  # p0000 unless it was not computed
        modes = trace_modes(study.points[index])
        if not modes:
            yield "trace", SkipFigure(f"p{index:04d} has no trace group")
        for mode in modes:
            yield f"trace_{mode}", lambda mode=mode: attempt(trace_figure, study, index, mode)
    yield "isi", lambda: attempt(isi_figure, study)
    yield "spectra", lambda: attempt(spectra_figure, study)
    if not study.summaries:
        yield "stat", SkipFigure("/summary has no mode")
    for stat in stat_names(study):
        yield f"stat_{stat}", lambda stat=stat: attempt(stat_figure, study, stat)
    if study.comparison is None:
        yield "comparison", SkipFigure("no /comparison group (not a compare study)")
    else:
        yield "comparison", lambda: attempt(comparison_figure, study)


# ----------------------------------------------------------------------------- writing

def write_new_file(final, write):
    """Write `final` through a temporary beside it, made new (O_EXCL | O_NOFOLLOW: never through a
    planted link), and renamed into place; on any failure (a full disk) the temporary is removed
    and the error raised, so no partial file is left under either name."""
    temporary = final.parent / f".{final.name}.tmp{os.getpid()}"
    try:
        os.unlink(temporary)  # a leftover of a killed run, or a link: removed, never followed
    except FileNotFoundError:
        pass
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(temporary, final)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def save_figure(fig, folder, name):
    """name.png and name.svg, each written under a temporary name and renamed into place."""
    written = []
    for extension in ("png", "svg"):
        final = folder / f"{name}.{extension}"
        write_new_file(final, lambda f: fig.savefig(f, format=extension, dpi=DPI, metadata={"Date": None}
                                                    if extension == "svg" else None))
        written.append(final)
        # The layout is settled by the first save; keep it for the second rather than solving
        # the constrained layout again (a third of the drawing time).
        fig.set_layout_engine("none")
    return written


def write_index(folder, entries):
    text = "".join(f"{name}\t{caption}\n" for name, caption in entries)
    write_new_file(folder / "index.txt", lambda f: f.write(text.encode("utf-8")))


def draw_one(name, draw, figures):
    """("drawn", caption), ("skipped", why) or ("error", reason) for one figure, saved when drawn."""
    result = draw if isinstance(draw, SkipFigure) else draw()
    if isinstance(result, SkipFigure):
        return "skipped", str(result)
    fig, caption = result
    try:
        save_figure(fig, figures, name)
    except OSError as why:
        return "error", str(why.strerror or why)
    finally:
        plt.close(fig)
    return "drawn", caption


def draw_all(items, figures):
    """Every figure of `items` ((name, draw) in index order), in two processes where the machine has
    two cores: the figures are independent, and drawing is most of a small study's wall time. A
    forked child draws every second figure and reports its outcomes through a pipe as JSON lines;
    the parent draws the others and returns all outcomes in the order of `items`. The child only
    reads study.h5 (opened before the fork) and writes its own figures' files."""
    outcomes = [None] * len(items)
    workers = 2 if (os.cpu_count() or 1) >= 2 and len(items) >= 4 and hasattr(os, "fork") else 1
    if workers == 1:
        return [(name, draw_one(name, draw, figures)) for name, draw in items]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: odd positions
        os.close(read_end)
        status = 0
        try:
            with os.fdopen(write_end, "w") as out:
                for k in range(1, len(items), 2):
                    name, draw = items[k]
                    out.write(json.dumps([k, draw_one(name, draw, figures)]) + "\n")
                    out.flush()
        except BaseException:  # noqa: BLE001 -- any failure: the parent reports the figures as missing
            status = 1
        os._exit(status)  # no interpreter exit handlers: study.h5 stays the parent's to close
    os.close(write_end)
    try:
        for k in range(0, len(items), 2):
            outcomes[k] = draw_one(items[k][0], items[k][1], figures)
    finally:
        with os.fdopen(read_end) as results:
            for line in results:
                k, outcome = json.loads(line)
                outcomes[k] = tuple(outcome)
        os.waitpid(pid, 0)
    for k, outcome in enumerate(outcomes):
        if outcome is None:  # the child died before drawing it
            outcomes[k] = ("error", "the second drawing process stopped early")
    return [(items[k][0], outcomes[k]) for k in range(len(items))]


def plot_study(study_folder):
    """Draw every figure of study_folder/study.h5; returns the process exit status."""
    path = Path(study_folder) / "study.h5"
    if not path.is_file():
        print(f"plot_study: error: {path} does not exist", file=sys.stderr)
        return 1
    try:
        file = h5py.File(path, "r")
    except OSError as why:
        print(f"plot_study: error: cannot read {path} as HDF5: {why}", file=sys.stderr)
        return 1
    with file:
        try:
            study = read_study(file)
        except (StudyError, KeyError, ValueError) as why:
            print(f"plot_study: error: {path}: {why}", file=sys.stderr)
            return 1
        figures = Path(study_folder) / "figures"
        figures.mkdir(parents=True, exist_ok=True)
        outcomes = draw_all(list(all_figures(study)), figures)
        index = []
        for name, outcome in outcomes:
            kind, text = outcome
            if kind == "error":
                print(f"plot_study: error: writing figure {name} in {figures} failed: {text}", file=sys.stderr)
                return 1
            if kind == "skipped":
                print(f"skipped {name}: {text}")
                continue
            print(f"wrote {figures / name}.png and {name}.svg")
            index.append((name, text))
        try:
            write_index(figures, index)
        except OSError as why:
            print(f"plot_study: error: writing {figures / 'index.txt'} failed: {why.strerror or why}", file=sys.stderr)
            return 1
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("study_folder", help="folder holding study.h5 (hhsim study/compare --out)")
    args = parser.parse_args(argv)
    return plot_study(args.study_folder)


if __name__ == "__main__":
    sys.exit(main())
