#include "core/scenario_parameters.hpp"

#include <vector>

#include "core/counter_rng.hpp"
#include "core/limits.hpp"

namespace hhsim {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

// Accessors of a member of the scenario (or population) holding a value of the variant type T,
// stored as the member's own type M.
#define HH_FIELD(Target, expr, T)                                                                  \
    [](const Target& s) -> param_value { return static_cast<T>(s.expr); },                         \
        [](Target& s, const param_value& v) { s.expr = static_cast<decltype(s.expr)>(std::get<T>(v)); }

param_rule positive() { return {0.0, inf, true, false, {}, false, false}; }
param_rule non_negative() { return {0.0, inf, false, false, {}, false, false}; }
param_rule any() { return {}; }
param_rule unit_interval() { return {0.0, 1.0, false, false, {}, false, false}; }
param_rule choices(std::string_view names) { return {-inf, inf, false, false, names, false, false}; }
// The registry's choices from an enum's name table (core/enum_names.hpp): the rule keeps a view,
// so each table's "a|b|c" lives in a static string of its own.
template <const auto& Table>
param_rule choices_of() {
    static const std::string names = names_of(Table, "|");
    return choices(names);
}
param_rule whole_range(double lo, double hi) { return {lo, hi, false, false, {}, false, false}; }
param_rule optional_gate() { return {0.0, 1.0, false, false, {}, true, false}; }

param_value gate_get(const std::optional<double>& g) { return g ? param_value(*g) : param_value(std::monostate{}); }
std::optional<double> gate_set(const param_value& v) {
    return std::holds_alternative<double>(v) ? std::optional<double>(std::get<double>(v)) : std::nullopt;
}

std::vector<parameter<scenario>> make_table() {
    using P = parameter<scenario>;
    const double trials_max = static_cast<double>(max_trial_index);
    return {
        P{"model", "c_m_uF_per_cm2", "uF/cm^2", "C_m (uF/cm^2)", "membrane capacitance", param_type::real, positive(), true, "--c-m",
          HH_FIELD(scenario, model.c_m, double)},
        P{"model", "g_na_mS_per_cm2", "mS/cm^2", "g_Na (mS/cm^2)", "peak sodium conductance", param_type::real, non_negative(), true, "--g-na",
          HH_FIELD(scenario, model.g_na, double)},
        P{"model", "g_k_mS_per_cm2", "mS/cm^2", "g_K (mS/cm^2)", "peak potassium conductance", param_type::real, non_negative(), true, "--g-k",
          HH_FIELD(scenario, model.g_k, double)},
        P{"model", "g_l_mS_per_cm2", "mS/cm^2", "g_L (mS/cm^2)", "leak conductance", param_type::real, non_negative(), true, "--g-l",
          HH_FIELD(scenario, model.g_l, double)},
        P{"model", "e_na_mV", "mV", "E_Na (mV)", "sodium reversal potential", param_type::real, any(), true, "--e-na", HH_FIELD(scenario, model.e_na, double)},
        P{"model", "e_k_mV", "mV", "E_K (mV)", "potassium reversal potential", param_type::real, any(), true, "--e-k", HH_FIELD(scenario, model.e_k, double)},
        P{"model", "e_l_mV", "mV", "E_L (mV)", "leak reversal potential", param_type::real, any(), true, "--e-l", HH_FIELD(scenario, model.e_l, double)},
        P{"model", "i_app_uA_per_cm2", "uA/cm^2", "I_app (uA/cm^2)", "constant applied current density", param_type::real, any(), true, "--i-app",
          HH_FIELD(scenario, model.i_app, double)},
        P{"model", "v0_mV", "mV", "V_0 (mV)", "initial V of start = \"v0\"", param_type::real, whole_range(-blow_up_limit_mv, blow_up_limit_mv), true,
          "--v0-mv", HH_FIELD(scenario, v0_mv, double)},
        P{"model", "start", "", "start", "v0: V = v0_mV, each gate as given (m0, h0, n0) or at its steady state at v0 (the default: the rest at "
          "I_app = 0, then I_app switched on at t = 0); rest: the fixed point at i_app_uA_per_cm2 (no onset transient)",
          param_type::choice, choices_of<start_kind_names>(), false, {},
          [](const scenario& s) -> param_value { return to_string(s.start.kind); },
          [](scenario& s, const param_value& v) { s.start.kind = parse_start_kind(std::get<std::string>(v)); }},
        P{"model", "m0", "", "m_0", "optional initial Na activation (start = \"v0\"); unset: steady state at v0", param_type::real, optional_gate(), true, {},
          [](const scenario& s) { return gate_get(s.start.m0); }, [](scenario& s, const param_value& v) { s.start.m0 = gate_set(v); }},
        P{"model", "h0", "", "h_0", "optional initial Na inactivation (start = \"v0\"); unset: steady state at v0", param_type::real, optional_gate(), true, {},
          [](const scenario& s) { return gate_get(s.start.h0); }, [](scenario& s, const param_value& v) { s.start.h0 = gate_set(v); }},
        P{"model", "n0", "", "n_0", "optional initial K activation (start = \"v0\"); unset: steady state at v0", param_type::real, optional_gate(), true, {},
          [](const scenario& s) { return gate_get(s.start.n0); }, [](scenario& s, const param_value& v) { s.start.n0 = gate_set(v); }},
        P{"input", "kind", "", "input", "none | shot | per-source | diffusion | replay (docs/theory.md, \"Input\")", param_type::choice,
          choices_of<input_kind_names>(), false, "--input",
          [](const scenario& s) -> param_value { return to_string(s.input.kind); },
          [](scenario& s, const param_value& v) { s.input.kind = parse_input_kind(std::get<std::string>(v)); }},
        P{"run", "dt_ms", "ms", "dt (ms)", "time step", param_type::real, positive(), true, "--dt-ms", HH_FIELD(scenario, run.dt_ms, double)},
        P{"run", "t_end_ms", "ms", "T (ms)", "duration; a whole number of steps", param_type::real, positive(), true, "--t-ms",
          HH_FIELD(scenario, run.t_end_ms, double)},
        P{"run", "trials", "", "trials", "independent trials (per grid point in a study)", param_type::whole, whole_range(1, trials_max), false, {},
          HH_FIELD(scenario, run.n_trials, std::int64_t)},
        P{"run", "first_trial", "", "first trial", "global index of the first trial (its random streams)", param_type::whole,
          whole_range(0, trials_max), false, "--first-trial", HH_FIELD(scenario, run.first_trial, std::int64_t)},
        P{"run", "seed", "", "seed", "study seed; trial k draws from (seed, k) alone", param_type::whole,
          whole_range(0, static_cast<double>(max_seed)), true, {}, HH_FIELD(scenario, run.seed, std::int64_t)},
        P{"run", "integrator", "", "integrator", "euler | rk4 | expeuler | euler-maruyama | sra (diffusion input: euler-maruyama, expeuler or sra)",
          param_type::choice, choices_of<method_names>(), false, {},
          [](const scenario& s) -> param_value { return to_string(s.run.integrator); },
          [](scenario& s, const param_value& v) { s.run.integrator = parse_method(std::get<std::string>(v)); }},
        P{"run", "jumps", "", "jumps", "boundary | event-exact: jumps at the end of their step (fast, first order in time) or at the event time (the step is split there)", param_type::choice,
          choices_of<jump_timing_names>(), false, {},
          [](const scenario& s) -> param_value { return to_string(s.run.jumps); },
          [](scenario& s, const param_value& v) { s.run.jumps = parse_jump_timing(std::get<std::string>(v)); }},
        P{"run", "precision", "", "precision", "f64 | f32: the fixed-step kernels' real type (state and arithmetic); event and spike times stay "
          "double; the same random streams (docs/numerics.md, \"Precision\"); reference: f64 only", param_type::choice, choices_of<precision_names>(), false, {},
          [](const scenario& s) -> param_value { return to_string(s.run.real); },
          [](scenario& s, const param_value& v) { s.run.real = parse_precision(std::get<std::string>(v)); }},
        P{"run", "threads", "", "threads", "OpenMP threads; 0: all (at most 4 x the hardware threads); results do not depend on it",
          param_type::whole, whole_range(0, max_threads()), false, {}, HH_FIELD(scenario, run.n_threads, std::int64_t),
          "whole number in [0, 4 x the hardware threads]"},
        P{"record", "spike_threshold_mV", "mV", "spike threshold (mV)", "a spike is an upward crossing of this level", param_type::real, any(), true,
          "--threshold-mv", HH_FIELD(scenario, record.spike_threshold_mv, double)},
        P{"record", "spike_rearm_mV", "mV", "re-arm level (mV)", "detection re-arms after V falls below this; < spike_threshold_mV",
          param_type::real, any(), true, "--rearm-mv", HH_FIELD(scenario, record.spike_rearm_mv, double)},
        P{"record", "trace_every_steps", "", "trace decimation", "steps per trace sample", param_type::whole, whole_range(1, trials_max), false,
          "--trace-every", HH_FIELD(scenario, record.trace_every_steps, std::int64_t)},
        P{"record", "trace_trials", "", "traced trials", "trials whose V, gates and currents are kept", param_type::wholes,
          whole_range(0, trials_max), false, "--trace-trials",
          [](const scenario& s) -> param_value { return s.record.trace_trials; },
          [](scenario& s, const param_value& v) { s.record.trace_trials = std::get<std::vector<std::int64_t>>(v); }},
        P{"record", "event_trials", "", "trials with events", "trials whose input events (time, source, released, jump) are kept",
          param_type::wholes, whole_range(0, trials_max), false, "--event-trials",
          [](const scenario& s) -> param_value { return s.record.event_trials; },
          [](scenario& s, const param_value& v) { s.record.event_trials = std::get<std::vector<std::int64_t>>(v); }},
        P{"record", "noise_trials", "", "trials with noise", "trials whose per-step input increments (mV) are kept", param_type::wholes,
          whole_range(0, trials_max), false, "--noise-trials",
          [](const scenario& s) -> param_value { return s.record.noise_trials; },
          [](scenario& s, const param_value& v) { s.record.noise_trials = std::get<std::vector<std::int64_t>>(v); }},
    };
}

std::vector<parameter<population>> make_population_fields() {
    using P = parameter<population>;
    return {
        P{"input.population", "count", "", "input sources N", "number of presynaptic sources", param_type::whole,
          whole_range(0, static_cast<double>(std::numeric_limits<std::int64_t>::max())), true, {}, HH_FIELD(population, count, std::int64_t)},
        P{"input.population", "rate_hz", "Hz", "input rate r (Hz)", "firing rate of each source", param_type::real, non_negative(), true, {},
          HH_FIELD(population, rate_hz, double)},
        P{"input.population", "release_probability", "", "release probability p", "probability that a presynaptic spike is transmitted", param_type::real,
          unit_interval(), true, {}, HH_FIELD(population, release_probability, double)},
        P{"input.population", "jump_mV", "mV", "jump J (mV)", "jump of V per transmitted spike (charge / C_m)", param_type::real, any(), true, {},
          HH_FIELD(population, jump_mv, double)},
        P{"input.population", "stream_id", "", "stream id", "optional key of the population's random streams, distinct across populations; "
          "unset: its position in the list (give ids to insert or reorder populations without changing the others' events)",
          param_type::whole, param_rule{0.0, static_cast<double>(rng::max_populations - 1), false, false, {}, true, false}, false, {},
          [](const population& s) -> param_value { return s.stream_id ? param_value(*s.stream_id) : param_value(std::monostate{}); },
          [](population& s, const param_value& v) {
              s.stream_id = std::holds_alternative<std::int64_t>(v) ? std::optional<std::int64_t>(std::get<std::int64_t>(v)) : std::nullopt;
          }},
    };
}
// The columns of a replay event (input.replay_csv, Python's replay_events rows), in file order.
std::vector<parameter<input_event>> make_replay_fields() {
    using P = parameter<input_event>;
    return {
        P{"input.replay", "time_ms", "ms", "t (ms)", "time of the event", param_type::real, positive(), false, {}, HH_FIELD(input_event, t_ms, double)},
        P{"input.replay", "jump_mV", "mV", "J (mV)", "jump of V at the event", param_type::real, any(), false, {}, HH_FIELD(input_event, jump_mv, double)},
        P{"input.replay", "source", "", "source", "the recorded source index (optional column; -1 when absent)", param_type::whole,
          whole_range(0, static_cast<double>(std::numeric_limits<std::int64_t>::max())), false, {}, HH_FIELD(input_event, source, std::int64_t)},
    };
}

// source_rates_hz is a list, so it is no sweepable field of the population table (grid.cpp and
// the HDF5 writer walk that table); its rule is declared here all the same.
parameter<population> make_source_rates_field() {
    return parameter<population>{"input.population", "source_rates_hz", "Hz", "source rates (Hz)",
                                 "optional, one rate per source instead of rate_hz; count defaults to its length", param_type::reals,
                                 non_negative(), false, {},
                                 [](const population& s) -> param_value { return s.source_rates_hz; },
                                 [](population& s, const param_value& v) { s.source_rates_hz = std::get<std::vector<double>>(v); }};
}
#undef HH_FIELD
}  // namespace

std::span<const parameter<input_event>> replay_event_fields() {
    static const std::vector<parameter<input_event>> table = make_replay_fields();
    return table;
}

const parameter<population>& source_rates_field() {
    static const parameter<population> field = make_source_rates_field();
    return field;
}

std::span<const parameter<scenario>> scenario_parameters() {
    static const std::vector<parameter<scenario>> table = make_table();
    return table;
}

std::span<const parameter<population>> population_fields() {
    static const std::vector<parameter<population>> table = make_population_fields();
    return table;
}

const parameter<scenario>* find_scenario_parameter(std::string_view name) {
    for (const parameter<scenario>& p : scenario_parameters()) {
        if (p.name == name || p.key() == name) return &p;
    }
    return nullptr;
}

}  // namespace hhsim
