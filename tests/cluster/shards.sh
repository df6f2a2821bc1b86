#!/usr/bin/env bash
# Issue 11 item 4: job-array shards (--shard I/N) merged with `hhsim merge` give the study one
# process computes, bitwise (every dataset of study.h5, every table); a missing, unfinished,
# repeated or foreign shard is refused by name; an interrupted shard resumes.
# usage: shards.sh PATH/TO/hhsim PYTHON SOURCE_DIR
source "$(dirname "$0")/../regression/lib.sh"
src=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
same_h5() { "$py" "$src/tests/tools/same_h5.py" "$@" --except command_line --except output.folder; }
cd "$work"
small_config small.toml
# Traces, events and noise of chosen trials travel with the shards too.
printf '[record]\ntrace_trials = [0, 4]\nevent_trials = [3]\nnoise_trials = [1, 5]\n' >>small.toml
"$hhsim" compare small.toml --out one --quiet --no-plots || fail "single compare"
"$hhsim" study small.toml --out one-study --quiet --no-plots || fail "single study"

# 3 grid points on 2 shards (every point cut in two trial ranges), 3 (whole points), 4 (in four).
for n in 2 3 4; do
    for ((i = 0; i < n; i++)); do "$hhsim" compare small.toml --out "arr$n" --quiet --no-plots --shard "$i/$n" || fail "shard $i/$n"; done
    shards=()
    for ((i = 0; i < n; i++)); do shards+=("arr$n.shard-$i-of-$n"); done
    "$hhsim" merge "${shards[@]}" --quiet --no-plots || fail "merge of $n shards"
    same_h5 one/study.h5 "arr$n/study.h5" >"diff$n.txt" && diff -r one/tables "arr$n/tables" >/dev/null &&
        pass "compare: $n shards merged = one process (study.h5 bitwise, tables)" || fail "$n shards differ: $(head -5 "diff$n.txt")"
done
for ((i = 0; i < 2; i++)); do "$hhsim" study small.toml --out "st" --quiet --no-plots --shard "$i/2" || fail "study shard $i/2"; done
"$hhsim" merge st.shard-0-of-2 st.shard-1-of-2 --quiet --no-plots --out "st merged" &&
    same_h5 one-study/study.h5 "st merged/study.h5" >/dev/null && pass "study: 2 shards merged = one process (--out with a space)" ||
    fail "study shards: $(same_h5 one-study/study.h5 "st merged/study.h5" | head -3)"
[ "$(cat "st merged/STATUS")" = complete ] && pass "merged STATUS complete" || fail "merged STATUS: $(cat "st merged/STATUS")"

# Refusals, each naming what is wrong.
expect_error 2 "shard 1 of 2 is missing" merge st.shard-0-of-2 --out m1 --quiet
expect_error 2 "st.shard-1-of-2" merge st.shard-0-of-2 --out m1 --quiet
expect_error 2 "is given twice" merge st.shard-0-of-2 st.shard-0-of-2 --out m1 --quiet
expect_error 2 "another study" merge st.shard-0-of-2 arr2.shard-1-of-2 --out m1 --quiet
expect_error 2 "not a shard" merge one --out m1 --quiet
expect_error 2 "not a folder hhsim wrote" merge . --out m1 --quiet
expect_error 2 "needs the shard folders" merge --quiet
expect_error 2 "--shard I" study small.toml --shard 2/2 --out m1
expect_error 2 "--shard N" study small.toml --shard 0/0 --out m1
# A study folder the merge could never write ('.', an ancestor) is refused before any shard runs.
expect_error 2 "is the working directory; hhsim never replaces it" study small.toml --shard 0/2 --out . --quiet
expect_error 2 "is an ancestor of the working directory" study small.toml --shard 0/2 --out .. --quiet
ls -a | grep -q 'shard-0-of-2$' && [ -z "$(ls -a | grep '^\.\.*shard')" ] && pass "no shard folder named after '.' or '..'" ||
    fail "a shard folder named after '.' or '..': $(ls -a | grep shard)"
