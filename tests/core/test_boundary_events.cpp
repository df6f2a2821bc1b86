// Events on step boundaries (docs/theory.md): step k covers (t_k, t_k+1], so an event at exactly
// t_j = j * dt belongs to step j - 1 and is applied at t_j, for every multiple of dt in a run,
// whether the time is the clock's j * dt or a decimal read from a replay file.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "core/simulation.hpp"

using namespace hhsim;

namespace {
// The double a user's CSV gives for j * dt written with 12 significant digits ("0.07").
double as_decimal(std::int64_t j, double dt) {
    char text[64];
    std::snprintf(text, sizeof text, "%.12g", static_cast<double>(j) * dt);
    return std::stod(text);
}
}  // namespace

TEST_CASE("boundary events: every multiple of dt in a run goes to the step that ends there", "[unit]") {
    for (const double dt : {0.01, 0.02, 0.005, 0.001, 0.025, 0.05, 0.1, 0.0025}) {
        const auto n = static_cast<std::int64_t>(std::llround(1000.0 / dt));  // a 1 s run
        std::int64_t wrong_clock = 0, wrong_decimal = 0, wrong_inside = 0;
        for (std::int64_t j = 1; j <= n; ++j) {
            wrong_clock += step_of_event(static_cast<double>(j) * dt, dt) != j - 1;
            wrong_decimal += step_of_event(as_decimal(j, dt), dt) != j - 1;
            // Inside the step: just after t_j-1, the middle, and just before t_j.
            const double t0 = static_cast<double>(j - 1) * dt;
            wrong_inside += step_of_event(t0 + 1e-6 * dt, dt) != j - 1;
            wrong_inside += step_of_event(t0 + 0.5 * dt, dt) != j - 1;
            wrong_inside += step_of_event(t0 + (1.0 - 1e-6) * dt, dt) != j - 1;
        }
        INFO("dt " << dt << ": " << n << " multiples");
        CHECK(wrong_clock == 0);
        CHECK(wrong_decimal == 0);
        CHECK(wrong_inside == 0);
    }
}

TEST_CASE("boundary events: replayed events at every grid time are applied at that time, in both timings", "[unit]") {
    // A passive membrane (no conductances, no current) moves only by its jumps; jumps of distinct
    // binary fractions are summed exactly, so the trace shows where each event landed.
    for (const jump_timing timing : {jump_timing::step_boundary, jump_timing::event_exact}) {
        scenario sc;
        sc.model.g_na = 0.0;
        sc.model.g_k = 0.0;
        sc.model.g_l = 0.0;
        sc.model.i_app = 0.0;
        sc.run.dt_ms = 0.01;
        sc.run.t_end_ms = 300.0;
        sc.run.jumps = timing;
        sc.run.integrator = method::rk4;
        sc.input.kind = input_kind::replay;
        const std::int64_t n = step_count(sc.run);
        const auto jump = [](std::int64_t j) { return static_cast<double>(1 + j % 7) * 0x1.0p-12; };
        for (std::int64_t j = 1; j <= n; ++j) sc.input.replay_events.push_back({as_decimal(j, 0.01), jump(j), -1, true});
        sc.record.trace_trials = {0};
        sc.record.trace_every_steps = 1;
        sc.record.noise_trials = {0};
        const recording rec = simulate(sc);
        const std::vector<double>& inc = rec.noise[0].increment_mv;
        const std::vector<double>& v = rec.traces[0].v_mv;
        REQUIRE(static_cast<std::int64_t>(inc.size()) == n);
        std::int64_t misplaced = 0, v_wrong = 0;
        double sum = 0.0;
        for (std::int64_t j = 1; j <= n; ++j) {
            misplaced += inc[j - 1] != jump(j);
            sum += jump(j);
            v_wrong += v[j] != -65.0 + sum;  // right-continuous: the sample at t_j includes event j
        }
        INFO(to_string(timing) << ": " << misplaced << " of " << n << " events in the wrong step, " << v_wrong << " wrong samples");
        CHECK(misplaced == 0);
        CHECK(v_wrong == 0);
    }
}
