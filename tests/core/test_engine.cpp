// The engine's promises beyond one precision: population stream ids key the events (inserting or
// reordering populations leaves the others' events unchanged), f32 runs the same random streams,
// its trials are bitwise independent of the ensemble and the threads, it follows f64 on a fixed
// event list, and its Monte Carlo statistics equal f64's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/kernels.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {
population pop(std::int64_t count, double rate_hz, double p, double jump_mv, std::optional<std::int64_t> id) {
    population q{count, rate_hz, p, jump_mv, {}, {}};
    q.stream_id = id;
    return q;
}

/// Trial `trial`'s input events, grouped by jump (each test population has its own jump size).
std::map<double, std::vector<double>> events_by_jump(input_kind kind, const std::vector<population>& pops, std::int64_t trial) {
    scenario sc;
    sc.input.kind = kind;
    sc.input.populations = pops;
    sc.run.t_end_ms = 200.0;
    sc.run.first_trial = trial;
    sc.record.event_trials = {trial};
    const recording r = simulate(sc);
    std::map<double, std::vector<double>> out;
    for (const input_event& ev : r.events.at(0).events) out[ev.jump_mv].push_back(ev.t_ms);
    for (auto& [jump, times] : out) std::sort(times.begin(), times.end());
    return out;
}

scenario s5000(method m, jump_timing j, precision real) {
    scenario sc;
    sc.input.kind = m == method::euler_maruyama ? input_kind::diffusion : input_kind::shot;
    sc.input.populations = {pop(4000, 10.0, 0.5, 0.5, {}), pop(1000, 10.0, 0.5, -2.0, {})};
    sc.run.integrator = m;
    sc.run.jumps = j;
    sc.run.real = real;
    sc.run.t_end_ms = 1000.0;
    sc.run.n_trials = 1000;
    sc.run.seed = 11;
    return sc;
}

struct mean_se {
    double mean, se;
};
mean_se mean_and_se(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double ss = 0;
    for (const double v : x) ss += (v - mean) * (v - mean);
    return {mean, std::sqrt(ss / (n - 1) / n)};
}

/// Per-trial rate (Hz) and ISI CV (trials with at least 3 spikes).
void rate_and_cv(const recording& r, double t_end_ms, std::vector<double>& rate_hz, std::vector<double>& cv) {
    for (const std::vector<double>& s : r.spike_times_ms) {
        rate_hz.push_back(static_cast<double>(s.size()) / (t_end_ms * 1e-3));
        if (s.size() < 3) continue;
        std::vector<double> isi(s.size() - 1);
        for (std::size_t i = 1; i < s.size(); ++i) isi[i - 1] = s[i] - s[i - 1];
        const double n = static_cast<double>(isi.size());
        const double m = std::accumulate(isi.begin(), isi.end(), 0.0) / n;
        double ss = 0;
        for (const double v : isi) ss += (v - m) * (v - m);
        cv.push_back(std::sqrt(ss / (n - 1)) / m);
    }
}
}  // namespace

TEST_CASE("engine: population stream ids key the events, so inserting or reordering populations leaves the others' unchanged", "[unit]") {
    for (const input_kind kind : {input_kind::shot, input_kind::per_source}) {
        INFO("input " << to_string(kind));
        const population a = pop(300, 10.0, 0.5, 1.0, 5), b = pop(200, 12.0, 0.7, -2.0, 9), c = pop(100, 20.0, 1.0, 0.5, 7);
        const auto ab = events_by_jump(kind, {a, b}, 3);
        REQUIRE(ab.at(1.0).size() > 100);
        REQUIRE(ab.at(-2.0).size() > 100);
        const auto ba = events_by_jump(kind, {b, a}, 3);
        CHECK(ba.at(1.0) == ab.at(1.0));
        CHECK(ba.at(-2.0) == ab.at(-2.0));
        const auto acb = events_by_jump(kind, {a, c, b}, 3);
        CHECK(acb.at(1.0) == ab.at(1.0));
        CHECK(acb.at(-2.0) == ab.at(-2.0));
        CHECK(acb.at(0.5).size() > 100);
        // Without ids a population's streams follow its position: moving it changes its events.
        population a_pos = a, b_pos = b;
        a_pos.stream_id.reset();
        b_pos.stream_id.reset();
        CHECK(events_by_jump(kind, {b_pos, a_pos}, 3).at(1.0) != events_by_jump(kind, {a_pos, b_pos}, 3).at(1.0));
        // An id equal to a position gives the same events as that position.
        CHECK(events_by_jump(kind, {pop(300, 10.0, 0.5, 1.0, 1), b}, 3).at(1.0) == events_by_jump(kind, {b_pos, a_pos}, 3).at(1.0));
    }
}

