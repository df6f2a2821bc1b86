// Event generation for one trial (included by input.hpp). docs/theory.md "Input" and docs/rng.md.
// Each population's time axis is cut into windows of fixed length W (a power of two in ms, chosen
// from the rate alone, with rate * W in (8, 16]). Window w holds N ~ Poisson(rate * W) events at independent uniform times in
// [wW, (w+1)W): exactly a Poisson process, with no draw depending on an earlier one, so generation
// pipelines well and the events never depend on dt or on how a run is chunked.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "core/counter_rng.hpp"

namespace hhsim {

namespace detail {
/// Poisson(mean) count by inversion of one uniform; mean <= 16, so at most a few dozen iterations.
constexpr std::uint32_t poisson_cap = 64;
/// 1/k for k = 0..poisson_cap (entry 0 unused): multiplication instead of division in the inversion.
inline constexpr auto inverse_integers = [] {
    std::array<double, poisson_cap + 1> inv{};
    for (std::uint32_t k = 1; k <= poisson_cap; ++k) inv[k] = 1.0 / static_cast<double>(k);
    return inv;
}();

inline std::uint32_t poisson_small(double u, double mean, double p_zero) {
    std::uint32_t k = 0;
    double p = p_zero;
    double cdf = p;
    // The cap only matters if rounding leaves cdf a few ulp below u ~ 1 (probability ~1e-16);
    // P(N >= 64) for mean <= 16 is below 1e-18.
    while (u > cdf && k < poisson_cap) {
        ++k;
        p *= mean * inverse_integers[k];
        cdf += p;
    }
    return k;
}

/// Draw window w of population q (its streams keyed by its stream id) and hand each event to sink(input_event). One draw gives the
/// count (words 0, 1) and the first event's time (words 2, 3); later events take two times per draw.
template <typename Sink>
void draw_window(const input_plan& plan, std::uint64_t trial, std::uint32_t q, std::uint64_t w, Sink&& sink) {
    const input_plan::pop& pp = plan.pops[q];
    const rng::words cw = rng::draw(plan.seed, trial, rng::population_counts(pp.stream_id), w);
    const std::uint32_t count = poisson_small(rng::u01_open(cw.w[0], cw.w[1]), pp.mean_per_window, pp.p_zero);
    const double start = static_cast<double>(w) * pp.window_ms;  // exact: W is a power of two
    rng::words tw{};
    for (std::uint32_t j = 0; j < count; ++j) {
        const std::uint64_t index = (w << rng::window_event_bits) | j;
        double u;
        if (j == 0) {
            u = rng::u01_open(cw.w[2], cw.w[3]);
        } else {
            // Events 1, 2 share the draw with index (w << bits) | 1, events 3, 4 the next one, ...
            if ((j & 1u) != 0) tw = rng::draw(plan.seed, trial, rng::population_times(pp.stream_id), index);
            u = (j & 1u) != 0 ? rng::u01_open(tw.w[0], tw.w[1]) : rng::u01_open(tw.w[2], tw.w[3]);
        }
        input_event ev;
        ev.t_ms = start + u * pp.window_ms;
        ev.jump_mv = pp.jump_mv;
        if (plan.kind == input_kind::per_source) {
            // Marking theorem: the superposition of the sources with each spike's source drawn in
            // proportion to its rate and its release drawn with probability p is exactly `count`
            // independent Poisson trains, each thinned by p.
            const rng::words mark = rng::draw(plan.seed, trial, rng::population_marks(pp.stream_id), index);
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
        sink(ev);
    }
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
    for (std::size_t q = 0; q < plan.pops.size(); ++q) {
        const input_plan::pop& pp = plan.pops[q];
        if (!(pp.event_rate_per_ms > 0)) continue;
        std::vector<input_event>& pending = cur.pending[q];
        if (!pending.empty()) {
            // Events of a window that straddled the previous t_end.
            std::size_t kept = 0;
            for (const input_event& ev : pending) {
                if (ev.t_ms <= t_end_ms) {
                    emit(ev);
                } else {
                    pending[kept++] = ev;
                }
            }
            pending.resize(kept);
        }
        std::uint64_t& w = cur.next_window[q];
        while (static_cast<double>(w) * pp.window_ms <= t_end_ms) {
            detail::draw_window(plan, trial, static_cast<std::uint32_t>(q), w, [&](const input_event& ev) {
                if (ev.t_ms <= t_end_ms) {
                    emit(ev);
                } else {
                    pending.push_back(ev);
                }
            });
            ++w;
        }
    }
}

}  // namespace hhsim
