// One kernel set (core/kernels.hpp): every hot loop of the CPU backend, compiled as one translation
// unit per instruction set into the namespace HH_KERNEL_NS (core/CMakeLists.txt), and its table.
#include "core/kernels/kernel_set_decl.hpp"

#ifndef HH_KERNEL_ISA
#error "compile core/kernels/kernel_set_cpu.cpp with -DHH_KERNEL_ISA=<kernel_isa enumerator> (core/CMakeLists.txt does)"
#endif

#include "core/kernels/advance_cpu.ipp"
#include "core/kernels/bare_kernel_cpu.ipp"
#include "core/kernels/noise_cpu.ipp"

namespace hhsim::HH_KERNEL_NS {

template void advance<double>(const advance_params&, const ensemble_view<double>&, const chunk_input<double>&, chunk_output&);
template void advance<float>(const advance_params&, const ensemble_view<float>&, const chunk_input<float>&, chunk_output&);

namespace {
constexpr const char* compiled_isa_name() {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    return "AVX-512 (F, DQ, BW, VL) + FMA";
#elif defined(__AVX512F__)
    return "AVX-512F + FMA";
#elif defined(__AVX2__) && defined(__FMA__)
    return "AVX2 + FMA";
#elif defined(__AVX2__)
    return "AVX2";
#elif defined(__AVX__)
    return "AVX";
#elif defined(__SSE2__)
    return "SSE2";
#else
    return "scalar";
#endif
}
}  // namespace

const kernel_set& kernel_table() {
    static const kernel_set table{kernel_isa::HH_KERNEL_ISA, compiled_isa_name(), &advance<double>, &advance<float>,
                                  &fill_noise<double>, &fill_noise<float>, &run_bare_kernel<double>, &run_bare_kernel<float>};
    return table;
}

}  // namespace hhsim::HH_KERNEL_NS