TEST_CASE("engine: population stream ids are checked: in range and distinct, counting unset ids as positions", "[unit]") {
    const auto rejects = [](std::vector<population> pops, const std::string& what) {
        input_params in;
        in.kind = input_kind::shot;
        in.populations = std::move(pops);
        CHECK_THROWS_WITH(validate(in), Catch::Contains(what));
    };
    rejects({pop(10, 1.0, 1.0, 1.0, 4), pop(10, 1.0, 1.0, 2.0, 4)}, "populations 0 and 1 have the same stream id 4");
    rejects({pop(10, 1.0, 1.0, 1.0, {}), pop(10, 1.0, 1.0, 2.0, 0)}, "populations 0 and 1 have the same stream id 0");
    rejects({pop(10, 1.0, 1.0, 1.0, 21000)}, "stream_id = 21000 is invalid; must lie in [0, 21000)");
    rejects({pop(10, 1.0, 1.0, 1.0, -1)}, "stream_id = -1 is invalid");
    input_params ok;
    ok.populations = {pop(10, 1.0, 1.0, 1.0, {}), pop(10, 1.0, 1.0, 2.0, 20999)};
    CHECK_NOTHROW(validate(ok));
}

TEST_CASE("engine: f32 draws the same random streams as f64", "[unit]") {
    for (const input_kind kind : {input_kind::shot, input_kind::per_source}) {
        scenario sc = default_scenario();
        sc.input.kind = kind;
        sc.run.n_trials = 3;
        sc.record.event_trials = {0, 2};
        sc.record.noise_trials = {1};
        const recording r64 = simulate(sc);
        sc.run.real = precision::f32;
        const recording r32 = simulate(sc);
        for (std::size_t i = 0; i < 2; ++i) {
            REQUIRE(r32.events[i].events.size() == r64.events[i].events.size());
            for (std::size_t e = 0; e < r64.events[i].events.size(); ++e) {
                CHECK(r32.events[i].events[e].t_ms == r64.events[i].events[e].t_ms);
                CHECK(r32.events[i].events[e].source == r64.events[i].events[e].source);
                CHECK(r32.events[i].events[e].transmitted == r64.events[i].events[e].transmitted);
            }
        }
    }
}

TEST_CASE("engine: an f32 trial is bitwise the same alone, in an ensemble and on 1 or 2 threads", "[reproducibility]") {
    for (const method m : {method::euler, method::rk4, method::expeuler, method::euler_maruyama, method::sra}) {
        for (const jump_timing j : {jump_timing::step_boundary, jump_timing::event_exact}) {
            const bool diffusion = m == method::euler_maruyama || m == method::sra;
            if (diffusion && j == jump_timing::event_exact) continue;
            INFO(to_string(m) << " " << to_string(j));
            scenario sc = default_scenario();
            sc.input.kind = diffusion ? input_kind::diffusion : input_kind::shot;
            sc.run.integrator = m;
            sc.run.jumps = j;
            sc.run.real = precision::f32;
            sc.run.t_end_ms = 150.0;
            sc.run.first_trial = 30;
            sc.run.n_trials = 37;
            sc.run.n_threads = 2;
            sc.record.trace_trials = {36};
            const recording ensemble = simulate(sc);
            sc.run.first_trial = 36;
            sc.run.n_trials = 1;
            sc.run.n_threads = 1;
            const recording alone = simulate(sc);
            CHECK(alone.spike_times_ms[0] == ensemble.spike_times_ms[6]);
            CHECK(alone.traces[0].v_mv == ensemble.traces[0].v_mv);
            CHECK(alone.traces[0].n == ensemble.traces[0].n);
        }
    }
}

