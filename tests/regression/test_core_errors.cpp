// Issue 7 items 5, 6, 14, 15 (core side): exceptions keep their type across OpenMP regions, the
// lowest failing block decides the error whatever the thread count, blow-up remedies never name the
// failing method, and run parameters are checked against their exact ranges.
#include <catch2/catch.hpp>

#include <atomic>
#include <new>

#include "core/chunk_input.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"

using namespace hhsim;
using Catch::Matchers::Contains;

namespace {
scenario many_trials(int threads) {
    scenario sc = default_scenario();
    sc.run.n_trials = 64;
    sc.run.t_end_ms = 30.0;
    sc.run.integrator = method::euler;
    sc.run.n_threads = threads;
    return sc;
}
}  // namespace

TEST_CASE("regression: an error thrown inside the parallel region keeps its type", "[unit]") {
    for (const int threads : {1, 2}) {
        run_hooks hooks;
        hooks.on_progress = [](std::int64_t) { throw input_error("a user mistake seen by a worker"); };
        CHECK_THROWS_AS(simulate(many_trials(threads), hooks), input_error);
        hooks.on_progress = [](std::int64_t) { throw std::bad_alloc(); };
        CHECK_THROWS_AS(simulate(many_trials(threads), hooks), std::bad_alloc);
        hooks.on_progress = [](std::int64_t) { throw numerics_error("a blow-up"); };
        CHECK_THROWS_AS(simulate(many_trials(threads), hooks), numerics_error);
    }
}

TEST_CASE("regression: blow-up remedies never suggest the method that failed", "[unit]") {
    for (const method m : {method::euler, method::rk4, method::expeuler, method::euler_maruyama, method::sra}) {
        CHECK_THAT(blow_up_remedy(m), !Contains("integrator " + to_string(m)));
        CHECK_FALSE(blow_up_remedy(m).empty());
    }
}

TEST_CASE("regression: a blow-up names trial, time, integrator and remedy; the reference's is a numerics error", "[unit]") {
    scenario sc = default_scenario();
    sc.run.integrator = method::euler;
    sc.run.dt_ms = 0.5;
    sc.run.t_end_ms = 200.0;
    sc.model.i_app = 40.0;
    try {
        simulate(sc);
        FAIL("no blow-up");
    } catch (const numerics_error& e) {
        CHECK_THAT(e.what(), Contains("trial 0") && Contains("t = ") && Contains("integrator euler") && Contains("dt_ms"));
    }
    scenario huge = default_scenario();
    huge.input.kind = input_kind::replay;
    huge.input.replay_events = {{5.0, 5000.0, -1, true}};
    huge.run.t_end_ms = 10.0;
    CHECK_THROWS_AS(simulate_reference(huge, 0), numerics_error);
}

// Issue 15 item 10: a 2000 mV kick that the step's dynamics pull back below 1000 mV by the end of
// the chunk used to pass (rk4 kept V = 1922 mV and exited 0); the rule is now the reference's, for
// every integrator, jump timing and precision: |V| at every step's end and after every jump.
TEST_CASE("regression: every integrator applies the reference's blow-up rule at every step and jump", "[unit]") {
    for (const method m : {method::euler, method::rk4, method::expeuler}) {
        for (const jump_timing timing : {jump_timing::step_boundary, jump_timing::event_exact}) {
            for (const precision real : {precision::f64, precision::f32}) {
                // Off the grid (10.005 ms): with event-exact timing the jump lands inside a step.
                for (const double t_kick : {10.0, 10.005}) {
                    scenario sc = default_scenario();
                    sc.input.kind = input_kind::replay;
                    sc.input.replay_events = {{t_kick, 2000.0, -1, true}};
                    sc.run.t_end_ms = 50.0;
                    sc.run.n_trials = 3;
                    sc.run.integrator = m;
                    sc.run.jumps = timing;
                    sc.run.real = real;
                    INFO(to_string(m) << ' ' << to_string(timing) << (real == precision::f32 ? " f32" : " f64") << " kick at " << t_kick);
                    try {
                        simulate(sc);
                        FAIL("no blow-up");
                    } catch (const numerics_error& e) {
                        CHECK_THAT(e.what(), Contains("trial 0") && Contains("by t = 10") && Contains("integrator " + to_string(m)));
                    }
                }
            }
        }
    }
    // A kick that stays within the limit is no blow-up, with any scheme.
    scenario fine = default_scenario();
    fine.input.kind = input_kind::replay;
    fine.input.replay_events = {{10.005, 900.0, -1, true}};
    fine.run.t_end_ms = 20.0;
    fine.run.integrator = method::expeuler;
    CHECK_NOTHROW(simulate(fine));
}

TEST_CASE("regression: run parameters are checked against their exact ranges", "[unit]") {
    scenario sc = default_scenario();
    sc.run.first_trial = max_trial_index;
    sc.run.n_trials = 2;
    CHECK_THROWS_WITH(validate(sc), Contains("run.first_trial") && Contains("first_trial + trials"));
    sc.run.first_trial = -1;
    CHECK_THROWS_AS(validate(sc), input_error);
    sc.run.first_trial = 0;
    sc.run.seed = max_seed + 1;
    CHECK_THROWS_WITH(validate(sc), Contains("seed"));
    sc.run.seed = max_seed;
    CHECK_NOTHROW(validate(sc));
    sc.run.n_threads = max_threads() + 1;
    CHECK_THROWS_WITH(validate(sc), Contains("run.threads"));
    sc.run.n_threads = max_threads();
    CHECK_NOTHROW(validate(sc));
    CHECK(resolved_threads(0) >= 1);
    CHECK(resolved_threads(0) <= max_threads());
}

// Issue 15 item 11: a replay event within the grid snap above t_end is applied (it belongs to the
// last step) and one a hundredth of a step later is not; the count of late events
// (last_applied_event_ms) must say the same as the engine does.
TEST_CASE("regression: replay events just after t_end: applied exactly when the engine's rule says so", "[unit]") {
    for (const jump_timing timing : {jump_timing::step_boundary, jump_timing::event_exact}) {
        scenario sc = default_scenario();
        sc.input.kind = input_kind::replay;
        sc.run.t_end_ms = 20.0;
        sc.run.jumps = timing;
        sc.record.event_trials = {0};
        sc.record.trace_trials = {0};
        sc.record.trace_every_steps = 1;
        const double last = last_applied_event_ms(step_count(sc.run), sc.run.dt_ms);
        sc.input.replay_events = {{20.0 + 1e-14, 5.0, -1, true}, {20.0 + 1e-4, 5.0, -1, true}};
        REQUIRE(sc.input.replay_events[0].t_ms <= last);
        REQUIRE(sc.input.replay_events[1].t_ms > last);
        const recording with = simulate(sc);
        sc.input.replay_events = {{20.0 + 1e-4, 5.0, -1, true}};
        const recording without = simulate(sc);
        INFO(to_string(timing));
        REQUIRE(with.events.size() == 1);
        CHECK(with.events[0].events.size() == 1);  // the first event only: the late one never reaches the cell
        CHECK(without.events[0].events.empty());
        // The applied jump shows in V at t_end: 5 mV above the run without it.
        CHECK(with.traces[0].v_mv.back() - without.traces[0].v_mv.back() == Approx(5.0).margin(1e-6));
    }
}
