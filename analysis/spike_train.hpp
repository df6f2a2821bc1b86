#pragma once
// Spike-train containers, the observation window, and the input checks every analysis shares.
// Conventions (times in ms, one strictly increasing vector per trial): docs/analysis.md, "Conventions".

#include <cstddef>
#include <string_view>
#include <vector>

namespace hhsim::analysis {

/// Spike times of one trial, ms, strictly increasing.
using spike_train = std::vector<double>;

/// One spike train per trial.
using spike_trains = std::vector<spike_train>;

/// The half-open observation interval [start_ms, end_ms), the same for every trial.
struct time_window {
    double start_ms = 0.0;  ///< first instant observed, ms
    double end_ms = 0.0;    ///< end of the recording (exclusive), ms
};

/// Length of the window in ms.
inline double duration_ms(const time_window& w) { return w.end_ms - w.start_ms; }

/// Throw input_error unless every time of `train` (trial number `trial`) is finite and strictly increasing.
void check_spike_train(const spike_train& train, std::string_view who, std::size_t trial = 0);

/// Throw input_error unless `trains` is non-empty and every train is finite and strictly increasing.
void check_spike_trains(const spike_trains& trains, std::string_view who);

/// Throw input_error unless both ends are finite and end_ms > start_ms.
void check_window(const time_window& w, std::string_view who);

/// Spikes of each train with start_ms <= t < end_ms (trains keep their order and count).
spike_trains restrict_to(const spike_trains& trains, const time_window& w);

/// Number of whole bins of `width` that fit in `length`; an exact multiple spoilt by rounding still counts.
std::size_t whole_bins(double length, double width);

}  // namespace hhsim::analysis