TEST_CASE("engine: on a fixed event list f32 follows f64 (same spikes, times within 1e-2 ms, V within 2 mV)", "[validation]") {
    // The events of the default scenario's trial 0, replayed: both precisions see exactly the same input.
    scenario src = default_scenario();
    src.run.t_end_ms = 1000.0;
    src.record.event_trials = {0};
    const recording events = simulate(src);
    for (const method m : {method::euler, method::rk4, method::expeuler}) {
        for (const jump_timing j : {jump_timing::step_boundary, jump_timing::event_exact}) {
            INFO(to_string(m) << " " << to_string(j));
            scenario sc = default_scenario();
            sc.input.kind = input_kind::replay;
            sc.input.replay_events = events.events[0].events;
            sc.run.t_end_ms = 1000.0;
            sc.run.integrator = m;
            sc.run.jumps = j;
            sc.record.trace_trials = {0};
            sc.record.trace_every_steps = 1;
            const recording r64 = simulate(sc);
            sc.run.real = precision::f32;
            const recording r32 = simulate(sc);
            const std::vector<double>& s64 = r64.spike_times_ms[0];
            const std::vector<double>& s32 = r32.spike_times_ms[0];
            REQUIRE(s64.size() > 5);
            REQUIRE(s32.size() == s64.size());
            double max_dt = 0, max_dv = 0;
            for (std::size_t i = 0; i < s64.size(); ++i) max_dt = std::max(max_dt, std::abs(s32[i] - s64[i]));
            for (std::size_t i = 0; i < r64.traces[0].v_mv.size(); ++i) {
                max_dv = std::max(max_dv, std::abs(r32.traces[0].v_mv[i] - r64.traces[0].v_mv[i]));
            }
            INFO("spikes " << s64.size() << ", max |spike time f32 - f64| " << max_dt << " ms, max |V f32 - f64| " << max_dv << " mV");
            CHECK(max_dt < 1e-2);
            CHECK(max_dv > 0);  // f32 is not secretly f64
            CHECK(max_dv < 2.0);
        }
    }
}

TEST_CASE("engine: f32 Monte Carlo rate and CV equal f64's within 3 combined standard errors (S5000, 1000 x 1 s)", "[validation][statistical]") {
    const struct {
        method m;
        jump_timing j;
    } cases[] = {{method::euler, jump_timing::step_boundary}, {method::rk4, jump_timing::event_exact}, {method::euler_maruyama, jump_timing::step_boundary}};
    for (const auto& c : cases) {
        INFO(to_string(c.m) << " " << to_string(c.j));
        std::vector<double> rate64, cv64, rate32, cv32;
        rate_and_cv(simulate(s5000(c.m, c.j, precision::f64)), 1000.0, rate64, cv64);
        rate_and_cv(simulate(s5000(c.m, c.j, precision::f32)), 1000.0, rate32, cv32);
        const mean_se r64 = mean_and_se(rate64), r32 = mean_and_se(rate32), v64 = mean_and_se(cv64), v32 = mean_and_se(cv32);
        INFO("rate f64 " << r64.mean << " +- " << r64.se << " Hz, f32 " << r32.mean << " +- " << r32.se << " Hz; CV f64 " << v64.mean << " +- "
                         << v64.se << ", f32 " << v32.mean << " +- " << v32.se);
        REQUIRE(r64.mean > 20.0);
        CHECK(std::abs(r32.mean - r64.mean) < 3 * std::hypot(r32.se, r64.se));
        CHECK(std::abs(v32.mean - v64.mean) < 3 * std::hypot(v32.se, v64.se));
        // The same random streams make the two strongly paired: the per-trial rate differences are
        // centred on zero within their own standard error, a much stricter test.
        std::vector<double> diff(rate64.size());
        for (std::size_t i = 0; i < diff.size(); ++i) diff[i] = rate32[i] - rate64[i];
        const mean_se d = mean_and_se(diff);
        INFO("paired rate difference " << d.mean << " +- " << d.se << " Hz");
        CHECK(std::abs(d.mean) < 3 * d.se + 1e-12);
    }
}

