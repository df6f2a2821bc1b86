#include "core/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/kernels.hpp"
#include "core/scenario_parameters.hpp"

namespace hhsim {

scenario default_scenario() {
    scenario sc;
    sc.model.i_app = 3.0;
    sc.input.kind = input_kind::shot;
    sc.input.populations = {population{80, 10.0, 0.5, 1.0, {}, {}}, population{20, 10.0, 0.5, -4.0, {}, {}}};
    return sc;
}

jump_timing default_jumps(input_kind kind) { return kind == input_kind::diffusion ? jump_timing::step_boundary : jump_timing::event_exact; }

std::int64_t step_count(const run_params& run) {
    return static_cast<std::int64_t>(std::llround(run.t_end_ms / run.dt_ms));
}

namespace {
// A value that breaks its rule: "KEY = VALUE UNIT is invalid; RULE", the key as in a file.
template <typename Target>
void check_rules(std::span<const parameter<Target>> table, const Target& target, const std::string& prefix) {
    for (const parameter<Target>& p : table) {
        const param_value v = p.get(target);
        const std::string wrong = rule_violation(p.type, p.rule, v);
        if (wrong.empty()) continue;
        const std::string key = prefix.empty() ? p.key() : prefix + std::string(p.name);
        throw input_error(cat(key, " = ", toml_text(v), p.unit.empty() ? "" : " ", p.unit, " is invalid; ", wrong));
    }
}
}  // namespace

validated_scenario validate(scenario sc) {
    // Every rule of the registry (core/scenario_parameters.cpp), under the key's real name; what
    // follows by hand are the rules between fields.
    check_rules(scenario_parameters(), sc, "");
    for (std::size_t q = 0; q < sc.input.populations.size(); ++q) {
        check_rules(population_fields(), sc.input.populations[q], cat("input.population.", q, "."));
    }
    validate(sc.model);
    validate(sc.input);
    const run_params& r = sc.run;
    require_that(r.dt_ms <= r.t_end_ms, "run.dt_ms = ", r.dt_ms, " ms is invalid; must be <= run.t_end_ms = ", r.t_end_ms, " ms");
    const double steps = r.t_end_ms / r.dt_ms;
    // Whole up to the rounding of t_end / dt (a few ulp of steps), never up to a fraction of a step.
    require_that(std::abs(steps - std::round(steps)) <= std::max(1e-9, 16 * std::numeric_limits<double>::epsilon() * steps) && steps < 0x1.0p47,
            "run.t_end_ms = ", r.t_end_ms, " ms is invalid; must be a whole number (< 2^47) of steps of run.dt_ms = ", r.dt_ms, " ms");
    require_that(r.first_trial >= 0 && r.first_trial <= max_trial_index - r.n_trials,
            "run.first_trial = ", r.first_trial, " is invalid with run.trials = ", r.n_trials, "; must lie in [0, ",
                max_trial_index - r.n_trials, "] so that first_trial + trials <= ", max_trial_index);
    if (sc.input.kind == input_kind::diffusion) {
        require_that(r.integrator == method::euler_maruyama || r.integrator == method::expeuler || r.integrator == method::sra,
                     "run.integrator = '", to_string(r.integrator),
                     "' cannot take diffusion input; allowed: euler-maruyama, expeuler, sra (rk4 is not an order-4 SDE method: "
                     "sra is its higher-order partner, and plain euler is spelled euler-maruyama when noise is present)");
        require(r.jumps == jump_timing::step_boundary,
                "run.jumps = 'event-exact' is invalid with diffusion input (it has no events); use 'boundary'");
    }
    const recording_params& rec = sc.record;
    require_that(rec.spike_rearm_mv < rec.spike_threshold_mv, "record.spike_rearm_mV = ", rec.spike_rearm_mv,
                 " mV is invalid; must be < record.spike_threshold_mV = ", rec.spike_threshold_mv, " mV");
    const trial_index first = r.first_trial;
    const auto check_trials = [&](const std::vector<trial_index>& trials, const char* name) {
        for (const trial_index k : trials) {
            require_that(k >= first && k < first + r.n_trials,
                    "record.", name, " contains trial ", k, "; must lie in [", first, ", ", first + r.n_trials,
                    ") (run.first_trial to run.first_trial + run.trials)");
        }
    };
    check_trials(rec.trace_trials, "trace_trials");
    check_trials(rec.event_trials, "event_trials");
    check_trials(rec.noise_trials, "noise_trials");
    validate(sc.start);
    if (sc.start.kind == start_kind::rest) (void)initial_state(sc.start, sc.v0_mv, sc.model);  // throws if no fixed point
    for (std::size_t q = 0; q < sc.input.populations.size(); ++q) {
        // Window indices share the 48-bit counter index with 10 bits of event index (docs/rng.md).
        const double rate = event_rate_per_ms(sc.input.populations[q], sc.input.kind);
        require_that(!(rate > 0) || r.t_end_ms / event_window_ms(rate) < 0x1.0p38,
                "input: population ", q, " with ", rate, " events/ms over t_end_ms = ", r.t_end_ms,
                " ms needs more than 2^38 random-number windows; shorten the run or split it into trials");
    }
    require_kernels(r.isa);
    return validated_scenario(std::move(sc));
}

}  // namespace hhsim
