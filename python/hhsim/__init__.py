"""hhsim from Python: Hodgkin-Huxley neurons driven by Poisson spike trains (docs/python.md).

    import hhsim
    sc = hhsim.Scenario(i_app_uA_per_cm2=3.0, t_end_ms=1000.0, integrator="rk4")
    result = hhsim.run(sc, trials=100, seed=1)
    result.spikes.times_ms, result.spikes.offsets        # flat spike times (ms) and per-trial offsets

Every keyword of Scenario is a parameter of docs/parameters.md, with the same name as in a
configuration file and on the command line (--NAME); units are part of the names.
"""

import collections.abc
import os

from . import _core
from . import analysis
from .config import to_toml
from .results import RunResult, SpikeTrains, StudyResult

__version__ = _core.version()
__all__ = ["Scenario", "run", "study", "compare", "parameters", "analysis", "SpikeTrains", "RunResult", "StudyResult", "to_toml"]


def parameters():
    """Every parameter: section, name, key (section.name), unit, label, help and rule."""
    return _core.parameter_table()


def _materialised(value):
    """`value` with every iterator in it (a generator, map, iter(...)) read into a list, at any depth:
    a Scenario reads its keywords again in run() and replace(), and an iterator can be read once."""
    if isinstance(value, collections.abc.Iterator):
        return [_materialised(v) for v in value]
    if isinstance(value, dict):
        return {k: _materialised(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_materialised(v) for v in value)  # a plain tuple (a namedtuple's constructor takes fields, not an iterable)
    if isinstance(value, list):
        return [_materialised(v) for v in value]
    return value


class Scenario:
    """A validated scenario. Keywords: the parameters of docs/parameters.md (e.g. dt_ms, t_end_ms,
    i_app_uA_per_cm2, integrator, jumps, kind, start, m0), ``populations`` (a list of dicts with
    count, rate_hz, release_probability, jump_mV and optionally name or source_rates_hz) and
    ``replay_events`` (rows of time_ms, jump_mV[, source]). A bad value raises ValueError naming
    the key, the value and what is allowed; an unknown keyword raises TypeError."""

    def __init__(self, **keywords):
        self._keywords = _materialised(dict(keywords))
        self.values = _core.check_scenario(self._keywords)

    def replace(self, **changes):
        """A copy with some parameters changed (validated again). A change to None removes the
        keyword, so that its default applies again (e.g. start="rest", v0_mV=None)."""
        merged = dict(self._keywords)
        merged.update(changes)
        return Scenario(**{k: v for k, v in merged.items() if not (v is None and k in changes)})

    def __getitem__(self, name):
        return self.values[name]

    def __repr__(self):
        given = ", ".join(f"{k}={v!r}" for k, v in self._keywords.items())
        return f"hhsim.Scenario({given})"


# run()'s arguments that a Scenario may also hold, with their defaults; record's keys and the
# Scenario keywords they stand for.
_RUN_ARGUMENTS = {"trials": 1, "seed": 1, "first_trial": 0, "threads": 0}
_RECORD_KEYWORDS = {"traces": "trace_trials", "events": "event_trials", "noise": "noise_trials",
                    "trace_every_steps": "trace_every_steps"}


def _one_value(name, given, in_scenario, default):
    """`given` (run()'s argument) or the Scenario's value; both, and different: a ValueError."""
    if given is None:
        return default if in_scenario is None else in_scenario
    if in_scenario is not None and given != in_scenario:
        raise ValueError(f"run(..., {name}={given!r}) contradicts the Scenario's {name} = {in_scenario!r}; "
                         "give it in one place (or Scenario.replace() it)")
    return given


def run(scenario, trials=None, seed=None, first_trial=None, threads=None, record=None, progress=None):
    """Simulate `trials` trials of `scenario` (a Scenario or a dict of its keywords); trial k draws
    from (seed, k) alone, so the spikes equal those of `hhsim run` with the same parameters.

    trials, seed, first_trial, threads: run()'s own or the Scenario's (defaults 1, 1, 0, 0); given in
    both places with different values, a ValueError (nothing is silently overridden).
    record: {"traces": [trials], "events": [trials], "noise": [trials], "trace_every_steps": n}, or
    the Scenario's trace_trials, event_trials, noise_trials and trace_every_steps (nothing by default).
    progress: called as progress(neuron_steps_done, neuron_steps_total) a few times a second.
    The GIL is released while simulating; Ctrl-C stops the run and raises KeyboardInterrupt."""
    keywords = scenario._keywords if isinstance(scenario, Scenario) else dict(scenario)
    if not isinstance(record, (dict, type(None))):
        raise ValueError(f"record = {record!r} is invalid; must be a dict with keys traces, events, noise, trace_every_steps")
    given = {"trials": trials, "seed": seed, "first_trial": first_trial, "threads": threads}
    values = {name: _one_value(name, given[name], keywords.get(name), default) for name, default in _RUN_ARGUMENTS.items()}
    wanted = dict(record or {})
    for short, keyword in _RECORD_KEYWORDS.items():
        value = _one_value(f"record['{short}']", wanted.get(short), keywords.get(keyword), None)
        if value is not None:
            wanted[short] = value
    # trials, seed, first_trial and threads go through the registry's rules (2.7 is no trial count).
    raw = _core.run(keywords, values["trials"], values["seed"], values["first_trial"], values["threads"], wanted, progress)
    return RunResult(raw)


def _config_text(config):
    if isinstance(config, (str, os.PathLike)) and os.path.exists(config):
        with open(config, encoding="utf-8") as f:
            return f.read(), str(config)
    if isinstance(config, dict):
        return to_toml(config), "<dict>"
    raise ValueError(f"config = {config!r} is invalid; must be a path to a TOML file or a dict of its sections")


def study(config, threads=-1, progress=None):
    """A Monte Carlo study (docs/config.md) from a TOML path or a dict with the same keys, run in
    memory (no output folder): a StudyResult with every statistic per grid point."""
    text, origin = _config_text(config)
    return StudyResult(_core.study(text, origin, False, int(threads), progress))


def compare(config, threads=-1, progress=None):
    """The study twice, with shot noise and with its diffusion approximation (integrators paired by
    order), and their differences with confidence intervals and the KS test of the ISIs."""
    text, origin = _config_text(config)
    return StudyResult(_core.study(text, origin, True, int(threads), progress))
