// Strong and weak orders of sra (Rößler's SRA1) and euler-maruyama on the HH diffusion problem,
// measured against a fine Euler–Maruyama reference on the same Brownian paths. The test drives the
// per-cell steppers directly, 8 paths per vector group, so coarse increments can be built from the
// fine ones: dW of a coarse step is the sum of its fine dW, and I_(1,0) = int (W_s - W_t) ds is
// summed from the fine path (piecewise linear within a fine step; its error is O(dt_fine^2) in
// variance).
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "core/counter_rng.hpp"
#include "core/hh_cell.hpp"
#include "core/start_state.hpp"

using namespace hhsim;

namespace {
constexpr int lanes = 8;
using lane_v = std::array<double, lanes>;
struct lane_state {
    lane_v v, m, h, n;
};

lane_state fill(const hh_state& s) {
    lane_state x;
    x.v.fill(s.v);
    x.m.fill(s.m);
    x.h.fill(s.h);
    x.n.fill(s.n);
    return x;
}

// Problem: the HH patch at rest (I_app = 0) driven by white noise of intensity sigma^2 = 25 mV^2/ms
// (the S5000 input's Campbell intensity, mu = 0) for T = 2 ms: about 4 % of paths start a spike.
constexpr double sigma = 5.0;
constexpr double t_end = 2.0;
constexpr double dt_fine = 0.01 / 256;   // 3.9e-5 ms: the Euler–Maruyama reference
const std::array<double, 3> dts{0.04, 0.02, 0.01};

struct path_errors {
    std::vector<double> sra_strong, em_strong;  // Y_h - Y_ref on the path (sign +)
    std::vector<double> sra_weak, em_weak;      // antithetic mean of Y_h - Y_ref_extrapolated
};

double slope(const std::array<double, 3>& y) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const double x = std::log(dts[i]);
        sx += x;
        sy += std::log(y[i]);
        sxx += x * x;
        sxy += x * std::log(y[i]);
    }
    return (3 * sxy - sx * sy) / (3 * sxx - sx * sx);
}

// One group of 8 paths: the fine Euler–Maruyama reference at dt_fine and at 2 dt_fine (for the
// Richardson-extrapolated weak reference 2 Y(dt_fine) - Y(2 dt_fine)), and sra and euler-maruyama
// at each coarse dt, for the path and its mirror image (-W).
void run_group(std::uint64_t group, const hh_params& p, const hh_state& s0, path_errors& out) {
    const auto n_fine = static_cast<std::int64_t>(std::llround(t_end / dt_fine));
    std::vector<lane_v> dw(static_cast<std::size_t>(n_fine));
    const double sd = std::sqrt(dt_fine);
    for (std::int64_t j = 0; j < n_fine; j += 2) {
        for (int l = 0; l < lanes; ++l) {
            double z0, z1;
            rng::normal_pair(rng::draw(2026, group * lanes + static_cast<std::uint64_t>(l), 0, static_cast<std::uint64_t>(j / 2)), z0, z1);
            dw[static_cast<std::size_t>(j)][l] = sd * z0;
            dw[static_cast<std::size_t>(j + 1)][l] = sd * z1;
        }
    }
    std::array<lane_v, 2> ref_strong{}, ref_weak{};
    std::array<std::array<lane_v, 3>, 2> sra{}, em{};
    for (int sign = 0; sign < 2; ++sign) {
        const double sg = sign == 0 ? 1.0 : -1.0;
        lane_state a = fill(s0), b = fill(s0);
        for (std::int64_t j = 0; j < n_fine; ++j) {
            const lane_v& w = dw[static_cast<std::size_t>(j)];
            const lane_v& w_next = dw[static_cast<std::size_t>(j ^ 1)];
#pragma omp simd
            for (int l = 0; l < lanes; ++l) {
                const hh_state x = euler_step({a.v[l], a.m[l], a.h[l], a.n[l]}, p, dt_fine);
                a.v[l] = x.v + sg * sigma * w[l];
                a.m[l] = x.m;
                a.h[l] = x.h;
                a.n[l] = x.n;
            }
            if ((j & 1) == 1) {
#pragma omp simd
                for (int l = 0; l < lanes; ++l) {
                    const hh_state x = euler_step({b.v[l], b.m[l], b.h[l], b.n[l]}, p, 2 * dt_fine);
                    b.v[l] = x.v + sg * sigma * (w[l] + w_next[l]);
                    b.m[l] = x.m;
                    b.h[l] = x.h;
                    b.n[l] = x.n;
                }
            }
        }
        for (int l = 0; l < lanes; ++l) {
            ref_strong[sign][l] = a.v[l];
            ref_weak[sign][l] = 2 * a.v[l] - b.v[l];
        }
        for (std::size_t c = 0; c < dts.size(); ++c) {
            const double h = dts[c];
            const auto ratio = static_cast<std::int64_t>(std::llround(h / dt_fine));
            lane_state y = fill(s0), e = fill(s0);
            for (std::int64_t k = 0; k < n_fine / ratio; ++k) {
                lane_v big_w{}, i10{};
                for (std::int64_t j = k * ratio; j < (k + 1) * ratio; ++j) {
                    for (int l = 0; l < lanes; ++l) {
                        i10[l] += (big_w[l] + 0.5 * dw[static_cast<std::size_t>(j)][l]) * dt_fine;
                        big_w[l] += dw[static_cast<std::size_t>(j)][l];
                    }
                }
#pragma omp simd
                for (int l = 0; l < lanes; ++l) {
                    double unused;
                    const hh_state ys = sra_step({y.v[l], y.m[l], y.h[l], y.n[l]}, p, h, sg * 1.5 * sigma * i10[l] / h, unused);
                    y.v[l] = ys.v + sg * sigma * big_w[l];
                    y.m[l] = ys.m;
                    y.h[l] = ys.h;
                    y.n[l] = ys.n;
                    const hh_state es = euler_step({e.v[l], e.m[l], e.h[l], e.n[l]}, p, h);
                    e.v[l] = es.v + sg * sigma * big_w[l];
                    e.m[l] = es.m;
                    e.h[l] = es.h;
                    e.n[l] = es.n;
                }
            }
            sra[sign][c] = y.v;
            em[sign][c] = e.v;
        }
    }
    for (int l = 0; l < lanes; ++l) {
        for (std::size_t c = 0; c < dts.size(); ++c) {
            out.sra_strong.push_back(sra[0][c][l] - ref_strong[0][l]);
            out.em_strong.push_back(em[0][c][l] - ref_strong[0][l]);
            out.sra_weak.push_back(0.5 * ((sra[0][c][l] - ref_weak[0][l]) + (sra[1][c][l] - ref_weak[1][l])));
            out.em_weak.push_back(0.5 * ((em[0][c][l] - ref_weak[0][l]) + (em[1][c][l] - ref_weak[1][l])));
        }
    }
}

