// Event generation for one trial (included by input.hpp). Continuous-time draws: each population's
// next event time is the previous one plus an exponential gap, so the events do not depend on dt.
#pragma once

#include <algorithm>
#include <cstddef>

#include "core/counter_rng.hpp"

namespace hhsim {

namespace detail {
inline double next_gap_ms(const input_plan::pop& pp, std::uint64_t seed, std::uint64_t trial, std::uint32_t q,
                          std::uint64_t draw_index, rng::words& w) {
    w = rng::draw(seed, trial, rng::population_events(q), draw_index);
    return rng::exponential(w.w[0], w.w[1]) / pp.event_rate_per_ms;
}
}  // namespace detail

template <typename Emit>
void emit_events_until(const input_plan& plan, std::uint64_t trial, event_cursor& cur, double t_end_ms, Emit&& emit) {
    if (plan.kind == input_kind::replay) {
        while (cur.replay_index < plan.replay.size() && plan.replay[cur.replay_index].t_ms <= t_end_ms) {
            emit(plan.replay[cur.replay_index]);
            ++cur.replay_index;
        }
        return;
    }
    if (plan.kind != input_kind::shot && plan.kind != input_kind::per_source) {
        return;
    }
    const std::size_t n_pops = plan.pops.size();
    for (;;) {
        // Few populations: a linear scan for the earliest next event is cheapest.
        std::size_t q = 0;
        double t_next = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < n_pops; ++i) {
            if (cur.next_t_ms[i] < t_next) {
                t_next = cur.next_t_ms[i];
                q = i;
            }
        }
        if (!(t_next <= t_end_ms)) {
            return;
        }
        const input_plan::pop& pp = plan.pops[q];
        const auto q32 = static_cast<std::uint32_t>(q);
        const std::uint64_t index = cur.draws[q];  // this event's draw; it also fixed its own time
        input_event ev;
        ev.t_ms = t_next;
        ev.jump_mv = pp.jump_mv;
        if (plan.kind == input_kind::per_source) {
            // Marking theorem: the superposition of the sources, with each spike's source drawn
            // in proportion to its rate and its release drawn with probability p, is exactly
            // count independent Poisson trains each thinned by p.
            const rng::words mark = rng::draw(plan.seed, trial, rng::population_transmission(q32), index);
            std::int64_t local = 0;
            if (pp.cumulative_rate_per_ms.empty()) {
                local = static_cast<std::int64_t>(rng::below(rng::bits64(mark.w[0], mark.w[1]), static_cast<std::uint64_t>(pp.count)));
            } else {
                const double target = rng::u01_open(mark.w[0], mark.w[1]) * pp.cumulative_rate_per_ms.back();
                const auto it = std::upper_bound(pp.cumulative_rate_per_ms.begin(), pp.cumulative_rate_per_ms.end(), target);
                local = std::min<std::int64_t>(it - pp.cumulative_rate_per_ms.begin(), pp.count - 1);
            }
            ev.source = pp.source_offset + local;
            ev.transmitted = rng::u01_open(mark.w[2], mark.w[3]) < pp.release_probability;
        }
        emit(static_cast<const input_event&>(ev));
        rng::words w;
        cur.next_t_ms[q] = t_next + detail::next_gap_ms(pp, plan.seed, trial, q32, index + 1, w);
        cur.draws[q] = index + 1;
    }
}

}  // namespace hhsim
