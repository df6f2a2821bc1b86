#!/usr/bin/env bash
# End-to-end checks of `hhsim study` and `hhsim compare`: outputs, thread-count independence,
# resume after a lost point and after a real SIGINT (same numbers as an uninterrupted run),
# tables consistent with per-trial data, errors. Usage: study_checks.sh PATH/TO/hhsim
source "$(dirname "$0")/../regression/lib.sh"  # hhsim, py (a python3 with numpy and h5py), work, pass, fail

cat >"$work/small.toml" <<'TOML'
[model]
i_app_uA_per_cm2 = 3.0
[input]
kind = "shot"
[[input.population]]
name = "exc"
count = 400
rate_hz = 10.0
release_probability = 0.5
jump_mV = 1.5
[[input.population]]
name = "inh"
count = 100
rate_hz = 10.0
release_probability = 0.5
jump_mV = -3.0
[run]
dt_ms = 0.02
t_end_ms = 400.0
trials = 12
seed = 9
integrator = "euler"
[record]
trace_trials = [0, 3]
event_trials = [1]
[sweep]
"input.population.*.rate_hz" = [6.0, 10.0, 14.0]
[analysis]
transient_ms = 50.0
fano_windows_ms = [10.0, 50.0]
spectrum_segment_ms = 100.0
bootstrap_resamples = 100
[output]
folder = "unused"
TOML

# h5same A B: the summaries and every spike time of two study files are identical.
h5same() {
    "$py" - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def walk(g, prefix=""):
    out = {}
    for k, v in g.items():
        if isinstance(v, h5py.Group): out.update(walk(v, prefix + k + "/"))
        else: out[prefix + k] = v[()]
    return out
da, db = walk(a["summary"]), walk(b["summary"])
if "comparison" in a or "comparison" in b:
    da.update({"comparison/" + k: v for k, v in walk(a["comparison"]).items()})
    db.update({"comparison/" + k: v for k, v in walk(b["comparison"]).items()})
da.update({"points/" + k: v for k, v in walk(a["points"]).items() if "spikes" in k or "per_trial" in k})
db.update({"points/" + k: v for k, v in walk(b["points"]).items() if "spikes" in k or "per_trial" in k})
assert da.keys() == db.keys(), (sorted(da.keys() ^ db.keys()))
for k in da:
    x, y = np.asarray(da[k]), np.asarray(db[k])
    if x.dtype.kind == "f":
        assert np.array_equal(x, y, equal_nan=True), k
    else:
        assert np.array_equal(x, y), k
assert a.attrs["complete"] == 1 and b.attrs["complete"] == 1
PY
}

# 1. A small study: every output is there and consistent.
if "$hhsim" study "$work/small.toml" --out "$work/A" --threads 1 --quiet --no-plots; then
    if [ "$(cat "$work/A/STATUS")" = complete ] && [ -s "$work/A/study.h5" ] && [ -s "$work/A/report.md" ] &&
       [ -s "$work/A/tables/summary.csv" ] && [ -s "$work/A/tables/summary.md" ] && [ -s "$work/A/tables/summary.tex" ] &&
       [ -s "$work/A/points/p0002.h5" ] && ! ls "$work/A" "$work/A/points" | grep -q incomplete; then
        pass "study writes every output"; else fail "study outputs incomplete: $(ls -R "$work/A")"; fi
else
    fail "study run failed"
fi
if "$py" - "$work/A" <<'PY'
import sys, csv, h5py, numpy as np
folder = sys.argv[1]
f = h5py.File(folder + "/study.h5", "r")
names = [s.decode() if isinstance(s, bytes) else s for s in f["grid/names"][()]]
assert names == ["input.population.*.rate_hz"], names
assert np.allclose(f["grid/values"][:, 0], [6, 10, 14])
stats = [s.decode() if isinstance(s, bytes) else s for s in f["summary/shot/statistics"][()]]
est = f["summary/shot/estimate"][()]
for i in range(3):
    p = f["points/p%04d/shot" % i]
    rates = p["per_trial/rate_hz"][()]
    assert len(rates) == 12
    assert abs(rates.mean() - est[i, stats.index("rate_hz")]) < 1e-9 * max(1, rates.mean())
    t, off = p["spikes/times_ms"][()], p["spikes/offsets"][()]
    assert len(off) == 13 and off[-1] == len(t)
    counts = np.array([np.sum(t[off[k]:off[k + 1]] >= 50.0) for k in range(12)])
    assert np.array_equal(counts, p["per_trial/n_spikes"][()])
    assert np.allclose(counts / 0.35, rates)
