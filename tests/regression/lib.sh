# Shared helpers of the regression scripts (sourced). Each script: SCRIPT.sh PATH/TO/hhsim [PYTHON].
set -u
hhsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
py=${2:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok: $1"; }
fail() { echo "FAILED: $1"; failures=$((failures + 1)); }
skipped=0
skip() { echo "SKIPPED: $1"; skipped=$((skipped + 1)); }  # a check that could not run here: not a pass
finish() {
    if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
    if [ "$skipped" -gt 0 ]; then echo "all checks that ran passed; $skipped skipped (see SKIPPED above)"; else echo "all checks passed"; fi
}

# expect_error CODE FRAGMENT ARGS...: exit status CODE and FRAGMENT (fixed string) in stderr.
expect_error() {
    local code=$1 fragment=$2
    shift 2
    "$hhsim" "$@" >"$work/out.txt" 2>"$work/err.txt"
    local rc=$?
    if [ "$rc" = "$code" ] && grep -qF -- "$fragment" "$work/err.txt"; then pass "$* -> $code"; else
        fail "$* -> rc $rc (want $code with '$fragment'), stderr: $(head -c 600 "$work/err.txt")"; fi
}

# toml_get FILE SECTION.KEY: the value of a key of a TOML file (Python's tomllib), as Python prints it.
toml_get() { /usr/bin/python3 -c 'import sys, tomllib; d = tomllib.load(open(sys.argv[1], "rb"))
for part in sys.argv[2].split("."): d = d[part]
print(d)' "$1" "$2" 2>/dev/null; }

# A small, fast study configuration (3 grid points x 6 trials x 200 ms at dt 0.02).
small_config() {
    cat >"$1" <<'TOML'
[input]
kind = "shot"
[[input.population]]
name = "exc"
count = 400
rate_hz = 10.0
release_probability = 0.5
jump_mV = 1.5
[[input.population]]
name = "inh"
count = 100
rate_hz = 10.0
release_probability = 0.5
jump_mV = -3.0
[run]
dt_ms = 0.02
t_end_ms = 200.0
trials = 6
seed = 5
integrator = "euler"
[sweep]
"input.population.*.rate_hz" = [6.0, 10.0, 14.0]
[analysis]
transient_ms = 50.0
fano_windows_ms = [10.0, 50.0]
spectrum_segment_ms = 100.0
bootstrap_resamples = 50
TOML
}

# A study whose grid points take seconds each on 2 cores (for signals and locks).
slow_config() {
    small_config "$1"
    sed -i 's/^trials = 6$/trials = 2000/; s/^t_end_ms = 200.0$/t_end_ms = 4000.0/' "$1"
}

# wait_for PATH SECONDS: wait until PATH exists.
wait_for() {
    local i=0
    while [ ! -e "$1" ] && [ "$i" -lt $(($2 * 20)) ]; do sleep 0.05; i=$((i + 1)); done
    [ -e "$1" ]
}

# tree_digest DIR: a digest of every file's name and content under DIR (hidden files included).
tree_digest() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum); }
