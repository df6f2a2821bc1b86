// Input: Campbell's moments, Poisson statistics of aggregated and per-source events, independence
// of the events from dt and from chunking, diffusion increments, and rejected parameters.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <numeric>

#include "core/error.hpp"
#include "core/input.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {
struct moments {
    double mean, var;
};
moments sample_moments(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double ss = 0;
    for (const double v : x) ss += (v - mean) * (v - mean);
    return {mean, ss / (n - 1)};
}
// For Poisson counts with mean lambda over n windows: SE(mean) = sqrt(lambda/n) and
// SE(sample variance) = sqrt((lambda + 2 lambda^2) / n) (fourth central moment lambda + 3 lambda^2).
void check_poisson_counts(const std::vector<double>& counts, double lambda) {
    const moments m = sample_moments(counts);
    const double n = static_cast<double>(counts.size());
    INFO("expected " << lambda << ", mean " << m.mean << ", variance " << m.var << ", windows " << n);
    CHECK(std::abs(m.mean - lambda) < 5 * std::sqrt(lambda / n));
    CHECK(std::abs(m.var - lambda) < 5 * std::sqrt((lambda + 2 * lambda * lambda) / n));
}
}  // namespace

TEST_CASE("input: Campbell's theorem gives mu = sum p r J and sigma^2 = sum p r J^2", "[unit]") {
    const campbell_moments c = campbell(default_scenario().input.populations);
    // 80 * 10 Hz * 0.5 * 1 mV - 20 * 10 Hz * 0.5 * 4 mV = 0; 0.4/ms * 1 + 0.1/ms * 16 = 2 mV^2/ms
    CHECK(c.mu_mv_per_ms == Approx(0.0).margin(1e-15));
    CHECK(c.sigma2_mv2_per_ms == Approx(2.0).epsilon(1e-14));
    const campbell_moments d = campbell({population{4000, 10.0, 0.5, 0.5, {}, {}}, population{1000, 10.0, 0.5, -2.0, {}, {}}});
    CHECK(d.mu_mv_per_ms == Approx(20 * 0.5 - 5 * 2.0).margin(1e-12));
    CHECK(d.sigma2_mv2_per_ms == Approx(20 * 0.25 + 5 * 4.0).epsilon(1e-14));
}

TEST_CASE("input: aggregated shot noise has Poisson counts of mean and variance count*p*rate*T per population", "[statistical]") {
    input_params in;
    in.kind = input_kind::shot;
    in.populations = {population{80, 10.0, 0.5, 1.0, {}, {}}, population{5000, 3.0, 0.2, -2.0, {}, {}}};
    const input_plan plan = make_input_plan(in, 2024);
    const double window_ms = 100.0;
    const int windows = 4000;
    std::vector<double> exc(windows, 0.0), inh(windows, 0.0);
    event_cursor cur = start_events(plan);
    // One long trial cut into windows, advanced window by window (also exercises chunked emission).
    for (int w = 0; w < windows; ++w) {
        emit_events_until(plan, 3, cur, (w + 1) * window_ms, [&](const input_event& ev) {
            REQUIRE(ev.t_ms > w * window_ms);
            REQUIRE(ev.t_ms <= (w + 1) * window_ms);
            (ev.jump_mv > 0 ? exc : inh)[w] += 1.0;
        });
    }
    check_poisson_counts(exc, 80 * 0.5 * 0.010 * window_ms);    // 40 per window
    check_poisson_counts(inh, 5000 * 0.2 * 0.003 * window_ms);  // 300 per window
}

TEST_CASE("input: per-source events identify every source and its rate and release probability", "[statistical]") {
    input_params in;
    in.kind = input_kind::per_source;
    population hetero{50, 0.0, 0.3, -1.0, {}, {}};
    for (int i = 0; i < 50; ++i) hetero.source_rates_hz.push_back(2.0 + i);  // 2 .. 51 Hz
    in.populations = {population{100, 20.0, 0.5, 1.0, {}, {}}, hetero};
    const input_plan plan = make_input_plan(in, 99);
    const double t_ms = 200000.0;  // 200 s
    std::vector<double> spikes(150, 0.0), released(150, 0.0);
    event_cursor cur = start_events(plan);
    emit_events_until(plan, 0, cur, t_ms, [&](const input_event& ev) {
        REQUIRE(ev.source >= 0);
        REQUIRE(ev.source < 150);
        REQUIRE(ev.jump_mv == (ev.source < 100 ? 1.0 : -1.0));
        spikes[ev.source] += 1;
        released[ev.source] += ev.transmitted ? 1 : 0;
    });
    // Each source: Poisson count with mean rate*T (4000 for the homogeneous ones); 5 SE bounds.
    for (int s = 0; s < 150; ++s) {
        const double rate_hz = s < 100 ? 20.0 : 2.0 + (s - 100);
        const double expected = rate_hz * t_ms * 1e-3;
        INFO("source " << s);
        CHECK(std::abs(spikes[s] - expected) < 5 * std::sqrt(expected));
    }
    // Release fraction pooled per population: binomial SE sqrt(p(1-p)/N).
    const double n_e = std::accumulate(spikes.begin(), spikes.begin() + 100, 0.0);
    const double r_e = std::accumulate(released.begin(), released.begin() + 100, 0.0);
    CHECK(std::abs(r_e / n_e - 0.5) < 5 * std::sqrt(0.25 / n_e));
    const double n_i = std::accumulate(spikes.begin() + 100, spikes.end(), 0.0);
    const double r_i = std::accumulate(released.begin() + 100, released.end(), 0.0);
    CHECK(std::abs(r_i / n_i - 0.3) < 5 * std::sqrt(0.21 / n_i));
}

