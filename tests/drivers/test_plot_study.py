#!/usr/bin/env python3
"""drivers/plot_study.py against synthetic study.h5 files written per docs/output.md.

Run: python3 tests/drivers/test_plot_study.py  (CTest sets HHSIM_PLOT_SCRIPT and MPLBACKEND=Agg).
Each case writes a study folder, runs the script as a subprocess, and checks the figures it must
draw (PNG size at 150 dpi, SVG well formed), the ones it must skip, and figures/index.txt.
"""

import functools
import importlib.util
import itertools
import math
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import h5py
import numpy as np

os.environ.setdefault("MPLBACKEND", "Agg")
import matplotlib.image  # noqa: E402  (after the backend choice)

SCRIPT = Path(os.environ.get("HHSIM_PLOT_SCRIPT")
              or Path(__file__).resolve().parents[2] / "drivers" / "plot_study.py")
DPI = 150
STATISTICS = ["rate_hz", "cv", "cv2", "lv", "rho1", "fano_50ms", "latency_ms"]
# The other cases carry fewer statistics: fewer figures, a shorter test. Four statistics and the
# KS panel still make a comparison figure of 2 x 4 panels.
TWO_AXES_STATISTICS = ["rate_hz", "cv", "fano_50ms", "latency_ms"]
NO_SWEEP_STATISTICS = ["rate_hz", "cv", "rho1", "latency_ms"]
BARE_STATISTICS = ["rate_hz", "cv", "fano_50ms"]
RATE_KEY = "input.population.exc.rate_hz"
CURRENT_KEY = "neuron.i_app"

# Figure sizes in pixels: the script's sizes in inches times 150 dpi, with no tight-bbox cropping.
TRACE_PX = (1200, 1125)           # 8.0 x 7.5 in
STAT_PX = (960, 660)              # 6.4 x 4.4 in
PANELS_1x3_PX = (1800, 570)       # 3 grid points: 3 panels in a row, 12.0 x 3.8 in
PANELS_3x3_PX = (1800, 1470)      # 9 panels (of 11 computed points), 12.0 x 9.8 in
COMPARISON_2x4_PX = (2370, 1020)  # 4 to 7 statistics + KS: 15.8 x 6.8 in


# ----------------------------------------------------------------------------- synthetic data

@functools.lru_cache(maxsize=None)
def hh_trace(i_app=10.0, duration_ms=400.0, dt_ms=0.01, every=10):
    """Hodgkin-Huxley (docs/theory.md parameters) under a constant current, forward Euler:
    spiking V, gates and currents with the shapes a real trace has. 400 ms: longer than the
    250 ms the trace figure shows."""
    g_na, g_k, g_l, e_na, e_k, e_l = 120.0, 36.0, 0.3, 50.0, -77.0, -54.387

    def rates(v):
        a_m = 0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10))
        b_m = 4 * math.exp(-(v + 65) / 18)
        a_h = 0.07 * math.exp(-(v + 65) / 20)
        b_h = 1 / (1 + math.exp(-(v + 35) / 10))
        a_n = 0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10))
        b_n = 0.125 * math.exp(-(v + 65) / 80)
        return a_m, b_m, a_h, b_h, a_n, b_n

    v = -65.0
    a_m, b_m, a_h, b_h, a_n, b_n = rates(v)
    m, h, n = a_m / (a_m + b_m), a_h / (a_h + b_h), a_n / (a_n + b_n)
    rows = []
    for k in range(round(duration_ms / dt_ms) + 1):  # both ends, as hhsim records them
        i_na = g_na * m ** 3 * h * (v - e_na)
        i_k = g_k * n ** 4 * (v - e_k)
        i_l = g_l * (v - e_l)
        if k % every == 0:
            rows.append((k * dt_ms, v, m, h, n, i_na, i_k, i_l, 0.0))
        a_m, b_m, a_h, b_h, a_n, b_n = rates(v)
        v += dt_ms * (i_app - i_na - i_k - i_l)
        m += dt_ms * (a_m * (1 - m) - b_m * m)
        h += dt_ms * (a_h * (1 - h) - b_h * h)
        n += dt_ms * (a_n * (1 - n) - b_n * n)
    return np.array(rows)


def gamma_density_per_ms(centres_ms, mean_ms, order):
    scale = mean_ms / order
    return (centres_ms ** (order - 1) * np.exp(-centres_ms / scale)
            / (math.gamma(order) * scale ** order))


