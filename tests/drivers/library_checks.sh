#!/usr/bin/env bash
# Issue 10 end to end: parameters.toml repeats runs and studies bitwise; old flag spellings still
# work with a warning; linked sweeps and replicates; the paper table; labels from the parameter
# tables; docs/parameters.md is the generated table. Usage: library_checks.sh HHSIM PYTHON SOURCE_DIR
source "$(dirname "$0")/../regression/lib.sh"
src=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$work"

# 1. parameters.toml repeats a run bitwise: shot with event-exact jumps, per-source, replay, diffusion with noise.
printf 'time_ms,jump_mV,source\n3.5,12,4\n40,-3,1\n41,20,2\n' >ev.csv
i=0
for args in "--t_end_ms 300 --trials 5 --first_trial 2 --seed 8" "--kind per-source --t_end_ms 200 --trials 3 --event_trials 0 2" \
            "--kind replay --replay_csv ev.csv --t_end_ms 100 --i_app_uA_per_cm2 0" \
            "--kind diffusion --integrator sra --t_end_ms 200 --trials 4 --noise_trials 1 --start rest"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$hhsim" run $args --out "run$i" >/dev/null 2>&1 && "$hhsim" run --config "run$i/parameters.toml" --out "again$i" >/dev/null 2>&1
    same=1
    for f in spikes.csv traces.csv events.csv noise.csv; do
        if [ -e "run$i/$f" ] && ! cmp -s "run$i/$f" "again$i/$f"; then same=0; fi
    done
    [ "$same" = 1 ] && [ -s "again$i/spikes.csv" ] && pass "parameters.toml repeats run $i bitwise ($args)" || fail "run $i not repeated: $args"
done

# 2. The old spellings still work, with a deprecation warning naming the new flag.
"$hhsim" run --t-ms 50 --i-app 5 --rate-hz 12 --out old >/dev/null 2>"$work/err.txt"
[ "$(toml_get old/parameters.toml run.t_end_ms)" = 50.0 ] && [ "$(toml_get old/parameters.toml model.i_app_uA_per_cm2)" = 5.0 ] &&
    grep -q "\-\-t-ms is deprecated.*--t_end_ms" "$work/err.txt" && grep -q "\-\-i-app is deprecated" "$work/err.txt" &&
    pass "old spellings work with a deprecation warning" || fail "old spellings: $(cat "$work/err.txt")"
expect_error 2 "--g-na = -1" run --g-na -1 --out bad

# 3. A linked sweep (Je with Ji = -4 Je), replicates over seeds, the paper table and the labels.
small_config study.toml
sed -i 's/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"run.seed" = [1, 2, 3]\n[[sweep.linked]]\n"input.population.exc.jump_mV" = [1.0, 1.5]\n"input.population.inh.jump_mV" = [-4.0, -6.0]/' study.toml
"$hhsim" study study.toml --out S --quiet --no-plots >/dev/null 2>"$work/err.txt" || fail "linked study: $(cat "$work/err.txt")"
"$py" - S <<'PY' && pass "linked sweep, replicates and labels in study.h5" || fail "linked sweep / labels"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1] + "/study.h5", "r")
names = [s.decode() if isinstance(s, bytes) else s for s in f["grid/names"][()]]
labels = [s.decode() if isinstance(s, bytes) else s for s in f["grid/labels"][()]]
assert names == ["run.seed", "input.population.0.jump_mV"], names
assert labels == ["replicate seed", "jump J (mV), exc"], labels
assert list(f["grid/replicates"][()]) == [1, 0]
assert f["grid/values"].shape == (6, 2)
stats = [s.decode() for s in f["summary/shot/statistics"][()]]
units = [s.decode() for s in f["summary/shot/units"][()]]
assert units[stats.index("rate_hz")] == "Hz" and units[stats.index("latency_ms")] == "ms" and units[stats.index("cv")] == ""
# Stronger linked jumps (both E and I scaled) give different rates than the weaker ones.
est = f["summary/shot/estimate"][()][:, stats.index("rate_hz")]
assert not np.allclose(est[0::2], est[1::2])
PY
tex=S/tables/paper.tex
[ -s "$tex" ] && grep -q "separate-uncertainty" "$tex" && grep -q "Mean over 3 replicates" "$tex" && ! grep -q "+-" "$tex" &&
    [ "$(grep -c '\\\\$' "$tex")" = 3 ] && grep -q "{output rate (Hz)}" "$tex" && grep -q "jump J (mV), exc" "$tex" &&
    pass "paper table: siunitx columns, replicates pooled, one row per point, no literal +-" || fail "paper table: $(cat "$tex")"
grep -q "replicates over \`run.seed\`" S/report.md && grep -q "linked with \`input.population.1.jump_mV\`" S/report.md &&
    grep -q "latency is measured from t = 0" S/report.md && grep -q "window \[50, 200) ms" S/report.md && pass "report: sweep, linked keys, window, latency" ||
    fail "report: $(grep -n 'sweep\|window\|latency' S/report.md)"
printf '[sweep]\n[[sweep.linked]]\n"model.i_app_uA_per_cm2" = [1.0, 2.0]\n"run.dt_ms" = [0.01]\n' >bad_linked.toml
expect_error 2 "linked but have 2 and 1 values" study bad_linked.toml --out B --quiet --no-plots

# 4. A study's parameters.toml repeats it.
"$hhsim" study S/parameters.toml --out S2 --quiet --no-plots >/dev/null 2>"$work/err.txt" || fail "study from parameters.toml: $(cat "$work/err.txt")"
"$py" - S/study.h5 S2/study.h5 <<'PY' && pass "a study's parameters.toml repeats it bitwise" || fail "study parameters.toml differs"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
for mode in a["summary"]:
    for k in ("estimate", "se", "ci_low", "ci_high"):
        assert np.array_equal(a["summary"][mode][k][()], b["summary"][mode][k][()], equal_nan=True), (mode, k)
for p in a["points"]:
    assert np.array_equal(a["points"][p]["shot/spikes/times_ms"][()], b["points"][p]["shot/spikes/times_ms"][()])
PY

# 5. docs/parameters.md is the generated table.
"$hhsim" config --print-parameters >table.md
if grep -qxFf table.md "$src/docs/parameters.md" && [ "$(grep -cxFf table.md "$src/docs/parameters.md")" = "$(wc -l <table.md)" ]; then
    pass "docs/parameters.md matches hhsim config --print-parameters"; else fail "docs/parameters.md is out of date: regenerate it"; fi
finish
