// Per-step input increments (recording::noise): Campbell's moments mu*dt and sigma^2*dt for
// diffusion and shot input, and, in a passive cell, the increments account for every effect of the
// input on V.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/simulation.hpp"

using namespace hhsim;

namespace {
// 400 E sources with +0.5 mV and 100 I sources with -1 mV at 10 Hz, p = 0.5:
// mu = 0.5 mV/ms, sigma^2 = 1 mV^2/ms.
scenario drifting(input_kind kind, method m) {
    scenario sc;
    sc.model.i_app = 0.0;
    sc.input.kind = kind;
    sc.input.populations = {population{400, 10.0, 0.5, 0.5, {}, {}}, population{100, 10.0, 0.5, -1.0, {}, {}}};
    sc.run.integrator = m;
    sc.run.t_end_ms = 500.0;
    sc.run.n_trials = 8;
    sc.run.seed = 3;
    sc.record.noise_trials = {0, 1, 2, 3, 4, 5, 6, 7};
    return sc;
}

struct moments {
    double mean, se_mean, var, se_var;
};

moments sample_moments(const recording& rec) {
    double n = 0, s1 = 0;
    for (const noise_record& r : rec.noise) {
        for (const double x : r.increment_mv) {
            s1 += x;
            n += 1;
        }
    }
    const double mean = s1 / n;
    double m2 = 0, m4 = 0;
    for (const noise_record& r : rec.noise) {
        for (const double x : r.increment_mv) {
            const double d = (x - mean) * (x - mean);
            m2 += d;
            m4 += d * d;
        }
    }
    m2 /= n;
    m4 /= n;
    return {mean, std::sqrt(m2 / n), m2, std::sqrt((m4 - m2 * m2) / n)};
}

// A passive membrane: only the leak (g_L = 0.3, or nothing at all), so V is linear in its input.
scenario passive(input_kind kind, double g_l) {
    scenario sc = drifting(kind, kind == input_kind::diffusion ? method::euler_maruyama : method::euler);
    sc.model.g_na = 0.0;
    sc.model.g_k = 0.0;
    sc.model.g_l = g_l;
    sc.run.t_end_ms = 100.0;
    sc.run.n_trials = 1;
    sc.record.noise_trials = {0};
    sc.record.trace_trials = {0};
    sc.record.trace_every_steps = 1;
    return sc;
}
}  // namespace

TEST_CASE("noise record: diffusion increments have Campbell's mean mu*dt and variance sigma^2*dt", "[statistical]") {
    const scenario sc = drifting(input_kind::diffusion, method::euler_maruyama);
    const recording rec = simulate(sc);
    REQUIRE(rec.noise.size() == 8);
    REQUIRE(rec.noise[0].increment_mv.size() == 50000);
    const double dt = sc.run.dt_ms;
    const moments m = sample_moments(rec);
    INFO("mean " << m.mean << " +- " << m.se_mean << " (mu dt = " << 0.5 * dt << "), variance " << m.var << " +- " << m.se_var
                 << " (sigma^2 dt = " << dt << ")");
    CHECK(std::abs(m.mean - 0.5 * dt) < 5 * m.se_mean);
    CHECK(std::abs(m.var - 1.0 * dt) < 5 * m.se_var);
    // SRA is driven by the same Euler–Maruyama increments (its second normal only enters its stage).
    const recording sra = simulate(drifting(input_kind::diffusion, method::sra));
    CHECK(sra.noise[3].increment_mv == rec.noise[3].increment_mv);
}

TEST_CASE("noise record: shot-noise steps sum their jumps, with Campbell's mean and variance", "[statistical]") {
    for (const jump_timing timing : {jump_timing::step_boundary, jump_timing::event_exact}) {
        scenario sc = drifting(input_kind::shot, method::rk4);
        sc.run.jumps = timing;
        sc.record.event_trials = {2};
        const recording rec = simulate(sc);
        const double dt = sc.run.dt_ms;
        const moments m = sample_moments(rec);
        INFO(to_string(timing) << ": mean " << m.mean << " +- " << m.se_mean << ", variance " << m.var << " +- " << m.se_var);
        CHECK(std::abs(m.mean - 0.5 * dt) < 5 * m.se_mean);
        CHECK(std::abs(m.var - 1.0 * dt) < 5 * m.se_var);
        // Trial 2's increments are its transmitted jumps, step by step.
        std::vector<double> from_events(rec.noise[2].increment_mv.size(), 0.0);
        for (const input_event& ev : rec.events[0].events) {
            if (ev.transmitted) from_events[static_cast<std::size_t>(step_of_event(ev.t_ms, dt))] += ev.jump_mv;
        }
        double worst = 0;
        for (std::size_t k = 0; k < from_events.size(); ++k) worst = std::max(worst, std::abs(from_events[k] - rec.noise[2].increment_mv[k]));
        CHECK(worst < 1e-12);
    }
}

TEST_CASE("noise record: in a passive cell the increments reproduce the input's effect on V", "[unit]") {
    for (const input_kind kind : {input_kind::diffusion, input_kind::shot}) {
        for (const double g_l : {0.0, 0.3}) {
            const scenario sc = passive(kind, g_l);
            scenario silent = sc;
            silent.input.kind = input_kind::none;
            const recording rec = simulate(sc);
            const std::vector<double>& v = rec.traces[0].v_mv;
            const recording rec0 = simulate(silent);
            const std::vector<double>& v0 = rec0.traces[0].v_mv;
            const std::vector<double>& inc = rec.noise[0].increment_mv;
            // Forward Euler on V' = -g_L (V - E_L) / C_m is linear: the input's effect after step k
            // is the increments filtered by (1 - dt g_L / C_m) per step (a plain sum for g_L = 0).
            const double decay = 1.0 - sc.run.dt_ms * g_l / sc.model.c_m;
            double effect = 0.0, worst = 0.0;
            for (std::size_t k = 0; k < inc.size(); ++k) {
                effect = effect * decay + inc[k];
                worst = std::max(worst, std::abs((v[k + 1] - v0[k + 1]) - effect));
            }
            INFO(to_string(kind) << ", g_L = " << g_l << ": final effect " << effect << " mV, worst mismatch " << worst << " mV");
            CHECK(std::abs(effect) > 0.1);
            CHECK(worst < 1e-9);
        }
    }
}
