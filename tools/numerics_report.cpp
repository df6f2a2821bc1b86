// The measurements behind docs/numerics.md: accuracy per cost on a fixed event list, Monte Carlo rate
// bias against the dt -> 0 limit, orders of V and of spike times, SRA's strong and weak orders, and
// the effect of the start state. Prints Markdown. Usage: hhsim_numerics SECTION [key=value ...]
//   accuracy  list=s5000|s100 i_app=3 t_ms=200 trials=64       fixed event list vs the reference
//   bias      trials=1000 t_ms=1000 seed=5 threads=2 methods=... dts=...   paired rate bias
//   orders                                                      slopes of V and spike-time errors
//   sra       groups=256 fine=512                               strong/weak orders, jackknife SEs
//   start     i_app=3                                           published start vs hhsim's default
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"

using namespace hhsim;

namespace {

std::map<std::string, std::string> args;
double arg(const std::string& key, double fallback) { return args.count(key) ? std::stod(args[key]) : fallback; }
std::string arg(const std::string& key, const std::string& fallback) { return args.count(key) ? args[key] : fallback; }
std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) out.push_back(item);
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// S5000: 4000 E + 1000 I sources at 10 Hz, p = 0.5, Je = 0.5 mV, Ji = -2 mV; S100: the default 80 E + 20 I.
scenario source_scenario(const std::string& name) {
    scenario sc = default_scenario();
    if (name == "s5000") sc.input.populations = {population{4000, 10.0, 0.5, 0.5, {}, {}}, population{1000, 10.0, 0.5, -2.0, {}, {}}};
    return sc;
}

/// The transmitted events of trial 0 (seed 1) of a source scenario over t_ms: a fixed event list.
std::vector<input_event> fixed_list(const std::string& name, double t_ms) {
    scenario sc = source_scenario(name);
    sc.run.t_end_ms = t_ms;
    sc.record.event_trials = {0};
    const recording rec = simulate(sc);
    std::vector<input_event> out;
    for (const input_event& ev : rec.events[0].events) {
        if (ev.transmitted) out.push_back({ev.t_ms, ev.jump_mv, -1, true});
    }
    return out;
}

scenario replay(const std::vector<input_event>& events, double i_app, double t_ms) {
    scenario sc;
    sc.model.i_app = i_app;
    sc.input.kind = input_kind::replay;
    sc.input.replay_events = events;
    sc.run.t_end_ms = t_ms;
    return sc;
}

struct spike_match {
    double max_err = 0, median_err = 0;
    int missed = 0, added = 0;
};

/// Greedy matching of each reference spike to the nearest unused spike within 1 ms.
spike_match match(const std::vector<double>& ref, const std::vector<double>& x) {
    spike_match m;
    std::vector<bool> used(x.size(), false);
    std::vector<double> errs;
    for (const double r : ref) {
        int best = -1;
        double best_d = 1.0;
        for (std::size_t j = 0; j < x.size(); ++j) {
            if (!used[j] && std::abs(x[j] - r) < best_d) {
                best_d = std::abs(x[j] - r);
                best = static_cast<int>(j);
            }
        }
        if (best < 0) {
            ++m.missed;
            continue;
        }
        used[static_cast<std::size_t>(best)] = true;
        errs.push_back(best_d);
    }
    for (const bool u : used) m.added += u ? 0 : 1;
    std::sort(errs.begin(), errs.end());
    m.max_err = errs.empty() ? 0 : errs.back();
    m.median_err = errs.empty() ? 0 : errs[errs.size() / 2];
    return m;
}

struct scheme {
    std::string name;
    method m;
    jump_timing jumps;
};

const std::vector<scheme> schemes{{"euler", method::euler, jump_timing::step_boundary},
                                  {"expeuler", method::expeuler, jump_timing::step_boundary},
                                  {"rk4 boundary", method::rk4, jump_timing::step_boundary},
                                  {"rk4 event-exact", method::rk4, jump_timing::event_exact},
                                  {"expeuler event-exact", method::expeuler, jump_timing::event_exact}};

