#!/usr/bin/env bash
# Issue 15 item 1: hhsim never writes through a symbolic link planted where it makes a file: the
# folder lock, the marker, STATUS and every temporary (text files, HDF5 files, figures.log). Each
# check plants a link to a victim file and verifies the victim is unchanged.
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
victim() { printf 'precious\n' >"$work/victim"; }
victim_intact() { [ "$(cat "$work/victim")" = precious ]; }

# The lock beside the folder: refused with a clear message, the victim untouched.
victim
ln -s "$work/victim" .out.hhsim-lock
expect_error 2 "is a symbolic link" run --t_end_ms 5 --out out
victim_intact && pass "run: a lock file that is a link is not written through" || fail "run: the lock link's target was overwritten: $(cat "$work/victim")"
expect_error 2 "is a symbolic link" study small.toml --out out --quiet --no-plots
victim_intact && pass "study: the lock link is not written through" || fail "study: the lock link's target was overwritten"
rm .out.hhsim-lock

# A study resumed in place writes its files into the existing folder: links planted at the
# temporaries' names are removed, never followed.
"$hhsim" study small.toml --out S --quiet --no-plots >/dev/null 2>&1 || fail "study S did not run"
rm -f S/points/p0001.h5
victim
for name in STATUS.incomplete report.md.incomplete study.h5.incomplete parameters.toml.incomplete points/p0001.h5.incomplete figures.log; do
    ln -sf "$work/victim" "S/$name"
done
"$hhsim" study small.toml --out S --resume --quiet >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "^complete" S/STATUS && pass "resume with planted links completes" || fail "resume with links: rc $rc $(cat "$work/err.txt")"
victim_intact && pass "resume: no temporary is written through a link" || fail "resume wrote through a link: $(head -c 80 "$work/victim" | od -c | head -2)"
[ -z "$(find S -type l)" ] && pass "the planted links are gone" || fail "links left: $(find S -type l)"

# A marker that is a link makes no folder hhsim's: --overwrite refuses it.
mkdir -p mine && echo data >mine/keep.txt
ln -s "$work/S/.hhsim-output" mine/.hhsim-output
expect_error 2 "not made by hhsim" study small.toml --out mine --overwrite --quiet --no-plots
[ -s mine/keep.txt ] && pass "a folder with a linked marker is not replaced" || fail "a folder with a linked marker was replaced"

# The CSVs of a run (written into the staging folder, never through links) and their content.
"$hhsim" run --t_end_ms 20 --out R >/dev/null 2>&1 && [ -s R/spikes.csv ] && [ -s R/traces.csv ] && pass "run writes its CSVs" || fail "run CSVs missing"
finish
