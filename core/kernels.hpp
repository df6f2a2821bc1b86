#pragma once
// The hot loops of the CPU backend as a set of functions per vector instruction set. A normal build
// holds one set, compiled with the project's flags (-march=native); a portable build (HH_PORTABLE)
// compiles core/kernels/kernel_set_cpu.cpp three times (x86-64, x86-64-v3 = AVX2 + FMA, x86-64-v4 = AVX-512)
// and picks the best the CPU supports at run time. docs/building.md, docs/performance.md.

#include <cstdint>
#include <string>
#include <vector>

#include "core/advance.hpp"

namespace hhsim {

/// Diffusion input of a block of consecutive trials first_trial .. first_trial + n_cells - 1:
/// kick[(k - k0) * n_cells + c] = mean + sd * xi for each step k of [k0, k1) (xi from the noise stream,
/// docs/rng.md); with sra also stage_shift = shift_mean + shift_sd * (xi + xi_2 / sqrt 3).
struct noise_params {
    std::uint64_t seed = 0;
    std::uint64_t first_trial = 0;
    std::int64_t n_cells = 0;  ///< a multiple of group_cells<Real>
    double mean_mv = 0.0;      ///< mu dt
    double sd_mv = 0.0;        ///< sigma sqrt(dt)
    bool sra = false;
    double shift_mean_mv = 0.0;
    double shift_sd_mv = 0.0;
};
template <typename Real>
using noise_fn = void (*)(const noise_params& p, std::int64_t k0, std::int64_t k1, Real* kick, Real* stage_shift);

/// The bare kernel that `hhsim bench` runs beside hhsim (core/bench_kernel.hpp).
struct bare_kernel_params;
struct bare_kernel_result;
template <typename Real>
using bare_fn = bare_kernel_result (*)(const bare_kernel_params& p);

struct kernel_set {
    kernel_isa isa;
    const char* name;  ///< e.g. "AVX-512 (x86-64-v4)"
    advance_fn<double> advance_f64;
    advance_fn<float> advance_f32;
    noise_fn<double> noise_f64;
    noise_fn<float> noise_f32;
    bare_fn<double> bare_f64;
    bare_fn<float> bare_f32;

    template <typename Real>
    advance_fn<Real> advance() const {
        if constexpr (sizeof(Real) == 8) return advance_f64; else return advance_f32;
    }
    template <typename Real>
    noise_fn<Real> noise() const {
        if constexpr (sizeof(Real) == 8) return noise_f64; else return noise_f32;
    }
    template <typename Real>
    bare_fn<Real> bare() const {
        if constexpr (sizeof(Real) == 8) return bare_f64; else return bare_f32;
    }
};

/// The kernel set for `wanted` (automatic: the best this build holds that the CPU supports). Throws
/// input_error if this build does not hold it or this CPU cannot run it.
const kernel_set& kernels(kernel_isa wanted);

/// Throws what kernels(wanted) would throw; validate(scenario) calls it.
void require_kernels(kernel_isa wanted);

/// The kernel sets this build holds and this CPU can run, best last.
std::vector<kernel_isa> available_kernels();

}  // namespace hhsim
