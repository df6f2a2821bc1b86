// `hhsim bench`: neuron-steps per second (trials * T/dt / wall s) of the whole pipeline (input
// generation, integration, spike detection) for the scenarios in docs/performance.md, each beside
// the bare kernel of the same physics (core/bench_kernel.hpp) compiled with the same flags and run
// by the same kernel set, with their ratio, the precision and the vector instruction set; then the
// issue's targets, each ratio against its bound.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <tuple>

#include "core/bench_kernel.hpp"
#include "core/error.hpp"
#include "core/kernels.hpp"
#include "core/limits.hpp"
#include "core/simulation.hpp"
#include "drivers/build_info.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"

namespace hhsim::drivers {

namespace {
struct bench_options {
    int repeats = 3;
    std::vector<int> threads{1, 2};
    std::vector<std::string> methods{"euler", "rk4", "expeuler", "euler-maruyama", "sra"};
    std::vector<std::string> precisions{"f64", "f32"};
    std::vector<std::string> isas{"auto"};
    bool quick = false;
};

/// S5000: 4000 E + 1000 I sources at 10 Hz, p = 0.5, Je = 0.5 mV, Ji = -2 mV, I_app = 3 uA/cm^2.
scenario s5000() {
    scenario sc = default_scenario();
    sc.input.populations = {population{4000, 10.0, 0.5, 0.5, {}, {}}, population{1000, 10.0, 0.5, -2.0, {}, {}}};
    return sc;
}

/// The bare kernel's counterpart of a scenario: the same cells, steps, model and mean input.
bare_kernel_params bare_for(const scenario& sc, method m) {
    bare_kernel_params b;
    b.integrator = m;
    b.n_cells = sc.run.n_trials;
    b.n_steps = step_count(sc.run);
    b.dt_ms = sc.run.dt_ms;
    b.model = sc.model;
    const auto& pops = sc.input.populations;
    const auto lambda = [&](const population& p) { return static_cast<double>(p.count) * p.rate_hz * 1e-3 * p.release_probability * sc.run.dt_ms; };
    b.lambda_e = lambda(pops[0]);
    b.lambda_i = lambda(pops[1]);
    b.jump_e_mv = pops[0].jump_mv;
    b.jump_i_mv = pops[1].jump_mv;
    b.seed = sc.run.seed;
    return b;
}

struct bench_case {
    std::string name;
    scenario sc;
    std::optional<method> bare;  ///< the bare kernel run beside it (euler or rk4), if any
};

struct measured {
    double best = 0, median = 0;  ///< neuron-steps/s
    double wall_min = 0;
    double rate_hz = 0;
    double bare_best = 0;         ///< the bare kernel beside it, 0 if none
};

measured summarise(std::vector<double> walls, double work, double rate_hz) {
    std::sort(walls.begin(), walls.end());
    return {work / walls.front(), work / walls[walls.size() / 2], walls.front(), rate_hz};
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    }
    return "unknown CPU";
}

using result_key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, int>;  // case, method, input, jumps, precision, isa, threads

int execute_bench(const bench_options& o) {
    const double scale = o.quick ? 0.1 : 1.0;
    std::vector<bench_case> cases;
    for (const std::string& name : o.methods) {
        const method m = parse_method(name);
        const bool diffusion = m == method::euler_maruyama || m == method::sra;
        const input_kind kind = diffusion ? input_kind::diffusion : input_kind::shot;
        const std::optional<method> bare = m == method::rk4 ? std::optional<method>(method::rk4)
                                           : (m == method::euler || m == method::euler_maruyama) ? std::optional<method>(method::euler)
                                                                                                  : std::nullopt;
        bench_case dflt{"default x1000", default_scenario(), std::nullopt};
        dflt.sc.run.n_trials = static_cast<std::int64_t>(1000 * scale);
        bench_case one{"S5000 1x10s", s5000(), std::nullopt};
        one.sc.run.t_end_ms = 10000.0 * scale;
        bench_case ens{"S5000 1000x1s", s5000(), bare};
        ens.sc.run.n_trials = static_cast<std::int64_t>(1000 * scale);
        ens.sc.run.t_end_ms = 1000.0;
        std::vector<bench_case> mine{dflt, one, ens};
        if (!diffusion) {
            bench_case exact = ens;
            exact.sc.run.jumps = jump_timing::event_exact;
            exact.bare.reset();
            bench_case one_exact = one;
            one_exact.sc.run.jumps = jump_timing::event_exact;
            mine.push_back(exact);
            mine.push_back(one_exact);
            if (m == method::euler || m == method::rk4) {
                bench_case per_source = ens;
                per_source.name = "S5000 1000x1s";
                per_source.sc.input.kind = input_kind::per_source;
                per_source.bare.reset();
                mine.push_back(per_source);
            }
        }
        for (bench_case& c : mine) {
            c.sc.run.integrator = m;
            if (c.sc.input.kind != input_kind::per_source) c.sc.input.kind = kind;
            cases.push_back(c);
        }
    }
    std::cout << "hhsim bench on " << cpu_model() << "; build: " << vector_isa() << ", flags " << HHSIM_ARCH_FLAGS << "\n";
    for (const std::string& isa : o.isas) {
        const kernel_set& ks = kernels(parse_kernel_isa(isa));
        std::cout << "kernel set " << isa << ": " << to_string(ks.isa) << ", " << ks.name << "\n";
    }
    std::cout << "neuron-steps/s, best and median of " << o.repeats << " runs, hhsim and the bare kernel interleaved; ratio = hhsim best / bare best\n";
    std::cout << std::left << std::setw(16) << "case" << std::setw(16) << "integrator" << std::setw(11) << "input" << std::setw(12) << "jumps"
              << std::setw(5) << "prec" << std::setw(8) << "isa" << std::setw(8) << "threads" << std::right << std::setw(11) << "wall_s_min"
              << std::setw(12) << "hhsim_best" << std::setw(12) << "hhsim_med" << std::setw(12) << "bare_best" << std::setw(12) << "bare_med"
              << std::setw(7) << "ratio" << std::setw(9) << "rate_Hz" << std::setw(9) << "bare_Hz" << "\n";
    std::map<result_key, measured> results;
    for (const bench_case& c : cases) {
        for (const std::string& prec : o.precisions) {
            for (const std::string& isa : o.isas) {
                for (const int threads : o.threads) {
                    scenario sc = c.sc;
                    sc.run.n_threads = threads;
                    sc.run.real = parse_precision(prec);
                    sc.run.isa = parse_kernel_isa(isa);
                    const validated_scenario vs = validate(sc);
                    std::optional<bare_kernel_params> bp;
                    if (c.bare) {
                        bp = bare_for(sc, *c.bare);
                        bp->n_threads = threads;
                    }
                    std::vector<double> walls, bare_walls;
                    double rate_hz = 0, bare_hz = 0;
                    const double seconds = sc.run.t_end_ms * 1e-3;
                    for (int r = 0; r < o.repeats; ++r) {
                        auto start = std::chrono::steady_clock::now();
                        const recording rec = simulate(vs);
                        walls.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
                        std::size_t spikes = 0;
                        for (const auto& s : rec.spike_times_ms) spikes += s.size();
                        rate_hz = static_cast<double>(spikes) / static_cast<double>(sc.run.n_trials) / seconds;
                        if (bp) {
                            start = std::chrono::steady_clock::now();
                            const bare_kernel_result br = run_bare_kernel(*bp, sc.run.real, sc.run.isa);
                            bare_walls.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
                            bare_hz = static_cast<double>(br.upward_crossings) / static_cast<double>(bp->n_cells) / seconds;
                        }
                    }
                    const double work = static_cast<double>(sc.run.n_trials) * static_cast<double>(step_count(sc.run));
                    measured m = summarise(walls, work, rate_hz);
                    if (bp) m.bare_best = summarise(bare_walls, work, bare_hz).best;
                    const std::string input = to_string(sc.input.kind);
                    const std::string jumps = sc.input.kind == input_kind::diffusion ? "-" : to_string(sc.run.jumps);
                    results[{c.name, to_string(sc.run.integrator), input, jumps, prec, isa, threads}] = m;
                    std::cout << std::left << std::setw(16) << c.name << std::setw(16) << to_string(sc.run.integrator) << std::setw(11) << input
                              << std::setw(12) << jumps << std::setw(5) << prec << std::setw(8) << isa << std::setw(8) << threads << std::right
                              << std::setw(11) << std::setprecision(4) << m.wall_min << std::setw(12) << std::setprecision(3) << m.best
                              << std::setw(12) << m.median;
                    if (bp) {
                        const measured b = summarise(bare_walls, work, bare_hz);
                        std::cout << std::setw(12) << b.best << std::setw(12) << b.median << std::setw(7) << std::setprecision(2) << m.best / b.best
                                  << std::setw(9) << std::setprecision(4) << rate_hz << std::setw(9) << bare_hz;
                    } else {
                        std::cout << std::setw(12) << "-" << std::setw(12) << "-" << std::setw(7) << "-" << std::setw(9) << std::setprecision(4)
                                  << rate_hz << std::setw(9) << "-";
                    }
                    std::cout << std::endl;
                }
            }
        }
    }
    // The targets, from the rows above (S5000 ensembles).
    std::cout << "\ntargets (S5000 1000x1s unless named; ratio of best throughputs)\n";
    const auto get = [&](const std::string& name, const std::string& m, const std::string& input, const std::string& jumps, const std::string& prec,
                         const std::string& isa, int threads) -> const measured* {
        const auto it = results.find({name, m, input, jumps, prec, isa, threads});
        return it == results.end() ? nullptr : &it->second;
    };
    const std::string ens = "S5000 1000x1s";
    for (const std::string& prec : o.precisions) {
        for (const std::string& isa : o.isas) {
            for (const int threads : o.threads) {
                const auto line = [&](const std::string& what, const measured* a, const measured* b, double bound) {
                    if (a == nullptr || b == nullptr || !(b->best > 0)) return;
                    const double ratio = a->best / b->best;
                    std::cout << "  " << std::left << std::setw(44) << what << std::setw(5) << prec << std::setw(8) << isa << std::setw(3) << threads
                              << std::right << std::setprecision(3) << std::setw(7) << ratio << "  (>= " << bound << ": "
                              << (ratio >= bound ? "met" : "NOT met") << ")\n";
                };
                for (const std::string m : {"euler", "rk4"}) {
                    const measured* a = get(ens, m, "shot", "boundary", prec, isa, threads);
                    if (a == nullptr) continue;
                    const measured bare{a->bare_best, 0, 0, 0, 0};
                    line(m + " / bare " + m + " kernel with input", a, &bare, 0.8);
                }
                line("rk4 event-exact / rk4 boundary", get(ens, "rk4", "shot", "event-exact", prec, isa, threads),
                     get(ens, "rk4", "shot", "boundary", prec, isa, threads), 0.6);
                line("euler per-source / euler shot", get(ens, "euler", "per-source", "boundary", prec, isa, threads),
                     get(ens, "euler", "shot", "boundary", prec, isa, threads), 0.7);
                line("rk4 per-source / rk4 shot", get(ens, "rk4", "per-source", "boundary", prec, isa, threads),
                     get(ens, "rk4", "shot", "boundary", prec, isa, threads), 0.7);
                line("euler-maruyama (diffusion) / euler (shot)", get(ens, "euler-maruyama", "diffusion", "-", prec, isa, threads),
                     get(ens, "euler", "shot", "boundary", prec, isa, threads), 0.8);
                if (prec == "f32") {
                    for (const std::string m : {"euler", "rk4", "expeuler"}) {
                        line(m + " f32 / f64", get(ens, m, "shot", "boundary", "f32", isa, threads), get(ens, m, "shot", "boundary", "f64", isa, threads),
                             2.0);
                    }
                    for (const std::string m : {"euler-maruyama", "sra"}) {
                        line(m + " f32 / f64", get(ens, m, "diffusion", "-", "f32", isa, threads), get(ens, m, "diffusion", "-", "f64", isa, threads),
                             2.0);
                    }
                }
            }
        }
    }
    return 0;
}
}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
    auto o = std::make_shared<bench_options>();
    CLI::App* cmd = app.add_subcommand("bench", "measure neuron-steps per second on the benchmark scenarios beside the bare kernel (docs/performance.md)");
    add_whole(*cmd, "--repeats", o->repeats, 1, 1000, "runs per case; best and median are reported");
    cmd->add_option_function<std::vector<std::string>>(
        "--threads",
        [o](const std::vector<std::string>& texts) {
            o->threads.clear();
            for (const std::string& t : texts) o->threads.push_back(static_cast<int>(parse_whole(t, "--threads", 1, max_threads())));
        },
        cat("thread counts to measure, each in [1, ", max_threads(), "] (default 1 2)"));
    add_texts(*cmd, "--integrators", o->methods, "integrators (euler-maruyama and sra run the diffusion input; default: all)");
    add_texts(*cmd, "--precision", o->precisions, "precisions to measure: f64, f32 (default both)");
    add_texts(*cmd, "--isa", o->isas, "kernel sets to measure: auto, baseline, avx2, avx512 (portable builds), native (default auto)");
    cmd->add_flag("--quick", o->quick, "a tenth of the work, for a smoke test");
    return [o]() {
        for (const std::string& m : o->methods) (void)parse_method(m);
        for (const std::string& p : o->precisions) (void)parse_precision(p);
        for (const std::string& i : o->isas) require_kernels(parse_kernel_isa(i));
        return execute_bench(*o);
    };
}

}  // namespace hhsim::drivers
