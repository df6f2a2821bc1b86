"""Study configurations as Python dicts, written as the TOML text hhsim's own parser reads.

A dict has the sections of a configuration file (docs/config.md): ``model``, ``input`` (with
``population``: a list of dicts), ``run``, ``record``, ``sweep`` (keys as in a file, e.g.
``"input.population.*.rate_hz"``; values a list or ``{"start": .., "stop": .., "num": ..}``; and
``"linked"``: a list of dicts of keys that vary together), ``analysis``, ``compare``, ``output``.
"""

import math
import numbers


def _value(v, where):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        x = float(v)
        if not math.isfinite(x):
            raise ValueError(f"{where} = {v!r} is invalid; must be a finite number")
        return repr(x)
    if isinstance(v, str):
        escaped = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x, f'{where}.{k}')}" for k, x in v.items()) + " }"
    if hasattr(v, "__iter__"):
        return "[" + ", ".join(_value(x, f"{where}[{i}]") for i, x in enumerate(v)) + "]"
    raise ValueError(f"{where} = {v!r} is invalid; must be a number, string, bool, list or dict")


def _key(k):
    return k if k.replace("_", "").replace("-", "").isalnum() else '"' + k + '"'


def to_toml(config):
    """The TOML text of a configuration dict (sections as above)."""
    if not isinstance(config, dict):
        raise ValueError(f"config = {config!r} is invalid; must be a dict of sections or a path to a TOML file")
    lines = []
    for section, body in config.items():
        if not isinstance(body, dict):
            raise ValueError(f"{section} = {body!r} is invalid; a section must be a dict")
        plain = {k: v for k, v in body.items() if not (section == "input" and k == "population") and not (section == "sweep" and k == "linked")}
        lines.append(f"[{section}]")
        for k, v in plain.items():
            lines.append(f"{_key(k)} = {_value(v, f'{section}.{k}')}")
        if section == "input" and "population" in body:
            for i, pop in enumerate(body["population"]):
                lines.append("[[input.population]]")
                for k, v in pop.items():
                    lines.append(f"{_key(k)} = {_value(v, f'input.population.{i}.{k}')}")
        if section == "sweep" and "linked" in body:
            for i, group in enumerate(body["linked"]):
                lines.append("[[sweep.linked]]")
                for k, v in group.items():
                    lines.append(f"{_key(k)} = {_value(v, f'sweep.linked.{i}.{k}')}")
        lines.append("")
    return "\n".join(lines)
