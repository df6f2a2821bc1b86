#include "core/reference_odeint.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <boost/numeric/odeint.hpp>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/simulation.hpp"

namespace hhsim {

namespace {
using state4 = std::array<double, 4>;
namespace odeint = boost::numeric::odeint;
}  // namespace

reference_result simulate_reference(const scenario& sc, std::uint64_t trial, const reference_options& opt) {
    validate(sc);
    require(sc.input.kind != input_kind::diffusion,
            "reference: input kind 'diffusion' is invalid; the reference integrator is deterministic between events");
    require(std::isfinite(opt.sample_dt_ms) && opt.sample_dt_ms > 0,
            cat("reference: sample_dt_ms = ", opt.sample_dt_ms, " ms is invalid; must be > 0"));
    const double samples_real = sc.run.t_end_ms / opt.sample_dt_ms;
    const auto n_samples = static_cast<std::int64_t>(std::llround(samples_real));
    require(std::abs(samples_real - static_cast<double>(n_samples)) <= std::max(1e-9, 16 * std::numeric_limits<double>::epsilon() * samples_real),
            cat("reference: t_end_ms = ", sc.run.t_end_ms, " ms must be a whole number of sample_dt_ms = ", opt.sample_dt_ms, " ms"));

    const input_plan plan = make_input_plan(sc.input, sc.run.seed);
    event_cursor cursor = start_events(plan);
    std::vector<input_event> events;
    emit_events_until(plan, trial, cursor, sc.run.t_end_ms, [&](const input_event& ev) {
        if (ev.transmitted) events.push_back(ev);
    });
    sort_by_time(events);

    const hh_params& p = sc.model;
    const auto rhs = [&p](const state4& x, state4& dxdt, double /*t*/) {
        const hh_state d = hh_derivatives({x[0], x[1], x[2], x[3]}, p);
        dxdt = {d.v, d.m, d.h, d.n};
    };
    reference_result out;
    const auto record = [&](const state4& x, double t) {
        out.t_ms.push_back(t);
        out.v_mv.push_back(x[0]);
        out.m.push_back(x[1]);
        out.h.push_back(x[2]);
        out.n.push_back(x[3]);
    };
    const hh_state s0 = initial_state(sc.v0_mv);
    state4 x{s0.v, s0.m, s0.h, s0.n};
    record(x, 0.0);

    // Sample j sits at j * sample_dt (integer clock). Paths are right-continuous: a sample at an
    // event time shows the state after the jump, as simulate() does at step boundaries.
    const auto sample_time = [&](std::int64_t j) { return static_cast<double>(j) * opt.sample_dt_ms; };
    const double tie = 1e-9 * opt.sample_dt_ms;
    std::int64_t next_sample = 1;
    double t = 0.0;
    std::size_t e = 0;
    auto stepper = odeint::make_dense_output(opt.abs_tol, opt.rel_tol, odeint::runge_kutta_dopri5<state4>());
    while (next_sample <= n_samples) {
        const double t_stop = e < events.size() ? std::min(events[e].t_ms, sc.run.t_end_ms) : sc.run.t_end_ms;
        std::vector<double> times{t};
        while (next_sample <= n_samples && sample_time(next_sample) < t_stop - tie) {
            times.push_back(sample_time(next_sample));
            ++next_sample;
        }
        if (t_stop > times.back()) times.push_back(t_stop);
        if (times.size() > 1) {
            std::size_t seen = 0;
            odeint::integrate_times(stepper, rhs, x, times.begin(), times.end(), std::min(0.01, t_stop - t),
                                    [&](const state4& xs, double ts) {
                                        // integrate_times reports its start and the stop as well.
                                        if (seen++ > 0 && ts < t_stop - tie) record(xs, ts);
                                    });
        }
        t = t_stop;
        while (e < events.size() && events[e].t_ms <= t + tie) {
            x[0] += events[e].jump_mv;
            ++e;
        }
        if (next_sample <= n_samples && std::abs(sample_time(next_sample) - t) <= tie) {
            record(x, sample_time(next_sample));
            ++next_sample;
        }
        if (t >= sc.run.t_end_ms - tie) break;
        if (!(std::abs(x[0]) <= blow_up_limit_mv)) {
            throw numerics_error(cat("numerics: trial ", trial, " blew up (V = ", x[0], " mV, |V| > ", blow_up_limit_mv,
                                     " mV or not finite) by t = ", t, " ms with integrator reference (odeint dopri5); ",
                                     "the drive took V out of range: check jump_mV, the source rates and i_app"));
        }
    }
    out.final_state = {x[0], x[1], x[2], x[3]};

    bool armed = s0.v < sc.record.spike_rearm_mv;
    const double thr = sc.record.spike_threshold_mv;
    for (std::size_t j = 1; j < out.v_mv.size(); ++j) {
        const double v_old = out.v_mv[j - 1];
        const double v_new = out.v_mv[j];
        if (armed && v_old < thr && v_new >= thr) {
            out.spike_times_ms.push_back(out.t_ms[j - 1] + (thr - v_old) / (v_new - v_old) * (out.t_ms[j] - out.t_ms[j - 1]));
            armed = false;
        } else if (!armed && v_new < sc.record.spike_rearm_mv) {
            armed = true;
        }
    }
    return out;
}

}  // namespace hhsim