# Every parameter in force, defaults included; the traces and events asked for.
par = f["parameters"].attrs
assert par["model.i_app_uA_per_cm2"] == 3.0 and par["run.trials"] == 12 and par["input.population.0.count"] == 400
assert par["model.g_na_mS_per_cm2"] == 120.0 and par["run.dt_ms"] == 0.02
assert abs(par["campbell.mu_mV_per_ms"] - (400 * 0.5 * 0.010 * 1.5 - 100 * 0.5 * 0.010 * 3.0)) < 1e-12
shot0 = f["points/p0000/shot"]
assert shot0["trace"].attrs["trial"] == 0 and "trial_3" in shot0["traces"]
assert len(shot0["traces/trial_3/v_mV"]) == len(shot0["trace/t_ms"])
ev = shot0["events/trial_1"]
t = ev["t_ms"][()]
assert len(t) > 100 and np.all(np.diff(t) >= 0) and np.all(ev["transmitted"][()] == 1)
assert set(np.unique(ev["jump_mV"][()])) == {1.5, -3.0}
# The rate rises with the input rate, and the CSV table carries the same numbers.
r = est[:, stats.index("rate_hz")]
assert r[0] < r[2], r
rows = list(csv.DictReader(open(folder + "/tables/summary.csv")))
assert len(rows) == 3 * len(stats), len(rows)
rate_rows = [row for row in rows if row["statistic"] == "rate_hz"]
for i, row in enumerate(rate_rows):
    assert abs(float(row["estimate"]) - r[i]) <= 1e-3 * abs(r[i]) + 1e-9, (row, r[i])
print("consistent")
PY
then pass "HDF5 read back: per-trial data, spikes and tables agree"; else fail "HDF5 / table consistency"; fi

# 2. The thread count changes nothing.
"$hhsim" study "$work/small.toml" --out "$work/B" --threads 2 --quiet --no-plots &&
    h5same "$work/A/study.h5" "$work/B/study.h5" && pass "1 and 2 threads give identical studies" || fail "thread count changed results"

# 3. Resume after losing a point recomputes it exactly.
cp -r "$work/A" "$work/C"
rm "$work/C/points/p0001.h5" "$work/C/study.h5"
"$hhsim" study "$work/small.toml" --out "$work/C" --resume --quiet --no-plots &&
    h5same "$work/A/study.h5" "$work/C/study.h5" && pass "resume recomputes a missing point exactly" || fail "resume after a lost point"

# 4. A real interruption: SIGINT after the first point; finished points kept; resume equals a full run.
sed -e 's/trials = 12/trials = 100/' -e 's/t_end_ms = 400.0/t_end_ms = 3000.0/' \
    -e 's/\[6.0, 10.0, 14.0\]/[6.0, 8.0, 10.0, 12.0, 14.0, 16.0]/' "$work/small.toml" >"$work/long.toml"
"$hhsim" study "$work/long.toml" --out "$work/D" --quiet --no-plots &
pid=$!
for _ in $(seq 1 600); do [ -e "$work/D/points/p0000.h5" ] && break; sleep 0.05; done
kill -INT "$pid"
wait "$pid"
rc=$?
if [ "$rc" = 130 ] && grep -q "^incomplete" "$work/D/STATUS" && [ -e "$work/D/points/p0000.h5" ] && [ ! -e "$work/D/points/p0005.h5" ] &&
   "$py" -c "import h5py,sys; f=h5py.File('$work/D/study.h5','r'); sys.exit(0 if f.attrs['complete']==0 and f['grid/complete'][0]==1 else 1)"; then
    pass "SIGINT stops the study with exit 130, finished points kept and marked"
else
    fail "interrupt handling: rc $rc, STATUS $(cat "$work/D/STATUS" 2>&1)"
fi
"$hhsim" study "$work/long.toml" --out "$work/D" --resume --quiet --no-plots && [ "$(cat "$work/D/STATUS")" = complete ] || fail "resume after SIGINT"
"$hhsim" study "$work/long.toml" --out "$work/E" --quiet --no-plots &&
    h5same "$work/D/study.h5" "$work/E/study.h5" && pass "interrupted and resumed equals uninterrupted" || fail "resumed study differs"

# 5. compare: both modes, the comparison table and the KS test.
if "$hhsim" compare "$work/small.toml" --out "$work/F" --quiet --no-plots && [ -s "$work/F/tables/comparison.csv" ] &&
   "$py" -c "
import h5py, numpy as np
f = h5py.File('$work/F/study.h5', 'r')
assert set(f['summary'].keys()) == {'shot', 'diffusion'}
p = f['comparison/ks_p_value'][()]
assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))
assert f['points/p0000/diffusion/per_trial/rate_hz'].shape == (12,)
"; then pass "compare writes both modes and the comparison"; else fail "compare"; fi

