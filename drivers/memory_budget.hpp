#pragma once
// Refuse work that cannot fit in memory before it starts: compare an estimate of what it will hold
// (core/memory_estimate.hpp, plus what the analysis of a study point holds) with the memory
// available, or with the user's --max-memory.

#include <optional>
#include <string>

#include "core/memory_estimate.hpp"

namespace hhsim::drivers {

struct memory_limit {
    double bytes = 0.0;
    std::string source;  ///< e.g. "--max-memory 2G", "available memory (MemAvailable in /proc/meminfo)"
};

/// The user's limit (from --max-memory) if given, else the smallest of what the system has
/// available (MemAvailable of /proc/meminfo), the cgroup's remaining allowance and the address
/// space RLIMIT_AS (ulimit -v) still leaves this process. A limit of 0 (unknown) disables the check.
/// The command line and the Python module both call this.
memory_limit memory_available(const std::optional<double>& max_memory_bytes, const std::string& flag_text);

/// What the command line suggests when work does not fit.
inline constexpr const char* cli_memory_remedy = "use fewer trials, a shorter run, fewer traced or recorded trials, or raise --max-memory";

/// Throws input_error naming `what`, the estimate with its largest items, the limit and `remedy`,
/// if the estimate exceeds the limit.
void check_memory(const memory_estimate& need, const memory_limit& limit, const std::string& what, const std::string& remedy = cli_memory_remedy);

}  // namespace hhsim::drivers
