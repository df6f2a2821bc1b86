// Event generation for one trial (included by input.hpp). docs/theory.md "Input" and docs/rng.md.
// Each population's time axis is cut into windows of fixed length W (a power of two in ms, chosen
// from the rate alone, with rate * W in (8, 16]). Window w holds N ~ Poisson(rate * W) events at independent uniform times in
// [wW, (w+1)W): exactly a Poisson process, with no draw depending on an earlier one, so generation
// pipelines well and the events never depend on dt or on how a run is chunked.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

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

/// The partial sums cdf[k] = P(N <= k), k = 0..poisson_cap, that poisson_small compares u with, each
/// computed by the same operations in the same order (so they are the same doubles).
inline std::vector<double> poisson_cdf(double mean, double p_zero) {
    std::vector<double> cdf(poisson_cap + 1);
    double p = p_zero;
    double sum = p;
    cdf[0] = sum;
    for (std::uint32_t k = 1; k <= poisson_cap; ++k) {
        p *= mean * inverse_integers[k];
        sum += p;
        cdf[k] = sum;
    }
    return cdf;
}

/// poisson_small(u, mean, p_zero) from the table poisson_cdf(mean, p_zero): the number of k < cap with
/// u > cdf[k] (the sums never decrease), counted without branches.
inline std::uint32_t poisson_from_cdf(double u, const double* cdf) {
    std::uint32_t k = 0;
#pragma omp simd reduction(+ : k)
    for (std::uint32_t j = 0; j < poisson_cap; ++j) k += u > cdf[j] ? 1u : 0u;
    return k;
}

/// Draw window w of population q (its streams keyed by its stream id) and hand each event to
/// sink(input_event). One draw gives the count (words 0, 1) and the first event's time (words 2, 3);
/// later events take two times per draw. The draws of a window's times and marks do not depend on
/// each other, so they are made in vectorised loops over the window's events. with_sources: whether
/// per-source events need their source index (only recorded events do; the release decision is
/// always drawn).
template <typename Sink>
void draw_window(const input_plan& plan, std::uint64_t trial, std::uint32_t q, std::uint64_t w, bool with_sources, Sink&& sink) {
    const input_plan::pop& pp = plan.pops[q];
    const rng::words cw = rng::draw(plan.seed, trial, rng::population_counts(pp.stream_id), w);
    const std::uint32_t count = poisson_from_cdf(rng::u01_open(cw.w[0], cw.w[1]), pp.count_cdf.data());
    if (count == 0) return;
    const double start = static_cast<double>(w) * pp.window_ms;  // exact: W is a power of two
    const std::uint64_t seed = plan.seed;
    // Event j's uniform time in the window: j = 0 from the count draw, j = 1, 2 from the draw with
    // index (w << bits) | 1, j = 3, 4 from (w << bits) | 3, ...
    alignas(64) double t[poisson_cap + 2];
    t[0] = start + rng::u01_open(cw.w[2], cw.w[3]) * pp.window_ms;
    const std::uint32_t times_code = rng::population_times(pp.stream_id);
    const std::uint32_t pairs = count / 2;  // draws for j = 1 .. count - 1
    const std::uint64_t base = w << rng::window_event_bits;
#pragma omp simd
    for (std::uint32_t i = 0; i < pairs; ++i) {
        const std::uint32_t j = 2 * i + 1;
        const rng::words tw = rng::draw(seed, trial, times_code, base | j);
        t[j] = start + rng::u01_open(tw.w[0], tw.w[1]) * pp.window_ms;
        t[j + 1] = start + rng::u01_open(tw.w[2], tw.w[3]) * pp.window_ms;
    }
    if (plan.kind != input_kind::per_source) {
        input_event ev;
        ev.jump_mv = pp.jump_mv;
        for (std::uint32_t j = 0; j < count; ++j) {
            ev.t_ms = t[j];
            sink(ev);
        }
        return;
    }
    // Marking theorem: the superposition of the sources with each spike's source drawn in proportion
    // to its rate and its release drawn with probability p is exactly `count` independent Poisson
    // trains, each thinned by p.
    const std::uint32_t marks_code = rng::population_marks(pp.stream_id);
    alignas(64) std::uint64_t source_bits[poisson_cap + 1];
    alignas(64) double source_u[poisson_cap + 1];
    alignas(64) std::uint64_t released[poisson_cap + 1];
    const double p_release = pp.release_probability;
#pragma omp simd
    for (std::uint32_t j = 0; j < count; ++j) {
        const rng::words mark = rng::draw(seed, trial, marks_code, base | j);
        source_bits[j] = rng::bits64(mark.w[0], mark.w[1]);
        source_u[j] = rng::u01_open(mark.w[0], mark.w[1]);
        released[j] = rng::u01_open(mark.w[2], mark.w[3]) < p_release ? 1u : 0u;
    }
    input_event ev;
    ev.jump_mv = pp.jump_mv;
    for (std::uint32_t j = 0; j < count; ++j) {
        ev.t_ms = t[j];
        ev.transmitted = released[j] != 0;
        ev.source = -1;
        if (with_sources) {
            std::int64_t local = 0;
            if (pp.cumulative_rate_per_ms.empty()) {
                local = static_cast<std::int64_t>(rng::below(source_bits[j], static_cast<std::uint64_t>(pp.count)));
            } else {
                const double target = source_u[j] * pp.cumulative_rate_per_ms.back();
                const auto it = std::upper_bound(pp.cumulative_rate_per_ms.begin(), pp.cumulative_rate_per_ms.end(), target);
                local = std::min<std::int64_t>(it - pp.cumulative_rate_per_ms.begin(), pp.count - 1);
            }
            ev.source = pp.source_offset + local;
        }
        sink(ev);
    }
}
}  // namespace detail

template <typename Emit>
void emit_events_until(const input_plan& plan, std::uint64_t trial, event_cursor& cur, double t_end_ms, Emit&& emit) {
    emit_events_until(plan, trial, cur, t_end_ms, true, std::forward<Emit>(emit));
}

template <typename Emit>
void emit_events_until(const input_plan& plan, std::uint64_t trial, event_cursor& cur, double t_end_ms, bool with_sources, Emit&& emit) {
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
            detail::draw_window(plan, trial, static_cast<std::uint32_t>(q), w, with_sources, [&](const input_event& ev) {
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
