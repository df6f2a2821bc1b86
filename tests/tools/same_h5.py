#!/usr/bin/python3
"""Compare two HDF5 files dataset by dataset and attribute by attribute, bitwise.

usage: same_h5.py A.h5 B.h5 [--except NAME ...]

Every group, dataset and attribute of A must be in B and the other way round, with the same type,
shape and bytes. NAME (repeatable) skips the datasets or attributes of that name, wherever they are
(e.g. the command line, which differs between the runs compared). Exit status 0 when the files agree,
1 with one line per difference otherwise.
"""
import sys

import h5py
import numpy as np


def items(f, skip):
    """Every object and attribute under f as {path: value bytes (or None for a group)}."""
    out = {}

    def attributes(path, obj):
        for name, value in obj.attrs.items():
            if name in skip:
                continue
            out[f"{path}@{name}"] = np.asarray(value).tobytes() if not isinstance(value, (str, bytes)) else str(value).encode()

    def visit(path, obj):
        if path.rsplit("/", 1)[-1] in skip:
            return
        if isinstance(obj, h5py.Dataset):
            data = obj[()]
            if obj.dtype.kind == "O" or h5py.check_string_dtype(obj.dtype) is not None:
                out[path] = repr(obj.asstr()[()].tolist() if obj.shape else obj.asstr()[()]).encode()
            else:
                out[path] = (str(obj.dtype) + str(obj.shape)).encode() + b":" + np.ascontiguousarray(data).tobytes()
        else:
            out[path] = None
        attributes(path, obj)

    attributes("/", f)
    f.visititems(visit)
    return out


def main(argv):
    skip = set()
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--except":
            skip.add(argv[i + 1])
            i += 2
        else:
            files.append(argv[i])
            i += 1
    if len(files) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with h5py.File(files[0], "r") as fa, h5py.File(files[1], "r") as fb:
        a, b = items(fa, skip), items(fb, skip)
    problems = [f"only in {files[0]}: {k}" for k in sorted(a.keys() - b.keys())]
    problems += [f"only in {files[1]}: {k}" for k in sorted(b.keys() - a.keys())]
    problems += [f"differs: {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    for p in problems:
        print(p)
    if not problems:
        print(f"same: {len(a)} objects and attributes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
