// Diffusion input of a block of trials (core/kernels.hpp, noise_params), part of a kernel set: the
// Euler–Maruyama normals of every cell and step from the noise stream (docs/rng.md), and sra's second
// normals. Vectorised over cells; one Philox draw gives the normals of steps 2j and 2j + 1.
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/counter_rng.hpp"
#include "core/kernels/kernel_set_decl.hpp"

namespace hhsim::HH_KERNEL_NS {

namespace {
// Not inlined, so the vectorisation test finds it by name in the object code.
template <typename Real, std::int64_t W>
__attribute__((noinline)) void fill_noise_width(const noise_params& np, std::int64_t k0, std::int64_t k1, Real* kick, Real* stage_shift) {
    const std::int64_t n = np.n_cells;
    const std::uint64_t seed = np.seed;
    const std::uint64_t first_trial = np.first_trial;
    const auto noise = static_cast<std::uint32_t>(rng::purpose::noise);
    // SRA's second-stage shift (3/4) mu dt + (3/2) sigma I_(1,0)/dt with I_(1,0)/dt =
    // sqrt(dt) (xi_1 + xi_2 / sqrt(3)) / 2: xi_1 is the step's Euler–Maruyama normal, xi_2 an
    // independent one from the second noise stream (docs/rng.md).
    constexpr double inv_sqrt3 = 0.57735026918962576;
    std::vector<double> z0(n), z1(n), y0(np.sra ? n : 0), y1(np.sra ? n : 0);
    for (std::int64_t pair = k0 >> 1; 2 * pair < k1; ++pair) {
        const std::int64_t k_even = 2 * pair;
        const bool has_even = k_even >= k0;
        const bool has_odd = k_even + 1 < k1;
        const std::size_t even_at = static_cast<std::size_t>((k_even - k0) * n);
        const std::size_t odd_at = static_cast<std::size_t>((k_even + 1 - k0) * n);
        double* __restrict a = z0.data();
        double* __restrict b = z1.data();
        // Whole groups over the padded block (idle cells draw too): every cell runs the same vector
        // code, so its numbers do not depend on its position.
        for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
            for (std::int64_t c = g; c < g + W; ++c) {
                rng::normal_pair(rng::draw(seed, first_trial + static_cast<std::uint64_t>(c), noise, static_cast<std::uint64_t>(pair)), a[c], b[c]);
            }
        }
        if (has_even) {
            Real* __restrict row = kick + even_at;
            for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
                for (std::int64_t c = g; c < g + W; ++c) row[c] = static_cast<Real>(np.mean_mv + np.sd_mv * a[c]);
            }
        }
        if (has_odd) {
            Real* __restrict row = kick + odd_at;
            for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
                for (std::int64_t c = g; c < g + W; ++c) row[c] = static_cast<Real>(np.mean_mv + np.sd_mv * b[c]);
            }
        }
        if (!np.sra) continue;
        double* __restrict ya = y0.data();
        double* __restrict yb = y1.data();
        const std::uint64_t second = rng::second_noise_index(static_cast<std::uint64_t>(pair));
        for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
            for (std::int64_t c = g; c < g + W; ++c) {
                rng::normal_pair(rng::draw(seed, first_trial + static_cast<std::uint64_t>(c), noise, second), ya[c], yb[c]);
            }
        }
        if (has_even) {
            Real* __restrict row = stage_shift + even_at;
            for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
                for (std::int64_t c = g; c < g + W; ++c) row[c] = static_cast<Real>(np.shift_mean_mv + np.shift_sd_mv * (a[c] + inv_sqrt3 * ya[c]));
            }
        }
        if (has_odd) {
            Real* __restrict row = stage_shift + odd_at;
            for (std::int64_t g = 0; g < n; g += W) {
#pragma omp simd
                for (std::int64_t c = g; c < g + W; ++c) row[c] = static_cast<Real>(np.shift_mean_mv + np.shift_sd_mv * (b[c] + inv_sqrt3 * yb[c]));
            }
        }
    }
}
}  // namespace

template <typename Real>
void fill_noise(const noise_params& np, std::int64_t k0, std::int64_t k1, Real* kick, Real* stage_shift) {
    fill_noise_width<Real, group_cells<Real>>(np, k0, k1, kick, stage_shift);
}

template void fill_noise<double>(const noise_params&, std::int64_t, std::int64_t, double*, double*);
template void fill_noise<float>(const noise_params&, std::int64_t, std::int64_t, float*, float*);

}  // namespace hhsim::HH_KERNEL_NS