expect_error 2 "must be I/N" study small.toml --shard 1 --out m1
expect_error 2 "--shard I" study small.toml --shard x/2 --out m1
[ ! -e m1 ] && [ -z "$(ls -d m1* 2>/dev/null)" ] && pass "no output after refusals" || fail "output left: $(ls -d m1*)"
# A lost unit file is named with its shard, point and trials.
cp -r arr2.shard-1-of-2 lost && rm lost/points/p0001.trials-3-5.h5
expect_error 2 "lacks p0001.trials-3-5.h5 (grid point 2, trials 3 to 5)" merge arr2.shard-0-of-2 lost --out m2 --quiet
# A shard still running or interrupted is not merged.
cp -r arr2.shard-1-of-2 unfinished && printf 'incomplete: 1 of 3 work units of shard 1 of 2 finished\n' >unfinished/STATUS
expect_error 2 "is not finished (STATUS: incomplete" merge arr2.shard-0-of-2 unfinished --out m3 --quiet

# An interrupted shard keeps its finished units and resumes to the same numbers.
slow_config slow.toml
sed -i 's/^trials = 2000$/trials = 300/' slow.toml
"$hhsim" study slow.toml --out slow-one --quiet --no-plots || fail "slow single"
"$hhsim" study slow.toml --out slow --no-plots --shard 0/2 >/dev/null 2>int.txt &
pid=$!
wait_for slow.shard-0-of-2/points/p0000.trials-0-149.h5 60 && kill -INT $pid
wait $pid; rc=$?
grep -q "^incomplete" slow.shard-0-of-2/STATUS && [ "$rc" = 130 ] && pass "interrupted shard: exit 130, STATUS incomplete" ||
    fail "interrupted shard: rc $rc, STATUS $(cat slow.shard-0-of-2/STATUS)"
expect_error 2 "is not finished" merge slow.shard-0-of-2 slow.shard-1-of-2 --out m4 --quiet
"$hhsim" study slow.toml --out slow --quiet --no-plots --shard 0/2 --resume && "$hhsim" study slow.toml --out slow --quiet --no-plots --shard 1/2 &&
    "$hhsim" merge slow.shard-0-of-2 slow.shard-1-of-2 --quiet --no-plots && same_h5 slow-one/study.h5 slow/study.h5 >/dev/null &&
    pass "interrupted shard resumed and merged = one process" || fail "resumed shard: $(same_h5 slow-one/study.h5 slow/study.h5 | head -3)"
# A shard folder resumes only with the study's own settings.
expect_error 2 "computed with trials = 300, not trials = 301" study slow.toml --out slow --quiet --no-plots --shard 0/2 --resume --trials 301

# The merge itself resumes and refuses to overwrite.
expect_error 2 "exists; continue it with --resume" merge st.shard-0-of-2 st.shard-1-of-2 --out "st merged" --quiet
"$hhsim" merge st.shard-0-of-2 st.shard-1-of-2 --out "st merged" --overwrite --quiet --no-plots && same_h5 one-study/study.h5 "st merged/study.h5" >/dev/null &&
    pass "merge --overwrite" || fail "merge --overwrite"

# A build without MPI started by a launcher refuses (each process would compute everything);
# only its rank 0 says so.
if "$hhsim" --version | grep -q "^MPI: *off"; then
    OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=0 expect_error 2 "built without MPI" study small.toml --out m5 --quiet
    OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=1 "$hhsim" study small.toml --out m5 --quiet 2>err1.txt; rc=$?
    [ "$rc" = 2 ] && [ ! -s err1.txt ] && pass "rank 1 of a non-MPI build: exit 2, silent" || fail "rank 1: rc $rc $(cat err1.txt)"
    OMPI_COMM_WORLD_SIZE=1 OMPI_COMM_WORLD_RANK=0 "$hhsim" study small.toml --out m6 --quiet --no-plots && pass "mpirun -np 1 of a non-MPI build runs" || fail "-np 1"
fi
finish
