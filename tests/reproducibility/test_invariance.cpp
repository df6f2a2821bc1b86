// Trial k's results are a function of (seed, k) alone: bitwise identical whatever the thread count,
// the ensemble size, or the trial's position in the ensemble.
#include <catch2/catch.hpp>

#include "core/simulation.hpp"

using namespace hhsim;

namespace {
struct trial_result {
    std::vector<double> spikes, v, noise;
    std::vector<input_event> events;
};

trial_result run_trial(scenario sc, std::int64_t trial, std::uint64_t first, std::int64_t n_trials, int threads) {
    sc.run.first_trial = first;
    sc.run.n_trials = n_trials;
    sc.run.n_threads = threads;
    sc.record.trace_trials = {trial};
    sc.record.event_trials = {trial};
    sc.record.noise_trials = {trial};
    const recording rec = simulate(sc);
    return {rec.spike_times_ms[trial - static_cast<std::int64_t>(first)], rec.traces[0].v_mv, rec.noise[0].increment_mv, rec.events[0].events};
}

void require_identical(const trial_result& a, const trial_result& b) {
    REQUIRE(a.spikes.size() == b.spikes.size());
    for (std::size_t i = 0; i < a.spikes.size(); ++i) REQUIRE(a.spikes[i] == b.spikes[i]);  // bitwise
    REQUIRE(a.v.size() == b.v.size());
    for (std::size_t i = 0; i < a.v.size(); ++i) REQUIRE(a.v[i] == b.v[i]);
    REQUIRE(a.events.size() == b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) REQUIRE(a.events[i].t_ms == b.events[i].t_ms);
    REQUIRE(a.noise == b.noise);
}
}  // namespace

TEST_CASE("reproducibility: a trial is bitwise identical alone or in a large ensemble and first or last on 1 or 2 threads", "[reproducibility]") {
    for (const method m : {method::euler, method::rk4, method::expeuler, method::euler_maruyama, method::sra}) {
        for (const input_kind kind : {input_kind::shot, input_kind::per_source, input_kind::diffusion}) {
            if ((kind == input_kind::diffusion) != (m == method::euler_maruyama || m == method::sra)) continue;
            scenario sc = default_scenario();
            sc.input.kind = kind;
            sc.input.populations[0].jump_mv = 3.0;  // enough drive to spike within 60 ms
            sc.run.integrator = m;
            sc.run.t_end_ms = 60.0;
            sc.run.seed = 77;
            sc.record.trace_every_steps = 7;
            INFO(to_string(m) << " with " << to_string(kind));
            const trial_result alone = run_trial(sc, 999, 999, 1, 1);
            REQUIRE_FALSE(alone.spikes.empty());
            require_identical(alone, run_trial(sc, 999, 0, 1000, 2));    // last of 1000, 2 threads
            require_identical(alone, run_trial(sc, 999, 0, 1000, 1));    // last of 1000, 1 thread
            require_identical(alone, run_trial(sc, 999, 999, 37, 2));    // first of 37
            require_identical(alone, run_trial(sc, 999, 990, 13, 2));    // in the middle of 13
        }
    }
}

TEST_CASE("reproducibility: event-exact jumps are also independent of the ensemble", "[reproducibility]") {
    scenario sc = default_scenario();
    sc.input.populations[0].jump_mv = 3.0;
    sc.run.jumps = jump_timing::event_exact;
    sc.run.t_end_ms = 60.0;
    const trial_result alone = run_trial(sc, 5, 5, 1, 1);
    REQUIRE_FALSE(alone.spikes.empty());
    require_identical(alone, run_trial(sc, 5, 0, 300, 2));
}

TEST_CASE("reproducibility: different seeds and trials give different inputs", "[reproducibility]") {
    scenario sc = default_scenario();
    sc.run.t_end_ms = 50.0;
    const trial_result a = run_trial(sc, 0, 0, 2, 1);
    const trial_result b = run_trial(sc, 1, 0, 2, 1);
    sc.run.seed = 2;
    const trial_result c = run_trial(sc, 0, 0, 2, 1);
    REQUIRE(!a.events.empty());
    CHECK(a.events[0].t_ms != b.events[0].t_ms);
    CHECK(a.events[0].t_ms != c.events[0].t_ms);
}

TEST_CASE("reproducibility: event-exact jumps of every scheme, expeuler with diffusion and a start at rest are independent of the ensemble", "[reproducibility]") {
    for (const method m : {method::euler, method::expeuler, method::sra}) {
        scenario sc = default_scenario();
        sc.input.populations[0].jump_mv = 3.0;
        sc.run.integrator = m;
        sc.run.jumps = jump_timing::event_exact;
        sc.run.t_end_ms = 60.0;
        sc.start.kind = start_kind::rest;
        INFO(to_string(m) << " event-exact from rest");
        const trial_result alone = run_trial(sc, 5, 5, 1, 1);
        REQUIRE_FALSE(alone.spikes.empty());
        require_identical(alone, run_trial(sc, 5, 0, 300, 2));
        require_identical(alone, run_trial(sc, 5, 3, 9, 1));
    }
    scenario sc = default_scenario();
    sc.input.kind = input_kind::diffusion;
    sc.input.populations[0].jump_mv = 3.0;
    sc.run.integrator = method::expeuler;
    sc.run.t_end_ms = 60.0;
    sc.start.m0 = 0.05;
    sc.start.h0 = 0.6;
    sc.start.n0 = 0.32;
    const trial_result alone = run_trial(sc, 17, 17, 1, 1);
    REQUIRE_FALSE(alone.spikes.empty());
    require_identical(alone, run_trial(sc, 17, 0, 100, 2));
}
