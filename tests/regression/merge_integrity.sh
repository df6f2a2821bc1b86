#!/usr/bin/env bash
# Issue 15 items 5, 12, 16: point and trial ("unit") files carry their grid point's identity (index
# and the digest of its own parameter values), checked by `hhsim merge` and by --resume; a merge
# that cannot finish leaves no output folder (staged like a study) and never changes an existing
# one; a run's parameters.toml is a one-point study.
# usage: merge_integrity.sh PATH/TO/hhsim [PYTHON]
source "$(dirname "$0")/lib.sh"
cd "$work"
small_config small.toml
# no_output NAME: neither the folder nor a staging folder of it exists.
no_output() { [ ! -e "$1" ] && [ -z "$(ls -A | grep -F ".$1.hhsim-staging")" ]; }
# error_names FRAGMENT...: every fragment (fixed string) is in the last command's stderr.
error_names() {
    local f
    for f in "$@"; do grep -qF -- "$f" "$work/err.txt" || return 1; done
}

# Shards: on 3 shards every grid point is whole (points/pNNNN.h5); on 2 each is cut in two trial
# ranges (points/pNNNN.trials-A-B.h5).
for n in 2 3; do
    for ((i = 0; i < n; i++)); do "$hhsim" study small.toml --out "s$n" --quiet --no-plots --shard "$i/$n" || fail "shard $i/$n"; done
done

# --- 5. A file copied over another grid point's file is refused, naming both points -------------
cp -r s3.shard-0-of-3 swapped && cp s3.shard-1-of-3/points/p0001.h5 swapped/points/p0000.h5
"$hhsim" merge swapped s3.shard-1-of-3 s3.shard-2-of-3 --out m5 --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "swapped/points/p0000.h5" "holds grid point 2/3" "grid point 1/3" && no_output m5 &&
    pass "merge: a point file copied over another point's is refused (file, claimed and expected point)" ||
    fail "merge of a swapped point file: rc $rc $(cat err.txt) $(ls)"
cp -r s2.shard-0-of-2 swapped2 && cp s2.shard-0-of-2/points/p0001.trials-0-2.h5 swapped2/points/p0000.trials-0-2.h5
"$hhsim" merge swapped2 s2.shard-1-of-2 --out m5b --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "swapped2/points/p0000.trials-0-2.h5" "holds grid point 2/3" "grid point 1/3" && no_output m5b &&
    pass "merge: a trial file copied over another point's is refused" || fail "merge of a swapped trial file: rc $rc $(cat err.txt)"
# The same trial range of the same point, other trials: p0000.trials-3-5 copied over p0000.trials-0-2.
cp -r s2.shard-0-of-2 shifted && cp s2.shard-1-of-2/points/p0000.trials-3-5.h5 shifted/points/p0000.trials-0-2.h5
"$hhsim" merge shifted s2.shard-1-of-2 --out m5c --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "shifted/points/p0000.trials-0-2.h5" "trials 3 to 5" "trials 0 to 2" && no_output m5c &&
    pass "merge: a trial file of other trials is refused" || fail "merge of a shifted trial file: rc $rc $(cat err.txt)"
# --resume of a study and of a shard.
"$hhsim" study small.toml --out A --quiet --no-plots || fail "study A"
cp A/points/p0002.h5 A/points/p0000.h5
"$hhsim" study small.toml --out A --resume --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "A/points/p0000.h5" "holds grid point 3/3" "grid point 1/3" &&
    pass "--resume: a point file copied over another point's is refused" || fail "resume of a swapped point file: rc $rc $(cat err.txt)"
cp -r s2.shard-0-of-2 resumed && cp resumed/points/p0002.trials-0-2.h5 resumed/points/p0001.trials-0-2.h5 && mv resumed s4.shard-0-of-2
"$hhsim" study small.toml --out s4 --shard 0/2 --resume --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "p0001.trials-0-2.h5" "holds grid point 3/3" "grid point 2/3" &&
    pass "shard --resume: a trial file copied over another point's is refused" || fail "shard resume of a swapped trial file: rc $rc $(cat err.txt)"

# --- 12. A merge that cannot finish leaves nothing; an existing merge stays as it was -----------
cp -r s2.shard-1-of-2 lost && rm lost/points/p0001.trials-3-5.h5
"$hhsim" merge s2.shard-0-of-2 lost --out m12 --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "p0001.trials-3-5.h5" && no_output m12 && pass "merge with a missing trial file: exit 2, no output folder" ||
    fail "missing trial file: rc $rc $(cat err.txt) $(ls -A)"
