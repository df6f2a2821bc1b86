#include "core/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/recording.hpp"
#include "core/simulation.hpp"
#include "core/units.hpp"

namespace hhsim {

namespace {
// Per block in flight: a chunk of kicks (1024 steps x 64 cells, or 128 in f32), the state, and the
// spike buffer advance writes into (room for a spike per cell and step: 2 MiB, touched only as used).
constexpr double block_buffer_bytes = 600.0 * 1024 + 2.0 * 1024 * 1024;

double expected_events(const scenario& sc) {
    if (sc.input.kind == input_kind::replay) return static_cast<double>(sc.input.replay_events.size());
    if (sc.input.kind != input_kind::shot && sc.input.kind != input_kind::per_source) return 0.0;
    double rate_per_ms = 0.0;
    for (const population& pop : sc.input.populations) {
        double source_hz = static_cast<double>(std::max<std::int64_t>(pop.count, 0)) * pop.rate_hz;
        if (!pop.source_rates_hz.empty()) {
            source_hz = 0.0;
            for (const double r : pop.source_rates_hz) source_hz += r;
        }
        const double p = sc.input.kind == input_kind::per_source ? 1.0 : pop.release_probability;
        if (std::isfinite(source_hz) && std::isfinite(p)) rate_per_ms += std::max(0.0, p * hz_to_per_ms(source_hz));
    }
    const double mean = rate_per_ms * std::max(0.0, sc.run.t_end_ms);
    return mean + 5.0 * std::sqrt(mean);
}

std::size_t distinct(std::vector<trial_index> trials) {
    std::sort(trials.begin(), trials.end());
    return static_cast<std::size_t>(std::unique(trials.begin(), trials.end()) - trials.begin());
}
}  // namespace

double memory_estimate::total_bytes() const {
    double sum = 0.0;
    for (const memory_item& item : items) sum += item.bytes;
    return sum;
}

memory_estimate memory_estimate::times(double factor) const {
    memory_estimate out = *this;
    for (memory_item& item : out.items) {
        item.count *= factor;
        item.bytes *= factor;
    }
    return out;
}

memory_estimate simulation_memory(const scenario& sc) {
    memory_estimate m;
    const double trials = static_cast<double>(std::max<std::int64_t>(sc.run.n_trials, 0));
    const double steps = sc.run.dt_ms > 0 && sc.run.t_end_ms > 0 ? std::floor(sc.run.t_end_ms / sc.run.dt_ms + 0.5) : 0.0;
    // One empty spike train and one event cursor per trial.
    const double per_trial = static_cast<double>(sizeof(std::vector<double>)) +
                             static_cast<double>(sc.input.populations.size()) * (sizeof(std::uint64_t) + sizeof(std::vector<input_event>));
    m.add("trials (spike-train headers and input cursors)", trials, trials * per_trial);
    const auto traced = static_cast<double>(distinct(sc.record.trace_trials));
    if (traced > 0) {
        const double samples = traced * (std::floor(steps / static_cast<double>(std::max<std::int64_t>(sc.record.trace_every_steps, 1))) + 1.0);
        m.add("trace samples (t, state variables, currents)", samples, samples * static_cast<double>(trace_columns().size()) * sizeof(double));
    }
    const auto with_events = static_cast<double>(distinct(sc.record.event_trials));
    if (with_events > 0) {
        const double events = with_events * expected_events(sc);
        m.add("recorded input events", events, 2.0 * events * sizeof(input_event));
    }
    const double blocks_in_flight = std::min(static_cast<double>(resolved_threads(std::max(sc.run.n_threads, 0))), std::ceil(trials / 8.0));
    m.add("blocks in flight (working buffers)", blocks_in_flight, blocks_in_flight * block_buffer_bytes);
    return m;
}

std::string format_bytes(double bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    while (bytes >= 1000.0 && u < 6) {
        bytes /= 1000.0;
        ++u;
    }
    char text[64];
    std::snprintf(text, sizeof text, bytes < 10 && u > 0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
    return text;
}

}  // namespace hhsim
