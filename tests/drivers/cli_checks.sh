#!/usr/bin/env bash
# End-to-end checks of `hhsim run` and `hhsim bench`: outputs, exit codes, error messages, and that
# a failed run leaves no output folder behind. Usage: cli_checks.sh PATH/TO/hhsim
source "$(dirname "$0")/../regression/lib.sh"  # hhsim, work, pass, fail, expect_error, toml_get

# The default run writes every file and a summary.
if "$hhsim" run --out "$work/default" >"$work/summary.txt" 2>&1 &&
   [ -s "$work/default/spikes.csv" ] && [ -s "$work/default/traces.csv" ] && [ -s "$work/default/events.csv" ] &&
   [ -s "$work/default/parameters.toml" ] && grep -q "neuron-steps/s" "$work/summary.txt" &&
   [ "$(head -1 "$work/default/traces.csv")" = "trial,t_ms,V_mV,m,h,n,I_Na_uA_per_cm2,I_K_uA_per_cm2,I_L_uA_per_cm2,I_syn_uA_per_cm2" ] &&
   [ "$(wc -l <"$work/default/traces.csv")" = 3002 ]; then pass "default run"; else fail "default run: $(cat "$work/summary.txt")"; fi

# An existing folder is never overwritten by accident.
expect_error 2 "already exists" run --out "$work/default"

# Bad parameters: exit 2, the message names the parameter and value, no folder appears.
expect_error 2 "dt_ms = -0.01" run --dt_ms -0.01 --out "$work/bad1"
expect_error 2 "release_probability = 1.5" run --release_probability 1.5 --out "$work/bad2"
expect_error 2 "rate_hz = -3" run --rate_hz -3 --out "$work/bad3"
expect_error 2 "--integrator = 'rk5' is invalid; allowed:" run --integrator rk5 --out "$work/bad4"
expect_error 2 "--trials = 0" run --trials 0 --out "$work/bad5"
expect_error 2 "cannot take diffusion input" run --kind diffusion --out "$work/bad6"
expect_error 2 "must be <= run.t_end_ms" run --dt_ms 2 --t_end_ms 1 --out "$work/bad7"
expect_error 2 "whole number" run --dt_ms 0.0019 --t_end_ms 1000 --out "$work/bad10"
# Numerical blow-up: exit 3, nothing left that looks complete.
expect_error 3 "blew up" run --integrator euler --dt_ms 0.5 --t_end_ms 200 --i_app_uA_per_cm2 20 --out "$work/blowup"
for d in bad1 bad2 bad3 bad4 bad5 bad6 bad7 bad10 blowup; do
    if [ -e "$work/$d" ]; then fail "folder $d left behind"; fi
done
if ls -a "$work" | grep -q incomplete; then fail "staging folder left behind"; else pass "no staging folders left"; fi

# A trailing slash names the same folder.
"$hhsim" run --t_end_ms 20 --out "$work/slash/" >/dev/null 2>&1 && [ -s "$work/slash/spikes.csv" ] && pass "--out with a trailing slash" ||
    fail "--out with a trailing slash"

# Replay: a CSV of events is applied exactly and recorded with its source index.
printf 'time_ms,jump_mV,source\n5.0,30.0,12\n40.5,-4.0,3\n' >"$work/events.csv"
if "$hhsim" run --kind replay --replay_csv "$work/events.csv" --i_app_uA_per_cm2 0 --t_end_ms 60 --out "$work/replay" >/dev/null 2>&1 &&
   [ "$(grep -c . "$work/replay/spikes.csv")" = 2 ] && grep -q "^0,5,12,1,30$" "$work/replay/events.csv"; then
    pass "replay"; else fail "replay: $(cat "$work/replay/spikes.csv" "$work/replay/events.csv" 2>&1)"; fi
expect_error 2 "line 1: jump_mV = abc" run --kind replay --replay_csv <(printf '1.0,abc\n') --out "$work/bad8"

# Diffusion with euler-maruyama and per-source input with event-exact jumps run.
"$hhsim" run --kind diffusion --integrator euler-maruyama --out "$work/diff" >/dev/null 2>&1 && pass "diffusion run" || fail "diffusion run"
"$hhsim" run --kind per-source --jumps event-exact --out "$work/ps" >/dev/null 2>&1 && pass "per-source event-exact run" || fail "per-source run"

