// Start states: given gates are used exactly, `rest` is the fixed point at the scenario's I_app (so a
// stationary run has no onset transient), and the default start is unchanged.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {
scenario quiet(double i_app, double t_end_ms) {
    scenario sc;
    sc.model.i_app = i_app;
    sc.input.kind = input_kind::none;
    sc.run.t_end_ms = t_end_ms;
    sc.record.trace_trials = {0};
    sc.record.trace_every_steps = 1;
    return sc;
}
}  // namespace

TEST_CASE("start state: the default is V0 = -65 mV with every gate at its steady state there, bitwise as before", "[unit]") {
    const scenario sc = default_scenario();
    CHECK(sc.start.kind == start_kind::v0);
    CHECK_FALSE(sc.start.m0.has_value());
    CHECK_FALSE(sc.start.h0.has_value());
    CHECK_FALSE(sc.start.n0.has_value());
    const hh_gates g = steady_gates(-65.0);
    const hh_state s = initial_state(sc.start, sc.v0_mv, sc.model);
    CHECK(s.v == -65.0);
    CHECK(s.m == g.m);
    CHECK(s.h == g.h);
    CHECK(s.n == g.n);
    scenario run = quiet(3.0, 1.0);
    const recording rec = simulate(run);
    const trace& tr = rec.traces[0];
    CHECK(tr.v_mv[0] == -65.0);
    CHECK(tr.m[0] == g.m);
    CHECK(tr.h[0] == g.h);
    CHECK(tr.n[0] == g.n);
}

TEST_CASE("start state: given gates are used exactly, the others start at their steady state at V0", "[unit]") {
    scenario sc = quiet(6.0, 2.0);
    sc.v0_mv = -65.0;
    sc.start.m0 = 0.05;
    sc.start.h0 = 0.6;
    sc.start.n0 = 0.32;
    const recording rec = simulate(sc);
    const trace& tr = rec.traces[0];
    CHECK(tr.v_mv[0] == -65.0);
    CHECK(tr.m[0] == 0.05);
    CHECK(tr.h[0] == 0.6);
    CHECK(tr.n[0] == 0.32);
    reference_options ro;
    ro.sample_dt_ms = 0.01;
    const reference_result ref = simulate_reference(sc, 0, ro);
    CHECK(ref.m[0] == 0.05);
    CHECK(ref.h[0] == 0.6);
    CHECK(ref.n[0] == 0.32);
    CHECK(std::abs(tr.v_mv.back() - ref.v_mv.back()) < 1e-6);  // both integrate from the same start

    sc.start = start_spec{};
    sc.start.h0 = 0.25;
    sc.v0_mv = -70.0;
    const recording rec_one = simulate(sc);
    const trace& one = rec_one.traces[0];
    const hh_gates g = steady_gates(-70.0);
    CHECK(one.v_mv[0] == -70.0);
    CHECK(one.m[0] == g.m);
    CHECK(one.h[0] == 0.25);
    CHECK(one.n[0] == g.n);
}

TEST_CASE("start state: rest is a fixed point of the right-hand side to 1e-9 at several I_app", "[unit]") {
    for (const double i_app : {-2.0, 0.0, 3.0, 6.0, 10.0, 20.0}) {
        hh_params p;
        p.i_app = i_app;
        start_spec rest;
        rest.kind = start_kind::rest;
        const hh_state s = initial_state(rest, -65.0, p);
        const hh_state d = hh_derivatives(s, p);
        INFO("I_app = " << i_app << ": V = " << s.v << " mV, dV/dt = " << d.v << ", dm/dt = " << d.m << ", dh/dt = " << d.h << ", dn/dt = " << d.n);
        CHECK(std::abs(d.v) < 1e-9);
        CHECK(std::abs(d.m) < 1e-9);
        CHECK(std::abs(d.h) < 1e-9);
        CHECK(std::abs(d.n) < 1e-9);
    }
}

TEST_CASE("start state: from rest a stationary run has no onset transient, the default start has one", "[unit]") {
    // I_app = 3 uA/cm^2 lies below the onset of repetitive firing, so its fixed point is stable.
    scenario sc = quiet(3.0, 50.0);
    sc.start.kind = start_kind::rest;
    const recording rec = simulate(sc);
    const trace& tr = rec.traces[0];
    double drift = 0;
    for (const double v : tr.v_mv) drift = std::max(drift, std::abs(v - tr.v_mv[0]));
    CHECK(drift < 1e-9);
    const recording rec_step = simulate(quiet(3.0, 50.0));
    const trace& step = rec_step.traces[0];
    double moved = 0;
    for (const double v : step.v_mv) moved = std::max(moved, std::abs(v - step.v_mv[0]));
    CHECK(moved > 1.0);  // the default start is a current step: V moves by mV
}

TEST_CASE("start state: invalid gates and rest with gates are rejected naming the value", "[unit]") {
    scenario sc = default_scenario();
    sc.start.m0 = 1.5;
    CHECK_THROWS_WITH(simulate(sc), Catch::Contains("m0 = 1.5") && Catch::Contains("[0, 1]"));
    sc.start.m0 = std::nan("");
    CHECK_THROWS_AS(simulate(sc), input_error);
    sc.start = start_spec{};
    sc.start.kind = start_kind::rest;
    sc.start.n0 = 0.3;
    CHECK_THROWS_WITH(simulate(sc), Catch::Contains("n0 = 0.3") && Catch::Contains("rest"));
    CHECK_THROWS_WITH(parse_start_kind("steady"), Catch::Contains("start = 'steady' is unknown"));
    CHECK(parse_start_kind("rest") == start_kind::rest);
    CHECK(to_string(start_kind::v0) == "v0");
}
