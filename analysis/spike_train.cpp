#include "analysis/spike_train.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace hhsim::analysis {

void check_spike_train(const spike_train& t, std::string_view who, std::size_t trial) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!std::isfinite(t[i])) {
            throw input_error(cat(who, ": trial ", trial, ": spike time[", i, "] = ", t[i],
                              " ms is invalid; spike times must be finite"));
        }
        // Strictly increasing: a repeated time would give a zero interval, which breaks logarithmic
        // bins, CV2 and LV (0/0), and no spike detector produces one.
        if (i > 0 && !(t[i] > t[i - 1])) {
            throw input_error(cat(who, ": trial ", trial, ": spike time[", i, "] = ", t[i],
                              " ms is not after spike time[", i - 1, "] = ", t[i == 0 ? 0 : i - 1],
                              " ms; spike times must be strictly increasing"));
        }
    }
}

void check_spike_trains(const spike_trains& trains, std::string_view who) {
    require(!trains.empty(), cat(who, ": no trials given; need at least one spike train"));
    for (std::size_t trial = 0; trial < trains.size(); ++trial) {
        check_spike_train(trains[trial], who, trial);
    }
}

void check_window(const time_window& w, std::string_view who) {
    require(std::isfinite(w.start_ms) && std::isfinite(w.end_ms) && w.end_ms > w.start_ms,
            cat(who, ": window [", w.start_ms, ", ", w.end_ms,
                ") ms is invalid; its ends must be finite with end_ms > start_ms"));
}

spike_trains restrict_to(const spike_trains& trains, const time_window& w) {
    check_spike_trains(trains, "restrict_to");
    check_window(w, "restrict_to");
    spike_trains out;
    out.reserve(trains.size());
    for (const spike_train& t : trains) {
        // Trains are sorted, so the window is one contiguous run found by binary search.
        const auto first = std::lower_bound(t.begin(), t.end(), w.start_ms);
        const auto last = std::lower_bound(first, t.end(), w.end_ms);
        out.emplace_back(first, last);
    }
    return out;
}

std::size_t whole_bins(double length, double width) {
    // 0.3 / 0.1 evaluates to 2.9999999999999996: a relative slack of 1e-12 (thousands of ulps, far
    // above the rounding of one division) keeps exact multiples whole, and admits a partial bin only
    // when less than 1e-12 of the length is missing.
    const double ratio = length / width;
    return static_cast<std::size_t>(std::floor(ratio * (1.0 + 1e-12)));
}

}  // namespace hhsim::analysis
