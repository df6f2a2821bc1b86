// `hhsim run`: one scenario (default: the classic 80 E + 20 I study), CSV output, console summary.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "core/simulation.hpp"
#include "drivers/commands.hpp"
#include "drivers/csv_output.hpp"
#include "drivers/scenario_options.hpp"
#include "drivers/staged_folder.hpp"
#include "drivers/study_spec.hpp"

namespace hhsim::drivers {

namespace {
struct run_options {
    scenario_options scen;
    std::string out = "hhsim-out";
    bool overwrite = false;
    std::vector<std::int64_t> trace_trials;
    std::vector<std::int64_t> event_trials;
    bool no_traces = false;
    bool no_events = false;
    std::int64_t trace_every = 10;
    std::string command_line;
    std::string config_path;
    const CLI::App* cmd = nullptr;
};

int execute_run(const run_options& o) {
    std::optional<scenario> base;
    if (!o.config_path.empty()) {
        std::ifstream in(o.config_path);
        require(in.good(), cat("--config: cannot read '", o.config_path, "'"));
        std::ostringstream text;
        text << in.rdbuf();
        const study_spec spec = parse_study_config(text.str(), o.config_path);
        require(spec.grid.empty(), cat("--config '", o.config_path, "' has a [sweep]; `hhsim run` runs one scenario: use `hhsim study` for grids"));
        base = spec.base;
    }
    scenario sc = to_scenario(o.scen, *o.cmd, base ? &*base : nullptr);
    const auto first = static_cast<std::int64_t>(sc.run.first_trial);
    sc.record.trace_trials = o.no_traces ? std::vector<std::int64_t>{} : (o.trace_trials.empty() ? std::vector<std::int64_t>{first} : o.trace_trials);
    sc.record.event_trials = o.no_events ? std::vector<std::int64_t>{} : (o.event_trials.empty() ? std::vector<std::int64_t>{first} : o.event_trials);
    sc.record.trace_every_steps = o.trace_every;
    validate(sc);

    staged_folder folder(o.out, o.overwrite);  // checked before the run, so a bad --out costs nothing
    const auto start = std::chrono::steady_clock::now();
    const recording rec = simulate(sc);
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    write_spikes_csv(folder.file("spikes.csv"), rec, sc.run.first_trial);
    if (!rec.traces.empty()) write_traces_csv(folder.file("traces.csv"), rec);
    if (!rec.events.empty()) write_events_csv(folder.file("events.csv"), rec);
    write_parameters(folder.file("parameters.txt"), sc, o.command_line);
    folder.commit();

    std::size_t spikes = 0;
    for (const auto& train : rec.spike_times_ms) spikes += train.size();
    const double neuron_steps = static_cast<double>(sc.run.n_trials) * static_cast<double>(rec.n_steps);
    const double rate_hz = static_cast<double>(spikes) / static_cast<double>(sc.run.n_trials) / (sc.run.t_end_ms * 1e-3);
    std::cout << "hhsim run: " << sc.run.n_trials << " trial(s), T = " << sc.run.t_end_ms << " ms, dt = " << sc.run.dt_ms
              << " ms, integrator " << to_string(sc.run.integrator) << ", jumps " << to_string(sc.run.jumps) << ", input "
              << to_string(sc.input.kind) << ", seed " << sc.run.seed << "\n"
              << "  spikes          " << spikes << "\n"
              << "  rate            " << std::setprecision(4) << rate_hz << " Hz (mean over trials)\n"
              << "  wall time       " << std::setprecision(3) << wall_s << " s\n"
              << "  neuron-steps/s  " << std::setprecision(3) << neuron_steps / wall_s << "\n"
              << "  output          " << folder.target().string() << "/ (spikes.csv"
              << (rec.traces.empty() ? "" : ", traces.csv") << (rec.events.empty() ? "" : ", events.csv") << ", parameters.txt)\n";
    return 0;
}
}  // namespace

std::function<int()> add_run_command(CLI::App& app, const std::string& command_line) {
    auto o = std::make_shared<run_options>();
    o->command_line = command_line;
    CLI::App* cmd = app.add_subcommand("run", "simulate one scenario (default: 80 E + 20 I Poisson sources, 300 ms) and write CSV");
    add_scenario_options(*cmd, o->scen);
    o->cmd = cmd;
    cmd->add_option("--config", o->config_path, "study configuration (TOML) as the base scenario; flags given here override it")
        ->check(CLI::ExistingFile);
    cmd->add_option("--out", o->out, "output folder (created; written completely or not at all)")->capture_default_str();
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing output folder");
    cmd->add_option("--trace-trials", o->trace_trials, "trials whose traces are written (default: the first)");
    cmd->add_option("--trace-every", o->trace_every, "trace decimation (steps per sample)")->capture_default_str();
    cmd->add_option("--event-trials", o->event_trials, "trials whose input events are written (default: the first)");
    cmd->add_flag("--no-traces", o->no_traces, "write no traces");
    cmd->add_flag("--no-events", o->no_events, "write no input events");
    return [o]() { return execute_run(*o); };
}

}  // namespace hhsim::drivers
