// Spike times: the cubic Hermite crossing, fourth-order convergence of rk4 with event-exact jumps
// against the dense-output reference (with input events inside the crossing steps), jumps that carry
// V over the threshold, and a reference whose spike times do not depend on its sample grid.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"
#include "core/spike_crossing.hpp"

using namespace hhsim;

namespace {
double slope(const std::vector<double>& dts, const std::vector<double>& errors) {
    const auto n = static_cast<double>(dts.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < dts.size(); ++i) {
        const double x = std::log(dts[i]);
        const double y = std::log(errors[i]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

reference_options tight() {
    reference_options ro;
    ro.abs_tol = 1e-13;
    ro.rel_tol = 1e-13;
    ro.sample_dt_ms = 0.1;
    return ro;
}

// Repetitive firing at I_app = 8 with an irregular train of small jumps, plus, for every spike of
// that input, a +0.3 mV jump 4.1 us before and one 0.9 us after its threshold crossing: the crossing
// steps of every dt tested hold events on both sides of the crossing.
scenario jumps_near_crossings() {
    scenario sc;
    sc.model.i_app = 8.0;
    sc.input.kind = input_kind::replay;
    sc.run.t_end_ms = 60.0;
    for (int i = 0; i < 120; ++i) sc.input.replay_events.push_back({0.3137 + i * 0.4771, i % 3 == 0 ? -1.0 : 0.75, -1, true});
    const reference_result base = simulate_reference(sc, 0, tight());
    REQUIRE(base.spike_times_ms.size() >= 4);
    for (const double t : base.spike_times_ms) {
        sc.input.replay_events.push_back({t - 0.0041, 0.3, -1, true});
        sc.input.replay_events.push_back({t + 0.0009, 0.3, -1, true});
    }
    return sc;
}
}  // namespace

TEST_CASE("spike times: the Hermite crossing reproduces a cubic exactly", "[unit]") {
    // V(t) = -5 + 40 t + 30 t^2 - 20 t^3 on [0, 0.25] ms: its Hermite interpolant is itself, so the
    // crossing is the cubic's root (0.1157 ms), not the secant's (0.1081 ms).
    const auto v = [](double t) { return -5.0 + t * (40.0 + t * (30.0 - 20.0 * t)); };
    const auto dv = [](double t) { return 40.0 + t * (60.0 - 60.0 * t); };
    const double h = 0.25;
    const double theta = hermite_crossing(v(0), dv(0), v(h), dv(h), h, 0.0);
    CHECK(std::abs(v(theta * h)) < 1e-12);
    CHECK(theta * h == Approx(0.11572994).margin(1e-7));
    CHECK(hermite_crossing(-1.0, 0.0, 1.0, 0.0, 1.0, 0.0) == Approx(0.5).margin(1e-15));  // symmetric case
    CHECK(linear_crossing(-1.0, 3.0, 0.0) == 0.25);
}

TEST_CASE("spike times: rk4 with event-exact jumps converges with order >= 3.5, also with events in the crossing steps", "[validation]") {
    const scenario sc = jumps_near_crossings();
    const reference_result ref = simulate_reference(sc, 0, tight());
    const std::vector<double> dts{0.04, 0.02, 0.01, 0.005};
    std::vector<double> errors;
    for (const double dt : dts) {
        scenario s = sc;
        s.run.dt_ms = dt;
        s.run.integrator = method::rk4;
        s.run.jumps = jump_timing::event_exact;
        const std::vector<double> spikes = simulate(s).spike_times_ms[0];
        REQUIRE(spikes.size() == ref.spike_times_ms.size());
        double worst = 0;
        std::size_t held = 0;  // spikes whose crossing step holds an input event
        for (std::size_t i = 0; i < spikes.size(); ++i) {
            worst = std::max(worst, std::abs(spikes[i] - ref.spike_times_ms[i]));
            const std::int64_t k = step_of_event(ref.spike_times_ms[i], dt);
            for (const input_event& ev : s.input.replay_events) {
                if (step_of_event(ev.t_ms, dt) == k) {
                    ++held;
                    break;
                }
            }
        }
        INFO("dt " << dt << ": max spike-time error " << worst << " ms, " << held << " of " << spikes.size() << " crossing steps hold an event");
        CHECK(held == spikes.size());
        errors.push_back(worst);
    }
    const double order = slope(dts, errors);
    INFO("errors " << errors[0] << ", " << errors[1] << ", " << errors[2] << ", " << errors[3] << " ms; order " << order);
    CHECK(order >= 3.5);
    CHECK(errors[2] < 1e-6);  // dt = 0.01 ms
}

TEST_CASE("spike times: a jump that carries V over the threshold is a spike at the event time", "[unit]") {
    scenario sc;
    sc.input.kind = input_kind::replay;
    sc.input.replay_events = {{5.0137, 70.0, -1, true}};  // from rest near -65 mV to +5 mV
    sc.run.t_end_ms = 10.0;
    sc.run.integrator = method::rk4;
    sc.run.jumps = jump_timing::event_exact;
    const std::vector<double> exact = simulate(sc).spike_times_ms[0];
    REQUIRE(exact.size() == 1);
    CHECK(exact[0] == 5.0137);
    const reference_result ref = simulate_reference(sc, 0);
    REQUIRE(ref.spike_times_ms.size() == 1);
    CHECK(ref.spike_times_ms[0] == 5.0137);
    // Boundary timing applies the jump at the end of its step, t = 5.02 ms: the spike is there.
    sc.run.jumps = jump_timing::step_boundary;
    const std::vector<double> boundary = simulate(sc).spike_times_ms[0];
    REQUIRE(boundary.size() == 1);
    CHECK(boundary[0] == static_cast<double>(step_of_event(5.0137, 0.01) + 1) * 0.01);
    CHECK(boundary[0] == Approx(5.02).margin(1e-12));
}

TEST_CASE("reference: spike times do not depend on the sample grid and are good to 1e-8 ms", "[validation]") {
    const scenario sc = jumps_near_crossings();
    reference_options coarse;
    coarse.sample_dt_ms = 0.1;
    reference_options fine;
    fine.sample_dt_ms = 0.001;
    const reference_result a = simulate_reference(sc, 0, coarse);
    const reference_result b = simulate_reference(sc, 0, fine);
    const reference_result truth = simulate_reference(sc, 0, tight());
    REQUIRE(a.spike_times_ms.size() == b.spike_times_ms.size());
    REQUIRE(a.spike_times_ms.size() == truth.spike_times_ms.size());
    REQUIRE(b.t_ms.size() == 60001);
    for (std::size_t i = 0; i < a.spike_times_ms.size(); ++i) {
        INFO("spike " << i << ": " << a.spike_times_ms[i] << " vs " << b.spike_times_ms[i] << " vs tolerance 1e-13: " << truth.spike_times_ms[i]);
        CHECK(std::abs(a.spike_times_ms[i] - b.spike_times_ms[i]) <= 1e-8);
        CHECK(std::abs(a.spike_times_ms[i] - truth.spike_times_ms[i]) <= 1e-8);
    }
    // The samples of the two grids lie on the same trajectory.
    for (std::size_t j = 0; j < a.t_ms.size(); ++j) CHECK(std::abs(a.v_mv[j] - b.v_mv[100 * j]) <= 1e-9);
}
