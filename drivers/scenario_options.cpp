#include "drivers/scenario_options.hpp"

#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/replay_csv.hpp"

namespace hhsim::drivers {

void add_scenario_options(CLI::App& cmd, scenario_options& opt) {
    scenario& sc = opt.sc;
    add_text(cmd, "--integrator", opt.integrator,
             "euler | rk4 | expeuler | euler-maruyama | sra (diffusion input: euler-maruyama, expeuler or sra); `run` also "
             "takes reference (Boost.Odeint dopri5 between exact event times, tolerance 1e-11, for validation)");
    add_text(cmd, "--jumps", opt.jumps,
             "when input jumps are applied: event-exact (at the event time) | boundary (at the end of its step; faster, "
             "first order in time); default event-exact, boundary for diffusion input (docs/numerics.md)");
    add_text(cmd, "--input", opt.input, "none | shot | per-source | diffusion | replay");
    add_real(cmd, "--dt-ms", sc.run.dt_ms, "time step (ms)");
    add_real(cmd, "--t-ms", sc.run.t_end_ms, "duration (ms)");
    add_whole(cmd, "--trials", sc.run.n_trials, 1, max_trial_index, "number of independent trials");
    add_whole(cmd, "--first-trial", sc.run.first_trial, 0, max_trial_index, "global index of the first trial");
    add_whole(cmd, "--seed", sc.run.seed, 0, static_cast<std::int64_t>(max_seed), "study seed (trial k's input is a function of seed and k)");
    add_whole(cmd, "--threads", sc.run.n_threads, 0, max_threads(),
              cat("OpenMP threads (0: all; at most ", max_threads(), " = 4 x the hardware threads)"));
    add_real(cmd, "--i-app", sc.model.i_app, "applied current (uA/cm^2)");
    add_whole(cmd, "--ne", opt.n_exc, 0, std::numeric_limits<std::int64_t>::max(), "excitatory sources");
    add_whole(cmd, "--ni", opt.n_inh, 0, std::numeric_limits<std::int64_t>::max(), "inhibitory sources");
    add_real(cmd, "--rate-hz", opt.rate_hz, "rate of every source (Hz)");
    add_real(cmd, "--p", opt.release_p, "release probability of every source, [0, 1]");
    add_real(cmd, "--je-mv", opt.je_mv, "excitatory jump Je (mV)");
    add_real(cmd, "--k", opt.k_inh, "inhibitory jump is Ji = -K * Je (dimensionless)");
    add_texts(cmd, "--population", opt.populations,
              "a population 'count,rate_hz,p,jump_mV' (repeatable; replaces --ne/--ni/--rate-hz/--p/--je-mv/--k)");
    add_text(cmd, "--replay", opt.replay_csv, "CSV of input events time_ms,jump_mV[,source] (with --input replay; format: docs/output.md)");
    add_real(cmd, "--v0-mv", sc.v0_mv, "initial V (mV) of --start v0");
    add_text(cmd, "--start", opt.start,
             "v0: V = --v0-mv, each gate as given by --m0/--h0/--n0 or at its steady state at V0 (default: the rest at "
             "I_app = 0, then I_app switched on at t = 0) | rest: the fixed point at --i-app (no onset transient)");
    add_real(cmd, "--m0", opt.m0, "initial Na activation m (dimensionless, [0, 1]; default: steady state at V0)");
    add_real(cmd, "--h0", opt.h0, "initial Na inactivation h (dimensionless, [0, 1]; default: steady state at V0)");
    add_real(cmd, "--n0", opt.n0, "initial K activation n (dimensionless, [0, 1]; default: steady state at V0)");
    add_real(cmd, "--threshold-mv", sc.record.spike_threshold_mv, "spike threshold (mV)");
    add_real(cmd, "--rearm-mv", sc.record.spike_rearm_mv, "spike detection re-arms below this V (mV)");
    add_real(cmd, "--c-m", sc.model.c_m, "membrane capacitance (uF/cm^2)");
    add_real(cmd, "--g-na", sc.model.g_na, "Na conductance (mS/cm^2)");
    add_real(cmd, "--g-k", sc.model.g_k, "K conductance (mS/cm^2)");
    add_real(cmd, "--g-l", sc.model.g_l, "leak conductance (mS/cm^2)");
    add_real(cmd, "--e-na", sc.model.e_na, "Na reversal potential (mV)");
    add_real(cmd, "--e-k", sc.model.e_k, "K reversal potential (mV)");
    add_real(cmd, "--e-l", sc.model.e_l, "leak reversal potential (mV)");
}

namespace {
population parse_population(const std::string& spec) {
    std::vector<std::string> parts;
    std::stringstream in(spec);
    for (std::string item; std::getline(in, item, ',');) parts.push_back(item);
    require(parts.size() == 4, cat("--population ", quoted(spec), " is invalid; expected count,rate_hz,p,jump_mV"));
    return population{parse_whole(parts[0], "--population count", 0, std::numeric_limits<std::int64_t>::max()),
                      parse_real(parts[1], "--population rate_hz"), parse_real(parts[2], "--population p"),
                      parse_real(parts[3], "--population jump_mV"), {}};
}
}  // namespace

namespace {
// How each flag bound directly to a scenario field carries over onto a base scenario.
using field_copy = void (*)(scenario& dst, const scenario& src);
const std::vector<std::pair<const char*, field_copy>>& field_flags() {
    static const std::vector<std::pair<const char*, field_copy>> table{
        {"--dt-ms", [](scenario& d, const scenario& s) { d.run.dt_ms = s.run.dt_ms; }},
        {"--t-ms", [](scenario& d, const scenario& s) { d.run.t_end_ms = s.run.t_end_ms; }},
        {"--trials", [](scenario& d, const scenario& s) { d.run.n_trials = s.run.n_trials; }},
        {"--first-trial", [](scenario& d, const scenario& s) { d.run.first_trial = s.run.first_trial; }},
        {"--seed", [](scenario& d, const scenario& s) { d.run.seed = s.run.seed; }},
        {"--threads", [](scenario& d, const scenario& s) { d.run.n_threads = s.run.n_threads; }},
        {"--i-app", [](scenario& d, const scenario& s) { d.model.i_app = s.model.i_app; }},
        {"--v0-mv", [](scenario& d, const scenario& s) { d.v0_mv = s.v0_mv; }},
        {"--threshold-mv", [](scenario& d, const scenario& s) { d.record.spike_threshold_mv = s.record.spike_threshold_mv; }},
        {"--rearm-mv", [](scenario& d, const scenario& s) { d.record.spike_rearm_mv = s.record.spike_rearm_mv; }},
        {"--c-m", [](scenario& d, const scenario& s) { d.model.c_m = s.model.c_m; }},
        {"--g-na", [](scenario& d, const scenario& s) { d.model.g_na = s.model.g_na; }},
        {"--g-k", [](scenario& d, const scenario& s) { d.model.g_k = s.model.g_k; }},
        {"--g-l", [](scenario& d, const scenario& s) { d.model.g_l = s.model.g_l; }},
        {"--e-na", [](scenario& d, const scenario& s) { d.model.e_na = s.model.e_na; }},
        {"--e-k", [](scenario& d, const scenario& s) { d.model.e_k = s.model.e_k; }},
        {"--e-l", [](scenario& d, const scenario& s) { d.model.e_l = s.model.e_l; }},
    };
    return table;
}

std::vector<population> ei_pair(const scenario_options& opt) {
    require(std::isfinite(opt.k_inh) && opt.k_inh >= 0, cat("--k = ", opt.k_inh, " is invalid; must be finite and >= 0"));
    return {population{opt.n_exc, opt.rate_hz, opt.release_p, opt.je_mv, {}},
            population{opt.n_inh, opt.rate_hz, opt.release_p, -opt.k_inh * opt.je_mv, {}}};
}
}  // namespace

scenario to_scenario(const scenario_options& opt, const CLI::App& cmd, const scenario* base) {
    const auto given = [&cmd, base](const char* flag) { return base == nullptr || cmd.count(flag) > 0; };
    scenario sc = base != nullptr ? *base : opt.sc;
    if (base != nullptr) {
        for (const auto& [flag, copy] : field_flags()) {
            if (cmd.count(flag) > 0) copy(sc, opt.sc);
        }
    }
    if (given("--integrator")) sc.run.integrator = parse_method(opt.integrator);
    if (given("--input")) sc.input.kind = parse_input_kind(opt.input);
    if (given("--jumps")) {
        // The default timing applies to event input; diffusion input has no events to step to.
        const bool defaulted = cmd.count("--jumps") == 0;
        sc.run.jumps = defaulted && sc.input.kind == input_kind::diffusion ? jump_timing::step_boundary : parse_jump_timing(opt.jumps);
    }
    if (given("--start")) sc.start.kind = parse_start_kind(opt.start);
    if (cmd.count("--m0") > 0) sc.start.m0 = opt.m0;
    if (cmd.count("--h0") > 0) sc.start.h0 = opt.h0;
    if (cmd.count("--n0") > 0) sc.start.n0 = opt.n0;
    require(!(sc.start.kind == start_kind::rest && cmd.count("--v0-mv") > 0),
            "--v0-mv is invalid with --start rest (the fixed point has its own V); use --start v0");
    if (!opt.populations.empty()) {
        sc.input.populations.clear();
        for (const std::string& spec : opt.populations) sc.input.populations.push_back(parse_population(spec));
    } else if (base == nullptr) {
        sc.input.populations = ei_pair(opt);
    } else {
        // Shortcut flags on top of a configuration's populations.
        auto& pops = sc.input.populations;
        const bool needs_two = cmd.count("--ni") > 0 || cmd.count("--k") > 0;
        require(!pops.empty() || (cmd.count("--ne") == 0 && cmd.count("--je-mv") == 0 && !needs_two),
                "--ne/--je-mv need a population 0 in the configuration");
        require(pops.size() >= 2 || !needs_two, "--ni/--k need a population 1 in the configuration");
        if (cmd.count("--ne") > 0) pops[0].count = opt.n_exc;
        if (cmd.count("--ni") > 0) pops[1].count = opt.n_inh;
        if (cmd.count("--je-mv") > 0) pops[0].jump_mv = opt.je_mv;
        if (cmd.count("--k") > 0) {
            require(std::isfinite(opt.k_inh) && opt.k_inh >= 0, cat("--k = ", opt.k_inh, " is invalid; must be finite and >= 0"));
            pops[1].jump_mv = -opt.k_inh * pops[0].jump_mv;
        }
        for (population& pop : pops) {
            if (cmd.count("--rate-hz") > 0) {
                pop.rate_hz = opt.rate_hz;
                pop.source_rates_hz.clear();
            }
            if (cmd.count("--p") > 0) pop.release_probability = opt.release_p;
        }
    }
    if (!opt.replay_csv.empty()) {
        sc.input.replay_events = read_replay_csv(opt.replay_csv, "--replay");
    }
    if (sc.input.kind == input_kind::replay) {
        require(!opt.replay_csv.empty() || !sc.input.replay_events.empty(), "--input replay needs --replay FILE.csv");
    } else {
        require(opt.replay_csv.empty(), cat("--replay is given but the input kind is '", to_string(sc.input.kind), "'; use --input replay"));
    }
    validate(sc);
    return sc;
}

}  // namespace hhsim::drivers
