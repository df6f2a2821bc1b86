// simulate(): spike detection with hysteresis, traces, replay, errors before running, blow-up.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>

#include "core/error.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {
scenario replay_scenario(std::vector<input_event> events, double t_end_ms) {
    scenario sc;
    sc.input.kind = input_kind::replay;
    sc.input.replay_events = std::move(events);
    sc.run.t_end_ms = t_end_ms;
    sc.record.trace_trials = {0};
    sc.record.trace_every_steps = 1;
    return sc;
}
}  // namespace

TEST_CASE("simulation: a jump on the falling phase of a spike is not a second spike", "[unit]") {
    // A +30 mV pulse at 2 ms fires one spike. Find when V falls back through -10 mV, then kick it
    // by +15 mV there: V re-crosses 0 mV while the spike is still repolarising.
    const recording one = simulate(replay_scenario({{2.0, 30.0, -1, true}}, 30.0));
    REQUIRE(one.spike_times_ms[0].size() == 1);
    const trace& tr = one.traces[0];
    double t_fall = 0;
    bool above = false;
    for (std::size_t j = 0; j < tr.v_mv.size(); ++j) {
        if (tr.v_mv[j] > 20) above = true;
        if (above && tr.v_mv[j] < -10) {
            t_fall = tr.t_ms[j];
            break;
        }
    }
    REQUIRE(t_fall > 2.0);
    scenario sc = replay_scenario({{2.0, 30.0, -1, true}, {t_fall + 0.005, 15.0, -1, true}}, 30.0);
    const recording kicked = simulate(sc);
    double v_after = -1e9;
    for (std::size_t j = 0; j < kicked.traces[0].t_ms.size(); ++j) {
        if (kicked.traces[0].t_ms[j] > t_fall + 0.005) {
            v_after = kicked.traces[0].v_mv[j];
            break;
        }
    }
    REQUIRE(v_after >= 0.0);                             // the kick did cross the threshold again
    CHECK(kicked.spike_times_ms[0].size() == 1);         // but detection was not yet re-armed
    sc.record.spike_rearm_mv = -1e-6;                    // without hysteresis it would count twice
    CHECK(simulate(sc).spike_times_ms[0].size() == 2);
}

TEST_CASE("simulation: spike times are interpolated inside the step and match the reference", "[validation]") {
    scenario sc;
    sc.input.kind = input_kind::none;
    sc.model.i_app = 10.0;
    sc.run.t_end_ms = 100.0;
    sc.run.dt_ms = 0.01;
    const recording rec = simulate(sc);
    reference_options ro;
    ro.sample_dt_ms = 0.001;
    const reference_result ref = simulate_reference(sc, 0, ro);
    REQUIRE(rec.spike_times_ms[0].size() == ref.spike_times_ms.size());
    REQUIRE(ref.spike_times_ms.size() >= 5);
    for (std::size_t i = 0; i < ref.spike_times_ms.size(); ++i) {
        // rk4 at 0.01 ms is accurate to ~1e-6 mV and the crossing is found on the cubic Hermite
        // interpolant (O(dt^4)); tests/validation/test_spike_times.cpp checks 1e-6 ms and the order.
        CHECK(rec.spike_times_ms[0][i] == Approx(ref.spike_times_ms[i]).margin(2e-3));
    }
}

TEST_CASE("simulation: traces hold state and currents at the requested decimation", "[unit]") {
    scenario sc = default_scenario();
    sc.run.t_end_ms = 10.0;
    sc.record.trace_trials = {0};
    sc.record.trace_every_steps = 5;
    const recording rec = simulate(sc);
    const trace& tr = rec.traces[0];
    REQUIRE(tr.t_ms.size() == 1000 / 5 + 1);
    CHECK(tr.t_ms[1] == Approx(0.05));
    const hh_state s{tr.v_mv[7], tr.m[7], tr.h[7], tr.n[7]};
    const hh_currents c = ionic_currents(s, sc.model);
    CHECK(tr.i_na[7] == c.i_na);
    CHECK(tr.i_k[7] == c.i_k);
    CHECK(tr.i_l[7] == c.i_l);
    CHECK(tr.v_mv[0] == -65.0);
}

TEST_CASE("simulation: replayed events move V by exactly their jump", "[unit]") {
    // Both runs share every step up to 5 ms; the second adds +2 mV at 5.0 ms (the end of a step).
    scenario quiet = replay_scenario({}, 6.0);
    quiet.model.i_app = 0.0;
    scenario kicked = replay_scenario({{5.0, 2.0, 7, true}}, 6.0);
    kicked.model.i_app = 0.0;
    const recording a = simulate(quiet);
    const recording b = simulate(kicked);
    const std::size_t j = 500;  // t = 5.0 ms
    REQUIRE(a.traces[0].t_ms[j] == Approx(5.0));
    CHECK(b.traces[0].v_mv[j] - a.traces[0].v_mv[j] == Approx(2.0).epsilon(1e-12));
    CHECK(b.traces[0].v_mv[j - 1] == a.traces[0].v_mv[j - 1]);
}