def gamma_spectrum(frequency_hz, rate_hz, order):
    """S(f) = r Re[(1 + F)/(1 - F)] for gamma(order) intervals (docs/analysis.md), two-sided as
    hhsim writes it (tends to r at high frequency); 0 at DC."""
    f = np.maximum(frequency_hz, 1e-9)
    characteristic = (1 + 2j * np.pi * f / (order * rate_hz)) ** (-order)
    power = rate_hz * np.real((1 + characteristic) / (1 - characteristic))
    return np.where(frequency_hz > 0, power, 0.0)


def strings(values):
    return np.array(values, dtype=object)


def write_study(folder, kind, axes, modes, incomplete=(), optional=True, comparison=False,
                all_nan_statistic=None, statistics=STATISTICS):
    """A study.h5 per docs/output.md. axes: [(key, values)] (first varies slowest); incomplete:
    grid indices with complete = 0 (no /points group, summaries filled with absurd values that
    a correct reader never draws)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = [key for key, _ in axes]
    points = list(itertools.product(*[values for _, values in axes]))  # [()] without axes
    grid = np.array(points, dtype=float).reshape(len(points), len(axes))
    n_points, n_stats, n_trials = len(grid), len(statistics), 4
    complete = np.array([0 if i in incomplete else 1 for i in range(n_points)], dtype=np.int8)
    string = h5py.string_dtype()
    rng = np.random.default_rng(7)
    trace = hh_trace()
    with h5py.File(folder / "study.h5", "w") as f:
        f.attrs.update({"hhsim_version": "0.1.0", "git_revision": "synthetic", "kind": kind,
                        "command_line": f"hhsim {kind} synthetic.toml", "seed": 42,
                        "trials_per_point": n_trials, "complete": int(complete.all()),
                        "config_toml": "# synthetic\n"})
        f.create_dataset("grid/names", data=strings(keys), dtype=string)
        f.create_dataset("grid/values", data=grid)
        f.create_dataset("grid/complete", data=complete)
        first = grid[:, 0] if keys else np.full(n_points, 10.0)
        second = grid[:, 1] if len(keys) > 1 else np.zeros(n_points)
        estimates = {}
        for m, mode in enumerate(modes):
            rate = 3.0 + 2.0 * first + 4.0 * second - 1.5 * m
            order = 4.0 - m
            known = {"rate_hz": rate, "cv": np.full(n_points, 1 / math.sqrt(order)),
                     "cv2": np.full(n_points, 0.45 + 0.05 * m),
                     "lv": np.full(n_points, 3 / (2 * order + 1)),
                     "rho1": np.full(n_points, -0.05 - 0.02 * m),
                     "fano_50ms": 1 / order + 5 / rate, "latency_ms": 1000 / rate}
            estimate = np.column_stack([known[stat] for stat in statistics])
            estimate *= 1 + 0.03 * rng.standard_normal(estimate.shape)
            if n_points > 1 and "latency_ms" in statistics:
                estimate[1, statistics.index("latency_ms")] = np.nan  # undefined at one point
            if all_nan_statistic:
                estimate[:, statistics.index(all_nan_statistic)] = np.nan
            estimate[complete == 0] = 1e6
            se = 0.05 * np.abs(estimate)
            summary = f.create_group(f"summary/{mode}")
            summary.create_dataset("statistics", data=strings(statistics), dtype=string)
            summary.create_dataset("estimate", data=estimate)
            summary.create_dataset("se", data=se)
            summary.create_dataset("ci_low", data=estimate - 1.96 * se).attrs["level"] = 0.95
            summary.create_dataset("ci_high", data=estimate + 1.96 * se).attrs["level"] = 0.95
            summary.create_dataset("n", data=np.full((n_points, n_stats), n_trials, np.int64))
            estimates[mode] = (estimate, se, rate, order)
        if comparison:
            (shot, se_shot, _, _), (diffusion, se_diffusion, _, _) = estimates["shot"], \
                estimates["diffusion"]
            half_width = 1.96 * np.hypot(se_shot, se_diffusion)
            group = f.create_group("comparison")
            group.create_dataset("statistics", data=strings(statistics), dtype=string)
            group.create_dataset("difference", data=shot - diffusion)
            group.create_dataset("ci_low", data=shot - diffusion - half_width)
            group.create_dataset("ci_high", data=shot - diffusion + half_width)
            p_value = np.geomspace(0.5, 1e-4, n_points)
            p_value[-1] = 0.0  # underflow: must still appear on the log axis
            group.create_dataset("ks_statistic", data=np.linspace(0.05, 0.3, n_points))
            group.create_dataset("ks_p_value", data=p_value)
        for index in np.flatnonzero(complete):
            point = f.create_group(f"points/p{index:04d}")
            point.attrs["index"] = int(index)
            point.attrs["values"] = grid[index]
            for mode in modes:
                _, _, rate, order = estimates[mode]
                times = np.sort(rng.uniform(0, 1000, size=(n_trials, 12)), axis=1)
                spikes = point.create_group(f"{mode}/spikes")
                spikes.create_dataset("times_ms", data=times.ravel())
                spikes.create_dataset("offsets", data=np.arange(0, 12 * n_trials + 1, 12,
                                                                dtype=np.int64))
                for stat in ("rate_hz", "n_spikes", "cv", "cv2", "lv", "first_spike_ms"):
                    point.create_dataset(f"{mode}/per_trial/{stat}",
                                         data=rng.uniform(0, 1, n_trials))
                if not optional:
                    continue
                edges_ms = np.arange(0.0, 201.0, 2.0)
                centres_ms = (edges_ms[1:] + edges_ms[:-1]) / 2
                point.create_dataset(f"{mode}/isi_histogram/edges_ms", data=edges_ms)
                point.create_dataset(f"{mode}/isi_histogram/density_per_ms",
                                     data=gamma_density_per_ms(centres_ms, 1000 / rate[index],
                                                               order))
                frequency_hz = np.arange(0.0, 501.0, 2.0)
                power = gamma_spectrum(frequency_hz, rate[index], order)
                power *= rng.gamma(20, 1 / 20, size=power.shape)  # Welch-like scatter
                point.create_dataset(f"{mode}/spectrum/frequency_hz", data=frequency_hz)
                point.create_dataset(f"{mode}/spectrum/power_hz2_per_hz", data=power)
                columns = ["t_ms", "v_mV", "m", "h", "n", "i_na_uA_per_cm2", "i_k_uA_per_cm2",
                           "i_l_uA_per_cm2", "i_syn_uA_per_cm2"]
                for column, name in enumerate(columns):
                    point.create_dataset(f"{mode}/trace/{name}", data=trace[:, column])


# ----------------------------------------------------------------------------- checks

def run_script(folder):
    return subprocess.run([sys.executable, str(SCRIPT), str(folder)], capture_output=True,
                          text=True, timeout=120)


def load_module():
    spec = importlib.util.spec_from_file_location("plot_study", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PlotStudyTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.temporary = tempfile.TemporaryDirectory(prefix="hhsim-plot-test-")
        root = Path(cls.temporary.name)
        cls.folders = {
            "sweep": root / "compare-sweep",
            "two_axes": root / "compare-two-axes",
            "no_sweep": root / "compare-no-sweep",
            "bare": root / "study-bare",
        }
        write_study(cls.folders["sweep"], "compare", [(RATE_KEY, [5.0, 10.0, 20.0])],
                    ["shot", "diffusion"], comparison=True)
        write_study(cls.folders["two_axes"], "compare",
                    [(RATE_KEY, [5.0, 10.0, 15.0, 20.0]), (CURRENT_KEY, [0.0, 1.5, 3.0])],
                    ["shot", "diffusion"], incomplete={0, 4}, comparison=True,
                    statistics=TWO_AXES_STATISTICS)
        write_study(cls.folders["no_sweep"], "compare", [], ["shot", "diffusion"],
                    optional=False, comparison=True, all_nan_statistic="rho1",
                    statistics=NO_SWEEP_STATISTICS)
        write_study(cls.folders["bare"], "study", [(RATE_KEY, [5.0, 10.0, 20.0])], ["shot"],
                    optional=False, statistics=BARE_STATISTICS)
        # A malformed optional group (a trace without its datasets) costs its figure only.
        with h5py.File(cls.folders["no_sweep"] / "study.h5", "a") as f:
            f.create_dataset("points/p0000/shot/trace/t_ms", data=np.arange(10.0))
        # /points removed entirely: nothing optional left, only /grid and /summary.
        with h5py.File(cls.folders["bare"] / "study.h5", "a") as f:
            del f["points"]
        # The four runs are independent: run them side by side to keep the test short.
        processes = {case: subprocess.Popen([sys.executable, str(SCRIPT), str(folder)],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            text=True)
                     for case, folder in cls.folders.items()}
        cls.results = {}
        for case, process in processes.items():
            stdout, stderr = process.communicate(timeout=120)
            cls.results[case] = (process.returncode, stdout, stderr)

    @classmethod
    def tearDownClass(cls):
        cls.temporary.cleanup()

    def check_case(self, case, expected, skipped):
        """expected: {figure name: (width px, height px)}; skipped: names that must be skipped."""
        returncode, stdout, stderr = self.results[case]
        self.assertEqual(returncode, 0, f"{case}: stdout:\n{stdout}\nstderr:\n{stderr}")
        figures = self.folders[case] / "figures"
        for name, (width, height) in expected.items():
            png, svg = figures / f"{name}.png", figures / f"{name}.svg"
            self.assertTrue(png.is_file() and png.stat().st_size > 0, f"{case}: {png} missing")
            self.assertTrue(svg.is_file() and svg.stat().st_size > 0, f"{case}: {svg} missing")
            pixels = matplotlib.image.imread(png)
            self.assertEqual(pixels.ndim, 3, f"{case}: {png} is not an RGB(A) image")
            self.assertLessEqual(abs(pixels.shape[1] - width), 1, f"{case}: {name} width")
            self.assertLessEqual(abs(pixels.shape[0] - height), 1, f"{case}: {name} height")
            self.assertAlmostEqual(pixels.shape[1] / pixels.shape[0], width / height, places=2)
            self.assertGreater(np.ptp(pixels[..., :3]), 0.5, f"{case}: {png} is blank")
            self.assertTrue(ElementTree.parse(svg).getroot().tag.endswith("svg"))
        written = [line for line in stdout.splitlines() if line.startswith("wrote ")]
        self.assertEqual(len(written), len(expected), f"{case}: one line per figure:\n{stdout}")
        for name in skipped:
            self.assertRegex(stdout, rf"(?m)^skipped {name}: \S", f"{case}: {name} not skipped")
            self.assertFalse((figures / f"{name}.png").exists(), f"{case}: {name} drawn")
        index = (figures / "index.txt").read_text().splitlines()
        self.assertEqual(sorted(line.split("\t")[0] for line in index), sorted(expected))
        self.assertTrue(all(len(line.split("\t")) == 2 and line.split("\t")[1] for line in index))
        leftovers = [p.name for p in figures.iterdir() if ".tmp" in p.name]
        self.assertEqual(leftovers, [], f"{case}: temporary files left behind")

    def test_compare_with_one_axis_draws_every_figure(self):
        expected = {"trace_shot": TRACE_PX, "trace_diffusion": TRACE_PX,
                    "isi": PANELS_1x3_PX, "spectra": PANELS_1x3_PX,
                    "comparison": COMPARISON_2x4_PX}
        expected.update({f"stat_{s}": STAT_PX for s in STATISTICS})
        self.check_case("sweep", expected, skipped=[])

    def test_two_axes_with_an_incomplete_point(self):
        expected = {"trace_shot": TRACE_PX, "trace_diffusion": TRACE_PX,
                    "isi": PANELS_3x3_PX, "spectra": PANELS_3x3_PX,
                    "comparison": COMPARISON_2x4_PX}
        expected.update({f"stat_{s}": STAT_PX for s in TWO_AXES_STATISTICS})
        self.check_case("two_axes", expected, skipped=[])
        # p0000 was not computed: the traces come from the first point that was.
        index = (self.folders["two_axes"] / "figures" / "index.txt").read_text()
        self.assertRegex(index, r"(?m)^trace_shot\tTrial 0 at p0001: .*first 250 ms of 400 ms")
        self.assertIn("9 of 10 grid points", index)

    def test_no_sweep_without_optional_groups(self):
        expected = {f"stat_{s}": STAT_PX for s in NO_SWEEP_STATISTICS if s != "rho1"}
        expected["comparison"] = COMPARISON_2x4_PX
        self.check_case("no_sweep", expected,
                        skipped=["trace_shot", "isi", "spectra", "stat_rho1"])
        self.assertRegex(self.results["no_sweep"][1],
                         r"(?m)^skipped trace_shot: unexpected content in study.h5: KeyError")

    def test_bare_study_still_draws_the_statistics(self):
        expected = {f"stat_{s}": STAT_PX for s in BARE_STATISTICS}
        self.check_case("bare", expected, skipped=["trace", "isi", "spectra", "comparison"])

    def test_missing_study_exits_1_with_a_message(self):
        with tempfile.TemporaryDirectory() as empty:
            result = run_script(empty)
            self.assertEqual(result.returncode, 1)
            self.assertIn("study.h5", result.stderr)
            self.assertIn("does not exist", result.stderr)
            self.assertFalse((Path(empty) / "figures").exists())

    def test_unreadable_study_exits_1_with_a_message(self):
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "study.h5").write_text("not an HDF5 file\n")
            result = run_script(folder)
            self.assertEqual(result.returncode, 1)
            self.assertIn("cannot read", result.stderr)
            self.assertNotIn("Traceback", result.stderr)

    def test_study_without_summary_exits_1_naming_the_group(self):
        with tempfile.TemporaryDirectory() as folder:
            with h5py.File(Path(folder) / "study.h5", "w") as f:
                f.create_dataset("grid/names", data=strings([RATE_KEY]), dtype=h5py.string_dtype())
                f.create_dataset("grid/values", data=np.array([[5.0]]))
                f.create_dataset("grid/complete", data=np.array([1], np.int8))
            result = run_script(folder)
            self.assertEqual(result.returncode, 1)
            self.assertIn("/summary", result.stderr)

    def test_helpers(self):
        module = load_module()
        self.assertEqual(module.spread_pick(list(range(12)), 9), [0, 1, 3, 4, 6, 7, 8, 10, 11])
        self.assertEqual(module.spread_pick([3, 5], 9), [3, 5])
        self.assertEqual(module.stat_axis_label("rate_hz"), "output rate (Hz)")
        self.assertEqual(module.stat_axis_label("fano_50ms"),
                         "Fano factor, 50 ms window (dimensionless)")
        self.assertEqual(module.stat_axis_label("latency_ms"), "first-spike latency (ms)")
        self.assertEqual(module.stat_axis_label("burst_isi_ms_median"), "burst isi median (ms)")
        self.assertEqual(module.stat_axis_label("index"), "index (dimensionless)")
        # ISI axes end where 99.9 % of the density lies (bins 1 ms wide, all mass below 3 ms).
        edges_ms = np.arange(0.0, 11.0)
        self.assertEqual(module.support_end_ms(edges_ms, np.r_[0.5, 0.25, 0.25, np.zeros(7)]),
                         3.0)
        # Incomplete grid points are left out of every line; the other axis makes the series.
        with h5py.File(self.folders["two_axes"] / "study.h5", "r") as f:
            study = module.read_study(f)
            series = module.series_by_other_axes(study)
        self.assertEqual([label for label, _ in series],
                         ["neuron.i_app = 0", "neuron.i_app = 1.5", "neuron.i_app = 3"])
        self.assertEqual([list(indices) for _, indices in series],
                         [[3, 6, 9], [1, 7, 10], [2, 5, 8, 11]])

    def test_spectrum_convention_decides_the_high_frequency_limit(self):
        module = load_module()
        with tempfile.TemporaryDirectory() as folder:
            with h5py.File(Path(folder) / "s.h5", "w") as f:
                plain = f.create_group("plain")
                one = f.create_group("one")
                one.attrs["convention"] = "one_sided"
                two = f.create_group("two")
                two.create_dataset("power_hz2_per_hz", data=np.ones(3)).attrs["convention"] = \
                    np.bytes_(b"two_sided")
                self.assertEqual(module.spectrum_convention(plain), "two_sided")
                self.assertEqual(module.spectrum_convention(one), "one_sided")
                self.assertEqual(module.spectrum_convention(two), "two_sided")

    def test_no_sweep_as_null_dataspaces(self):
        """n_axes = 0 may be stored as empty arrays or as HDF5 null dataspaces: both read."""
        module = load_module()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "study.h5"
            with h5py.File(path, "w") as f:
                f.create_dataset("grid/names", data=h5py.Empty(h5py.string_dtype()))
                f.create_dataset("grid/values", data=h5py.Empty("f8"))
                f.create_dataset("grid/complete", data=np.array([1], np.int8))
                summary = f.create_group("summary/shot")
                summary.create_dataset("statistics", data=strings(["rate_hz"]),
                                       dtype=h5py.string_dtype())
                for name, value in (("estimate", 12.0), ("ci_low", 11.0), ("ci_high", 13.0)):
                    summary.create_dataset(name, data=np.array([[value]]))
            with h5py.File(path, "r") as f:
                study = module.read_study(f)
        self.assertEqual(study.axis_keys, [])
        self.assertEqual(study.grid.shape, (1, 0))
        self.assertEqual(study.summaries["shot"].estimate.tolist(), [[12.0]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
