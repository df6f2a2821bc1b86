// Issue 16 item 3 (part): the per-cell headers compile as device code. One thread per cell calls
// the same step, rate, random-number, detector and crossing code that one vector lane calls on the
// CPU; tests/core/device_headers.sh compiles this file with `nvcc -x cu` and fails on any warning
// (a host-only construct such as std::bit_cast in device code is a warning in nvcc).
#include "core/counter_rng.hpp"
#include "core/hh_cell.hpp"
#include "core/hh_kinetics.hpp"
#include "core/spike_crossing.hpp"
#include "core/spike_detector.hpp"

namespace hhsim_device_test {
template <typename Real>
__global__ void step_cells(Real* v, Real* m, Real* h, Real* n, int cells, hhsim::hh_params p, Real dt, hhsim::spike_detector det,
                           std::uint64_t seed, double* theta) {
    const int c = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (c >= cells) return;
    using namespace hhsim;
    cell_state<Real> s{v[c], m[c], h[c], n[c]};
    Real dvdt0 = 0;
    cell_state<Real> s1 = rk4_step(s, p, dt, dvdt0);
    s1 = euler_step(s1, p, dt, dvdt0);
    s1 = expeuler_step(s1, p, dt, dvdt0);
    s1 = sra_step(s1, p, dt, Real(0.1), dvdt0);
    const rng::words w = rng::draw(seed, static_cast<std::uint64_t>(c), static_cast<std::uint32_t>(rng::purpose::noise), 0);
    double z0 = 0, z1 = 0;
    rng::normal_pair(w, z0, z1);
    s1.v = s1.v + static_cast<Real>(z0 + rng::exponential(w.w[0], w.w[1]));
    const bool spike = det.fires(det.armed_at_start(static_cast<double>(s.v)), static_cast<double>(s.v), static_cast<double>(s1.v));
    theta[c] = spike ? hermite_crossing(static_cast<double>(s.v), static_cast<double>(dvdt0), static_cast<double>(s1.v), 1.0, 0.01,
                                        det.threshold_mv)
                     : linear_crossing(static_cast<double>(s.v), static_cast<double>(s1.v), det.threshold_mv);
    v[c] = s1.v;
    m[c] = s1.m;
    h[c] = s1.h;
    n[c] = s1.n;
}
}  // namespace hhsim_device_test

// Both precisions, as the CPU kernels.
template __global__ void hhsim_device_test::step_cells<double>(double*, double*, double*, double*, int, hhsim::hh_params, double, hhsim::spike_detector,
                                            std::uint64_t, double*);
template __global__ void hhsim_device_test::step_cells<float>(float*, float*, float*, float*, int, hhsim::hh_params, float, hhsim::spike_detector,
                                           std::uint64_t, double*);
