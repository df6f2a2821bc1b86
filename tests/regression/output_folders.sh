#!/usr/bin/env bash
# Issue 7 items 1, 2, 12, 13: --overwrite replaces only folders hhsim made, never ., .., /, $HOME,
# the working directory or its ancestors; study replacement is atomic (the old study survives
# blow-ups, signals and SIGKILL); `run` leaves no staging folder on any exit; one writer per folder.
source "$(dirname "$0")/lib.sh"
small_config "$work/small.toml"

# --- 1. What --overwrite may replace -------------------------------------------------------------
mkdir -p "$work/cwd/keep" && echo precious >"$work/cwd/keep/data.txt" && cp "$work/small.toml" "$work/cwd/"
before=$(tree_digest "$work/cwd")
(cd "$work/cwd" && "$hhsim" study small.toml --out . --overwrite --quiet --no-plots >/dev/null 2>"$work/err.txt"); rc=$?
[ "$rc" = 2 ] && grep -q "working directory" "$work/err.txt" && [ "$(tree_digest "$work/cwd")" = "$before" ] &&
    pass "study --out . --overwrite is refused and deletes nothing" || fail "study --out . --overwrite: rc $rc $(cat "$work/err.txt")"
(cd "$work/cwd/keep" && "$hhsim" study ../small.toml --out .. --overwrite --quiet --no-plots >/dev/null 2>"$work/err.txt"); rc=$?
[ "$rc" = 2 ] && [ "$(tree_digest "$work/cwd")" = "$before" ] && pass "study --out .. --overwrite is refused" || fail "--out ..: rc $rc $(cat "$work/err.txt")"
sed 's/^\[run\]$/[output]\nfolder = "."\n[run]/' "$work/small.toml" >"$work/cwd/dot.toml"
before=$(tree_digest "$work/cwd")
(cd "$work/cwd" && "$hhsim" study dot.toml --overwrite --quiet --no-plots >/dev/null 2>"$work/err.txt"); rc=$?
[ "$rc" = 2 ] && [ "$(tree_digest "$work/cwd")" = "$before" ] && pass "output.folder = \".\" with --overwrite is refused" ||
    fail "output.folder = .: rc $rc $(cat "$work/err.txt")"
(cd "$work/cwd" && "$hhsim" run --t_end_ms 5 --out "$PWD" --overwrite >/dev/null 2>"$work/err.txt"); rc=$?
[ "$rc" = 2 ] && [ "$(tree_digest "$work/cwd")" = "$before" ] && pass "run --out \$PWD --overwrite is refused" || fail "run --out PWD: rc $rc $(cat "$work/err.txt")"
(cd "$work/cwd/keep" && "$hhsim" run --t_end_ms 5 --out "$work/cwd" --overwrite >/dev/null 2>"$work/err.txt"); rc=$?
[ "$rc" = 2 ] && grep -q "ancestor" "$work/err.txt" && [ "$(tree_digest "$work/cwd")" = "$before" ] &&
    pass "an ancestor of the working directory is refused" || fail "ancestor: rc $rc $(cat "$work/err.txt")"
mkdir -p "$work/home/data" && echo mine >"$work/home/data/x.txt"
HOME="$work/home" expect_error 2 "home" run --t_end_ms 5 --out "$work/home" --overwrite
[ -s "$work/home/data/x.txt" ] && pass "\$HOME survives" || fail "\$HOME was touched"
expect_error 2 "not made by hhsim" run --t_end_ms 5 --out "$work/home/data" --overwrite
[ -s "$work/home/data/x.txt" ] && pass "a folder without the hhsim marker survives" || fail "user folder was replaced"
expect_error 2 "'/'" run --t_end_ms 5 --out / --overwrite
# A folder hhsim made is replaced; the marker names its kind.
"$hhsim" run --t_end_ms 5 --out "$work/r1" >/dev/null 2>&1 && grep -q "^kind = run" "$work/r1/.hhsim-output" &&
    "$hhsim" run --t_end_ms 6 --out "$work/r1" --overwrite >/dev/null 2>&1 && [ "$(toml_get "$work/r1/parameters.toml" run.t_end_ms)" = 6.0 ] &&
    pass "run replaces its own folder, marker written" || fail "run --overwrite of an hhsim folder"
