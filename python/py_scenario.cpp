#include "python/py_scenario.hpp"

#include <set>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/key_rules.hpp"
#include "core/scenario_parameters.hpp"
#include "drivers/scenario_options.hpp"
#include "python/py_values.hpp"

namespace py = pybind11;

namespace hhsim::python {

namespace {
std::string key_of(const py::handle& k) { return py::str(k).cast<std::string>(); }

const parameter<scenario>& registry_parameter(std::string_view name) {
    const parameter<scenario>* p = find_scenario_parameter(name);
    if (p == nullptr) throw std::logic_error(cat("hhsim: no parameter ", name, " in the registry"));
    return *p;
}

population population_of(const py::handle& item, std::size_t q) {
    const std::string prefix = cat("populations[", q, "]");
    if (!py::isinstance<py::dict>(item)) throw input_error(cat(prefix, " = ", repr_of(item), " is invalid; must be a dict"));
    population p;
    std::set<std::string> given;
    for (const auto& [k, v] : item.cast<py::dict>()) {
        const std::string key = key_of(k);
        const std::string where = cat(prefix, ".", key);
        given.insert(key);
        if (key == "name") {  // names label a file's populations; Python addresses them by position
            if (!py::isinstance<py::str>(v)) throw input_error(cat(where, " = ", repr_of(v), " is invalid; must be a string"));
            continue;
        }
        const parameter<population>* field = key == source_rates_field().name ? &source_rates_field() : nullptr;
        for (const parameter<population>& f : population_fields()) {
            if (f.name == key) field = &f;
        }
        if (field == nullptr) {
            std::string allowed = "name";
            for (const parameter<population>& f : population_fields()) allowed += cat(", ", f.name);
            throw input_error(cat(where, " is unknown; allowed keys of a population: ", allowed, ", ", source_rates_field().name));
        }
        field->set(p, checked_value(v, *field, where));
    }
    complete_population(p, [&given](std::string_view name) { return given.count(std::string(name)) > 0; }, prefix);
    return p;
}

input_event replay_event_of(const py::handle& row, std::size_t i) {
    const std::string prefix = cat("replay_events[", i, "]");
    const std::vector<py::object> cells = items_of(row, prefix, "values (time_ms, jump_mV[, source])");
    const auto fields = replay_event_fields();
    require_that(cells.size() == 2 || cells.size() == 3, prefix, " = ", repr_of(row), " is invalid; must be (time_ms, jump_mV) or (time_ms, jump_mV, source)");
    input_event ev;
    for (std::size_t j = 0; j < cells.size(); ++j) fields[j].set(ev, checked_value(cells[j], fields[j], cat(prefix, ".", fields[j].name)));
    return ev;
}
}  // namespace

scenario scenario_from(const py::dict& keywords) {
    scenario sc = drivers::scenario_options::run_defaults();
    // run() records what its record= argument names, nothing by default (hhsim run's trial-0 record
    // lists would also refuse a Scenario with first_trial > 0).
    sc.record.trace_trials.clear();
    sc.record.event_trials.clear();
    for (const auto& [k, v] : keywords) {
        const std::string key = key_of(k);
        if (key == "populations") {
            sc.input.populations.clear();
            const std::vector<py::object> items = items_of(v, key, "dicts (count, rate_hz, release_probability, jump_mV, ...)");
            for (std::size_t q = 0; q < items.size(); ++q) sc.input.populations.push_back(population_of(items[q], q));
            continue;
        }
        if (key == "replay_events") {
            sc.input.replay_events.clear();
            const std::vector<py::object> rows = items_of(v, key, "rows (time_ms, jump_mV[, source])");
            for (std::size_t i = 0; i < rows.size(); ++i) sc.input.replay_events.push_back(replay_event_of(rows[i], i));
            continue;
        }
        const parameter<scenario>* p = find_scenario_parameter(key);
        if (p == nullptr || p->name != key) {
            throw py::type_error(cat("Scenario() got an unexpected keyword '", key, "'; its keywords are the parameters of docs/parameters.md"));
        }
        p->set(sc, checked_value(v, *p, key));
    }
    // None is "unset" in Python (there is no None in TOML): m0=None with start="rest" is no conflict.
    const auto given = [&keywords](std::string_view name) {
        const py::str key{std::string(name)};
        return keywords.contains(key) && !keywords[key].is_none();
    };
    if (const auto c = start_conflict(sc, given)) {
        throw input_error(cat(c->name, " is invalid with start = 'rest' (", c->reason, "); ", c->remedy));
    }
    // As on the command line and in a file: the default jump timing depends on the input (core default_jumps).
    if (!keywords.contains("jumps")) sc.run.jumps = default_jumps(sc.input.kind);
    return validate(std::move(sc)).value();
}

scenario with_run_arguments(scenario sc, const py::handle& trials, const py::handle& seed, const py::handle& first_trial, const py::handle& threads,
                            const py::dict& record) {
    const auto apply = [&sc](std::string_view name, const py::handle& v, const std::string& key) {
        const parameter<scenario>& p = registry_parameter(name);
        p.set(sc, checked_value(v, p, key));
    };
    apply("trials", trials, "trials");
    apply("seed", seed, "seed");
    apply("first_trial", first_trial, "first_trial");
    apply("threads", threads, "threads");
    sc.record.trace_trials.clear();
    sc.record.event_trials.clear();
    sc.record.noise_trials.clear();
    // record's short names for the registry's parameters.
    const std::pair<const char*, const char*> record_keys[] = {
        {"traces", "trace_trials"}, {"events", "event_trials"}, {"noise", "noise_trials"}, {"trace_every_steps", "trace_every_steps"}};
    for (const auto& [k, v] : record) {
        const std::string key = key_of(k);
        const char* name = nullptr;
        for (const auto& [short_name, full] : record_keys) {
            if (key == short_name) name = full;
        }
        if (name == nullptr) throw py::type_error(cat("record has an unknown key '", key, "'; allowed: traces, events, noise, trace_every_steps"));
        apply(name, v, cat("record['", key, "']"));
    }
    return validate(std::move(sc)).value();
}

}  // namespace hhsim::python
