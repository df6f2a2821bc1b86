#!/usr/bin/env bash
# Issue 7 items 17, 18, 19: --version, bare hhsim, study without a config, progress of `run`.
source "$(dirname "$0")/lib.sh"
src=${3:-}
cd "$work"
"$hhsim" --version >"$work/v.txt" 2>&1; rc=$?
v=$(cat "$work/v.txt")
[ "$rc" = 0 ] && grep -qi "^hhsim [0-9]" <<<"$v" && grep -qi "compiler" <<<"$v" && grep -qiE "AVX-512|AVX2|SSE" <<<"$v" && grep -qi "openmp" <<<"$v" &&
    grep -qi "hdf5" <<<"$v" && pass "--version: version, compiler, ISA, options" || fail "--version: rc $rc $v"
if [ -n "$src" ] && git -C "$src" rev-parse HEAD >/dev/null 2>&1; then
    head=$(git -C "$src" rev-parse --short=12 HEAD)
    grep -q "$head" <<<"$v" && pass "--version names the revision the build was made from" || fail "--version revision: want $head in $v"
fi
"$hhsim" >"$work/o.txt" 2>&1; rc=$?
[ "$rc" != 0 ] && grep -q "Usage" "$work/o.txt" && [ ! -e hhsim-out ] && pass "bare hhsim prints help, exits $rc, runs nothing" || fail "bare hhsim: rc $rc"
expect_error 2 "--print-demo" study
expect_error 2 "--demo" compare
[ ! -e hhsim-demo ] && [ ! -e hhsim-study ] && pass "study without a config runs nothing" || fail "a demo ran"
# Progress with an ETA on a terminal for runs longer than ~2 s; none when not a terminal or --quiet.
if command -v script >/dev/null 2>&1; then
    script -qec "'$hhsim' run --trials 3000 --t_end_ms 1000 --out '$work/p1'" /dev/null >"$work/tty.txt" 2>&1
    grep -q "ETA" "$work/tty.txt" && pass "run shows progress on a terminal" || fail "no progress on a terminal: $(tail -c 300 "$work/tty.txt")"
    script -qec "'$hhsim' run --trials 3000 --t_end_ms 1000 --quiet --out '$work/p2'" /dev/null >"$work/tty2.txt" 2>&1
    grep -q "ETA" "$work/tty2.txt" && fail "progress despite --quiet" || pass "--quiet silences progress"
    script -qec "'$hhsim' run --t_end_ms 100 --out '$work/p3'" /dev/null >"$work/tty3.txt" 2>&1
    grep -q "ETA" "$work/tty3.txt" && fail "progress for a short run" || pass "no progress for a short run"
else
    fail "script(1) is missing (bsdutils)"
fi
# Without a terminal (a log, issue 15 item 17): whole lines every few seconds, never terminal
# control codes; a short run prints none.
"$hhsim" run --trials 3000 --t_end_ms 1000 --out "$work/p4" >/dev/null 2>"$work/notty.txt"
! grep -q $'\r\|\033' "$work/notty.txt" && ! grep -v "^hhsim: .*ETA" "$work/notty.txt" | grep -q . &&
    pass "without a terminal: plain progress lines only" || fail "progress in a log: $(od -c "$work/notty.txt" | head -5)"
"$hhsim" run --t_end_ms 100 --out "$work/p5" >/dev/null 2>"$work/notty2.txt"
[ ! -s "$work/notty2.txt" ] && pass "no progress lines for a short run in a log" || fail "short run wrote: $(cat "$work/notty2.txt")"
finish
