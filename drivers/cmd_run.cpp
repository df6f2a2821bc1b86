// `hhsim run`: one scenario (default: the classic 80 E + 20 I study), CSV output, console summary.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <new>
#include <optional>

#include "core/error.hpp"
#include "core/memory_estimate.hpp"
#include "core/reference_odeint.hpp"
#include "core/simulation.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"
#include "drivers/csv_output.hpp"
#include "drivers/memory_budget.hpp"
#include "drivers/progress.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/scenario_options.hpp"
#include "drivers/signals.hpp"
#include "drivers/staged_folder.hpp"
#include "drivers/config.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace {
struct run_options {
    scenario_options scen;
    std::string out = "hhsim-out";
    bool overwrite = false;
    bool quiet = false;
    bool no_traces = false;
    bool no_events = false;
    std::optional<double> max_memory;
    std::string max_memory_text;
    std::string command_line;
    std::string config_path;
    const CLI::App* cmd = nullptr;
};

bool listed(const std::vector<trial_index>& trials, trial_index k) { return std::find(trials.begin(), trials.end(), k) != trials.end(); }

// Validation runs: every trial through the Boost.Odeint reference (adaptive dopri5 between exact
// event times), sampled at dt for spike detection; traces decimated like simulate()'s.
recording run_reference(const scenario& sc, const run_hooks& hooks) {
    recording rec;
    rec.n_steps = step_count(sc.run);
    reference_options ro;
    ro.sample_dt_ms = sc.run.dt_ms;
    const input_plan plan = make_input_plan(sc.input, sc.run.seed);
    const std::int64_t every = sc.record.trace_every_steps;
    for (std::int64_t i = 0; i < sc.run.n_trials; ++i) {
        if (hooks.stop_requested != nullptr && hooks.stop_requested->load()) throw run_interrupted("reference: stopped on request");
        const trial_index trial = sc.run.first_trial + i;
        const reference_result r = simulate_reference(sc, static_cast<std::uint64_t>(trial), ro);
        if (hooks.on_progress) hooks.on_progress(rec.n_steps);
        rec.spike_times_ms.push_back(r.spike_times_ms);
        const bool traced = listed(sc.record.trace_trials, trial);
        const bool with_events = listed(sc.record.event_trials, trial);
        const bool with_noise = listed(sc.record.noise_trials, trial);
        if (!traced && !with_events && !with_noise) continue;
        std::vector<input_event> events;
        event_cursor cursor = start_events(plan);
        emit_events_until(plan, static_cast<std::uint64_t>(trial), cursor, sc.run.t_end_ms,
                          [&events](const input_event& ev) { events.push_back(ev); });
        sort_by_time(events);
        if (with_events) rec.events.push_back(event_record{trial, events});
        if (with_noise) {
            // The transmitted jumps per step of dt, binned by the same rule as simulate()'s.
            noise_record nr{trial, std::vector<double>(static_cast<std::size_t>(rec.n_steps), 0.0)};
            for (const input_event& ev : events) {
                const std::int64_t k = std::clamp<std::int64_t>(step_of_event(ev.t_ms, sc.run.dt_ms), 0, rec.n_steps - 1);
                if (ev.transmitted) nr.increment_mv[static_cast<std::size_t>(k)] += ev.jump_mv;
            }
            rec.noise.push_back(std::move(nr));
        }
        if (!traced) continue;
        trace tr;
        tr.trial = trial;
        std::size_t e = 0;
        double jumps_mv = 0.0;  // transmitted jumps since the previous sample
        for (std::size_t j = 0; j < r.t_ms.size(); ++j) {
            for (; e < events.size() && events[e].t_ms <= r.t_ms[j]; ++e) jumps_mv += events[e].transmitted ? events[e].jump_mv : 0.0;
            if (j % static_cast<std::size_t>(every) != 0) continue;
            append_sample(tr, r.t_ms[j], hh_state{r.v_mv[j], r.m[j], r.h[j], r.n[j]}, sc.model,
                          j == 0 ? 0.0 : sc.model.c_m * jumps_mv / (static_cast<double>(every) * sc.run.dt_ms));
            jumps_mv = 0.0;
        }
        rec.traces.push_back(std::move(tr));
    }
    return rec;
}