# --config: a study configuration as the base scenario; flags given on the command line override it.
printf '[model]\ni_app_uA_per_cm2 = 10.0\n[run]\nt_end_ms = 1000.0\nintegrator = "euler"\n' >"$work/base.toml"
if "$hhsim" run --config "$work/base.toml" --t_end_ms 100 --out "$work/cfg" >/dev/null 2>&1 &&
   [ "$(toml_get "$work/cfg/parameters.toml" model.i_app_uA_per_cm2)" = 10.0 ] && [ "$(toml_get "$work/cfg/parameters.toml" run.t_end_ms)" = 100.0 ] &&
   [ "$(toml_get "$work/cfg/parameters.toml" run.integrator)" = euler ]; then pass "run --config with overriding flags"; else
    fail "run --config: $(cat "$work/cfg/parameters.toml" 2>&1)"; fi
printf '[sweep]\n"model.i_app_uA_per_cm2" = [1.0, 2.0]\n' >"$work/sweep.toml"
expect_error 2 "has a [sweep]" run --config "$work/sweep.toml" --out "$work/bad9"

# The reference integrator for validation: same spikes as rk4 at dt = 0.01 ms to within 0.01 ms.
"$hhsim" run --integrator reference --i_app_uA_per_cm2 10 --kind none --t_end_ms 100 --out "$work/ref" >/dev/null 2>&1 &&
"$hhsim" run --integrator rk4 --i_app_uA_per_cm2 10 --kind none --t_end_ms 100 --out "$work/rk4" >/dev/null 2>&1
if [ -s "$work/ref/spikes.csv" ] && grep -q "integrator reference" "$work/ref/parameters.toml" &&
   paste -d, "$work/ref/spikes.csv" "$work/rk4/spikes.csv" | awk -F, 'NR > 1 { if ($1 != $3 || ($2 - $4) > 0.01 || ($4 - $2) > 0.01) bad = 1; n++ }
                                                                   END { exit (bad || n < 5) }'; then
    pass "run --integrator reference agrees with rk4"; else fail "reference run: $(head -3 "$work/ref/spikes.csv" "$work/rk4/spikes.csv" 2>&1)"; fi
expect_error 2 "reference" run --integrator reference --kind diffusion --out "$work/bad11"

# Start states: given gates are the first trace sample; rest starts at the fixed point; both are recorded.
if "$hhsim" run --kind none --m0 0.05 --h0 0.6 --n0 0.32 --t_end_ms 5 --out "$work/gates" >/dev/null 2>&1 &&
   [ "$(sed -n 2p "$work/gates/traces.csv" | cut -d, -f3-6)" = "-65,0.050000000000000003,0.59999999999999998,0.32000000000000001" ] &&
   [ "$(toml_get "$work/gates/parameters.toml" model.start)" = v0 ] && [ "$(toml_get "$work/gates/parameters.toml" model.m0)" = 0.05 ] &&
   grep -q "^# start state: v0: V = -65 mV; m = 0.05 (given)" "$work/gates/parameters.toml"; then pass "run --m0 --h0 --n0"; else
    fail "run with given gates: $(sed -n 2p "$work/gates/traces.csv" 2>&1) $(grep start "$work/gates/parameters.toml" 2>&1)"; fi
if "$hhsim" run --kind none --start rest --i_app_uA_per_cm2 6 --t_end_ms 5 --out "$work/rest" >"$work/rest.txt" 2>&1 &&
   [ "$(toml_get "$work/rest/parameters.toml" model.start)" = rest ] && grep -q "start .*rest: the fixed point at I_app = 6" "$work/rest.txt" &&
   awk -F, 'NR == 2 { v = $3 } NR > 2 { d = $3 - v; if (d < 0) d = -d; if (d > 1e-9) bad = 1 } END { exit (bad || v == -65) }' "$work/rest/traces.csv"; then
    pass "run --start rest: no onset transient"; else fail "run --start rest: $(head -3 "$work/rest/traces.csv" 2>&1)"; fi
expect_error 2 "m0 = 1.5" run --m0 1.5 --out "$work/bad12"
expect_error 2 "--v0_mV is invalid with --start rest" run --start rest --v0_mV -60 --out "$work/bad13"
expect_error 2 "--start = 'resting' is invalid; allowed: v0, rest" run --start resting --out "$work/bad14"

