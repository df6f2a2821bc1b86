#!/usr/bin/env bash
# Issue 7 item 11: a full disk (simulated with a file-size limit: writes fail with EFBIG) gives an
# error naming the file and the system's reason, STATUS says what failed, no temporaries remain;
# failed writes to standard output are errors.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
limited() { (trap '' XFSZ; ulimit -f "$1"; shift; "$hhsim" "$@"); }

limited 40 study small.toml --out S --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && grep -q "File too large" "$work/err.txt" && grep -q "S/" "$work/err.txt" && pass "study on a full disk: exit 4, file and reason named" ||
    fail "study on a full disk: rc $rc $(cat "$work/err.txt")"
grep -q "^failed" S/STATUS && pass "STATUS says the study failed" || fail "STATUS: $(cat S/STATUS 2>&1)"
[ -z "$(find S -name '*.incomplete*')" ] && pass "no temporaries left" || fail "temporaries: $(find S -name '*.incomplete*')"
# Resume on a full disk: the same, and nothing half-written.
limited 40 study small.toml --out S --resume --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && [ -z "$(find S -name '*.incomplete*')" ] && pass "resume on a full disk: exit 4, no temporaries" || fail "resume full disk: rc $rc $(find S)"
"$hhsim" study small.toml --out S --resume --quiet --no-plots >/dev/null 2>&1 && grep -q "^complete" S/STATUS && pass "resume with space completes" ||
    fail "resume after full disk: $(cat S/STATUS)"
# study.h5 is the biggest file: a limit that lets points through but not study.h5.
limited 300 study small.toml --out T --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && grep -q "study.h5" "$work/err.txt" && [ -z "$(find T -name '*.incomplete*')" ] && pass "full disk while writing study.h5" ||
    fail "study.h5 on a full disk: rc $rc $(cat "$work/err.txt")"
# run: no folder, no staging.
limited 20 run --t_end_ms 100 --out R >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && grep -q "File too large" "$work/err.txt" && [ -z "$(ls -A | grep -e '^R$' -e '\.R\.')" ] && pass "run on a full disk" ||
    fail "run on a full disk: rc $rc $(cat "$work/err.txt") $(ls -A)"
# Standard output.
"$hhsim" config --print-defaults >/dev/full 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && grep -q "standard output" "$work/err.txt" && pass "config --print-defaults > /dev/full fails" || fail "stdout to /dev/full: rc $rc"
"$hhsim" run --t_end_ms 5 --out R2 >/dev/full 2>"$work/err.txt"; rc=$?
[ "$rc" = 4 ] && pass "run summary to /dev/full fails" || fail "run > /dev/full: rc $rc"
finish
