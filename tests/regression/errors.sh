#!/usr/bin/env bash
# Issue 7 items 14, 15: numerics errors name the grid point, trial, time, integrator and a remedy
# that is not the failing method; exit codes keep their meaning across parallel regions.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
# A blow-up at grid point 2 of 2 (euler at dt 0.2 ms).
sed 's/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"run.dt_ms" = [0.02, 0.2]/' small.toml >blow.toml
"$hhsim" study blow.toml --out B --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
msg=$(cat "$work/err.txt")
[ "$rc" = 3 ] && grep -q "grid point 2/2" <<<"$msg" && grep -q "trial" <<<"$msg" && grep -q "t = " <<<"$msg" && grep -q "euler" <<<"$msg" &&
    pass "study blow-up names the point, trial, time, integrator" || fail "study blow-up: rc $rc $msg"
grep -q "^failed" B/STATUS && grep -q "grid point 2" B/STATUS && [ -e B/points/p0000.h5 ] && pass "STATUS names the failure; finished points kept" ||
    fail "STATUS after blow-up: $(cat B/STATUS 2>&1) $(ls B/points)"
# expeuler's remedy is not expeuler; the reference's blow-up is a numerics error (exit 3).
# expeuler's exponential steps are stable at any dt; V is out of range when a huge jump lands just
# before the end of the run (the check is at the end of every chunk of steps).
printf 'time_ms,jump_mV\n9.995,5000\n' >big.csv
expect_error 3 "expeuler" run --kind replay --replay_csv big.csv --integrator expeuler --jumps boundary --t_end_ms 10 --out "$work/e1"
grep -q "or integrator expeuler" "$work/err.txt" && fail "expeuler suggested as the remedy for expeuler: $(cat "$work/err.txt")" || pass "expeuler remedy is another one"
printf 'time_ms,jump_mV\n5,5000\n' >huge.csv
expect_error 3 "integrator reference" run --kind replay --replay_csv huge.csv --integrator reference --t_end_ms 10 --out "$work/e2"
expect_error 3 "dt_ms" run --integrator rk4 --dt_ms 0.5 --t_end_ms 200 --i_app_uA_per_cm2 40 --out "$work/e3"
[ -z "$(ls -A "$work" | grep -e '^e[123]$' -e incomplete -e staging)" ] && pass "no output after blow-ups" || fail "output left: $(ls -A "$work")"
finish
