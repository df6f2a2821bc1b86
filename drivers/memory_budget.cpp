#include "drivers/memory_budget.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace hhsim::drivers {

namespace {
double meminfo_available_bytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kb = 0.0;
    std::string unit;
    while (in >> key >> kb >> unit) {
        if (key == "MemAvailable:") return kb * 1024.0;
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
}  // namespace

memory_limit memory_available(const std::optional<double>& max_memory_bytes, const std::string& flag_text) {
    if (max_memory_bytes) return {*max_memory_bytes, cat("--max-memory ", flag_text)};
    const double system = meminfo_available_bytes();
    const double cgroup = cgroup_allowance_bytes();
    if (cgroup > 0 && (system <= 0 || cgroup < system)) return {cgroup, "the memory this control group may still use (/sys/fs/cgroup)"};
    return {system, "the available memory (MemAvailable in /proc/meminfo)"};
}

void check_memory(const memory_estimate& need, const memory_limit& limit, const std::string& what) {
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
                          limit.source, "; use fewer trials, a shorter run, fewer traced or recorded trials, or raise --max-memory"));
}

}  // namespace hhsim::drivers