TEST_CASE("input: events do not depend on how emission is chunked", "[unit]") {
    input_params in;
    in.kind = input_kind::per_source;
    in.populations = {population{300, 8.0, 0.5, 0.7, {}, {}}, population{70, 12.0, 0.9, -3.0, {}, {}}};
    const input_plan plan = make_input_plan(in, 5);
    std::vector<input_event> whole, pieces;
    event_cursor a = start_events(plan);
    emit_events_until(plan, 11, a, 500.0, [&](const input_event& ev) { whole.push_back(ev); });
    event_cursor b = start_events(plan);
    for (double t = 0.37; t < 500.0; t += 0.37 + 0.01 * std::fmod(t * 7.0, 3.0)) {
        emit_events_until(plan, 11, b, t, [&](const input_event& ev) { pieces.push_back(ev); });
    }
    emit_events_until(plan, 11, b, 500.0, [&](const input_event& ev) { pieces.push_back(ev); });
    sort_by_time(whole);
    sort_by_time(pieces);
    REQUIRE(whole.size() == pieces.size());
    REQUIRE(whole.size() > 1000);
    for (std::size_t i = 0; i < whole.size(); ++i) {
        CHECK(whole[i].t_ms == pieces[i].t_ms);
        CHECK(whole[i].source == pieces[i].source);
        CHECK(whole[i].transmitted == pieces[i].transmitted);
    }
}

TEST_CASE("input: a trial sees the same events at dt = 0.01 and dt = 0.001 ms", "[unit]") {
    for (const input_kind kind : {input_kind::shot, input_kind::per_source}) {
        scenario sc = default_scenario();
        sc.input.kind = kind;
        sc.run.t_end_ms = 100.0;
        sc.run.n_trials = 3;
        sc.record.event_trials = {2};
        const recording coarse = simulate(sc);
        sc.run.dt_ms = 0.001;
        const recording fine = simulate(sc);
        const auto& a = coarse.events[0].events;
        const auto& b = fine.events[0].events;
        REQUIRE(a.size() == b.size());
        REQUIRE(a.size() > 10);
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].t_ms == b[i].t_ms);
            CHECK(a[i].jump_mv == b[i].jump_mv);
            CHECK(a[i].source == b[i].source);
            CHECK(a[i].transmitted == b[i].transmitted);
            if (i > 0) CHECK(a[i - 1].t_ms <= a[i].t_ms);
        }
    }
}

TEST_CASE("input: diffusion increments have Campbell's mean mu*dt and variance sigma^2*dt", "[statistical]") {
    scenario sc = default_scenario();
    sc.input.kind = input_kind::diffusion;
    sc.input.populations = {population{4000, 10.0, 0.5, 0.5, {}, {}}, population{1000, 10.0, 0.5, -1.5, {}, {}}};
    sc.run.integrator = method::euler_maruyama;
    sc.run.t_end_ms = 200.0;
    sc.record.trace_trials = {0};
    sc.record.trace_every_steps = 1;
    const recording rec = simulate(sc);
    const campbell_moments cm = campbell(sc.input.populations);
    // The trace's I_syn over one step is C_m * increment / dt, so increment = I_syn * dt / C_m.
    std::vector<double> inc;
    for (std::size_t j = 1; j < rec.traces[0].i_syn.size(); ++j) inc.push_back(rec.traces[0].i_syn[j] * sc.run.dt_ms / sc.model.c_m);
    const moments m = sample_moments(inc);
    const double n = static_cast<double>(inc.size());
    const double var = cm.sigma2_mv2_per_ms * sc.run.dt_ms;
    INFO("mu*dt " << cm.mu_mv_per_ms * sc.run.dt_ms << " mean " << m.mean << "; sigma^2*dt " << var << " var " << m.var);
    CHECK(std::abs(m.mean - cm.mu_mv_per_ms * sc.run.dt_ms) < 5 * std::sqrt(var / n));
    CHECK(std::abs(m.var - var) < 5 * var * std::sqrt(2.0 / n));  // Gaussian: SE(s^2) = sigma^2 sqrt(2/n)
}

TEST_CASE("input: invalid populations are rejected naming the parameter and its value and the rule", "[unit]") {
    const auto rejects = [](population pop, const std::string& fragment) {
        input_params in;
        in.populations = {pop};
        INFO(fragment);
        CHECK_THROWS_WITH(validate(in), Catch::Contains(fragment));
    };
    rejects(population{-1, 10.0, 0.5, 1.0, {}, {}}, "count = -1");
    rejects(population{10, -5.0, 0.5, 1.0, {}, {}}, "rate_hz = -5");
    rejects(population{10, std::nan(""), 0.5, 1.0, {}, {}}, "rate_hz = nan");
    rejects(population{10, 10.0, 1.5, 1.0, {}, {}}, "release_probability = 1.5");
    rejects(population{10, 10.0, -0.1, 1.0, {}, {}}, "release_probability = -0.1");
    rejects(population{10, 10.0, 0.5, INFINITY, {}, {}}, "jump_mv = inf");
    rejects(population{3, 10.0, 0.5, 1.0, {1.0, 2.0}, {}}, "source_rates_hz has 2 entries");
    rejects(population{2, 10.0, 0.5, 1.0, {1.0, -2.0}, {}}, "source_rates_hz[1] = -2");
    input_params replay;
    replay.kind = input_kind::replay;
    replay.replay_events = {input_event{-1.0, 1.0, -1, true}};
    CHECK_THROWS_WITH(validate(replay), Catch::Contains("t_ms = -1"));
    CHECK_THROWS_AS(parse_input_kind("poisson"), input_error);
}
