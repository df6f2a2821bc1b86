#pragma once
// What simulate() will hold in memory for a scenario, known before it runs: traces, recorded input
// events, per-trial bookkeeping and the working buffers of the blocks in flight. Spike times are
// not known in advance and are not included. Drivers compare the total with the memory available.

#include <string>
#include <vector>

#include "core/scenario.hpp"

namespace hhsim {

/// One part of an estimate: `count` things of the kind `what` names, taking `bytes` in all. The
/// label is a constant (no formatting while estimating every point of a large grid).
struct memory_item {
    const char* what;  ///< e.g. "trace samples (9 columns each)"
    double count;
    double bytes;
};

struct memory_estimate {
    std::vector<memory_item> items;
    double total_bytes() const;
    void add(const char* what, double count, double bytes) { items.push_back({what, count, bytes}); }
    /// The estimate scaled by `factor` (e.g. two input modes held at once).
    memory_estimate times(double factor) const;
};

/// Bytes simulate(sc) holds at its peak, apart from spike times. Events are the expected count plus
/// five standard deviations, times two for vector growth. `sc` need not be validated: this only
/// reads sizes (non-positive sizes count as zero).
memory_estimate simulation_memory(const scenario& sc);

/// "1.5 GB", "320 MB", "12 kB": bytes in decimal units, for messages.
std::string format_bytes(double bytes);

}  // namespace hhsim