# A study folder that holds the configuration file being read is not replaced.
"$hhsim" study "$work/small.toml" --out "$work/s_cfg" --quiet --no-plots >/dev/null 2>&1 && cp "$work/small.toml" "$work/s_cfg/my.toml"
expect_error 2 "configuration file" study "$work/s_cfg/my.toml" --out "$work/s_cfg" --overwrite --quiet --no-plots
# A symbolic link is not replaced.
ln -s "$work/r1" "$work/link"
expect_error 2 "symbolic link" run --t_end_ms 5 --out "$work/link" --overwrite

# --- 2. Atomic replacement of a study --------------------------------------------------------------
"$hhsim" study "$work/small.toml" --out "$work/S" --quiet --no-plots >/dev/null 2>&1
old=$(tree_digest "$work/S")
# A blow-up at the second grid point leaves the old study as it was.
sed 's/^dt_ms = 0.02$/dt_ms = 0.5/; s/^\[run\]$/[model]\ni_app_uA_per_cm2 = 40.0\n[run]/' "$work/small.toml" >"$work/blow.toml"
"$hhsim" study "$work/blow.toml" --out "$work/S" --overwrite --quiet --no-plots >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 3 ] && [ "$(tree_digest "$work/S")" = "$old" ] && pass "blow-up during --overwrite: old study intact" ||
    fail "blow-up during --overwrite: rc $rc, changed=$([ "$(tree_digest "$work/S")" = "$old" ] && echo no || echo yes) $(cat "$work/err.txt")"
slow_config "$work/slow.toml"
for sig in INT TERM HUP KILL; do
    "$hhsim" study "$work/slow.toml" --out "$work/S" --overwrite --quiet --no-plots >/dev/null 2>&1 &
    pid=$!
    wait_for "$work/.S.hhsim-staging-$pid/points/p0000.h5" 60 || fail "SIG$sig: the first point never appeared in the staging folder"
    kill -s "$sig" "$pid"
    wait "$pid"; rc=$?
    [ "$(tree_digest "$work/S")" = "$old" ] && pass "SIG$sig during --overwrite (rc $rc): old study intact" || fail "SIG$sig during --overwrite changed the old study"
done
[ -z "$(ls -A "$work" | grep -v -e '^S$' -e '^s_cfg$' -e '^r1$' -e '^link$' -e '\.toml$' -e '^cwd$' -e '^home$' -e '^out.txt$' -e '^err.txt$' -e 'hhsim-staging' -e 'hhsim-lock' )" ] ||
    fail "unexpected files: $(ls -A "$work")"
# The next run cleans what SIGKILL left and replaces the study.
"$hhsim" study "$work/small.toml" --out "$work/S" --overwrite --quiet --no-plots >/dev/null 2>&1 && grep -q '^complete' "$work/S/STATUS" &&
    [ -z "$(ls -A "$work" | grep -e staging -e '\.old' -e 'hhsim-lock')" ] && pass "--overwrite after SIGKILL: replaced, leftovers removed" ||
    fail "--overwrite after SIGKILL: $(ls -A "$work")"

# --- 12. `run` leaves nothing behind on signals -----------------------------------------------------
for sig in INT TERM HUP; do
    "$hhsim" run --trials 4000 --t_end_ms 2000 --integrator rk4 --out "$work/sig_$sig" >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -s "$sig" "$pid"
    wait "$pid"; rc=$?
    case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
    left=$(ls -A "$work" | grep -c "sig_$sig")
    [ "$rc" = "$want" ] && [ "$left" = 0 ] && pass "run SIG$sig -> $rc, no folder left" || fail "run SIG$sig: rc $rc (want $want), left: $(ls -A "$work" | grep "sig_$sig")"
done

# --- 13. One writer per output folder ---------------------------------------------------------------
"$hhsim" study "$work/slow.toml" --out "$work/L" --quiet --no-plots >/dev/null 2>&1 &
pid=$!
wait_for "$work/L/STATUS" 10
expect_error 2 "in use" study "$work/slow.toml" --out "$work/L" --resume --quiet --no-plots
expect_error 2 "in use" study "$work/slow.toml" --out "$work/L" --overwrite --quiet --no-plots
kill -s INT "$pid"; wait "$pid"
"$hhsim" run --trials 4000 --t_end_ms 2000 --out "$work/R" >/dev/null 2>&1 &
pid=$!
sleep 0.5
expect_error 2 "in use" run --t_end_ms 5 --out "$work/R" --overwrite
kill -s INT "$pid"; wait "$pid"
finish
