#!/usr/bin/env bash
# Issue 15 items 8 and 10: contradictory input flags are refused naming both; derived values (Ji =
# -K * Je) are checked for overflow naming the flags given; --population takes exactly four fields;
# a population without release_probability has the same default in a file as on the command line.
source "$(dirname "$0")/lib.sh"
src=$3
cd "$work"
for flag in "--ne 4000" "--ni 10" "--je_mV 2" "--k 3" "--rate_hz 5" "--release_probability 0.2"; do
    expect_error 2 "--population and ${flag%% *} contradict each other" run --population 10,10,0.5,1 $flag --t_end_ms 5 --out out
done
expect_error 2 "Ji = -K * Je = -inf mV" run --je_mV 1e308 --t_end_ms 5 --out out
expect_error 2 "--je_mV = 1e+308" run --je_mV 1e308 --t_end_ms 5 --out out
expect_error 2 "--je_mV = inf" run --je_mV inf --t_end_ms 5 --out out
expect_error 2 "expected four fields" run --population 10,10,0.5,1, --t_end_ms 5 --out out
expect_error 2 "expected four fields" run --population ,10,10,0.5,1 --t_end_ms 5 --out out
expect_error 2 "expected four fields" run --population 10,10,0.5 --t_end_ms 5 --out out
[ ! -e out ] && pass "nothing written for refused input" || fail "out/ was written"

# One default release probability: a TOML population without it equals the command line's shortcut.
cat >p.toml <<'TOML'
[[input.population]]
count = 400
rate_hz = 10.0
jump_mV = 1.0
TOML
"$hhsim" run --config p.toml --t_end_ms 200 --out a >/dev/null 2>&1 || fail "run --config p.toml failed"
"$hhsim" run --population 400,10,0.5,1 --t_end_ms 200 --out b >/dev/null 2>&1 || fail "run --population failed"
p_file=$(toml_get a/parameters.toml input.population)
cmp -s a/spikes.csv b/spikes.csv && pass "a population without release_probability has p = 0.5, as on the command line" ||
    fail "defaults differ: $p_file"
"$hhsim" run --help 2>&1 | grep -A2 -e "--release_probability" | grep -q "0.5" && pass "--help shows the default 0.5" || fail "--help lacks 0.5"
grep -q "release_probability\` | | 0.5" "$src/docs/config.md" && pass "docs/config.md documents 0.5" || fail "docs/config.md default"
finish
