#pragma once
// Presynaptic input: a list of Poisson populations turned into delta-pulse events (shot noise),
// or into Campbell's drift and diffusion (diffusion approximation), or a user's replayed event list.
// Theory: docs/theory.md, "Input". Random draws: docs/rng.md.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/effect_target.hpp"
#include "core/enum_names.hpp"

namespace hhsim {

/// The release probability of a population that does not give one, in every front end (TOML,
/// --population's shortcuts, Python): the classic scenario's p (docs/parameters.md).
inline constexpr double default_release_probability = 0.5;

/// Independent Poisson sources with one release probability and one jump size.
struct population {
    std::int64_t count = 0;               ///< number of presynaptic sources
    double rate_hz = 0.0;                 ///< firing rate of each source, Hz
    double release_probability = default_release_probability;  ///< probability that a presynaptic spike is transmitted, [0, 1]
    double jump_mv = 0.0;                 ///< jump of V per transmitted spike, mV (charge / C_m)
    std::vector<double> source_rates_hz;  ///< optional per-source rates (Hz), size count; empty: all rate_hz
    /// Key of the population's random streams (docs/rng.md), in [0, rng::max_populations), distinct
    /// across populations; unset: its position in the list. With ids, inserting or reordering
    /// populations (with their ids) leaves every other population's events unchanged.
    std::optional<std::int64_t> stream_id;
};

enum class input_kind {
    none,        ///< no synaptic input
    shot,        ///< aggregated shot noise: one compound Poisson process per population, rate count*p*rate
    per_source,  ///< every presynaptic spike with its source index and transmission outcome
    diffusion,   ///< Gaussian white noise with Campbell's mean and variance
    replay,      ///< a user's event list, identical in every trial
};

/// One input event: a presynaptic spike (per_source, replay) or a transmitted pulse (shot).
struct input_event {
    double t_ms = 0.0;                ///< event time, ms
    double jump_mv = 0.0;             ///< jump applied to V if transmitted, mV
    std::int64_t source = -1;         ///< global source index (populations in order), -1 if unknown
    bool transmitted = true;          ///< false: the spike failed to release and V does not move
};

struct input_params {
    input_kind kind = input_kind::shot;
    std::vector<population> populations;
    std::vector<input_event> replay_events;  ///< for input_kind::replay, any order (sorted by time on use)
};

/// The stream id of population q: its stream_id, or q when none is given.
inline std::int64_t stream_id(const input_params& in, std::size_t q) {
    return in.populations[q].stream_id.value_or(static_cast<std::int64_t>(q));
}

/// Campbell's theorem for the summed pulse train: drift mu = sum p*r*J (mV/ms) and
/// intensity sigma^2 = sum p*r*J^2 (mV^2/ms), with r in 1/ms.
struct campbell_moments {
    double mu_mv_per_ms = 0.0;
    double sigma2_mv2_per_ms = 0.0;
};

campbell_moments campbell(const std::vector<population>& populations);

/// Events per ms the generator draws for a population: count*p*rate for shot noise (transmitted
/// pulses), the untinned source rate for per-source input (failures are events too).
double event_rate_per_ms(const population& pop, input_kind kind);

/// Length of the time windows events are drawn in: 2^j ms with rate*W in (8, 16]; 0 for rate 0.
double event_window_ms(double event_rate_per_ms);

/// Throws input_error naming the first invalid field (count < 0, rate < 0 or non-finite,
/// p outside [0, 1], non-finite jump, per-source rates of the wrong size, replay problems).
void validate(const input_params& in);

/// The names of the input kinds, written once (core/enum_names.hpp).
inline constexpr std::array<enum_name<input_kind>, 5> input_kind_names{{{input_kind::none, "none"},
                                                                        {input_kind::shot, "shot"},
                                                                        {input_kind::per_source, "per-source"},
                                                                        {input_kind::diffusion, "diffusion"},
                                                                        {input_kind::replay, "replay"}}};
input_kind parse_input_kind(const std::string& name);
std::string to_string(input_kind kind);

/// An input_params prepared for event generation: per-population event rates (1/ms), the time
/// windows events are drawn in, cumulative per-source rates for heterogeneous populations, the
/// sorted replay list and Campbell's moments.
struct input_plan {
    struct pop {
        double event_rate_per_ms;       ///< shot: count*p*r; per_source: sum of source rates (untinned)
        double window_ms;               ///< 2^j ms with rate*window in (8, 16]; depends on the rate only
        double mean_per_window;         ///< event_rate_per_ms * window_ms
        double p_zero;                  ///< exp(-mean_per_window), start of the Poisson inversion
        double jump_mv;
        double release_probability;
        std::int64_t count;
        std::int64_t source_offset;     ///< global index of this population's first source
        std::uint32_t stream_id;        ///< keys its random streams (population::stream_id, or its position)
        effect_target target;           ///< what its transmitted events change (V, by jump_mv)
        std::vector<double> cumulative_rate_per_ms;  ///< heterogeneous per_source only
        /// P(N <= k) for the window count N ~ Poisson(mean_per_window), k = 0..64, summed term by term
        /// exactly as detail::poisson_small does, so a count looked up here equals the inversion's.
        std::vector<double> count_cdf;
    };
    input_kind kind = input_kind::none;
    std::vector<pop> pops;
    std::vector<input_event> replay;    ///< sorted by time
    campbell_moments moments;
    std::uint64_t seed = 0;
};

input_plan make_input_plan(const input_params& in, std::uint64_t seed);

/// Where one trial's event generator stands, per population: the next window to draw and the
/// drawn events of a window that reaches past the last emitted time. Plain data, so a trial can be
/// advanced in chunks of any length with the same events.
struct event_cursor {
    std::vector<std::uint64_t> next_window;
    std::vector<std::vector<input_event>> pending;
    std::size_t replay_index = 0;
};

/// Cursor at t = 0 for any trial.
event_cursor start_events(const input_plan& plan);

/// Emit every event of `trial` with time <= t_end_ms that the cursor has not yet emitted, calling
/// emit(const input_event&). Within a population events come in time order, but populations are
/// not interleaved: callers that need one time-ordered stream sort (sort_by_time). Event times are
/// drawn in continuous time and do not depend on any step size.
template <typename Emit>
void emit_events_until(const input_plan& plan, std::uint64_t trial, event_cursor& cur, double t_end_ms, Emit&& emit);

/// The same; with_sources = false leaves per-source events' source at -1 (the engine needs only the
/// release decision of events nobody records, and the source index costs a 128-bit product).
template <typename Emit>
void emit_events_until(const input_plan& plan, std::uint64_t trial, event_cursor& cur, double t_end_ms, bool with_sources, Emit&& emit);

/// Stable sort by time (ties keep emission order).
void sort_by_time(std::vector<input_event>& events);

}  // namespace hhsim

#include "core/input_events.ipp"
