// Rate functions at and near their removable singularities, the fast exp, and the resting fixed point.
#include <catch2/catch.hpp>

#include <cmath>
#include <algorithm>
#include <random>

#include "core/fast_math.hpp"
#include "core/hh_cell.hpp"
#include "core/hh_kinetics.hpp"

using namespace hhsim;

namespace {
// Textbook forms (0/0 at the singular points), evaluated with std::exp: the oracle away from them.
double textbook_alpha_m(double v) { return 0.1 * (v + 40.0) / (1.0 - std::exp(-(v + 40.0) / 10.0)); }
double textbook_alpha_n(double v) { return 0.01 * (v + 55.0) / (1.0 - std::exp(-(v + 55.0) / 10.0)); }
double textbook_beta_m(double v) { return 4.0 * std::exp(-(v + 65.0) / 18.0); }
double textbook_alpha_h(double v) { return 0.07 * std::exp(-(v + 65.0) / 20.0); }
double textbook_beta_h(double v) { return 1.0 / (1.0 + std::exp(-(v + 35.0) / 10.0)); }
double textbook_beta_n(double v) { return 0.125 * std::exp(-(v + 65.0) / 80.0); }

// Series of x/(1-e^-x) to x^10, written independently of the library's (which stops at x^8).
double series_x_over_1mexp(double x) {
    const double x2 = x * x;
    return 1.0 + x / 2.0 + x2 / 12.0 - x2 * x2 / 720.0 + x2 * x2 * x2 / 30240.0 - x2 * x2 * x2 * x2 / 1209600.0 +
           x2 * x2 * x2 * x2 * x2 / 47900160.0;
}

double rel_err(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }
}  // namespace

TEST_CASE("fast_math: hh_exp matches std::exp to about 1 ulp over -700..700", "[unit]") {
    std::mt19937_64 gen(7);
    std::uniform_real_distribution<double> u(-700.0, 700.0);
    double worst = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = u(gen) * (i % 3 == 0 ? 1e-3 : 1.0);
        worst = std::max(worst, rel_err(hh_exp(x), std::exp(x)));
    }
    CHECK(worst < 4e-16);
    CHECK(hh_exp(0.0) == 1.0);
    CHECK(std::isnan(hh_exp(std::nan(""))));
    CHECK(std::isfinite(hh_exp(1e6)));
    CHECK(hh_exp(-1e6) > 0.0);
}

TEST_CASE("kinetics: alpha_m and alpha_n are exact at and near -40 and -55 mV", "[unit]") {
    for (const double offset : {0.0, 1e-9, -1e-9, 1e-6, -1e-6, 1e-3, -1e-3, 0.5, -0.5}) {
        const hh_rates rm = hh_rates_at(-40.0 + offset);
        const double xm = (-40.0 + offset + 40.0) / 10.0;
        INFO("offset " << offset << " mV");
        REQUIRE(std::isfinite(rm.alpha_m));
        CHECK(rel_err(rm.alpha_m, series_x_over_1mexp(xm)) < 1e-14);
        const hh_rates rn = hh_rates_at(-55.0 + offset);
        const double xn = (-55.0 + offset + 55.0) / 10.0;
        REQUIRE(std::isfinite(rn.alpha_n));
        CHECK(rel_err(rn.alpha_n, 0.1 * series_x_over_1mexp(xn)) < 1e-14);
    }
    CHECK(hh_rates_at(-40.0).alpha_m == 1.0);
    CHECK(hh_rates_at(-55.0).alpha_n == 0.1);
}

TEST_CASE("kinetics: all six rates agree with the textbook formulas away from the singular points", "[unit]") {
    for (double v = -120.0; v <= 60.0; v += 0.37) {
        if (std::abs(v + 40.0) < 0.5 || std::abs(v + 55.0) < 0.5) continue;
        const hh_rates r = hh_rates_at(v);
        INFO("v = " << v << " mV");
        CHECK(rel_err(r.alpha_m, textbook_alpha_m(v)) < 1e-13);
        CHECK(rel_err(r.alpha_n, textbook_alpha_n(v)) < 1e-13);
        CHECK(rel_err(r.beta_m, textbook_beta_m(v)) < 1e-14);
        CHECK(rel_err(r.alpha_h, textbook_alpha_h(v)) < 1e-14);
        CHECK(rel_err(r.beta_h, textbook_beta_h(v)) < 1e-14);
        CHECK(rel_err(r.beta_n, textbook_beta_n(v)) < 1e-14);
    }
}

