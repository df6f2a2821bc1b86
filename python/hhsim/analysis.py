"""hhsim's analysis library on numpy arrays (docs/analysis.md): spike trains as flat times in ms
with per-trial offsets (SpikeTrains or the two arrays), rates in Hz."""

import sys

import numpy as np

from . import _core
from .results import SpikeTrains


def _arrays(trains):
    if isinstance(trains, SpikeTrains):
        return np.ascontiguousarray(trains.times_ms, dtype=float), np.ascontiguousarray(trains.offsets, dtype=np.int64)
    if isinstance(trains, (list, tuple)) and trains and not np.isscalar(trains[0]):
        times = np.concatenate([np.asarray(t, dtype=float) for t in trains]) if trains else np.zeros(0)
        offsets = np.concatenate([[0], np.cumsum([len(t) for t in trains])]).astype(np.int64)
        return times, offsets
    raise ValueError("spike trains must be a SpikeTrains or a list of per-trial arrays of spike times (ms)")


def _study_default(key):
    return next(p["default"] for p in _core.parameter_table() if p["key"] == key)


# Studies drop the spikes of [0, analysis.transient_ms) (default 100 ms); so does isi_statistics
# unless told otherwise, so that the same trains give the same CV here and in a study.
STUDY_TRANSIENT_MS = _study_default("analysis.transient_ms")


def isi_statistics(trains, start_ms=None, end_ms=None):
    """Pooled ISI statistics of the spikes in [start_ms, end_ms): mean_ms, sd_ms, cv, cv2 (Holt),
    lv (Shinomoto); None where undefined. start_ms None: the trains' own analysed window when they
    come from a study (its transient_ms), else a study's default transient_ms (100 ms), as studies
    compute them; pass start_ms=0 for every spike. end_ms None: the trains' t_stop_ms, or no end."""
    if start_ms is None:
        own = getattr(trains, "t_start_ms", 0.0)
        start_ms = own if own > 0 else STUDY_TRANSIENT_MS
    if end_ms is None:
        end_ms = getattr(trains, "t_stop_ms", None)
    end = sys.float_info.max if end_ms is None else float(end_ms)  # the window's ends must be finite
    return _core.isi_statistics(*_arrays(trains), float(start_ms), end)


def serial_correlations(trains, max_lag=1):
    """rho_k of the ISIs within trials for k = 1..max_lag, and the number of pairs behind each."""
    rho, pairs = _core.serial_correlations(*_arrays(trains), max_lag)
    return rho, np.asarray(pairs)


def rates(trains, start_ms, end_ms, level=0.95, resamples=2000, seed=1):
    """Mean rate (Hz) over trials with SE, Student t and bootstrap confidence intervals."""
    return _core.rates(*_arrays(trains), start_ms, end_ms, level, resamples, seed)


def fano_factors(trains, start_ms, end_ms, windows_ms):
    """Fano factor of spike counts per counting window (jackknife SE over trials)."""
    return _core.fano_factors(*_arrays(trains), start_ms, end_ms, list(windows_ms))


def psth(trains, start_ms, end_ms, bin_ms):
    """(edges_ms, rate_hz, se_hz) of the peri-stimulus time histogram."""
    return _core.psth(*_arrays(trains), start_ms, end_ms, bin_ms)


def spike_train_spectrum(trains, start_ms, end_ms, bin_ms=1.0, segment_ms=500.0):
    """(frequency_hz, power Hz^2/Hz, se): two-sided Welch spectrum of the binned spike trains."""
    return _core.spike_train_spectrum(*_arrays(trains), start_ms, end_ms, bin_ms, segment_ms)


def coherence(x, y, dt_ms, segment_ms):
    """(frequency_hz, coherence, power_x, power_y) of two sampled signals (lists of per-trial arrays)."""
    return _core.coherence([np.asarray(v, dtype=float) for v in x], [np.asarray(v, dtype=float) for v in y], dt_ms, segment_ms)


def ks_two_sample(a, b):
    """(D, p-value) of the two-sample Kolmogorov-Smirnov test."""
    return _core.ks_two_sample(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def rate_difference(a, b, start_ms, end_ms, level=0.95):
    """Mean rate of a minus that of b (Hz): (estimate, se, ci_low, ci_high), Welch t interval."""
    return _core.rate_difference(*_arrays(a), *_arrays(b), start_ms, end_ms, level)


def cv_difference(a, b, level=0.95, resamples=2000, seed=1):
    """Pooled ISI CV of a minus that of b: (estimate, se, ci_low, ci_high), bootstrap over trials."""
    return _core.cv_difference(*_arrays(a), *_arrays(b), level, resamples, seed)
