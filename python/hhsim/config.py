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
        return _quoted(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k, where)} = {_value(x, f'{where}.{k}')}" for k, x in v.items()) + " }"
    if hasattr(v, "__iter__"):
        items = [_value(x, f"{where}[{i}]") for i, x in enumerate(v)]
        if len(items) <= 16:
            return "[" + ", ".join(items) + "]"
        # Long lists over several lines: hhsim refuses TOML lines beyond 100,000 characters.
        rows = (", ".join(items[i:i + 8]) for i in range(0, len(items), 8))
        return "[\n    " + ",\n    ".join(rows) + ",\n]"
    raise ValueError(f"{where} = {v!r} is invalid; must be a number, string, bool, list or dict")


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _quoted(text):
    """A TOML basic string that reads back as `text` exactly: quotes, backslashes and control
    characters escaped, so that no text can end the string and start another key or value."""
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _key(k, where):
    """One key as TOML writes it: bare if it is made of ASCII letters, digits, '_' and '-' (the
    only bare keys TOML has), else quoted. A dotted sweep key stays one key ("input.population.*.rate_hz")."""
    if not isinstance(k, str):
        raise ValueError(f"{where} has the key {k!r}, which is invalid; keys must be strings")
    return k if k and all(c in _BARE for c in k) else _quoted(k)


def to_toml(config):
    """The TOML text of a configuration dict (sections as above)."""
    if not isinstance(config, dict):
        raise ValueError(f"config = {config!r} is invalid; must be a dict of sections or a path to a TOML file")
    lines = []
    for section, body in config.items():
        if not isinstance(body, dict):
            raise ValueError(f"{section} = {body!r} is invalid; a section must be a dict")
        plain = {k: v for k, v in body.items() if not (section == "input" and k == "population") and not (section == "sweep" and k == "linked")}
        lines.append(f"[{_key(section, 'config')}]")
        for k, v in plain.items():
            lines.append(f"{_key(k, section)} = {_value(v, f'{section}.{k}')}")
        if section == "input" and "population" in body:
            for i, pop in enumerate(body["population"]):
                lines.append("[[input.population]]")
                for k, v in pop.items():
                    lines.append(f"{_key(k, f'input.population.{i}')} = {_value(v, f'input.population.{i}.{k}')}")
        if section == "sweep" and "linked" in body:
            for i, group in enumerate(body["linked"]):
                lines.append("[[sweep.linked]]")
                for k, v in group.items():
                    lines.append(f"{_key(k, f'sweep.linked.{i}')} = {_value(v, f'sweep.linked.{i}.{k}')}")
        lines.append("")
    return "\n".join(lines)
