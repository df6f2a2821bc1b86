#pragma once
// The functions one kernel set defines, declared for the namespace HH_KERNEL_NS it is compiled into
// (core/CMakeLists.txt compiles core/kernels/*.cpp once per instruction set).

#include "core/bench_kernel.hpp"
#include "core/kernels.hpp"

#ifndef HH_KERNEL_NS
#error "compile core/kernels/*.cpp with -DHH_KERNEL_NS=<name> (core/CMakeLists.txt does)"
#endif

namespace hhsim::HH_KERNEL_NS {
template <typename Real>
void advance(const advance_params& p, const ensemble_view<Real>& state, const chunk_input<Real>& in, chunk_output& out);
template <typename Real>
void fill_noise(const noise_params& p, std::int64_t k0, std::int64_t k1, Real* kick, Real* stage_shift);
template <typename Real>
bare_kernel_result run_bare_kernel(const bare_kernel_params& p);
/// This kernel set's table.
const kernel_set& kernel_table();
}  // namespace hhsim::HH_KERNEL_NS
