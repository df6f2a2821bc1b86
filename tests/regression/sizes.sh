#!/usr/bin/env bash
# Issue 7 items 7, 8: impossible sizes are refused before any work, with the estimate and the limit;
# huge grids are refused quickly unless asked for.
source "$(dirname "$0")/lib.sh"
small_config "$work/small.toml"
cd "$work"

timed_error() {  # timed_error SECONDS CODE FRAGMENT ARGS...
    local limit=$1
    shift
    local start=$SECONDS
    expect_error "$@"
    [ $((SECONDS - start)) -le "$limit" ] && pass "refused within $limit s" || fail "took $((SECONDS - start)) s: $*"
}
timed_error 5 2 "memory" run --trials 1000000000 --t_end_ms 5 --out "$work/e"
timed_error 5 2 "trace samples" run --t_end_ms 100000000 --trace_every_steps 1 --out "$work/e"
timed_error 5 2 "--max-memory" run --trials 100000 --t_end_ms 100 --max-memory 1M --out "$work/e"
expect_error 2 "--max-memory" run --t_end_ms 5 --max-memory lots --out "$work/e"
expect_error 2 "--max-memory" run --t_end_ms 5 --max-memory '' --out "$work/e"
"$hhsim" run --t_end_ms 5 --max-memory 2G --out "$work/ok" >/dev/null 2>&1 && pass "a run within --max-memory" || fail "run with --max-memory 2G"
sed 's/^bootstrap_resamples = 50$/bootstrap_resamples = 1e12/' "$work/small.toml" >"$work/boot.toml"
timed_error 5 2 "bootstrap" study "$work/boot.toml" --out "$work/e" --quiet --no-plots
sed 's/^fano_windows_ms = \[10.0, 50.0\]$/fano_windows_ms = [1e-7]/' "$work/small.toml" >"$work/fano.toml"
timed_error 5 2 "Fano" study "$work/fano.toml" --out "$work/e" --quiet --no-plots
timed_error 5 2 "memory" study "$work/small.toml" --trials 1000000000 --out "$work/e" --quiet --no-plots
# Issue 15 item 13: under ulimit -v (RLIMIT_AS) allocations fail however much memory is free, so
# 10^8 trials (about 9 GB) are refused before any work with an address space of 3 GB, naming it.
ulimit_error() {  # ulimit_error ARGS...: under ulimit -v 3000000 KiB, status 2 naming RLIMIT_AS within 5 s
    local start=$SECONDS
    ( ulimit -v 3000000 && exec "$hhsim" "$@" ) >"$work/out.txt" 2>"$work/err.txt"
    local rc=$?
    if [ "$rc" = 2 ] && grep -qF "RLIMIT_AS" "$work/err.txt" && [ $((SECONDS - start)) -le 5 ]; then pass "ulimit -v: $* -> 2"; else
        fail "ulimit -v: $* -> rc $rc after $((SECONDS - start)) s (want 2 naming RLIMIT_AS), stderr: $(head -c 600 "$work/err.txt")"; fi
}
ulimit_error run --trials 100000000 --t_end_ms 5 --out "$work/e"
ulimit_error study "$work/small.toml" --trials 100000000 --out "$work/e" --quiet --no-plots
# 8. A grid of a million points is refused at once; a bigger limit must be asked for.
sed 's/^"input.population.\*.rate_hz" = \[6.0, 10.0, 14.0\]$/"input.population.*.rate_hz" = { start = 1.0, stop = 20.0, num = 1000 }\n"model.i_app_uA_per_cm2" = { start = 0.0, stop = 5.0, num = 1000 }/' \
    "$work/small.toml" >"$work/grid.toml"
timed_error 5 2 "grid points" study "$work/grid.toml" --out "$work/e" --quiet --no-plots
[ ! -e "$work/e" ] && pass "nothing written after refusals" || fail "an output folder was written"
finish