// Run `work`, turning an allocation failure into an error that says what was being done.
template <typename Work>
auto describe_out_of_memory(const std::string& doing, const memory_estimate& estimate, Work&& work) {
    try {
        return work();
    } catch (const std::bad_alloc&) {
        throw std::runtime_error(cat("out of memory while ", doing, " (estimated beforehand: ", format_bytes(estimate.total_bytes()),
                                     " without spike times; spikes take 8 bytes each)"));
    }
}

int execute_run(const run_options& o_in) {
    // "reference" is not one of core's fixed-step methods: validate as rk4, then run the reference.
    run_options o = o_in;
    const bool reference = o.scen.reference;
    std::optional<scenario> base;
    if (!o.config_path.empty()) {
        config_options options;
        options.check_analysis = false;  // a run computes no statistics: [analysis] does not constrain it
        options.defaults = scenario_options::run_defaults();
        const study_spec spec = parse_study_config(read_text_file(o.config_path, "--config"), o.config_path, options);
        require(spec.grid.empty(), cat("--config '", o.config_path, "' has a [sweep]; `hhsim run` runs one scenario: use `hhsim study` for grids"));
        base = spec.base;
    }
    if (reference) {
        const input_kind kind = (base && o.scen.given.count("kind") == 0) ? base->input.kind : o.scen.sc.input.kind;
        require(kind != input_kind::diffusion, "run: integrator = 'reference' cannot take diffusion input (it integrates exactly "
                                               "between input events); use euler-maruyama or expeuler");
    }
    scenario sc = to_scenario(o.scen, *o.cmd, base ? &*base : nullptr);
    require(!reference || sc.run.real == precision::f64, "run: precision = 'f32' is invalid with integrator = 'reference' (the adaptive "
                                                         "reference integrates in double); use f64, or a fixed-step integrator for f32");
    // Without a configuration, the first trial's trace and events are kept unless the flags say
    // otherwise (to_scenario); a configuration's record.* are kept as they are (parameters.toml
    // reproduces a run).
    if (o.no_traces) sc.record.trace_trials.clear();
    if (o.no_events) sc.record.event_trials.clear();
    validate(sc);
    const memory_estimate need = simulation_memory(sc);
    check_memory(need, memory_available(o.max_memory, o.max_memory_text), "this run");
    const std::size_t late = events_after(sc.input.replay_events, sc.run);
    if (late > 0) {
        std::cerr << "hhsim: " << late << " of " << sc.input.replay_events.size() << " replay events lie after t_end = " << sc.run.t_end_ms
                  << " ms and are not applied\n";
    }

    // Checked and locked before the run, so a bad --out costs nothing.
    staged_folder folder(o.out, o.overwrite, "run", {o.config_path, o.scen.replay_csv});
    const stop_on_signals signals;
    progress_meter progress(sc.run.n_trials * step_count(sc.run), o.quiet, 2.0);
    progress.stage("run", sc.run.n_trials, step_count(sc.run));
    run_hooks hooks;
    hooks.stop_requested = &stop_on_signals::flag();
    hooks.on_progress = [&progress](std::int64_t n) { progress.add(n); };
    const auto start = std::chrono::steady_clock::now();
    recording rec;
    try {
        rec = describe_out_of_memory(cat("simulating ", sc.run.n_trials, " trial(s)"), need,
                                     [&] { return reference ? run_reference(sc, hooks) : simulate(sc, hooks); });
    } catch (const run_interrupted&) {
        progress.finish();
        std::cerr << "hhsim: interrupted by signal " << stop_on_signals::signal_number() << "; nothing was written to "
                  << folder.target().string() << "\n";
        return stop_on_signals::exit_status();
    }
    progress.finish();
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    describe_out_of_memory("writing the CSV files", need, [&] {
        write_spikes_csv(folder.file("spikes.csv"), rec, sc.run.first_trial);
        if (!rec.traces.empty()) write_traces_csv(folder.file("traces.csv"), rec);
        if (!rec.events.empty()) write_events_csv(folder.file("events.csv"), rec);
        if (!rec.noise.empty()) write_noise_csv(folder.file("noise.csv"), rec, sc.run.dt_ms);
        write_run_parameters(folder.path(), sc, o.command_line, reference);
        return 0;
    });
    if (stop_on_signals::requested()) {
        std::cerr << "hhsim: interrupted by signal " << stop_on_signals::signal_number() << "; nothing was written to "
                  << folder.target().string() << "\n";
        return stop_on_signals::exit_status();
    }
    folder.commit();

    std::size_t spikes = 0;
    for (const auto& train : rec.spike_times_ms) spikes += train.size();
    const double neuron_steps = static_cast<double>(sc.run.n_trials) * static_cast<double>(rec.n_steps);
    const double rate_hz = static_cast<double>(spikes) / static_cast<double>(sc.run.n_trials) / (sc.run.t_end_ms * 1e-3);
    std::cout << "hhsim run: " << sc.run.n_trials << " trial(s), T = " << sc.run.t_end_ms << " ms, dt = " << sc.run.dt_ms
              << " ms, integrator " << (reference ? std::string("reference (odeint dopri5, sampled at dt)") : to_string(sc.run.integrator))
              << ", jumps " << (reference ? std::string("event-exact") : to_string(sc.run.jumps)) << ", input "
              << to_string(sc.input.kind) << ", seed " << sc.run.seed << "\n"
              << "  start           " << describe(sc.start, sc.v0_mv, sc.model) << "\n"
              << "  spikes          " << spikes << "\n"
              << "  rate            " << std::setprecision(4) << rate_hz << " Hz (mean over trials)\n"
              << "  wall time       " << std::setprecision(3) << wall_s << " s\n"
              << "  neuron-steps/s  " << std::setprecision(3) << neuron_steps / wall_s << "\n"
              << "  output          " << folder.target().string() << "/ (spikes.csv"
              << (rec.traces.empty() ? "" : ", traces.csv") << (rec.events.empty() ? "" : ", events.csv")
              << (rec.noise.empty() ? "" : ", noise.csv") << ", parameters.toml)\n";
    return 0;
}
}  // namespace