# 5b. compare resumes exactly too: every difference and KS result of a recomputed and of a
# reloaded point equals the uninterrupted run.
cp -r "$work/F" "$work/F2"
rm "$work/F2/points/p0002.h5" "$work/F2/study.h5"
"$hhsim" compare "$work/small.toml" --out "$work/F2" --resume --quiet --no-plots &&
    h5same "$work/F/study.h5" "$work/F2/study.h5" && cmp -s "$work/F/tables/comparison.csv" "$work/F2/tables/comparison.csv" &&
    pass "compare resumes to identical comparisons and tables" || fail "compare resume"

# 5c. compare pairs integrators by order and says so; the noise increments of chosen trials are kept.
if grep -q "integrator pair: euler (event-exact jumps) with euler-maruyama" "$work/F/report.md" && grep -q "^- start: v0" "$work/F/report.md" &&
   "$py" -c "
import h5py
f = h5py.File('$work/F/study.h5', 'r')
par = f['parameters'].attrs
assert par['compare.diffusion_integrator'] == 'auto' and par['compare.diffusion_integrator_used'] == 'euler-maruyama', par['compare.diffusion_integrator_used']
assert 'euler-maruyama' in par['compare.pair'] and par['compare.allow_mixed_orders'] == 0
assert par['model.start'] == 'v0' and abs(par['model.start_state'][0] + 65.0) < 1e-12
"; then pass "compare reports its integrator pair and the start"; else fail "compare pair in report/parameters: $(grep -i pair "$work/F/report.md")"; fi
sed -e 's/integrator = "euler"/integrator = "rk4"/' -e 's/^event_trials = \[1\]/event_trials = [1]\nnoise_trials = [1]/' "$work/small.toml" >"$work/rk4.toml"
if "$hhsim" compare "$work/rk4.toml" --out "$work/P" --trials 4 --quiet --no-plots && grep -q "rk4 (event-exact jumps) with sra" "$work/P/report.md" &&
   "$py" -c "
import h5py
f = h5py.File('$work/P/study.h5', 'r')
for mode in ('shot', 'diffusion'):
    inc = f['points/p0000/%s/noise/trial_1/increment_mV' % mode][()]
    assert len(inc) == 20000 and f['points/p0000/%s/noise/trial_1' % mode].attrs['dt_ms'] == 0.02, mode
"; then pass "compare pairs rk4 with sra and keeps noise increments"; else fail "rk4 compare / noise increments"; fi
printf '[compare]\ndiffusion_integrator = "euler-maruyama"\n' | cat "$work/rk4.toml" - | sed 's/^\[output\]/[output]/' >"$work/mixed.toml"
"$hhsim" compare "$work/mixed.toml" --out "$work/Q" --quiet --no-plots 2>"$work/err.txt"
[ $? = 2 ] && grep -q "allow_mixed_orders" "$work/err.txt" && [ ! -e "$work/Q" ] && pass "a mixed-order compare is refused" ||
    fail "mixed compare: $(cat "$work/err.txt")"

# 6. Errors: an existing folder, a resume with another configuration, a bad config.
"$hhsim" study "$work/small.toml" --out "$work/A" --quiet --no-plots 2>"$work/err.txt"
[ $? = 2 ] && grep -q "exists" "$work/err.txt" && pass "existing folder refused" || fail "existing folder: $(cat "$work/err.txt")"
"$hhsim" study "$work/small.toml" --out "$work/A" --resume --seed 10 --quiet --no-plots 2>"$work/err.txt"
[ $? = 2 ] && grep -q "resume" "$work/err.txt" && pass "resume with other settings refused" || fail "resume mismatch: $(cat "$work/err.txt")"
printf '[run]\ndt_ms = "0.01 ms"\n' >"$work/bad.toml"
"$hhsim" study "$work/bad.toml" --out "$work/G" --quiet 2>"$work/err.txt"
[ $? = 2 ] && grep -q "run.dt_ms" "$work/err.txt" && [ ! -e "$work/G" ] && pass "bad config refused before anything is written" ||
    fail "bad config: $(cat "$work/err.txt")"

# 7. The printed defaults are a valid configuration.
"$hhsim" config --print-defaults >"$work/defaults.toml" &&
    "$hhsim" study "$work/defaults.toml" --out "$work/H" --trials 2 --quiet --no-plots && pass "config --print-defaults runs" ||
    fail "printed defaults"

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all study checks passed"
