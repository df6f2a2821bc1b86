#include "drivers/memory_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace hhsim::drivers {

namespace {
// A "Key: value kB" line of a /proc file, in bytes; 0 if absent.
double proc_kilobytes(const char* path, const std::string& wanted) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        double kb = 0.0;
        if (fields >> key >> kb && key == wanted) return kb * 1024.0;
    }
    return 0.0;
}

double cgroup_allowance_bytes() {
    std::ifstream max_file("/sys/fs/cgroup/memory.max");
    std::ifstream current_file("/sys/fs/cgroup/memory.current");
    std::string max_text;
    double current = 0.0;
    if (!(max_file >> max_text) || max_text == "max" || !(current_file >> current)) return 0.0;
    try {
        return std::max(0.0, std::stod(max_text) - current);
    } catch (const std::exception&) {
        return 0.0;
    }
}

// ulimit -v: allocations fail (std::bad_alloc) once the address space reaches RLIMIT_AS, however
// much physical memory is free. What is left is the limit less what the process has mapped.
double address_space_allowance_bytes() {
    rlimit lim{};
    if (getrlimit(RLIMIT_AS, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return 0.0;
    const double mapped = proc_kilobytes("/proc/self/status", "VmSize:");
    return std::max(1.0, static_cast<double>(lim.rlim_cur) - mapped);  // > 0: a limit that is used up still refuses
}
}  // namespace

memory_limit memory_available(const std::optional<double>& max_memory_bytes, const std::string& flag_text) {
    // The smallest known limit wins; 0 means unknown. --max-memory replaces the estimate of free
    // memory (it may raise it), but no flag lets an allocation pass RLIMIT_AS.
    memory_limit best = max_memory_bytes ? memory_limit{*max_memory_bytes, cat("--max-memory ", flag_text)}
                                         : memory_limit{proc_kilobytes("/proc/meminfo", "MemAvailable:"), "the available memory (MemAvailable in /proc/meminfo)"};
    const auto consider = [&best](double bytes, const char* source) {
        if (bytes > 0 && (best.bytes <= 0 || bytes < best.bytes)) best = {bytes, source};
    };
    if (!max_memory_bytes) consider(cgroup_allowance_bytes(), "the memory this control group may still use (/sys/fs/cgroup)");
    consider(address_space_allowance_bytes(), "the address space this process may still map (ulimit -v, RLIMIT_AS)");
    return best;
}

void check_memory(const memory_estimate& need, const memory_limit& limit, const std::string& what, const std::string& remedy) {
    if (!(limit.bytes > 0)) return;
    const double total = need.total_bytes();
    if (total <= limit.bytes) return;
    std::vector<memory_item> items = need.items;
    std::sort(items.begin(), items.end(), [](const memory_item& a, const memory_item& b) { return a.bytes > b.bytes; });
    std::ostringstream parts;
    for (std::size_t i = 0; i < items.size() && i < 3; ++i) {
        parts << (i ? "; " : "") << items[i].what << " (" << cat(items[i].count) << "): " << format_bytes(items[i].bytes);
    }
    throw input_error(cat(what, " needs about ", format_bytes(total), " of memory (", parts.str(), "), more than ", format_bytes(limit.bytes), ", ",
                          limit.source, "; ", remedy));
}

}  // namespace hhsim::drivers
