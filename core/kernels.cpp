#include "core/kernels.hpp"

#include "core/bench_kernel.hpp"
#include "core/error.hpp"

namespace hhsim {

// The kernel sets built into this binary (core/CMakeLists.txt): one per instruction set in a
// portable build, the native one otherwise.
#if defined(HH_PORTABLE_KERNELS)
namespace kernels_baseline { const kernel_set& kernel_table(); }
namespace kernels_avx2 { const kernel_set& kernel_table(); }
namespace kernels_avx512 { const kernel_set& kernel_table(); }
#else
namespace kernels_native { const kernel_set& kernel_table(); }
#endif

namespace {
bool cpu_runs(kernel_isa isa) {
#if defined(HH_PORTABLE_KERNELS)
    switch (isa) {
        case kernel_isa::baseline: return true;
        case kernel_isa::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case kernel_isa::avx512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("fma");
        default: return false;
    }
#else
    return isa == kernel_isa::native;  // built for this machine's CPU (or the one -march named)
#endif
}

const kernel_set* table_of(kernel_isa isa) {
#if defined(HH_PORTABLE_KERNELS)
    switch (isa) {
        case kernel_isa::baseline: return &kernels_baseline::kernel_table();
        case kernel_isa::avx2: return &kernels_avx2::kernel_table();
        case kernel_isa::avx512: return &kernels_avx512::kernel_table();
        default: return nullptr;
    }
#else
    return isa == kernel_isa::native ? &kernels_native::kernel_table() : nullptr;
#endif
}

std::string listing() {
    std::string out;
    for (const kernel_isa isa : available_kernels()) out += (out.empty() ? "" : ", ") + to_string(isa);
    return out;
}
}  // namespace

std::vector<kernel_isa> available_kernels() {
    std::vector<kernel_isa> out;
    for (const kernel_isa isa : {kernel_isa::baseline, kernel_isa::avx2, kernel_isa::avx512, kernel_isa::native}) {
        if (table_of(isa) != nullptr && cpu_runs(isa)) out.push_back(isa);
    }
    return out;
}

const kernel_set& kernels(kernel_isa wanted) {
    if (wanted == kernel_isa::automatic) {
        static const kernel_set& best = *table_of(available_kernels().back());
        return best;
    }
    const kernel_set* table = table_of(wanted);
    require_that(table != nullptr, "run: isa = '", to_string(wanted), "' is not in this build; it holds: ", listing(),
                 " (a portable build, cmake -DHH_PORTABLE=ON, holds baseline, avx2 and avx512)");
    require_that(cpu_runs(wanted), "run: isa = '", to_string(wanted), "' is invalid: this CPU cannot run it; it can run: ", listing());
    return *table;
}

void require_kernels(kernel_isa wanted) { (void)kernels(wanted); }

bare_kernel_result run_bare_kernel(const bare_kernel_params& p, precision real, kernel_isa isa) {
    const kernel_set& k = kernels(isa);
    return real == precision::f64 ? k.bare<double>()(p) : k.bare<float>()(p);
}

}  // namespace hhsim