TEST_CASE("engine: every kernel set this build holds gives bitwise the same trials (AVX2 and AVX-512 paths)", "[reproducibility]") {
    // A native build holds one set (nothing to compare); the portable build (HH_PORTABLE, run by
    // `make test-no-openmp`) holds baseline, avx2 and avx512 and compares those this CPU can run.
    // docs/performance.md, "AVX2 and AVX-512", says why the FMA sets agree bitwise.
    const std::vector<kernel_isa> sets = available_kernels();
    REQUIRE(!sets.empty());
    for (const method m : {method::euler, method::rk4, method::expeuler, method::euler_maruyama, method::sra}) {
        for (const jump_timing j : {jump_timing::step_boundary, jump_timing::event_exact}) {
            for (const precision real : {precision::f64, precision::f32}) {
                const bool diffusion = m == method::euler_maruyama || m == method::sra;
                if (diffusion && j == jump_timing::event_exact) continue;
                scenario sc = default_scenario();
                sc.input.kind = diffusion ? input_kind::diffusion : input_kind::shot;
                sc.run.integrator = m;
                sc.run.jumps = j;
                sc.run.real = real;
                sc.run.t_end_ms = 200.0;
                sc.run.n_trials = 20;
                sc.record.trace_trials = {3};
                std::vector<recording> runs;
                for (const kernel_isa isa : sets) {
                    sc.run.isa = isa;
                    runs.push_back(simulate(sc));
                }
                // The sets with FMA (avx2, avx512, native) run the same IEEE operations per lane: bitwise
                // equal. The x86-64 baseline has no FMA, so GCC's contractions differ: last bits only.
                std::size_t fma = 0;
                while (fma < sets.size() && sets[fma] == kernel_isa::baseline) ++fma;
                for (std::size_t s = 0; s < sets.size(); ++s) {
                    if (s == fma || fma == sets.size()) continue;
                    INFO(to_string(m) << " " << to_string(j) << " " << to_string(real) << ": " << to_string(sets[s]) << " vs " << to_string(sets[fma]));
                    if (sets[s] != kernel_isa::baseline) {
                        CHECK(runs[s].spike_times_ms == runs[fma].spike_times_ms);
                        CHECK(runs[s].traces[0].v_mv == runs[fma].traces[0].v_mv);
                        CHECK(runs[s].traces[0].m == runs[fma].traces[0].m);
                        continue;
                    }
                    const double tol_ms = real == precision::f64 ? 1e-9 : 1e-2;
                    REQUIRE(runs[s].spike_times_ms.size() == runs[fma].spike_times_ms.size());
                    for (std::size_t t = 0; t < runs[s].spike_times_ms.size(); ++t) {
                        REQUIRE(runs[s].spike_times_ms[t].size() == runs[fma].spike_times_ms[t].size());
                        for (std::size_t i = 0; i < runs[s].spike_times_ms[t].size(); ++i) {
                            CHECK(std::abs(runs[s].spike_times_ms[t][i] - runs[fma].spike_times_ms[t][i]) < tol_ms);
                        }
                    }
                }
            }
        }
    }
}

TEST_CASE("engine: coincident events in event-exact steps add their jumps at one instant (empty pieces between them)", "[unit]") {
    // Two events at the same time leave an empty piece between them (h = 0), which the event-exact
    // pass puts right after its vector loop. The result must be that of one event with the summed
    // jump, up to the rounding of the two additions, and a spike at the event time if the first
    // jump crosses the threshold, with no second spike from the second.
    const auto run = [](std::vector<input_event> events, method m, precision real) {
        scenario sc = default_scenario();
        sc.input.kind = input_kind::replay;
        sc.input.replay_events = std::move(events);
        sc.run.t_end_ms = 40.0;
        sc.run.integrator = m;
        sc.run.jumps = jump_timing::event_exact;
        sc.run.real = real;
        sc.record.trace_trials = {0};
        sc.record.trace_every_steps = 1;
        return simulate(sc);
    };
    const double t_ev = 2.0037;
    for (const method m : {method::euler, method::rk4, method::expeuler}) {
        for (const precision real : {precision::f64, precision::f32}) {
            INFO(to_string(m) << " " << to_string(real));
            const double tol_mv = real == precision::f64 ? 1e-9 : 1e-3;
            const auto max_dv = [](const recording& a, const recording& b) {
                double d = 0;
                for (std::size_t j = 0; j < a.traces[0].v_mv.size(); ++j) d = std::max(d, std::abs(a.traces[0].v_mv[j] - b.traces[0].v_mv[j]));
                return d;
            };
            // Below threshold: +20 and +20 mV at once equal +40 mV.
            const recording two = run({{t_ev, 20.0, -1, true}, {t_ev, 20.0, -1, true}}, m, real);
            const recording one = run({{t_ev, 40.0, -1, true}}, m, real);
            CHECK(max_dv(two, one) < tol_mv);
            CHECK(two.spike_times_ms[0].size() == one.spike_times_ms[0].size());
            // The first jump crosses 0 mV: one spike, at the event time; the second jump adds no spike.
            const recording cross = run({{t_ev, 70.0, -1, true}, {t_ev, 5.0, -1, true}}, m, real);
            const recording sum = run({{t_ev, 75.0, -1, true}}, m, real);
            REQUIRE(!cross.spike_times_ms[0].empty());
            CHECK(cross.spike_times_ms[0][0] == t_ev);
            CHECK(cross.spike_times_ms[0].size() == sum.spike_times_ms[0].size());
            CHECK(max_dv(cross, sum) < tol_mv);
            // Three at once, the last one inhibitory.
            const recording three = run({{t_ev, 10.0, -1, true}, {t_ev, 10.0, -1, true}, {t_ev, -5.0, -1, true}}, m, real);
            CHECK(max_dv(three, run({{t_ev, 15.0, -1, true}}, m, real)) < tol_mv);
        }
    }
}
