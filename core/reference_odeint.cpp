#include "core/reference_odeint.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <boost/numeric/odeint.hpp>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/spike_detector.hpp"

namespace hhsim {

namespace {
using state4 = std::array<double, n_state_vars>;  // odeint's state: the variables of HH_CELL_STATE in order
hh_state to_cell(const state4& x) {
    hh_state s;
    for_each_state_var([&](auto i) { s.*state_member<double, i>() = x[i]; });
    return s;
}
state4 to_array(const hh_state& s) {
    state4 x;
    for_each_state_var([&](auto i) { x[i] = s.*state_member<double, i>(); });
    return x;
}
namespace odeint = boost::numeric::odeint;
constexpr std::size_t iv = static_cast<std::size_t>(state_var::v);  // V in odeint's state
}  // namespace

reference_result simulate_reference(const scenario& sc, std::uint64_t trial, const reference_options& opt) {
    return simulate_reference(validate(sc), trial, opt);
}

reference_result simulate_reference(const validated_scenario& vs, std::uint64_t trial, const reference_options& opt) {
    const scenario& sc = vs.value();
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
        dxdt = to_array(hh_derivatives(to_cell(x), p));
    };
    reference_result out;
    const auto record = [&](const state4& x, double t) {
        out.t_ms.push_back(t);
        std::size_t i = 0;
#define HH_REFERENCE_APPEND(name, trace_member, ...) out.trace_member.push_back(x[i++]);
        HH_CELL_STATE(HH_REFERENCE_APPEND)
#undef HH_REFERENCE_APPEND
    };
    const hh_state s0 = initial_state(sc.start, sc.v0_mv, p);
    state4 x = to_array(s0);
    record(x, 0.0);

    // The trajectory: dopri5 with dense output, free-running between events (it never stops at a
    // sample), re-initialised after each jump. Samples and threshold crossings are read off its
    // continuous extension, so neither depends on sample_dt. Paths are right-continuous: a sample at
    // an event time (up to `tie`) shows the state after the jump, as simulate() does.
    const auto sample_time = [&](std::int64_t j) { return static_cast<double>(j) * opt.sample_dt_ms; };
    const double tie = 1e-9 * opt.sample_dt_ms;
    const spike_detector det = detector_of(sc.record);
    const double thr = det.threshold_mv;
    bool armed = det.armed_at_start(s0.v);
    std::int64_t next_sample = 1;
    double t = 0.0;
    // Step sizes (ms): the controller adapts them up to max_dt; a restart after a jump begins with
    // the last proposal but at most restart_dt, since the jump may have woken the fast dynamics (a
    // step grown long at rest would otherwise be tried across a spike).
    constexpr double max_dt = 0.1;
    constexpr double restart_dt = 0.01;
    double dt_guess = 1e-3;
    std::size_t e = 0;
    auto stepper = odeint::make_dense_output(opt.abs_tol, opt.rel_tol, max_dt, odeint::runge_kutta_dopri5<state4>());
    state4 xs{};
    const auto v_at = [&](double ts) {
        stepper.calc_state(ts, xs);
        return xs[iv];
    };
    while (true) {
        const bool at_event = e < events.size();
        const double t_stop = at_event ? std::min(events[e].t_ms, sc.run.t_end_ms) : sc.run.t_end_ms;
        if (t_stop > t) {
            stepper.initialize(x, t, std::min(dt_guess, restart_dt));
            while (true) {
                const auto [t0, t1] = stepper.do_step(rhs);
                const double t_hi = std::min(t1, t_stop);
                for (; next_sample <= n_samples && sample_time(next_sample) <= t_hi && sample_time(next_sample) < t_stop - tie; ++next_sample) {
                    stepper.calc_state(sample_time(next_sample), xs);
                    record(xs, sample_time(next_sample));
                }
                // Upward crossing in [t0, t_hi]: bisection on the continuous extension down to
                // adjacent doubles (dopri5's extension is of order 4, so at tolerance 1e-11 the
                // crossing time is good to far below 1e-8 ms).
                const double v_lo = stepper.previous_state()[iv];
                const double v_hi = t_hi == t1 ? stepper.current_state()[iv] : v_at(t_hi);
                if (det.fires(armed, v_lo, v_hi)) {
                    double lo = t0, hi = t_hi;
                    for (int i = 0; i < 200; ++i) {
                        const double mid = 0.5 * (lo + hi);
                        if (mid <= lo || mid >= hi) break;
                        (v_at(mid) < thr ? lo : hi) = mid;
                    }
                    out.spike_times_ms.push_back(hi);
                    armed = false;
                }
                armed = det.rearmed(armed, v_hi);
                if (t1 >= t_stop) {
                    if (t1 == t_stop) {
                        x = stepper.current_state();
                    } else {
                        stepper.calc_state(t_stop, x);
                    }
                    dt_guess = stepper.current_time_step();
                    break;
                }
                if (!(std::abs(stepper.current_state()[iv]) <= blow_up_limit_mv)) {
                    throw numerics_error(cat("numerics: trial ", trial, " blew up (V = ", stepper.current_state()[iv], " mV, |V| > ",
                                             blow_up_limit_mv, " mV or not finite) by t = ", t1, " ms with integrator reference ",
                                             "(odeint dopri5); the drive took V out of range: check jump_mV, the source rates and i_app"));
                }
            }
        }
        t = std::max(t, t_stop);
        // Every event at this time (up to `tie`); a jump that carries V over the threshold is a
        // spike at the event time.
        while (e < events.size() && events[e].t_ms <= t + tie) {
            // The effect's target is V (the only target today: input.hpp, effect_target).
            const double v_pre = x[iv];
            x[iv] += events[e].jump_mv;
            if (det.fires(armed, v_pre, x[iv])) {
                out.spike_times_ms.push_back(events[e].t_ms);
                armed = false;
            }
            armed = det.rearmed(armed, x[iv]);
            ++e;
        }
        for (; next_sample <= n_samples && sample_time(next_sample) <= t + tie; ++next_sample) record(x, sample_time(next_sample));
        if (!at_event || t >= sc.run.t_end_ms) break;
        if (!(std::abs(x[iv]) <= blow_up_limit_mv)) {
            throw numerics_error(cat("numerics: trial ", trial, " blew up (V = ", x[iv], " mV, |V| > ", blow_up_limit_mv,
                                     " mV or not finite) by t = ", t, " ms with integrator reference (odeint dopri5); ",
                                     "the drive took V out of range: check jump_mV, the source rates and i_app"));
        }
    }
    // Events after t_end never exist (emitted up to t_end); samples up to n_samples are all recorded.
    out.final_state = to_cell(x);
    return out;
}

}  // namespace hhsim
