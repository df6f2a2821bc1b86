#!/usr/bin/env bash
# Issue 7 item 9: the replay CSV format (docs/output.md, "Replay files") is enforced with line numbers.
source "$(dirname "$0")/lib.sh"
cd "$work"
run_replay() { "$hhsim" run --kind replay --replay_csv "$1" --i_app_uA_per_cm2 0 --t_end_ms 60 --out "$2" "${@:3}"; }

mkdir "$work/adir"
expect_error 2 "is a folder" run --kind replay --replay_csv "$work/adir" --t_end_ms 10 --out "$work/e"
printf 'nan,1\n5,2\n' >nan.csv
expect_error 2 "line 1" run --kind replay --replay_csv nan.csv --t_end_ms 10 --out "$work/e"
printf '5,inf\n' >inf.csv
expect_error 2 "line 1" run --kind replay --replay_csv inf.csv --t_end_ms 10 --out "$work/e"
printf 'time_ms,jump_mV,source\n5,2,nan\n' >srcnan.csv
expect_error 2 "line 2" run --kind replay --replay_csv srcnan.csv --t_end_ms 10 --out "$work/e"
printf '5,2,-1\n' >srcneg.csv
expect_error 2 "source" run --kind replay --replay_csv srcneg.csv --t_end_ms 10 --out "$work/e"
printf '5,2,1.5\n' >srcfrac.csv
expect_error 2 "source" run --kind replay --replay_csv srcfrac.csv --t_end_ms 10 --out "$work/e"
printf 'time,jump\n5,2\n' >badheader.csv
expect_error 2 "line 1" run --kind replay --replay_csv badheader.csv --t_end_ms 10 --out "$work/e"
printf '5,2\n6\n' >short.csv
expect_error 2 "line 2" run --kind replay --replay_csv short.csv --t_end_ms 10 --out "$work/e"
printf '5,2,1\n6,3\n' >mixed.csv
expect_error 2 "line 2" run --kind replay --replay_csv mixed.csv --t_end_ms 10 --out "$work/e"
printf '# nothing here\n' >empty.csv
expect_error 2 "no events" run --kind replay --replay_csv empty.csv --t_end_ms 10 --out "$work/e"
printf '0,2\n' >zero.csv
expect_error 2 "line 1" run --kind replay --replay_csv zero.csv --t_end_ms 10 --out "$work/e"
printf '5,2\r\n6,3\r\nabc,1\r\n' >crlfbad.csv
if "$hhsim" run --kind replay --replay_csv crlfbad.csv --t_end_ms 10 --out "$work/e" 2>"$work/err.txt"; then fail "bad CRLF line accepted"; else
    if grep -q $'\r' "$work/err.txt"; then fail "a carriage return in the message"; else pass "no carriage return in messages"; fi; fi

# Accepted: CRLF, comments anywhere, a header after a comment, unsorted times, events after T.
printf '# recorded events\ntime_ms,jump_mV,source\n40.5,-4.0,3\n# a comment in the middle\n5.0,30.0,12\n90,1,0\n' >good.csv
printf '# recorded events\r\ntime_ms,jump_mV,source\r\n40.5,-4.0,3\r\n# a comment in the middle\r\n5.0,30.0,12\r\n90,1,0\r\n' >good_crlf.csv
if run_replay good.csv "$work/g1" >/dev/null 2>"$work/err1.txt" && run_replay good_crlf.csv "$work/g2" >/dev/null 2>&1 &&
   cmp -s "$work/g1/events.csv" "$work/g2/events.csv" && cmp -s "$work/g1/spikes.csv" "$work/g2/spikes.csv"; then
    pass "CRLF and LF files give the same run"; else fail "CRLF vs LF: $(cat "$work/err1.txt")"; fi
[ "$(sed -n 2p "$work/g1/events.csv")" = "0,5,12,1,30" ] && [ "$(sed -n 3p "$work/g1/events.csv")" = "0,40.5,3,1,-4" ] &&
    pass "unsorted times are sorted" || fail "event order: $(cat "$work/g1/events.csv")"
grep -q "after t_end" "$work/err1.txt" && grep -q "^# replay events: 3 (1 after t_end, not applied)" "$work/g1/parameters.toml" &&
    pass "events after t_end are reported and not applied" || fail "events after T: $(cat "$work/err1.txt")"
printf '\xef\xbb\xbf5,1\n' >bom.csv
run_replay bom.csv "$work/g3" >/dev/null 2>&1 && pass "a UTF-8 byte-order mark is accepted" || fail "BOM"
finish