double slope(const std::vector<double>& x, const std::vector<double>& y) {
    const auto n = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sx += std::log(x[i]);
        sy += std::log(y[i]);
        sxx += std::log(x[i]) * std::log(x[i]);
        sxy += std::log(x[i]) * std::log(y[i]);
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

// ------------------------------------------------------------------------------------------------
void accuracy() {
    const std::string list = arg("list", std::string("s5000"));
    const double t_ms = arg("t_ms", 200.0);
    const double i_app = arg("i_app", 3.0);
    const auto trials = static_cast<std::int64_t>(arg("trials", 64.0));
    const scenario base = replay(fixed_list(list, t_ms), i_app, t_ms);
    reference_options ro;
    ro.sample_dt_ms = 0.1;
    auto t0 = std::chrono::steady_clock::now();
    const reference_result ref = simulate_reference(base, 0, ro);
    const double ref_wall = seconds_since(t0);
    reference_options tight = ro;
    tight.abs_tol = tight.rel_tol = 1e-13;
    const reference_result truth = simulate_reference(base, 0, tight);
    double ref_v = 0, ref_t = 0;
    for (std::size_t j = 0; j < ref.v_mv.size(); ++j) ref_v = std::max(ref_v, std::abs(ref.v_mv[j] - truth.v_mv[j]));
    const spike_match rm = match(truth.spike_times_ms, ref.spike_times_ms);
    ref_t = rm.max_err;
    std::printf("Fixed event list: %s trial 0 (seed 1), %zu transmitted events over %g ms, I_app = %g uA/cm^2; %zu spikes.\n", list.c_str(),
                base.input.replay_events.size(), t_ms, i_app, ref.spike_times_ms.size());
    std::printf("Reference (dopri5, tolerance 1e-11): %.3g s; against tolerance 1e-13: max |V diff| %.2g mV, max spike-time diff %.2g ms.\n\n",
                ref_wall, ref_v, ref_t);
    std::printf("| scheme | dt (ms) | max abs V error (mV) | max spike-time error (ms) | median (ms) | missed / added | wall per trial (ms) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (const scheme& s : schemes) {
        for (const double dt : {0.05, 0.02, 0.01, 0.005, 0.001}) {
            scenario sc = base;
            sc.run.integrator = s.m;
            sc.run.jumps = s.jumps;
            sc.run.dt_ms = dt;
            sc.run.n_trials = trials;
            sc.run.n_threads = 1;
            sc.record.trace_trials = {0};
            sc.record.trace_every_steps = std::llround(0.1 / dt);
            try {
                double wall = 1e300;
                recording rec;
                for (int r = 0; r < 3; ++r) {
                    t0 = std::chrono::steady_clock::now();
                    rec = simulate(sc);
                    wall = std::min(wall, seconds_since(t0));
                }
                double v_err = 0;
                for (std::size_t j = 0; j < ref.v_mv.size(); ++j) v_err = std::max(v_err, std::abs(rec.traces[0].v_mv[j] - ref.v_mv[j]));
                const spike_match m = match(ref.spike_times_ms, rec.spike_times_ms[0]);
                std::printf("| %s | %g | %.2g | %.2g | %.2g | %d / %d | %.3g |\n", s.name.c_str(), dt, v_err, m.max_err, m.median_err, m.missed, m.added,
                            1e3 * wall / static_cast<double>(trials));
            } catch (const numerics_error&) {
                std::printf("| %s | %g | blows up | | | | |\n", s.name.c_str(), dt);
            }
            std::fflush(stdout);
        }
    }
}

// ------------------------------------------------------------------------------------------------
std::vector<double> counts(const recording& rec) {
    std::vector<double> c;
    for (const auto& train : rec.spike_times_ms) c.push_back(static_cast<double>(train.size()));
    return c;
}

void bias() {
    const auto trials = static_cast<std::int64_t>(arg("trials", 1000.0));
    const double t_ms = arg("t_ms", 1000.0);
    const auto seed = static_cast<std::uint64_t>(arg("seed", 5.0));
    const int threads = static_cast<int>(arg("threads", 2.0));
    const double limit_dt = arg("limit_dt", 0.0025);
    const std::string limit_file = arg("limit_file", std::string(""));
    scenario base = source_scenario("s5000");
    base.run.n_trials = trials;
    base.run.t_end_ms = t_ms;
    base.run.seed = seed;
    base.run.n_threads = threads;
    std::vector<double> limit;
    if (!limit_file.empty()) {
        std::ifstream in(limit_file);
        for (double x; in >> x;) limit.push_back(x);
    }
    if (limit.size() != static_cast<std::size_t>(trials)) {
        scenario sc = base;
        sc.run.integrator = method::rk4;
        sc.run.jumps = jump_timing::event_exact;
        sc.run.dt_ms = limit_dt;
        const auto t0 = std::chrono::steady_clock::now();
        limit = counts(simulate(sc));
        std::fprintf(stderr, "limit (rk4 event-exact, dt %g): %.1f s\n", limit_dt, seconds_since(t0));
        if (!limit_file.empty()) {
            std::ofstream out(limit_file);
            for (const double x : limit) out << x << "\n";
        }
    }
    double total = 0;
    for (const double x : limit) total += x;
    const double t_s = t_ms * 1e-3;
    std::printf("S5000 shot noise, %lld trials x %g ms, seed %llu; limit: rk4 event-exact at dt = %g ms, rate %.3f Hz.\n\n",
                static_cast<long long>(trials), t_ms, static_cast<unsigned long long>(seed), limit_dt, total / static_cast<double>(trials) / t_s);
    std::printf("| scheme | dt (ms) | rate bias (Hz) | paired SE (Hz) | trials with another count | wall (s, %d threads) |\n", threads);
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    const std::vector<std::string> names = split(arg("methods", std::string("euler,expeuler,rk4 boundary,rk4 event-exact,expeuler event-exact")));
    const std::vector<std::string> dts = split(arg("dts", std::string("0.05,0.02,0.01,0.005,0.001")));
    for (const std::string& name : names) {
        const auto it = std::find_if(schemes.begin(), schemes.end(), [&](const scheme& s) { return s.name == name; });
        if (it == schemes.end()) throw std::runtime_error("unknown scheme " + name);
        for (const std::string& dt_text : dts) {
            scenario sc = base;
            sc.run.integrator = it->m;
            sc.run.jumps = it->jumps;
            sc.run.dt_ms = std::stod(dt_text);
            try {
                const auto t0 = std::chrono::steady_clock::now();
                const std::vector<double> c = counts(simulate(sc));
                const double wall = seconds_since(t0);
                double s = 0, s2 = 0;
                int differ = 0;
                for (std::size_t i = 0; i < c.size(); ++i) {
                    const double d = (c[i] - limit[i]) / t_s;
                    s += d;
                    s2 += d * d;
                    differ += c[i] != limit[i];
                }
                const auto n = static_cast<double>(c.size());
                const double mean = s / n;
                std::printf("| %s | %s | %+.3f | %.3f | %d | %.3g |\n", name.c_str(), dt_text.c_str(), mean,
                            std::sqrt(std::max(0.0, s2 / n - mean * mean) / (n - 1)), differ, wall);
            } catch (const numerics_error&) {
                std::printf("| %s | %s | blows up | | | |\n", name.c_str(), dt_text.c_str());
            }
            std::fflush(stdout);
        }
    }
}

// ------------------------------------------------------------------------------------------------
void orders() {
    struct problem {
        std::string name;
        scenario sc;
    };
    scenario smooth;
    smooth.model.i_app = 10.0;
    smooth.input.kind = input_kind::none;
    smooth.run.t_end_ms = 50.0;
    std::vector<problem> problems{{"no input, I_app = 10, 50 ms", smooth}, {"S5000 event list, I_app = 3, 200 ms", replay(fixed_list("s5000", 200.0), 3.0, 200.0)}};
    const std::vector<double> dts{0.02, 0.01, 0.005, 0.0025};
    std::printf("Least-squares slopes of log(max error) against log(dt) over dt = 0.02, 0.01, 0.005, 0.0025 ms; reference at tolerance 1e-13.\n\n");
    std::printf("| problem | scheme | V order | spike-time order | max spike-time error at dt 0.01 (ms) |\n|---|---|---:|---:|---:|\n");
    for (const problem& pr : problems) {
        reference_options ro;
        ro.sample_dt_ms = 0.02;
        ro.abs_tol = ro.rel_tol = 1e-13;
        const reference_result ref = simulate_reference(pr.sc, 0, ro);
        for (const scheme& s : schemes) {
            if (pr.sc.input.kind == input_kind::none && s.jumps == jump_timing::event_exact) continue;  // same as boundary without events
            std::vector<double> v_errs, t_errs;
            for (const double dt : dts) {
                scenario sc = pr.sc;
                sc.run.integrator = s.m;
                sc.run.jumps = s.jumps;
                sc.run.dt_ms = dt;
                sc.record.trace_trials = {0};
                sc.record.trace_every_steps = std::llround(0.02 / dt);
                const recording rec = simulate(sc);
                double v_err = 0;
                for (std::size_t j = 0; j < ref.v_mv.size(); ++j) v_err = std::max(v_err, std::abs(rec.traces[0].v_mv[j] - ref.v_mv[j]));
                const spike_match m = match(ref.spike_times_ms, rec.spike_times_ms[0]);
                v_errs.push_back(v_err);
                t_errs.push_back(m.missed + m.added > 0 ? 1.0 : std::max(m.max_err, 1e-300));
            }
            std::printf("| %s | %s | %.2f | %.2f | %.2g |\n", pr.name.c_str(), s.name.c_str(), slope(dts, v_errs), slope(dts, t_errs), t_errs[1]);
            std::fflush(stdout);
        }
    }
}

// ------------------------------------------------------------------------------------------------
// SRA and Euler–Maruyama on HH at rest driven by white noise (sigma^2 = 25 mV^2/ms, T = 2 ms), on
// the same Brownian paths as a fine Euler–Maruyama reference (strong: Y(dt_f); weak: Richardson
// 2 Y(dt_f) - Y(2 dt_f)), each path with its mirror image for the weak error. 8 paths per group.
constexpr int lanes = 8;
using lane_v = std::array<double, lanes>;

struct group_errors {
    std::vector<double> strong[2], weak[2];  // [scheme: 0 sra, 1 em][path * n_dt + level]
};

group_errors sra_group(std::uint64_t group, const hh_params& p, const hh_state& s0, double dt_f, const std::vector<double>& dts) {
    constexpr double sigma = 5.0, t_end = 2.0;
    const auto n_fine = static_cast<std::int64_t>(std::llround(t_end / dt_f));
    std::vector<lane_v> dw(static_cast<std::size_t>(n_fine));
    for (std::int64_t j = 0; j < n_fine; j += 2) {
        for (int l = 0; l < lanes; ++l) {
            double z0, z1;
            rng::normal_pair(rng::draw(77, group * lanes + static_cast<std::uint64_t>(l), 0, static_cast<std::uint64_t>(j / 2)), z0, z1);
            dw[static_cast<std::size_t>(j)][l] = std::sqrt(dt_f) * z0;
            dw[static_cast<std::size_t>(j + 1)][l] = std::sqrt(dt_f) * z1;
        }
    }
    const std::size_t nl = dts.size();
    std::vector<lane_v> ref_s(2), ref_w(2);
    std::vector<std::vector<lane_v>> y(2, std::vector<lane_v>(2 * nl));  // [sign][scheme * nl + level]
    for (int sign = 0; sign < 2; ++sign) {
        const double sg = sign == 0 ? 1.0 : -1.0;
        std::array<hh_state, lanes> a, b;
        a.fill(s0);
        b.fill(s0);
        for (std::int64_t j = 0; j < n_fine; ++j) {
            const lane_v& w = dw[static_cast<std::size_t>(j)];
#pragma omp simd
            for (int l = 0; l < lanes; ++l) {
                a[l] = euler_step(a[l], p, dt_f);
                a[l].v += sg * sigma * w[l];
            }
            if ((j & 1) == 1) {
                const lane_v& w0 = dw[static_cast<std::size_t>(j - 1)];
#pragma omp simd
                for (int l = 0; l < lanes; ++l) {
                    b[l] = euler_step(b[l], p, 2 * dt_f);
                    b[l].v += sg * sigma * (w0[l] + w[l]);
                }
            }
        }
        for (int l = 0; l < lanes; ++l) {
            ref_s[sign][l] = a[l].v;
            ref_w[sign][l] = 2 * a[l].v - b[l].v;
        }
        for (std::size_t c = 0; c < nl; ++c) {
            const double h = dts[c];
            const auto ratio = static_cast<std::int64_t>(std::llround(h / dt_f));
            std::array<hh_state, lanes> ys, es;
            ys.fill(s0);
            es.fill(s0);
            for (std::int64_t k = 0; k < n_fine / ratio; ++k) {
                lane_v big_w{}, i10{};
                for (std::int64_t j = k * ratio; j < (k + 1) * ratio; ++j) {
                    for (int l = 0; l < lanes; ++l) {
                        i10[l] += (big_w[l] + 0.5 * dw[static_cast<std::size_t>(j)][l]) * dt_f;
                        big_w[l] += dw[static_cast<std::size_t>(j)][l];
                    }
                }
#pragma omp simd
                for (int l = 0; l < lanes; ++l) {
                    double unused;
                    ys[l] = sra_step(ys[l], p, h, sg * 1.5 * sigma * i10[l] / h, unused);
                    ys[l].v += sg * sigma * big_w[l];
                    es[l] = euler_step(es[l], p, h);
                    es[l].v += sg * sigma * big_w[l];
                }
            }
            for (int l = 0; l < lanes; ++l) {
                y[sign][c][l] = ys[l].v;
                y[sign][nl + c][l] = es[l].v;
            }
        }
    }
    group_errors g;
    for (int l = 0; l < lanes; ++l) {
        for (int sch = 0; sch < 2; ++sch) {
            for (std::size_t c = 0; c < nl; ++c) {
                g.strong[sch].push_back(y[0][sch * nl + c][l] - ref_s[0][l]);
                g.weak[sch].push_back(0.5 * ((y[0][sch * nl + c][l] - ref_w[0][l]) + (y[1][sch * nl + c][l] - ref_w[1][l])));
            }
        }
    }
    return g;
}

void sra_orders() {
    const int groups = static_cast<int>(arg("groups", 256.0));
    const double dt_f = 0.01 / arg("fine", 512.0);
    const std::vector<double> dts{0.04, 0.02, 0.01};
    hh_params p;
    start_spec rest;
    rest.kind = start_kind::rest;
    const hh_state s0 = initial_state(rest, -65.0, p);
    std::vector<group_errors> all(static_cast<std::size_t>(groups));
    const auto t0 = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(dynamic, 1)
    for (int g = 0; g < groups; ++g) all[static_cast<std::size_t>(g)] = sra_group(static_cast<std::uint64_t>(g), p, s0, dt_f, dts);
    const std::size_t nl = dts.size();
    // Errors from all groups but `skip` (jackknife); strong = rms, weak = |mean|.
    const auto errors = [&](int sch, int skip, std::vector<double>& strong, std::vector<double>& weak) {
        std::vector<double> q2(nl, 0.0), w1(nl, 0.0);
        double n = 0;
        for (int g = 0; g < groups; ++g) {
            if (g == skip) continue;
            const group_errors& e = all[static_cast<std::size_t>(g)];
            for (std::size_t i = 0; i < e.strong[sch].size(); ++i) {
                q2[i % nl] += e.strong[sch][i] * e.strong[sch][i];
                w1[i % nl] += e.weak[sch][i];
            }
            n += static_cast<double>(e.strong[sch].size() / nl);
        }
        strong.assign(nl, 0.0);
        weak.assign(nl, 0.0);
        for (std::size_t c = 0; c < nl; ++c) {
            strong[c] = std::sqrt(q2[c] / n);
            weak[c] = std::abs(w1[c] / n);
        }
    };
    std::printf("HH at rest (I_app = 0), white noise sigma^2 = 25 mV^2/ms, T = 2 ms, %d paths (each with its mirror image); reference: "
                "Euler-Maruyama at dt = %.3g ms on the same paths (weak: its Richardson extrapolation). %.1f s.\n\n",
                groups * lanes, dt_f, seconds_since(t0));
    std::printf("| scheme | dt (ms) | strong error (mV) | weak error (mV) |\n|---|---:|---:|---:|\n");
    const char* names[2] = {"sra", "euler-maruyama"};
    std::vector<std::array<double, 4>> fitted;
    for (int sch = 0; sch < 2; ++sch) {
        std::vector<double> strong, weak;
        errors(sch, -1, strong, weak);
        for (std::size_t c = 0; c < nl; ++c) std::printf("| %s | %g | %.3g | %.3g |\n", names[sch], dts[c], strong[c], weak[c]);
        const double so = slope(dts, strong), wo = slope(dts, weak);
        double ss = 0, sw = 0;
        for (int g = 0; g < groups; ++g) {
            std::vector<double> s2, w2;
            errors(sch, g, s2, w2);
            ss += (slope(dts, s2) - so) * (slope(dts, s2) - so);
            sw += (slope(dts, w2) - wo) * (slope(dts, w2) - wo);
        }
        const double k = (groups - 1.0) / groups;
        fitted.push_back({so, std::sqrt(k * ss), wo, std::sqrt(k * sw)});
    }
    std::printf("\n| scheme | strong order | weak order |\n|---|---:|---:|\n");
    for (int sch = 0; sch < 2; ++sch) {
        std::printf("| %s | %.2f +- %.2f | %.2f +- %.2f |\n", names[sch], fitted[sch][0], fitted[sch][1], fitted[sch][2], fitted[sch][3]);
    }
}

// ------------------------------------------------------------------------------------------------
void start_effect() {
    std::printf("Published start (V = -65 mV, m = 0.05, h = 0.6, n = 0.32) against hhsim's default (V0 = -65 mV, gates at their steady\n"
                "state there), on fixed event lists over 200 ms; reference integrator. Then the bistable case with rk4 at dt = 0.01 ms.\n\n");
    std::printf("| event list | I_app | spikes (default / published) | first spike shift (ms) | max shift of matched spikes (ms) |\n|---|---:|---:|---:|---:|\n");
    for (const std::string list : {"s100", "s5000"}) {
        const std::vector<input_event> events = fixed_list(list, 200.0);
        for (const double i_app : {3.0, 6.0}) {
            scenario sc = replay(events, i_app, 200.0);
            const reference_result a = simulate_reference(sc, 0);
            sc.start.m0 = 0.05;
            sc.start.h0 = 0.6;
            sc.start.n0 = 0.32;
            const reference_result b = simulate_reference(sc, 0);
            const spike_match m = match(a.spike_times_ms, b.spike_times_ms);
            const double first = a.spike_times_ms.empty() || b.spike_times_ms.empty() ? 0.0 : b.spike_times_ms[0] - a.spike_times_ms[0];
            std::printf("| %s | %g | %zu / %zu | %+.3g | %.3g |\n", list.c_str(), i_app, a.spike_times_ms.size(), b.spike_times_ms.size(), first,
                        m.max_err);
        }
    }
    std::printf("\nNear the fold (I_app = 6): rk4 against the reference on the event lists, published start, T = t_ms.\n\n"
                "| event list | T (ms) | jumps, dt (ms) | spikes (reference) | missed | added | max error of matched spikes (ms) |\n"
                "|---|---:|---|---:|---:|---:|---:|\n");
    const double t_ms = arg("t_ms", 1000.0);
    for (const std::string list : {"s100", "s5000"}) {
        scenario sc = replay(fixed_list(list, t_ms), 6.0, t_ms);
        sc.start.m0 = 0.05;
        sc.start.h0 = 0.6;
        sc.start.n0 = 0.32;
        const reference_result ref = simulate_reference(sc, 0);
        for (const jump_timing j : {jump_timing::step_boundary, jump_timing::event_exact}) {
            for (const double dt : {0.01, 0.02, 0.05}) {
                scenario s = sc;
                s.run.integrator = method::rk4;
                s.run.jumps = j;
                s.run.dt_ms = dt;
                const std::vector<double> spikes = simulate(s).spike_times_ms[0];
                const spike_match m = match(ref.spike_times_ms, spikes);
                std::printf("| %s | %g | %s, %g | %zu | %d | %d | %.2g |\n", list.c_str(), t_ms, to_string(j).c_str(), dt, ref.spike_times_ms.size(),
                            m.missed, m.added, m.max_err);
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: hhsim_numerics accuracy|bias|orders|sra|start [key=value ...]\n");
        return 2;
    }
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const std::size_t eq = a.find('=');
        if (eq != std::string::npos) args[a.substr(0, eq)] = a.substr(eq + 1);
    }
    const std::string section = argv[1];
    try {
        if (section == "accuracy") accuracy();
        else if (section == "bias") bias();
        else if (section == "orders") orders();
        else if (section == "sra") sra_orders();
        else if (section == "start") start_effect();
        else {
            std::fprintf(stderr, "unknown section %s\n", section.c_str());
            return 2;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hhsim_numerics: %s\n", e.what());
        return 1;
    }
    return 0;
}
