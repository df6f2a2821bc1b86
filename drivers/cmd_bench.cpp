// `hhsim bench`: neuron-steps per second (trials * T/dt / wall s) of the whole pipeline (input
// generation, integration, spike detection) for the scenarios in docs/performance.md.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/simulation.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"

namespace hhsim::drivers {

namespace {
struct bench_options {
    int repeats = 3;
    std::vector<int> threads{1, 2};
    std::vector<std::string> methods{"euler", "expeuler", "rk4", "euler-maruyama"};
    bool quick = false;
};

/// S5000: 4000 E + 1000 I sources at 10 Hz, p = 0.5, Je = 0.5 mV, Ji = -2 mV, I_app = 3 uA/cm^2.
scenario s5000() {
    scenario sc = default_scenario();
    sc.input.populations = {population{4000, 10.0, 0.5, 0.5, {}}, population{1000, 10.0, 0.5, -2.0, {}}};
    return sc;
}

struct bench_case {
    std::string name;
    scenario sc;
};

int execute_bench(const bench_options& o) {
    const double scale = o.quick ? 0.1 : 1.0;
    std::vector<bench_case> cases;
    for (const std::string& m : o.methods) {
        const method meth = parse_method(m);
        const input_kind kind = meth == method::euler_maruyama || meth == method::sra ? input_kind::diffusion : input_kind::shot;
        bench_case dflt{"default x1000", default_scenario()};
        dflt.sc.run.n_trials = static_cast<std::int64_t>(1000 * scale);
        bench_case one{"S5000 1x10s", s5000()};
        one.sc.run.t_end_ms = 10000.0 * scale;
        bench_case ens{"S5000 1000x1s", s5000()};
        ens.sc.run.n_trials = static_cast<std::int64_t>(1000 * scale);
        ens.sc.run.t_end_ms = 1000.0;
        for (bench_case* c : {&dflt, &one, &ens}) {
            c->sc.run.integrator = meth;
            c->sc.input.kind = kind;
            cases.push_back(*c);
        }
    }
    std::cout << std::left << std::setw(16) << "case" << std::setw(16) << "integrator" << std::setw(11) << "input" << std::setw(9)
              << "threads" << std::right << std::setw(12) << "wall_s_min" << std::setw(16) << "nsteps/s_best" << std::setw(16)
              << "nsteps/s_median" << std::setw(12) << "rate_Hz" << "\n";
    for (const bench_case& c : cases) {
        for (const int threads : o.threads) {
            scenario sc = c.sc;
            sc.run.n_threads = threads;
            std::vector<double> walls;
            double rate_hz = 0;
            for (int r = 0; r < o.repeats; ++r) {
                const auto start = std::chrono::steady_clock::now();
                const recording rec = simulate(sc);
                walls.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
                std::size_t spikes = 0;
                for (const auto& s : rec.spike_times_ms) spikes += s.size();
                rate_hz = static_cast<double>(spikes) / static_cast<double>(sc.run.n_trials) / (sc.run.t_end_ms * 1e-3);
            }
            std::sort(walls.begin(), walls.end());
            const double work = static_cast<double>(sc.run.n_trials) * static_cast<double>(step_count(sc.run));
            std::cout << std::left << std::setw(16) << c.name << std::setw(16) << to_string(sc.run.integrator) << std::setw(11)
                      << to_string(sc.input.kind) << std::setw(9) << threads << std::right << std::setw(12) << std::setprecision(4)
                      << walls.front() << std::setw(16) << std::setprecision(3) << work / walls.front() << std::setw(16)
                      << work / walls[walls.size() / 2] << std::setw(12) << std::setprecision(4) << rate_hz << std::endl;
        }
    }
    return 0;
}
}  // namespace

std::function<int()> add_bench_command(CLI::App& app) {
    auto o = std::make_shared<bench_options>();
    CLI::App* cmd = app.add_subcommand("bench", "measure neuron-steps per second on the benchmark scenarios (docs/performance.md)");
    add_whole(*cmd, "--repeats", o->repeats, 1, 1000, "runs per case; best and median are reported");
    cmd->add_option_function<std::vector<std::string>>(
        "--threads",
        [o](const std::vector<std::string>& texts) {
            o->threads.clear();
            for (const std::string& t : texts) o->threads.push_back(static_cast<int>(parse_whole(t, "--threads", 1, max_threads())));
        },
        cat("thread counts to measure, each in [1, ", max_threads(), "] (default 1 2)"));
    add_texts(*cmd, "--integrators", o->methods, "integrators (euler-maruyama and sra run the diffusion input; default: all)");
    cmd->add_flag("--quick", o->quick, "a tenth of the work, for a smoke test");
    return [o]() { return execute_bench(*o); };
}

}  // namespace hhsim::drivers