std::function<int()> add_run_command(CLI::App& app, const std::string& command_line) {
    auto o = std::make_shared<run_options>();
    o->command_line = command_line;
    CLI::App* cmd = app.add_subcommand("run", "simulate one scenario (default: 80 E + 20 I Poisson sources, 300 ms) and write CSV");
    o->scen.allow_reference = true;
    add_scenario_options(*cmd, o->scen);
    o->cmd = cmd;
    add_text(*cmd, "--config", o->config_path, "study configuration (TOML) as the base scenario; flags given here override it");
    add_text(*cmd, "--out", o->out, "output folder (created; written completely or not at all)");
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing output folder that hhsim made (README.md, \"Promises\")");
    cmd->add_flag("--quiet", o->quiet, "no progress display");
    cmd->add_flag("--no-traces", o->no_traces, "write no traces");
    cmd->add_flag("--no-events", o->no_events, "write no input events");
    cmd->add_option_function<std::string>(
        "--max-memory",
        [o](const std::string& text) {
            o->max_memory = parse_byte_size(text, "--max-memory");
            o->max_memory_text = text;
        },
        "refuse a run whose estimated memory exceeds this (e.g. 4G; default: the memory available)");
    return [o]() { return execute_run(*o); };
}

}  // namespace hhsim::drivers
