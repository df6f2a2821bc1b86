#!/usr/bin/env bash
# Issue 15 item 3: the TOML reader scans a value's whole line for every value, so a long list on one
# line took hours (3,000,000 values: nothing in 150 s). Lines beyond 100,000 characters are refused
# at once; long lists over many lines are read in linear time; what hhsim writes never has such
# lines; messages show long lists by their first values.
source "$(dirname "$0")/lib.sh"
cd "$work"
# 3,000,000 values on one line: refused at once (the check is linear; the reader was hours).
"$py" -c "
print('[sweep]')
print('\"model.i_app_uA_per_cm2\" = [' + ', '.join(str(i * 1e-4) for i in range(3000000)) + ']')" >huge.toml
start=$(date +%s)
expect_error 2 "line 2 has 38216059 characters; hhsim reads lines of at most 100000" study huge.toml --out Y --quiet --no-plots
[ $(($(date +%s) - start)) -lt 20 ] && pass "refused within seconds" || fail "the refusal took $(($(date +%s) - start)) s"
# 300,000 values one per line: read (and then refused by the grid limit, which names the size).
"$py" -c "
print('[sweep]')
print('\"model.i_app_uA_per_cm2\" = [\n' + ',\n'.join(str(i * 1e-4) for i in range(300000)) + ']')" >lines.toml
expect_error 2 "[sweep] gives more than 10000 grid points" study lines.toml --out Y --quiet --no-plots
# A list item of the wrong type: the message shows the list by its first values and its length.
"$py" -c "
print('[sweep]')
print('\"model.i_app_uA_per_cm2\" = [' + ', '.join(str(i) for i in range(5000)) + ', \"x\"]')" >bad.toml
expect_error 2 "... (5001 values)" study bad.toml --out Y --quiet --no-plots
[ "$(wc -c <"$work/err.txt")" -lt 1000 ] && pass "the message stays short" || fail "message of $(wc -c <"$work/err.txt") bytes"
# What hhsim writes stays within the limit: a population of 20,000 sources with their own rates,
# and its parameters.toml repeats the run.
"$py" -c "
print('[[input.population]]')
print('source_rates_hz = [\n' + ',\n'.join('%.6f' % (1 + i % 17) for i in range(20000)) + ']')
print('jump_mV = 0.05')" >rates.toml
"$hhsim" run --config rates.toml --t_end_ms 50 --out R >/dev/null 2>"$work/err.txt" || fail "run --config rates.toml: $(cat "$work/err.txt")"
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' R/parameters.toml)
[ "$longest" -lt 1000 ] && pass "parameters.toml writes long lists over lines (longest line $longest)" || fail "parameters.toml line of $longest characters"
"$hhsim" run --config R/parameters.toml --out R2 >/dev/null 2>&1 && cmp -s R/spikes.csv R2/spikes.csv && pass "and repeats the run" || fail "parameters.toml did not repeat the run"
finish
