#include "core/limits.hpp"

#include <algorithm>
#include <thread>

namespace hhsim {

int max_threads() {
    // Asked once: the C library reads /sys to answer, and validation asks for every grid point.
    static const int limit = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));  // 0 when unknown
    return limit;
}

}  // namespace hhsim
