#!/usr/bin/env bash
# Issue 7 items 10, 16: --resume checks what each point file's numbers depend on and the file's own
# checksum; a corrupt point is named, with what resume does about it.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
printf 'time_ms,jump_mV\n5,20\n30,-5\n60,25\n' >events.csv
cat >replay.toml <<'TOML'
[input]
kind = "replay"
replay_csv = "events.csv"
[run]
dt_ms = 0.02
t_end_ms = 200.0
trials = 3
integrator = "euler"
[sweep]
"model.i_app_uA_per_cm2" = [0.0, 2.0, 4.0]
[analysis]
transient_ms = 0.0
fano_windows_ms = [10.0]
spectrum_segment_ms = 100.0
bootstrap_resamples = 20
TOML
"$hhsim" study replay.toml --out R --quiet --no-plots >/dev/null 2>&1 || fail "replay study"
rm R/points/p0002.h5
printf 'time_ms,jump_mV\n5,20\n30,-5\n61,25\n' >events.csv
expect_error 2 "events.csv" study replay.toml --out R --resume --quiet --no-plots
[ ! -e R/points/p0002.h5 ] && pass "nothing mixed after a changed replay file" || fail "a point was computed from the changed replay file"

# A point file changed in the middle (still valid HDF5) is detected, named, recomputed.
"$hhsim" study small.toml --out A --quiet --no-plots >/dev/null 2>&1
cp -r A B
"$py" - A/points/p0001.h5 <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    d = f["shot/per_trial/rate_hz"]
    d[0] = d[0] + 1.0
PY
rm A/points/p0002.h5
"$hhsim" study small.toml --out A --resume --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "p0001.h5" "$work/err.txt" && grep -qi "checksum" "$work/err.txt" && pass "changed point file named and recomputed" ||
    fail "changed point: rc $rc $(cat "$work/err.txt")"
"$py" - A/study.h5 B/study.h5 <<'PY' && pass "recomputed study equals the original" || fail "recomputed study differs"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
for g in ("summary", "points/p0001/shot/per_trial", "points/p0002/shot/spikes"):
    def walk(x, p=""):
        out = {}
        for k, v in x.items():
            if isinstance(v, h5py.Group): out.update(walk(v, p + k + "/"))
            else: out[p + k] = v[()]
        return out
    da, db = walk(a[g]), walk(b[g])
    assert da.keys() == db.keys()
    for k in da:
        x, y = np.asarray(da[k]), np.asarray(db[k])
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), (g, k)
PY
# A point file from another study is refused by name.
sed 's/^seed = 5$/seed = 6/' small.toml >other.toml
"$hhsim" study other.toml --out O --quiet --no-plots >/dev/null 2>&1
cp O/points/p0001.h5 A/points/p0001.h5
expect_error 2 "p0001.h5" study small.toml --out A --resume --quiet --no-plots
# 16. A corrupt (not HDF5) point file: named, called corrupt, and resume recomputes it.
cp B/points/p0001.h5 A/points/p0001.h5
head -c 3000 B/points/p0000.h5 >A/points/p0000.h5
"$hhsim" study small.toml --out A --resume --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "p0000.h5" "$work/err.txt" && grep -q "corrupt" "$work/err.txt" && grep -q "recomput" "$work/err.txt" &&
    pass "corrupt point file named and recomputed" || fail "corrupt point: rc $rc $(cat "$work/err.txt")"
grep -q '^complete' A/STATUS && pass "study complete after recomputation" || fail "STATUS: $(cat A/STATUS)"
finish
