#!/usr/bin/env bash
# Issue 11 items 1-3: `mpirun -np N hhsim study|compare` gives the numbers of one process, bitwise,
# for N = 1 to 4; a failing rank ends the job at once with exit 3 naming the rank and the point;
# resume after a Ctrl-C under MPI (with another N) equals an uninterrupted run; errors are said once.
# usage: mpi.sh PATH/TO/hhsim PYTHON SOURCE_DIR MPIRUN
source "$(dirname "$0")/../regression/lib.sh"
src=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
mpirun=${4:-mpirun}
# As root (CI), OpenMPI wants to be told; --oversubscribe: more ranks than the 2 cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { local np=$1; shift; timeout 120 "$mpirun" --oversubscribe -np "$np" "$hhsim" "$@"; }
same_h5() { "$py" "$src/tests/tools/same_h5.py" "$@" --except command_line --except output.folder --except run.threads; }
cd "$work"
small_config small.toml
printf '[record]\ntrace_trials = [0, 4]\nevent_trials = [3]\nnoise_trials = [1, 5]\n' >>small.toml
"$hhsim" compare small.toml --out one --quiet --no-plots || fail "single compare"
"$hhsim" study small.toml --out one-study --quiet --no-plots || fail "single study"

# 3 grid points over 1 to 4 ranks: whole points (1, 3), points cut in trial ranges (2, 4).
for np in 1 2 3 4; do
    mpi "$np" compare small.toml --out "c$np" --quiet --no-plots --threads 1 >"out$np.txt" 2>&1 || fail "compare -np $np: $(tail -3 "out$np.txt")"
    same_h5 one/study.h5 "c$np/study.h5" >"diff$np.txt" && diff -r one/tables "c$np/tables" >/dev/null &&
        pass "compare -np $np = one process (every dataset of study.h5, tables)" || fail "compare -np $np differs: $(head -5 "diff$np.txt")"
    for p in one/points/*.h5; do same_h5 "$p" "c$np/points/$(basename "$p")" >/dev/null || fail "compare -np $np: $(basename "$p") differs"; done
done
for np in 2 3; do
    mpi "$np" study small.toml --out "s$np" --quiet --no-plots >/dev/null 2>&1 && same_h5 one-study/study.h5 "s$np/study.h5" >/dev/null &&
        pass "study -np $np = one process" || fail "study -np $np: $(same_h5 one-study/study.h5 "s$np/study.h5" | head -3)"
done
# Standard output: the summary line once.
mpi 3 study small.toml --out s3b --no-plots >out.txt 2>err.txt
[ "$(grep -c "grid point(s)" out.txt)" = 1 ] && pass "summary printed once (rank 0)" || fail "summary lines: $(cat out.txt)"

# A blow-up at grid point 2 of 4, which rank 1 of 2 computes: exit 3 within seconds, rank and point named.
sed 's/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"run.dt_ms" = [0.02, 0.2, 0.02, 0.02]/' small.toml >blow.toml
sed -i 's/^trials = 6$/trials = 400/; s/^t_end_ms = 200.0$/t_end_ms = 2000.0/' blow.toml
start=$(date +%s)
mpi 2 study blow.toml --out B --quiet --no-plots --threads 1 >/dev/null 2>err.txt; rc=$?
took=$(($(date +%s) - start))
[ "$rc" = 3 ] && grep -q "rank 1 of 2" err.txt && grep -q "grid point 2/4" err.txt && [ "$took" -le 10 ] &&
    pass "failing rank: exit 3 in ${took} s, rank and point named" || fail "failing rank: rc $rc in ${took} s: $(head -3 err.txt)"
grep -q "^failed: rank 1 of 2" B/STATUS && pass "STATUS names the failure" || fail "STATUS after the failure: $(cat B/STATUS)"

# Ctrl-C (SIGINT to mpirun) during a study of 4 points, then resume with another rank count.
slow_config slow.toml
sed -i 's/^trials = 2000$/trials = 1000/; s/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"input.population.*.rate_hz" = [6.0, 10.0, 14.0, 18.0]/' slow.toml
"$hhsim" study slow.toml --out slow-one --quiet --no-plots || fail "slow single"
"$mpirun" --oversubscribe -np 2 "$hhsim" study slow.toml --out slow --no-plots --threads 1 >/dev/null 2>int.txt &
pid=$!
wait_for slow/points/p0000.h5 60 && kill -INT $pid
wait $pid; rc=$?
[ "$rc" != 0 ] && grep -q "^incomplete" slow/STATUS && pass "Ctrl-C under mpirun: stopped (exit $rc), STATUS incomplete" ||
    fail "Ctrl-C: rc $rc, STATUS $(cat slow/STATUS 2>&1)"
mpi 3 study slow.toml --out slow --quiet --no-plots --threads 1 --resume && same_h5 slow-one/study.h5 slow/study.h5 >/dev/null &&
    pass "resumed with -np 3 = uninterrupted run" || fail "resume under MPI: $(same_h5 slow-one/study.h5 slow/study.h5 | head -3)"
# SIGTERM to one rank alone (e.g. a batch system's) stops every rank; rank 0 keeps what is finished.
"$mpirun" --oversubscribe -np 2 "$hhsim" study slow.toml --out slow2 --no-plots --threads 1 >/dev/null 2>term.txt &
pid=$!
wait_for slow2/points/p0000.h5 60
rank1=$(pgrep -f "^$hhsim study slow.toml --out slow2" | tail -1)
kill -TERM "$rank1"
wait $pid; rc=$?
[ "$rc" = 143 ] && grep -q "^incomplete" slow2/STATUS && grep -q "signal 15: every rank stops" term.txt &&
    pass "SIGTERM to one rank: every rank stops, exit 143" || fail "SIGTERM to one rank: rc $rc, STATUS $(cat slow2/STATUS 2>&1), $(tail -3 term.txt)"
mpi 2 study slow.toml --out slow2 --quiet --no-plots --threads 1 --resume && same_h5 slow-one/study.h5 slow2/study.h5 >/dev/null &&
    pass "resumed with -np 2 = uninterrupted run" || fail "resume after SIGTERM"

# Errors are said once (by rank 0), with the usual exit status; the folder rules hold.
mpi 2 study small.toml --out one --quiet >out.txt 2>err.txt; rc=$?
[ "$rc" = 2 ] && [ "$(grep -c "hhsim: error" err.txt)" = 1 ] && grep -q "exists; continue it with --resume" err.txt &&
    pass "existing folder: one error, exit 2" || fail "existing folder under MPI: rc $rc: $(cat err.txt)"
sed 's/^dt_ms = 0.02$/dt_ms = -1/' small.toml >bad.toml
mpi 2 study bad.toml --out bad --quiet >out.txt 2>err.txt; rc=$?
[ "$rc" = 2 ] && [ "$(grep -c "hhsim: error" err.txt)" = 1 ] && grep -q "dt_ms" err.txt && [ ! -e bad ] &&
    pass "bad configuration: one error naming dt_ms, nothing written" || fail "bad config under MPI: rc $rc: $(cat err.txt)"
mpi 2 run --t_end_ms 10 --out r >out.txt 2>err.txt; rc=$?
[ "$rc" = 2 ] && grep -q "only \`hhsim study\` and \`hhsim compare\`" err.txt && [ ! -e r ] &&
    pass "hhsim run under mpirun -np 2 refused" || fail "run under MPI: rc $rc: $(cat err.txt)"
mpi 2 study small.toml --out sh --shard 0/2 >out.txt 2>err.txt; rc=$?
[ "$rc" = 2 ] && grep -q "drop --shard" err.txt && pass "--shard under mpirun refused" || fail "--shard under MPI: rc $rc: $(cat err.txt)"
finish
