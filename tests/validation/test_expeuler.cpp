// expeuler, the exponential splitting integrator: second order with event-exact jumps, a Monte Carlo
// rate bias at dt = 0.01 ms no larger than Euler's, and stable at dt = 0.1 ms where Euler and RK4
// blow up (docs/numerics.md has the measured table).
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {
/// S5000: 4000 E + 1000 I sources at 10 Hz, p = 0.5, Je = 0.5 mV, Ji = -2 mV, I_app = 3 uA/cm^2.
scenario s5000(method m, double dt, std::int64_t trials, double t_end_ms) {
    scenario sc = default_scenario();
    sc.input.populations = {population{4000, 10.0, 0.5, 0.5, {}, {}}, population{1000, 10.0, 0.5, -2.0, {}, {}}};
    sc.run.integrator = m;
    sc.run.dt_ms = dt;
    sc.run.n_trials = trials;
    sc.run.t_end_ms = t_end_ms;
    sc.run.seed = 5;
    return sc;
}

std::vector<double> counts(const recording& rec) {
    std::vector<double> c;
    for (const auto& train : rec.spike_times_ms) c.push_back(static_cast<double>(train.size()));
    return c;
}

/// Mean and standard error of the per-trial differences a - b.
std::pair<double, double> paired(const std::vector<double>& a, const std::vector<double>& b) {
    const auto n = static_cast<double>(a.size());
    double s = 0, s2 = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        s += a[i] - b[i];
        s2 += (a[i] - b[i]) * (a[i] - b[i]);
    }
    const double mean = s / n;
    return {mean, std::sqrt(std::max(0.0, s2 / n - mean * mean) / (n - 1))};
}

double slope(const std::vector<double>& dts, const std::vector<double>& errors) {
    const auto n = static_cast<double>(dts.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < dts.size(); ++i) {
        sx += std::log(dts[i]);
        sy += std::log(errors[i]);
        sxx += std::log(dts[i]) * std::log(dts[i]);
        sxy += std::log(dts[i]) * std::log(errors[i]);
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}
}  // namespace

TEST_CASE("expeuler: second order in V with event-exact jumps", "[validation]") {
    scenario base;
    base.model.i_app = 3.0;
    base.input.kind = input_kind::replay;
    base.run.t_end_ms = 20.0;
    for (int i = 0; i < 40; ++i) base.input.replay_events.push_back({0.3137 + i * 0.4771, i % 3 == 0 ? -2.0 : 1.5, -1, true});
    reference_options ro;
    ro.sample_dt_ms = 0.04;
    ro.abs_tol = 1e-13;
    ro.rel_tol = 1e-13;
    const reference_result ref = simulate_reference(base, 0, ro);
    const std::vector<double> dts{0.02, 0.01, 0.005, 0.0025};
    std::vector<double> errors;
    for (const double dt : dts) {
        scenario sc = base;
        sc.run.integrator = method::expeuler;
        sc.run.jumps = jump_timing::event_exact;
        sc.run.dt_ms = dt;
        sc.record.trace_trials = {0};
        sc.record.trace_every_steps = std::llround(0.04 / dt);
        const recording rec = simulate(sc);
        double err = 0;
        for (std::size_t j = 0; j < ref.v_mv.size(); ++j) err = std::max(err, std::abs(rec.traces[0].v_mv[j] - ref.v_mv[j]));
        errors.push_back(err);
    }
    const double order = slope(dts, errors);
    INFO("max |V error| " << errors[0] << ", " << errors[1] << ", " << errors[2] << ", " << errors[3] << " mV; order " << order);
    CHECK(order == Approx(2.0).margin(0.25));
}

TEST_CASE("expeuler: Monte Carlo rate bias at dt = 0.01 ms no larger than Euler's (paired, 500 trials)", "[statistical][validation]") {
    // The same 500 trials (same seed, so the same input events) with each integrator; the dt -> 0
    // limit is rk4 with event-exact jumps at dt = 0.01 ms, whose spike counts equal those at
    // dt = 0.0025 ms in every trial of this scenario (docs/numerics.md).
    const std::int64_t n = 500;
    const double t_s = 1.0;
    const std::vector<double> limit = counts(simulate([&] {
        scenario sc = s5000(method::rk4, 0.01, n, 1000.0 * t_s);
        sc.run.jumps = jump_timing::event_exact;
        return sc;
    }()));
    const std::vector<double> euler = counts(simulate(s5000(method::euler, 0.01, n, 1000.0 * t_s)));
    const std::vector<double> expeuler = counts(simulate(s5000(method::expeuler, 0.01, n, 1000.0 * t_s)));
    const auto [b_euler, se_euler] = paired(euler, limit);
    const auto [b_exp, se_exp] = paired(expeuler, limit);
    const auto [d, se_d] = paired(expeuler, euler);
    INFO("rate bias (Hz): euler " << b_euler / t_s << " +- " << se_euler / t_s << ", expeuler " << b_exp / t_s << " +- " << se_exp / t_s
                                  << ", expeuler - euler " << d / t_s << " +- " << se_d / t_s);
    // |bias| no larger than Euler's, up to 5 standard errors of the paired difference.
    CHECK(std::abs(b_exp) <= std::abs(b_euler) + 5 * se_d);
    CHECK(std::abs(b_exp) <= 5 * se_exp + 1e-12);  // and consistent with no bias at all
}

TEST_CASE("expeuler: stable at dt = 0.1 ms, where euler and rk4 blow up", "[validation]") {
    const std::vector<double> coarse = counts(simulate(s5000(method::expeuler, 0.1, 100, 1000.0)));
    scenario limit_sc = s5000(method::rk4, 0.01, 100, 1000.0);
    limit_sc.run.jumps = jump_timing::event_exact;
    const std::vector<double> limit = counts(simulate(limit_sc));
    const auto [bias, se] = paired(coarse, limit);
    INFO("expeuler at dt = 0.1 ms: rate " << std::accumulate(coarse.begin(), coarse.end(), 0.0) / 100.0 << " Hz, bias " << bias << " +- " << se
                                         << " Hz against the dt -> 0 limit");
    CHECK(std::abs(bias) < 2.0);  // Hz: 1 s trials
    CHECK_THROWS_AS(simulate(s5000(method::euler, 0.1, 100, 1000.0)), numerics_error);
    CHECK_THROWS_AS(simulate(s5000(method::rk4, 0.1, 100, 1000.0)), numerics_error);
}
