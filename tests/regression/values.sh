#!/usr/bin/env bash
# Issue 7 items 4, 5, 6: empty values, integers out of range, thread counts.
source "$(dirname "$0")/lib.sh"
small_config "$work/small.toml"
cd "$work"

# 4. Every empty value is rejected, naming the flag.
for flag in --rate_hz --i_app_uA_per_cm2 --seed --threads --trials --dt_ms --t_end_ms --first_trial --ne --ni --release_probability --je_mV --k --v0_mV \
            --spike_threshold_mV --spike_rearm_mV --c_m_uF_per_cm2 --g_na_mS_per_cm2 --g_k_mS_per_cm2 --g_l_mS_per_cm2 --e_na_mV --e_k_mV --e_l_mV --integrator --jumps --kind --trace_every_steps; do
    expect_error 2 "$flag" run "$flag" '' --t_end_ms 5 --out "$work/e"
done
expect_error 2 "--out" run --t_end_ms 5 --out ''
expect_error 2 "--trace_trials" run --t_end_ms 5 --trace_trials '' --out "$work/e"
expect_error 2 "--population" run --t_end_ms 5 --population '' --out "$work/e"
expect_error 2 "--threads" study "$work/small.toml" --threads '' --out "$work/e" --quiet --no-plots
expect_error 2 "--trials" study "$work/small.toml" --trials '' --out "$work/e" --quiet --no-plots
expect_error 2 "--seed" study "$work/small.toml" --seed '' --out "$work/e" --quiet --no-plots
expect_error 2 "--out" study "$work/small.toml" --out '' --quiet --no-plots
[ ! -e "$work/e" ] && pass "no output after empty values" || fail "an output folder was written"

# 5. Integers: exactly the values the type holds, as written.
expect_error 2 "--seed = -1" run --seed -1 --t_end_ms 5 --out "$work/e"
expect_error 2 "--seed = 1e23" run --seed 1e23 --t_end_ms 5 --out "$work/e"
expect_error 2 "--seed = 18446744073709551616" run --seed 18446744073709551616 --t_end_ms 5 --out "$work/e"
expect_error 2 "[0, 9223372036854775807]" run --seed 9223372036854775808 --t_end_ms 5 --out "$work/e"
expect_error 2 "--first_trial = -1" run --first_trial -1 --t_end_ms 5 --out "$work/e"
expect_error 2 "--trials = 2.5" run --trials 2.5 --t_end_ms 5 --out "$work/e"
expect_error 2 "--trials = 1e3" run --trials 1e3 --t_end_ms 5 --out "$work/e"
expect_error 2 "--ne = 4.5" run --ne 4.5 --t_end_ms 5 --out "$work/e"
expect_error 2 "first_trial" run --first_trial 9223372036854775807 --trials 2 --t_end_ms 5 --out "$work/e"
"$hhsim" run --seed 9223372036854775807 --t_end_ms 5 --out "$work/bigseed" >/dev/null 2>&1 && [ "$(toml_get "$work/bigseed/parameters.toml" run.seed)" = 9223372036854775807 ] &&
    pass "the largest seed is accepted as written" || fail "seed 2^63-1"
sed 's/^seed = 5$/seed = 99999999999999999999/' "$work/small.toml" >"$work/bigseed.toml"
expect_error 2 "run.seed" study "$work/bigseed.toml" --out "$work/e" --quiet --no-plots
sed 's/^seed = 5$/seed = -1/' "$work/small.toml" >"$work/negseed.toml"
expect_error 2 "run.seed" study "$work/negseed.toml" --out "$work/e" --quiet --no-plots
sed 's/^trials = 6$/trials = 99999999999999999999/' "$work/small.toml" >"$work/bigtrials.toml"
expect_error 2 "run.trials" study "$work/bigtrials.toml" --out "$work/e" --quiet --no-plots
expect_error 2 "--seed = -3" study "$work/small.toml" --seed -3 --out "$work/e" --quiet --no-plots
expect_error 2 "--trials = -3" study "$work/small.toml" --trials -3 --out "$work/e" --quiet --no-plots

# 6. Thread counts are bounded (4 x the hardware threads) and never ignored.
expect_error 2 "--threads = 100000" run --threads 100000 --t_end_ms 5 --out "$work/e"
expect_error 2 "--threads = 2000" run --threads 2000 --t_end_ms 5 --out "$work/e"
expect_error 2 "--threads = -5" study "$work/small.toml" --threads -5 --out "$work/e" --quiet --no-plots
expect_error 2 "--threads = 100000" study "$work/small.toml" --threads 100000 --out "$work/e" --quiet --no-plots
sed 's/^seed = 5$/seed = 5\nthreads = 100000/' "$work/small.toml" >"$work/threads.toml"
expect_error 2 "run.threads" study "$work/threads.toml" --out "$work/e" --quiet --no-plots
OMP_NUM_THREADS=100000 expect_error 2 "OMP_NUM_THREADS" run --t_end_ms 5 --out "$work/e"
OMP_NUM_THREADS=abc expect_error 2 "OMP_NUM_THREADS" run --t_end_ms 5 --out "$work/e"
"$hhsim" run --threads "$(nproc)" --t_end_ms 5 --out "$work/ok_threads" >/dev/null 2>&1 && pass "threads = nproc accepted" || fail "threads = nproc"
[ ! -e "$work/e" ] && pass "no output after invalid values" || fail "an output folder was written"
finish
