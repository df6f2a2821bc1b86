#include "core/input.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/units.hpp"

namespace hhsim {

namespace {
// Total presynaptic rate of a population in 1/ms (sum over sources).
double total_source_rate_per_ms(const population& pop) {
    if (pop.source_rates_hz.empty()) {
        return static_cast<double>(pop.count) * hz_to_per_ms(pop.rate_hz);
    }
    double sum_hz = 0.0;
    for (const double r : pop.source_rates_hz) {
        sum_hz += r;
    }
    return hz_to_per_ms(sum_hz);
}
}  // namespace

campbell_moments campbell(const std::vector<population>& populations) {
    campbell_moments out;
    for (const population& pop : populations) {
        const double transmitted_rate = pop.release_probability * total_source_rate_per_ms(pop);
        out.mu_mv_per_ms += transmitted_rate * pop.jump_mv;
        out.sigma2_mv2_per_ms += transmitted_rate * pop.jump_mv * pop.jump_mv;
    }
    return out;
}

double event_rate_per_ms(const population& pop, input_kind kind) {
    const double source_rate = total_source_rate_per_ms(pop);
    return kind == input_kind::per_source ? source_rate : pop.release_probability * source_rate;
}

double event_window_ms(double rate_per_ms) {
    // Window W = 2^j ms with rate*W in (8, 16]: about 0.6 draws per event (one per window for
    // the count and the first time, one per two further times); the Poisson inversion stays short.
    return rate_per_ms > 0 ? std::exp2(std::floor(std::log2(16.0 / rate_per_ms))) : 0.0;
}

void validate(const input_params& in) {
    require_that(in.populations.size() <= rng::max_populations,
            "input: ", in.populations.size(), " populations is invalid; at most ", rng::max_populations, " are supported");
    // Stream ids in range and distinct (sorted, so that thousands of populations cost no quadratic scan).
    std::vector<std::pair<std::int64_t, std::size_t>> ids;
    ids.reserve(in.populations.size());
    for (std::size_t i = 0; i < in.populations.size(); ++i) {
        const std::int64_t id = stream_id(in, i);
        require_that(id >= 0 && id < static_cast<std::int64_t>(rng::max_populations),
                "input: population ", i, ": stream_id = ", id, " is invalid; must lie in [0, ", rng::max_populations, ")");
        ids.emplace_back(id, i);
    }
    std::sort(ids.begin(), ids.end());
    for (std::size_t k = 1; k < ids.size(); ++k) {
        const auto [id, i] = ids[k];
        const std::size_t j = ids[k - 1].second;
        require_that(id != ids[k - 1].first, "input: populations ", std::min(i, j), " and ", std::max(i, j), " have the same stream id ", id,
                " (a population without stream_id uses its position); stream ids must be distinct");
    }
    for (std::size_t i = 0; i < in.populations.size(); ++i) {
        const population& pop = in.populations[i];
        const std::string where = cat("input: population ", i, ": ");
        require_that(pop.count >= 0, where, "count = ", pop.count, " is invalid; must be >= 0");
        require_that(std::isfinite(pop.rate_hz) && pop.rate_hz >= 0,
                where, "rate_hz = ", pop.rate_hz, " Hz is invalid; must be finite and >= 0");
        require_that(pop.release_probability >= 0 && pop.release_probability <= 1,
                where, "release_probability = ", pop.release_probability, " is invalid; must lie in [0, 1]");
        require_that(std::isfinite(pop.jump_mv), where, "jump_mv = ", pop.jump_mv, " mV is invalid; must be finite");
        if (!pop.source_rates_hz.empty()) {
            require_that(static_cast<std::int64_t>(pop.source_rates_hz.size()) == pop.count,
                    where, "source_rates_hz has ", pop.source_rates_hz.size(), " entries; must have count = ", pop.count);
            for (std::size_t k = 0; k < pop.source_rates_hz.size(); ++k) {
                const double r = pop.source_rates_hz[k];
                require_that(std::isfinite(r) && r >= 0,
                        where, "source_rates_hz[", k, "] = ", r, " Hz is invalid; must be finite and >= 0");
            }
        }
    }
    if (in.kind == input_kind::replay) {
        for (std::size_t k = 0; k < in.replay_events.size(); ++k) {
            const input_event& ev = in.replay_events[k];
            require_that(std::isfinite(ev.t_ms) && ev.t_ms > 0,
                    "input: replay event ", k, ": t_ms = ", ev.t_ms, " ms is invalid; must be finite and > 0");
            require_that(std::isfinite(ev.jump_mv), "input: replay event ", k, ": jump_mv = ", ev.jump_mv, " mV is invalid; must be finite");
            require_that(ev.source >= -1, "input: replay event ", k, ": source = ", ev.source, " is invalid; must be >= 0 (or -1: unknown)");
        }
    }
}

input_kind parse_input_kind(const std::string& name) { return value_of(input_kind_names, name, "input.kind"); }
std::string to_string(input_kind kind) { return name_of(input_kind_names, kind); }

input_plan make_input_plan(const input_params& in, std::uint64_t seed) {
    validate(in);
    input_plan plan;
    plan.kind = in.kind;
    plan.seed = seed;
    plan.moments = campbell(in.populations);
    std::int64_t offset = 0;
    for (const population& pop : in.populations) {
        input_plan::pop pp;
        pp.event_rate_per_ms = event_rate_per_ms(pop, in.kind);
        pp.window_ms = event_window_ms(pp.event_rate_per_ms);
        pp.mean_per_window = pp.event_rate_per_ms * pp.window_ms;
        pp.p_zero = std::exp(-pp.mean_per_window);
        pp.count_cdf = detail::poisson_cdf(pp.mean_per_window, pp.p_zero);
        pp.jump_mv = pop.jump_mv;
        pp.release_probability = pop.release_probability;
        pp.count = pop.count;
        pp.source_offset = offset;
        pp.stream_id = static_cast<std::uint32_t>(stream_id(in, plan.pops.size()));
        pp.target = effect_target::v;
        if (in.kind == input_kind::per_source && !pop.source_rates_hz.empty()) {
            double running = 0.0;
            pp.cumulative_rate_per_ms.reserve(pop.source_rates_hz.size());
            for (const double r : pop.source_rates_hz) {
                running += hz_to_per_ms(r);
                pp.cumulative_rate_per_ms.push_back(running);
            }
        }
        offset += pop.count;
        plan.pops.push_back(std::move(pp));
    }
    if (in.kind == input_kind::replay) {
        plan.replay = in.replay_events;
        sort_by_time(plan.replay);
    }
    return plan;
}

event_cursor start_events(const input_plan& plan) {
    event_cursor cur;
    cur.next_window.assign(plan.pops.size(), 0);
    cur.pending.resize(plan.pops.size());
    return cur;
}

void sort_by_time(std::vector<input_event>& events) {
    std::stable_sort(events.begin(), events.end(), [](const input_event& a, const input_event& b) { return a.t_ms < b.t_ms; });
}

}  // namespace hhsim