TEST_CASE("kinetics: rates stay finite for extreme voltages", "[unit]") {
    for (const double v : {-1000.0, -500.0, -200.0, 200.0, 500.0, 1000.0}) {
        const hh_rates r = hh_rates_at(v);
        for (const double x : {r.alpha_m, r.beta_m, r.alpha_h, r.beta_h, r.alpha_n, r.beta_n}) {
            CHECK(std::isfinite(x));
            CHECK(x >= 0.0);
        }
    }
}

TEST_CASE("kinetics: steady state and time constants are consistent with the rates", "[unit]") {
    const double v = -65.0;
    const hh_rates r = hh_rates_at(v);
    const hh_gates inf = steady_gates(v);
    const hh_gates tau = gate_time_constants_ms(v);
    CHECK(inf.m == Approx(r.alpha_m / (r.alpha_m + r.beta_m)).epsilon(1e-15));
    CHECK(tau.h == Approx(1.0 / (r.alpha_h + r.beta_h)).epsilon(1e-15));
    CHECK(inf.n == Approx(0.3177).margin(1e-3));  // classic value at rest
    CHECK(inf.h == Approx(0.5961).margin(1e-3));
    CHECK(inf.m == Approx(0.0529).margin(1e-3));
}

#include "core/hh_rest.hpp"

TEST_CASE("model: the computed resting state is a fixed point of the right-hand side", "[unit]") {
    for (const double i_app : {0.0, 3.0, -2.0}) {
        hh_params p;
        p.i_app = i_app;
        const hh_state rest = resting_state(p);
        const hh_state d = hh_derivatives(rest, p);
        INFO("i_app = " << i_app << " uA/cm^2, V_rest = " << rest.v << " mV");
        CHECK(std::abs(d.v) < 1e-9);
        CHECK(std::abs(d.m) < 1e-9);
        CHECK(std::abs(d.h) < 1e-9);
        CHECK(std::abs(d.n) < 1e-9);
    }
    CHECK(resting_state(hh_params{}).v == Approx(-65.0).margin(0.1));
}

TEST_CASE("fast_math: hh_log matches std::log to about 1 ulp", "[unit]") {
    std::mt19937_64 gen(11);
    std::uniform_real_distribution<double> expo(-300.0, 300.0);
    std::uniform_real_distribution<double> near_one(-1e-3, 1e-3);
    double worst = 0;
    for (int i = 0; i < 200000; ++i) {
        const double x = i % 2 == 0 ? std::pow(10.0, expo(gen)) : 1.0 + near_one(gen);
        const double want = std::log(x);
        worst = std::max(worst, std::abs(hh_log(x) - want) / std::max(std::abs(want), 1e-300));
    }
    CHECK(worst < 6e-16);
    CHECK(hh_log(1.0) == 0.0);
    CHECK(hh_log(0x1.0p-53) == Approx(-53 * std::log(2.0)).epsilon(1e-15));
}

TEST_CASE("fast_math: hh_sincos_2pi matches cos and sin of 2 pi u", "[unit]") {
    double worst = 0;
    for (int i = 0; i < 100000; ++i) {
        const double u = (i + 0.5) / 100000.0;
        double c, s;
        hh_sincos_2pi(u, c, s);
        const long double a = 2.0L * 3.14159265358979323846264338327950288L * static_cast<long double>(u);
        worst = std::max({worst, static_cast<double>(std::abs(c - std::cos(a))), static_cast<double>(std::abs(s - std::sin(a)))});
    }
    CHECK(worst < 1e-15);
    double c, s;
    hh_sincos_2pi(0.25, c, s);
    CHECK(c == Approx(0.0).margin(1e-16));
    CHECK(s == 1.0);
}