/// Errors at the three dt from the paths of the groups not left out (leave_out < 0: all paths).
/// Strong: root mean square of Y_h(T) - Y_ref(T). Weak: |mean| of the antithetic pair means.
struct level_errors {
    std::array<double, 3> strong{}, weak{};
};

level_errors errors_without(const std::vector<path_errors>& groups, bool sra, int leave_out) {
    level_errors out;
    std::array<double, 3> q2{}, w1{};
    double n = 0;
    for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
        if (g == leave_out) continue;
        const std::vector<double>& strong = sra ? groups[g].sra_strong : groups[g].em_strong;
        const std::vector<double>& weak = sra ? groups[g].sra_weak : groups[g].em_weak;
        for (std::size_t i = 0; i < strong.size(); ++i) {
            q2[i % 3] += strong[i] * strong[i];
            w1[i % 3] += weak[i];
        }
        n += static_cast<double>(strong.size() / 3);
    }
    for (std::size_t c = 0; c < 3; ++c) {
        out.strong[c] = std::sqrt(q2[c] / n);
        out.weak[c] = std::abs(w1[c] / n);
    }
    return out;
}

struct order_estimate {
    level_errors errors;
    double strong, strong_se, weak, weak_se;  ///< least-squares slopes, jackknife SEs over the groups
};

order_estimate orders(const std::vector<path_errors>& groups, bool sra) {
    order_estimate o{};
    o.errors = errors_without(groups, sra, -1);
    o.strong = slope(o.errors.strong);
    o.weak = slope(o.errors.weak);
    const auto n = static_cast<double>(groups.size());
    double ss = 0, sw = 0;
    for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
        const level_errors e = errors_without(groups, sra, g);
        ss += (slope(e.strong) - o.strong) * (slope(e.strong) - o.strong);
        sw += (slope(e.weak) - o.weak) * (slope(e.weak) - o.weak);
    }
    o.strong_se = std::sqrt((n - 1) / n * ss);
    o.weak_se = std::sqrt((n - 1) / n * sw);
    return o;
}
}  // namespace

TEST_CASE("sra: strong order >= 1.4 and weak order >= 1.8 on the HH diffusion problem, euler-maruyama order 1", "[validation][statistical][slow]") {
    hh_params p;
    start_spec rest;
    rest.kind = start_kind::rest;
    const hh_state s0 = initial_state(rest, -65.0, p);
    constexpr int groups = 128;  // 1024 paths, each with its mirror image
    std::vector<path_errors> per_group(groups);
#pragma omp parallel for schedule(dynamic, 1)
    for (int g = 0; g < groups; ++g) run_group(static_cast<std::uint64_t>(g), p, s0, per_group[g]);
    const order_estimate sra = orders(per_group, true);
    const order_estimate em = orders(per_group, false);
    for (std::size_t c = 0; c < dts.size(); ++c) {
        INFO("dt " << dts[c] << ": sra strong " << sra.errors.strong[c] << ", weak " << sra.errors.weak[c] << "; euler-maruyama strong "
                   << em.errors.strong[c] << ", weak " << em.errors.weak[c] << " (mV)");
    }
    INFO("orders (jackknife SE): sra strong " << sra.strong << " +- " << sra.strong_se << ", weak " << sra.weak << " +- " << sra.weak_se
                                               << "; euler-maruyama strong " << em.strong << " +- " << em.strong_se << ", weak " << em.weak
                                               << " +- " << em.weak_se);
    // The measurement must be good enough to tell these orders apart.
    CHECK(sra.strong_se < 0.2);
    CHECK(sra.weak_se < 0.2);
    const double sra_strong_order = sra.strong;
    const double sra_weak_order = sra.weak;
    const double em_strong_order = em.strong;
    const double em_weak_order = em.weak;
    CHECK(sra_strong_order >= 1.4);
    CHECK(sra_weak_order >= 1.8);
    CHECK(em_strong_order == Approx(1.0).margin(0.25));
    CHECK(em_weak_order == Approx(1.0).margin(0.25));
}
