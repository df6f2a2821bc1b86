#!/usr/bin/env bash
# Issue 7 item 11: a full disk (simulated with a file-size limit: writes fail with EFBIG) gives an
# error naming the file and the system's reason, STATUS says what failed, no temporaries remain;
# failed writes to standard output are errors. Issue 15 item 12: `hhsim merge` onto a really full
# file system (a small tmpfs; root only, skipped otherwise) fails naming the file and "No space left
# on device", and leaves no folder, no staging folder and no truncated point file.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
limited() { (trap '' XFSZ; ulimit -f "$1"; shift; "$hhsim" "$@"); }
# small_disk DIR SIZE: a tmpfs of SIZE (e.g. 256k) mounted at DIR, unmounted at exit; false if
# mounting is not allowed here.
small_disk() {
    mkdir -p "$1" && mount -t tmpfs -o "size=$2" hhsim-full-disk "$1" 2>/dev/null || return 1
    trap "umount '$1' 2>/dev/null; rm -rf '$work'" EXIT
}

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

# merge on a full file system. The small study's point files take about 175 kB each and study.h5
# about 540 kB: 256k fills up while the points are copied, 800k while study.h5 is written.
for i in 0 1 2; do "$hhsim" study small.toml --out sh --quiet --no-plots --shard "$i/3" || fail "shard $i/3"; done
merge_on_full_disk() {  # SIZE WHAT: merge into a tmpfs of SIZE, which fills up while writing WHAT
    local disk="$work/disk-$1"
    if ! small_disk "$disk" "$1"; then
        skip "merge on a full file system of $1 (cannot mount a tmpfs here: needs root)"
        return
    fi
    "$hhsim" merge sh.shard-0-of-3 sh.shard-1-of-3 sh.shard-2-of-3 --out "$disk/M" --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
    [ "$rc" = 4 ] && grep -q "No space left on device" "$work/err.txt" && grep -q "$2" "$work/err.txt" &&
        pass "merge on a full file system ($2): exit 4, the file and 'No space left on device' named" ||
        fail "merge on a full file system ($2): rc $rc $(cat "$work/err.txt")"
    [ -z "$(ls -A "$disk")" ] && pass "merge on a full file system ($2): no folder, staging folder or point file left" ||
        fail "merge on a full file system ($2) left: $(cd "$disk" && find . | tr '\n' ' '; cat "$disk/M/STATUS" 2>/dev/null)"
    umount "$disk"
}
merge_on_full_disk 256k "points/p000[0-9].h5"
merge_on_full_disk 800k "study.h5"
finish
