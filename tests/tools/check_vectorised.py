#!/usr/bin/python3
"""Fail if a hot loop of a kernel set fell back to scalar code.

Usage: check_vectorised.py OBJDUMP OBJECT REGISTERS [OBJECT REGISTERS ...]
REGISTERS: the vector registers that count as vectorised for that kernel set, e.g. xyz for the
x86-64 baseline (SSE2: xmm), yz for AVX2 and AVX-512 (GCC picks 256-bit vectors for some loops even
with 512-bit ones available).

For every function of the object whose name starts with one of HOT (the loops over an ensemble's
cells: the lockstep step, the event-exact rest of a step, the noise fill, the bare kernel), count
the floating-point arithmetic instructions: packed ones on WIDTH registers (v...pd/ps on zmm) and
scalar ones (v...sd/ss). A vectorised loop is mostly packed (a loop over cells whose count GCC does
not know keeps a scalar copy for the remainder: about as many scalar as packed); a loop GCC left
scalar has next to no packed ones. The check reads the object code, whatever the compiler reports.
"""
import re
import subprocess
import sys

HOT = ("lockstep_full<", "lockstep_first_piece<", "exact_rest_of_step<", "fill_noise_width<", "bare_steps<")
ARITH = r"(?:add|sub|mul|div|sqrt|max|min|fn?m(?:add|sub)\d{3})"
PACKED = re.compile(r"\bv?" + ARITH + r"p[sd]\b.*%(\w)mm")
SCALAR = re.compile(r"\bv?" + ARITH + r"s[sd]\b")
HEADER = re.compile(r"^[0-9a-f]+ <(.*)>:$")


def functions(objdump, obj):
    text = subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", obj], check=True, capture_output=True, text=True).stdout
    name, body = None, []
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            if name is not None:
                yield name, body
            name, body = m.group(1), []
        elif name is not None:
            body.append(line)
    if name is not None:
        yield name, body


def name_has(short, prefix, real):
    """Whether the function `short` is the hot loop `prefix` in precision `real`."""
    template_arguments = short.split(">(")[0]
    return short.startswith(prefix) and re.search(r"\b" + real + r"\b", template_arguments) is not None


def check(objdump, obj, width):
    failures, found = [], []
    for name, body in functions(objdump, obj):
        hit = [name.find("::" + h) for h in HOT if "::" + h in name]
        if not hit:
            continue
        short = name[min(hit) + 2:]
        found.append(short)
        packed = sum(1 for l in body if (m := PACKED.search(l)) and m.group(1) in width)
        scalar = sum(1 for l in body if SCALAR.search(l))
        status = "ok" if packed >= 20 and 2 * packed >= scalar else "SCALAR"
        print(f"{status:6} packed {packed:5} ({width}mm) scalar {scalar:5}  {short[:110]}")
        if status != "ok":
            failures.append(short)
    # Every hot loop must be there, in both precisions: one that was renamed or inlined would
    # otherwise drop out of the check unnoticed.
    for prefix in HOT:
        for real in ("double", "float"):
            if not any(name_has(n, prefix, real) for n in found):
                failures.append(f"{prefix}...{real}...> not found in {obj} (renamed or inlined?)")
    return failures


def main():
    objdump, rest = sys.argv[1], sys.argv[2:]
    if not rest or len(rest) % 2:
        sys.exit(__doc__)
    failures = []
    for obj, width in zip(rest[::2], rest[1::2]):
        print(f"# {obj}: {width}")
        failures += check(objdump, obj, width)
    if failures:
        print("NOT VECTORISED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("every hot loop is vectorised")


if __name__ == "__main__":
    main()
