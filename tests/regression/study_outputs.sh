#!/usr/bin/env bash
# Issue 15 items 2, 9, 12 (figures), 17, 18, 21, 22: a study's last stages. STATUS says complete only
# once everything is written, a signal while the outputs are written stops with a resumable folder,
# a full disk while drawing figures fails like any other write, progress reaches a log, folder names
# that look like options stay folders, '/' is refused without an --overwrite hint, and the tables
# label inputs as inputs.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml

# 18. '/' is refused as such, never with a hint to --overwrite.
expect_error 2 "root folder" study small.toml --out / --quiet --no-plots
grep -q -- "--overwrite" "$work/err.txt" && fail "the refusal of '/' suggests --overwrite: $(cat "$work/err.txt")" || pass "no --overwrite hint for '/'"
expect_error 2 "root folder" run --t_end_ms 5 --out /
grep -q -- "--overwrite" "$work/err.txt" && fail "run --out / suggests --overwrite" || pass "run: no --overwrite hint for '/'"

# 9. A folder named like an option reaches the plotting script as a folder.
"$hhsim" study small.toml --out -h --quiet >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 0 ] && [ -s ./-h/figures/index.txt ] && grep -q "^complete" ./-h/STATUS && pass "--out -h: figures drawn in ./-h" ||
    fail "--out -h: rc $rc, $(ls ./-h/figures 2>&1 | head -3) $(cat "$work/err.txt")"

# 21. Inputs are labelled as inputs, outputs as outputs; the compact table has a row per point.
grep -q "input rate r (Hz)" ./-h/tables/summary.tex && grep -q "output rate (Hz)" ./-h/tables/compact.tex &&
    [ "$(grep -c '^| [0-9]' ./-h/tables/compact.md)" = 3 ] && grep -q "swept over input rate r (Hz)" ./-h/tables/compact.tex &&
    pass "tables: input rate and output rate told apart; compact table, one row per point, a caption that names the sweep" ||
    fail "tables: $(head -3 ./-h/tables/compact.md) $(grep caption ./-h/tables/compact.tex)"

# 2. SIGTERM while the figures are drawn: exit 143, STATUS incomplete (never complete before the
# report), the finished points kept; --resume completes.
"$hhsim" study small.toml --out G >/dev/null 2>"$work/err.txt" &
pid=$!
wait_for G/figures.log 60 && kill -TERM "$pid"
wait "$pid"; rc=$?
status=$(cat G/STATUS 2>/dev/null)
[ "$rc" = 143 ] && [[ "$status" == incomplete* ]] && [[ "$status" == *"signal 15"* ]] && [ ! -e G/report.md ] &&
    pass "SIGTERM while drawing figures: exit 143, STATUS '$status', no report" || fail "SIGTERM while drawing: rc $rc STATUS '$status' $(ls G)"
"$hhsim" study small.toml --out G --resume --quiet >/dev/null 2>&1 && grep -q "^complete" G/STATUS && [ -s G/report.md ] && [ -s G/figures/index.txt ] &&
    pass "the interrupted study resumes to complete" || fail "resume after SIGTERM: $(cat G/STATUS)"

# 12. A full disk while drawing figures: exit 4, STATUS failed, no temporaries under any name.
# The disk holds the study without figures and half of the figures (their sizes measured here).
"$hhsim" study small.toml --out sized --quiet >/dev/null 2>&1
room=$(( $(du -sk sized | cut -f1) - $(du -sk sized/figures | cut -f1) / 2 ))
disk="$work/disk"
if mkdir -p "$disk" && mount -t tmpfs -o "size=${room}k" hhsim-full-disk "$disk" 2>/dev/null; then
    trap "umount '$disk' 2>/dev/null; rm -rf '$work'" EXIT
    "$hhsim" study small.toml --out "$disk/F" >/dev/null 2>"$work/err.txt"; rc=$?
    status=$(head -1 "$disk/F/STATUS" 2>/dev/null)
    leftovers=$(find "$disk" -name '*.tmp*' -o -name '*.incomplete*')
    [ "$rc" = 4 ] && [[ "$status" == failed* ]] && [ -z "$leftovers" ] && grep -q "No space left on device" "$work/err.txt" &&
        pass "figures on a full disk: exit 4, STATUS '$status', no temporaries" ||
        fail "figures on a full disk: rc $rc STATUS '$status' leftovers '$leftovers' $(cat "$work/err.txt") $(du -sh "$disk/F")"
    grep -q "drawing the figures failed" "$work/err.txt" && pass "the error says the figures failed" || fail "the full disk hit something else: $(cat "$work/err.txt")"
    umount "$disk"
else
    skip "figures on a full disk (cannot mount a tmpfs here: needs root)"
fi

# 17, 22. Progress reaches a log (stderr not a terminal): a line every few seconds, and the last
# stages are named.
slow_config longer.toml  # seconds per point: longer than the log's interval
"$hhsim" study longer.toml --out L 2>"$work/log.txt" >/dev/null; rc=$?
[ "$rc" = 0 ] && grep -q "^hhsim: point [0-9]*/3 .*neuron-steps/s .*ETA" "$work/log.txt" && grep -q "^hhsim: drawing the figures" "$work/log.txt" &&
    pass "a log gets progress lines and the stage being written" || fail "log: rc $rc $(head -5 "$work/log.txt")"
finish