# sra with diffusion input, and the per-step noise increments of chosen trials.
if "$hhsim" run --kind diffusion --integrator sra --trials 3 --noise_trials 0 2 --t_end_ms 10 --out "$work/sra" >/dev/null 2>&1 &&
   [ "$(head -1 "$work/sra/noise.csv")" = "trial,step,t_ms,increment_mV" ] && [ "$(wc -l <"$work/sra/noise.csv")" = 2001 ] &&
   [ "$(grep -c '^2,' "$work/sra/noise.csv")" = 1000 ] && [ "$(toml_get "$work/sra/parameters.toml" run.integrator)" = sra ]; then
    pass "run --integrator sra --noise_trials"; else fail "sra / noise.csv: $(head -3 "$work/sra/noise.csv" 2>&1)"; fi

# float32 kernels: the precision is a parameter like any other, parameters.toml repeats the run
# bitwise, the reference refuses it; the provenance names the random-stream layout.
if "$hhsim" run --precision f32 --trials 4 --out "$work/f32" >/dev/null 2>&1 &&
   [ "$(toml_get "$work/f32/parameters.toml" run.precision)" = f32 ] &&
   "$hhsim" run --config "$work/f32/parameters.toml" --out "$work/f32b" >/dev/null 2>&1 &&
   cmp -s "$work/f32/spikes.csv" "$work/f32b/spikes.csv" && cmp -s "$work/f32/traces.csv" "$work/f32b/traces.csv" &&
   "$hhsim" run --trials 4 --out "$work/f64" >/dev/null 2>&1 && ! cmp -s "$work/f32/traces.csv" "$work/f64/traces.csv"; then
    pass "run --precision f32, repeated from parameters.toml"; else fail "f32 run: $(head -3 "$work/f32/traces.csv" 2>&1)"; fi
expect_error 2 "--precision = 'f16' is invalid; allowed: f64, f32" run --precision f16 --out "$work/bad20"
expect_error 2 "precision = 'f32' is invalid with integrator = 'reference'" run --precision f32 --integrator reference --out "$work/bad21"
layout=$("$hhsim" --version | sed -n 's/^random numbers:.*stream layout version \([0-9][0-9]*\).*/\1/p')
if [ -n "$layout" ] && grep -q "^# random numbers: .*stream layout version $layout " "$work/f32/parameters.toml"; then
    pass "provenance: stream layout version $layout in --version and parameters.toml"; else fail "layout version: '$layout'"; fi
# Population stream ids from a file; duplicates are refused with both populations named.
printf '[input]\nkind = "shot"\n[[input.population]]\ncount = 100\nrate_hz = 10.0\njump_mV = 1.0\nstream_id = 7\n[[input.population]]\ncount = 50\nrate_hz = 10.0\njump_mV = -2.0\nstream_id = 3\n[run]\nt_end_ms = 50.0\n' >"$work/ids.toml"
if "$hhsim" run --config "$work/ids.toml" --out "$work/ids" >/dev/null 2>&1 && [ "$(toml_get "$work/ids/parameters.toml" input.population)" != "" ] &&
   grep -q '^stream_id = 7 ' "$work/ids/parameters.toml" && grep -q '^stream_id = 3 ' "$work/ids/parameters.toml"; then
    pass "input.population.stream_id read and written back"; else fail "stream ids: $(grep -n stream_id "$work/ids/parameters.toml" 2>&1)"; fi
sed 's/^stream_id = 3$/stream_id = 7/' "$work/ids.toml" >"$work/ids_dup.toml"
expect_error 2 "populations 0 and 1 have the same stream id 7" run --config "$work/ids_dup.toml" --out "$work/bad22"

# The benchmark runs and reports neuron-steps/s.
if "$hhsim" bench --quick --repeats 1 --threads 1 --integrators euler >"$work/bench.txt" 2>&1 && grep -q "S5000 1000x1s" "$work/bench.txt" &&
   grep -q "^kernel set auto: " "$work/bench.txt" && grep -q "ratio" "$work/bench.txt" && grep -q "bare euler kernel with input" "$work/bench.txt"; then
    pass "bench"; else fail "bench: $(cat "$work/bench.txt")"; fi

if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all cli checks passed"
