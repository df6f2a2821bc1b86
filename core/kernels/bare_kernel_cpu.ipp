// The bare kernel (core/bench_kernel.hpp), part of a kernel set (kernel_set_cpu.cpp). Blocks of cells, OpenMP over blocks;
// per chunk of steps an input pass (one Philox draw per cell and step, two Poisson counts by a
// fixed-length branch-free inversion) and the integration pass, both vectorised over cells.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/counter_rng.hpp"
#include "core/hh_cell.hpp"
#include "core/kernels/kernel_set_decl.hpp"

namespace hhsim::HH_KERNEL_NS {

namespace {
constexpr std::int64_t bare_block_cells = 256;
constexpr std::int64_t bare_chunk_steps = 256;
constexpr int poisson_terms = 8;  // P(N > 8) < 3e-10 for a mean of 0.2

/// Poisson(lambda) count <= poisson_terms by inversion of u with a fixed number of terms.
HH_INLINE double poisson_count(double u, double p0, const double* lambda_over_j) {
    double p = p0;
    double cdf = p;
    double count = 0.0;
    for (int j = 1; j <= poisson_terms; ++j) {
        count += u > cdf ? 1.0 : 0.0;
        p *= lambda_over_j[j];
        cdf += p;
    }
    return count;
}

/// Input pass: the kicks of steps [k0, k1) for n cells (one Philox draw per cell and step).
template <typename Real>
__attribute__((noinline)) void bare_input(const bare_kernel_params& bp, std::int64_t cell0, std::int64_t n, std::int64_t k0, std::int64_t k1, Real* kick,
                                          double pe0, double pi0, const double* le, const double* li) {
    for (std::int64_t k = k0; k < k1; ++k) {
        Real* __restrict row = kick + (k - k0) * n;
#pragma omp simd
        for (std::int64_t c = 0; c < n; ++c) {
            const rng::words w = rng::draw(bp.seed, static_cast<std::uint64_t>(cell0 + c), 2u, static_cast<std::uint64_t>(k));
            const double ne = poisson_count(rng::u01_open(w.w[0], w.w[1]), pe0, le);
            const double ni = poisson_count(rng::u01_open(w.w[2], w.w[3]), pi0, li);
            row[c] = static_cast<Real>(bp.jump_e_mv * ne + bp.jump_i_mv * ni);
        }
    }
}

/// Integration pass over steps [k0, k1): the step, the kick, an upward crossing of 0 mV with re-arming
/// below -20 mV (counted for cells c < counted). Flags as wide as Real (core/spike_detector.hpp says why).
template <method M, typename Real>
__attribute__((noinline)) std::int64_t bare_steps(const bare_kernel_params& bp, std::int64_t n, std::int64_t counted, std::int64_t steps, const Real* kick,
                                                  Real* __restrict pv, Real* __restrict pm, Real* __restrict ph, Real* __restrict pn,
                                                  flag_of<Real>* __restrict pa) {
    using flag = flag_of<Real>;
    const Real dt = static_cast<Real>(bp.dt_ms);
    const hh_params& p = bp.model;
    flag count = 0;
    for (std::int64_t k = 0; k < steps; ++k) {
        const Real* __restrict row = kick + k * n;
#pragma omp simd reduction(+ : count)
        for (std::int64_t c = 0; c < n; ++c) {
            const cell_state<Real> s{pv[c], pm[c], ph[c], pn[c]};
            Real unused;
            const cell_state<Real> s1 = M == method::rk4 ? rk4_step(s, p, dt, unused) : euler_step(s, p, dt, unused);
            const Real v1 = s1.v + row[c];
            const flag up = pa[c] & static_cast<flag>(s.v < Real(0)) & static_cast<flag>(v1 >= Real(0));
            count += up & static_cast<flag>(c < counted);  // padding cells are not counted
            pa[c] = (pa[c] & (up ^ 1)) | static_cast<flag>(v1 < Real(-20));
            pv[c] = v1;
            pm[c] = s1.m;
            ph[c] = s1.h;
            pn[c] = s1.n;
        }
    }
    return static_cast<std::int64_t>(count);
}

template <method M, typename Real>
std::int64_t run_block(const bare_kernel_params& bp, std::int64_t cell0, std::int64_t cells) {
    constexpr std::int64_t W = group_cells<Real>;
    const std::int64_t n = (cells + W - 1) / W * W;
    const hh_gates g0 = steady_gates(-65.0);
    std::vector<Real> v(n, Real(-65.0)), m(n, static_cast<Real>(g0.m)), h(n, static_cast<Real>(g0.h)), nn(n, static_cast<Real>(g0.n));
    std::vector<flag_of<Real>> armed(n, 1);
    std::vector<Real> kick(static_cast<std::size_t>(bare_chunk_steps * n), Real(0));
    double le[poisson_terms + 1], li[poisson_terms + 1];
    for (int j = 1; j <= poisson_terms; ++j) {
        le[j] = bp.lambda_e / j;
        li[j] = bp.lambda_i / j;
    }
    const double pe0 = std::exp(-bp.lambda_e);
    const double pi0 = std::exp(-bp.lambda_i);
    std::int64_t crossings = 0;
    for (std::int64_t k0 = 0; k0 < bp.n_steps; k0 += bare_chunk_steps) {
        const std::int64_t k1 = std::min(k0 + bare_chunk_steps, bp.n_steps);
        if (bp.with_input) bare_input<Real>(bp, cell0, n, k0, k1, kick.data(), pe0, pi0, le, li);
        crossings += bare_steps<M, Real>(bp, n, cells, k1 - k0, kick.data(), v.data(), m.data(), h.data(), nn.data(), armed.data());
    }
    return crossings;
}

template <method M, typename Real>
bare_kernel_result run_all(const bare_kernel_params& bp) {
    const std::int64_t n_blocks = (bp.n_cells + bare_block_cells - 1) / bare_block_cells;
    std::int64_t total = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(bp.n_threads) reduction(+ : total)
    for (std::int64_t b = 0; b < n_blocks; ++b) {
        const std::int64_t cell0 = b * bare_block_cells;
        total += run_block<M, Real>(bp, cell0, std::min(bare_block_cells, bp.n_cells - cell0));
    }
    return bare_kernel_result{total};
}
}  // namespace

template <typename Real>
bare_kernel_result run_bare_kernel(const bare_kernel_params& bp) {
    return bp.integrator == method::rk4 ? run_all<method::rk4, Real>(bp) : run_all<method::euler, Real>(bp);
}

template bare_kernel_result run_bare_kernel<double>(const bare_kernel_params&);
template bare_kernel_result run_bare_kernel<float>(const bare_kernel_params&);

}  // namespace hhsim::HH_KERNEL_NS