cp -r s2.shard-1-of-2 corrupt && head -c 2000 s2.shard-1-of-2/points/p0002.trials-3-5.h5 >corrupt/points/p0002.trials-3-5.h5
"$hhsim" merge s2.shard-0-of-2 corrupt --out m12 --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "corrupt/points/p0002.trials-3-5.h5" "corrupt" && no_output m12 &&
    pass "merge with a corrupt trial file: exit 2, named, no output folder" || fail "corrupt trial file: rc $rc $(cat err.txt) $(ls -A)"
cp -r s3.shard-2-of-3 corrupt3 && head -c 2000 s3.shard-2-of-3/points/p0002.h5 >corrupt3/points/p0002.h5
"$hhsim" merge s3.shard-0-of-3 s3.shard-1-of-3 corrupt3 --out m12 --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && error_names "corrupt3/points/p0002.h5" && no_output m12 && pass "merge with a corrupt point file: exit 2, no output folder" ||
    fail "corrupt point file: rc $rc $(cat err.txt) $(ls -A)"
"$hhsim" merge s2.shard-0-of-2 s2.shard-1-of-2 --out M --quiet --no-plots && grep -qx complete M/STATUS || fail "merge M"
before=$(tree_digest M)
"$hhsim" merge s2.shard-0-of-2 corrupt --out M --overwrite --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 2 ] && [ "$(tree_digest M)" = "$before" ] && [ -z "$(ls -A | grep -F .M.hhsim-staging)" ] &&
    pass "merge --overwrite from a corrupt shard: the existing merge is unchanged" || fail "overwrite from a corrupt shard: rc $rc $(cat err.txt)"
# --resume of a merged folder keeps its points that pass their checks (linked into the staging
# folder): a shard file damaged since is not read again.
points_before=$(cd M/points && sha256sum -- *)
"$hhsim" merge s2.shard-0-of-2 corrupt --out M --resume --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 0 ] && grep -qx complete M/STATUS && [ "$(cd M/points && sha256sum -- *)" = "$points_before" ] && [ -z "$(ls -A | grep -F .M.hhsim-)" ] &&
    pass "merge --resume keeps the merged points" || fail "merge --resume: rc $rc $(cat err.txt)"

# --- 16. A run's parameters.toml is a one-point study --------------------------------------------
"$hhsim" run --t_end_ms 200 --trials 4 --out R >/dev/null || fail "run R"
"$hhsim" study R/parameters.toml --out RS --quiet --no-plots >/dev/null 2>err.txt; rc=$?
[ "$rc" = 0 ] && grep -qx complete RS/STATUS && [ -e RS/points/p0000.h5 ] && [ ! -e RS/points/p0001.h5 ] &&
    pass "study of a run's parameters.toml: one grid point" || fail "study of a run's parameters.toml: rc $rc $(cat err.txt)"
# Its spikes are the run's: the same trials, seed and parameters.
"$py" - R RS <<'PY' && pass "the one-point study's spikes are the run's" || fail "the one-point study's spikes differ from the run's"
import sys, csv, h5py, numpy as np
run = sorted(float(r["t_ms"]) for r in csv.DictReader(open(sys.argv[1] + "/spikes.csv")))
with h5py.File(sys.argv[2] + "/points/p0000.h5", "r") as f:
    study = sorted(f["shot/spikes/times_ms"][()].tolist())
assert len(run) > 0 and np.allclose(run, study, rtol=0, atol=1e-9), (len(run), len(study))
PY
# The default run (300 ms, one trial): its [analysis] fits it; a study needs 2 or more trials.
"$hhsim" run --out R1 >/dev/null || fail "run R1"
"$hhsim" study R1/parameters.toml --trials 3 --out R1S --quiet --no-plots >/dev/null 2>err.txt && grep -qx complete R1S/STATUS &&
    pass "study of a default run's parameters.toml (--trials 3)" || fail "study of a default run's parameters.toml: $(cat err.txt)"
"$hhsim" run --config R/parameters.toml --out R2 >/dev/null && cmp -s R/spikes.csv R2/spikes.csv &&
    pass "the run's parameters.toml still repeats the run" || fail "run --config R/parameters.toml differs"
finish