TEST_CASE("simulation: invalid parameters are rejected before anything runs", "[unit]") {
    const auto rejects = [](scenario sc, const std::string& fragment) {
        INFO(fragment);
        CHECK_THROWS_WITH(simulate(sc), Catch::Contains(fragment));
        CHECK_THROWS_AS(simulate(sc), input_error);
    };
    scenario sc = default_scenario();
    scenario bad = sc;
    bad.run.dt_ms = 0.0;
    rejects(bad, "dt_ms = 0");
    bad = sc;
    bad.run.dt_ms = -0.01;
    rejects(bad, "dt_ms = -0.01");
    bad = sc;
    bad.run.t_end_ms = 0.0;
    rejects(bad, "t_end_ms = 0");
    bad = sc;
    bad.run.t_end_ms = std::nan("");
    rejects(bad, "t_end_ms = nan");
    bad = sc;
    bad.run.dt_ms = 1.0;
    bad.run.t_end_ms = 0.5;
    rejects(bad, "run.dt_ms = 1 ms is invalid; must be <= run.t_end_ms");
    bad = sc;
    bad.run.t_end_ms = 1.005;
    bad.run.dt_ms = 0.01;
    rejects(bad, "whole number");
    bad = sc;
    bad.run.n_trials = 0;
    rejects(bad, "run.trials = 0");
    bad = sc;
    bad.input.populations[0].rate_hz = -10.0;
    rejects(bad, "rate_hz = -10");
    bad = sc;
    bad.input.populations[1].release_probability = 2.0;
    rejects(bad, "release_probability = 2");
    bad = sc;
    bad.model.c_m = 0.0;
    rejects(bad, "model.c_m_uF_per_cm2 = 0");
    bad = sc;
    bad.model.g_na = -1.0;
    rejects(bad, "model.g_na_mS_per_cm2 = -1");
    bad = sc;
    bad.input.kind = input_kind::diffusion;
    rejects(bad, "cannot take diffusion input");  // rk4 with diffusion
    bad.run.integrator = method::euler;
    rejects(bad, "cannot take diffusion input");
    bad.run.integrator = method::euler_maruyama;
    bad.run.jumps = jump_timing::event_exact;
    rejects(bad, "event-exact");
    bad = sc;
    bad.record.spike_rearm_mv = 5.0;
    rejects(bad, "record.spike_rearm_mV = 5");
    bad = sc;
    bad.record.trace_trials = {3};
    rejects(bad, "trace_trials contains trial 3");
    bad = sc;
    bad.record.trace_every_steps = 0;
    rejects(bad, "trace_every_steps = 0");
    bad = sc;
    bad.run.n_threads = -2;
    rejects(bad, "run.threads = -2");
    CHECK_THROWS_WITH(parse_method("rk45"), Catch::Contains("integrator = 'rk45' is unknown"));
    CHECK_THROWS_WITH(parse_jump_timing("exact"), Catch::Contains("jumps = 'exact' is unknown"));
}

TEST_CASE("simulation: a numerical blow-up stops the run naming the trial and the time and a remedy", "[unit]") {
    scenario sc = default_scenario();
    sc.model.i_app = 20.0;
    sc.run.integrator = method::euler;
    sc.run.dt_ms = 0.5;  // far beyond forward Euler's stability limit for HH
    sc.run.t_end_ms = 200.0;
    sc.run.n_trials = 3;
    CHECK_THROWS_AS(simulate(sc), numerics_error);
    CHECK_THROWS_WITH(simulate(sc), Catch::Contains("trial 0") && Catch::Contains("t = ") && Catch::Contains("smaller dt_ms"));
}

TEST_CASE("simulation: progress reports add up to trials times steps and change nothing", "[unit]") {
    scenario sc = default_scenario();
    sc.run.t_end_ms = 20.0;
    sc.run.n_trials = 37;
    sc.run.n_threads = 2;
    std::atomic<std::int64_t> done{0};
    run_hooks hooks;
    hooks.on_progress = [&](std::int64_t neuron_steps) { done += neuron_steps; };
    const recording with = simulate(sc, hooks);
    CHECK(done.load() == 37 * 2000);
    const recording without = simulate(sc);
    CHECK(with.spike_times_ms == without.spike_times_ms);
}

TEST_CASE("simulation: a stop request ends the run with run_interrupted", "[unit]") {
    scenario sc = default_scenario();
    sc.run.t_end_ms = 1000.0;
    sc.run.n_trials = 16;
    std::atomic<bool> stop{true};
    run_hooks hooks;
    hooks.stop_requested = &stop;
    CHECK_THROWS_AS(simulate(sc, hooks), run_interrupted);
}
