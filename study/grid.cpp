// The study grid: keys of sweepable parameters (from the parameter tables), points of the
// Cartesian product of the axes with their linked keys, and the scenario of each point.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"
#include "core/scenario_parameters.hpp"
#include "study/statistics.hpp"
#include "study/study_spec.hpp"

namespace hhsim {

namespace {
constexpr double two_pow_63 = 9223372036854775808.0;


/// A parsed key: a scenario parameter, or a field of the populations chosen by a selector ("*" or a
/// 0-based index; names are resolved by the front ends, which know them).
struct target {
    const parameter<scenario>* param = nullptr;
    const parameter<population>* field = nullptr;
    std::string selector;
};

std::optional<target> find_target(const std::string& key) {
    for (const parameter<scenario>& p : scenario_parameters()) {
        if (p.sweepable && key == p.key()) return target{&p, nullptr, {}};
    }
    const std::vector<std::string> parts = split(key, '.');
    if (parts.size() == 4 && parts[0] == "input" && parts[1] == "population" && (parts[2] == "*" || all_digits(parts[2]))) {
        for (const parameter<population>& f : population_fields()) {
            if (f.sweepable && parts[3] == f.name) return target{nullptr, &f, parts[2]};
        }
    }
    return std::nullopt;
}

target parse_target(const std::string& key) {
    if (const std::optional<target> t = find_target(key)) return *t;
    const std::vector<std::string> parts = split(key, '.');
    const bool named = parts.size() == 4 && parts[0] == "input" && parts[1] == "population" &&
                       std::any_of(population_fields().begin(), population_fields().end(), [&](const auto& f) { return f.name == parts[3]; });
    require_that(!named, "parameter key ", key, ": population '", parts.size() == 4 ? parts[2] : "",
                 "' must be a 0-based index or *; population names are known only to the config file");
    throw input_error(cat("unknown parameter key ", key, "; allowed: ", sweepable_keys()));
}

// A sweep value (always a double) as the parameter's type: whole numbers must be exact, and a
// swept seed must fit the 53 bits a double holds exactly.
param_value as_value(param_type type, double x, const std::string& key, bool seed) {
    if (type == param_type::real) return x;
    if (seed) {
        require_that(std::isfinite(x) && x == std::floor(x) && x >= 0 && x <= 0x1.0p53, key, " = ", x,
                     " is invalid; a swept seed must be a whole number in [0, 2^53]");
    }
    require_that(std::isfinite(x) && x == std::floor(x) && std::abs(x) < two_pow_63, key, " = ", x, " is invalid; must be a whole number");
    return static_cast<std::int64_t>(x);
}

void apply(scenario& sc, const target& t, const std::string& key, double x) {
    if (t.param != nullptr) {
        t.param->set(sc, as_value(t.param->type, x, key, t.param->name == "seed"));
        return;
    }
    std::vector<population>& pops = sc.input.populations;
    std::size_t first = 0;
    std::size_t last = pops.size();
    if (t.selector != "*") {
        // At most 19 digits fit an unsigned 64-bit integer; longer indices are out of range anyway.
        const bool fits = t.selector.size() <= 18;
        const std::size_t index = fits ? static_cast<std::size_t>(std::stoull(t.selector)) : pops.size();
        require_that(index < pops.size(), "parameter key ", key, ": population index ", t.selector, " is out of range; there are ",
                     pops.size(), " populations (0-based)");
        first = index;
        last = index + 1;
    }
    require_that(first < last, "parameter key ", key, ": there are no populations to set");
    const param_value v = as_value(t.field->type, x, key, false);
    for (std::size_t i = first; i < last; ++i) t.field->set(pops[i], v);
}

struct parsed_axis {
    target main;
    std::vector<target> linked;
};

std::vector<parsed_axis> parse_grid(const study_spec& spec) {
    std::vector<parsed_axis> out;
    for (const sweep_axis& a : spec.grid) {
        parsed_axis p{parse_target(a.key), {}};
        for (const sweep_axis::linked_key& l : a.linked) p.linked.push_back(parse_target(l.key));
        out.push_back(std::move(p));
    }
    return out;
}

void apply_point(scenario& sc, const study_spec& spec, const std::vector<parsed_axis>& axes, const std::vector<std::size_t>& digit) {
    for (std::size_t a = 0; a < axes.size(); ++a) {
        const sweep_axis& axis = spec.grid[a];
        apply(sc, axes[a].main, axis.key, axis.values[digit[a]]);
        for (std::size_t l = 0; l < axis.linked.size(); ++l) apply(sc, axes[a].linked[l], axis.linked[l].key, axis.linked[l].values[digit[a]]);
    }
}

std::vector<std::size_t> digits_of(const study_spec& spec, std::size_t index) {
    const std::size_t n = point_count(spec);
    if (index >= n) throw std::out_of_range(cat("grid point ", index, " is out of range; the grid has ", n, " points"));
    std::vector<std::size_t> digit(spec.grid.size());
    for (std::size_t a = spec.grid.size(); a-- > 0;) {  // last axis varies fastest
        digit[a] = index % spec.grid[a].values.size();
        index /= spec.grid[a].values.size();
    }
    return digit;
}
}  // namespace

std::string sweepable_keys() {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about `const char* + std::string` here.
    std::string keys;
    for (const parameter<scenario>& p : scenario_parameters()) {
        if (!p.sweepable) continue;
        if (!keys.empty()) keys.append(", ");
        keys.append(p.key());
    }
    keys.append(", input.population.<name|index|*>.");
    bool first = true;
    for (const parameter<population>& f : population_fields()) {
        if (!f.sweepable) continue;
        if (!first) keys.append("|");
        keys.append(f.name);
        first = false;
    }
    return keys;
}

void set_parameter(scenario& sc, const std::string& key, double value) { apply(sc, parse_target(key), key, value); }

std::string axis_label(const std::string& key, const std::vector<std::string>& population_names) {
    for (const parameter<scenario>& p : scenario_parameters()) {
        if (key == p.key()) return std::string(p.label);
    }
    const std::vector<std::string> parts = split(key, '.');
    if (parts.size() == 4 && parts[0] == "input" && parts[1] == "population") {
        for (const parameter<population>& f : population_fields()) {
            if (parts[3] != f.name) continue;
            std::string who = parts[2];
            if (all_digits(who) && who.size() < 10 && std::stoul(who) < population_names.size() && !population_names[std::stoul(who)].empty()) {
                who = population_names[std::stoul(who)];
            }
            return who == "*" ? std::string(f.label) : cat(f.label, ", ", who);
        }
    }
    return key;
}

std::vector<std::string> paper_columns(const study_spec& spec) {
    if (!spec.paper_statistics.empty()) return spec.paper_statistics;
    std::vector<std::string> out{"rate_hz", "cv", "cv2"};
    if (!spec.analysis.fano_windows_ms.empty()) {
        out.push_back(fano_statistic_name(*std::max_element(spec.analysis.fano_windows_ms.begin(), spec.analysis.fano_windows_ms.end())));
    }
    return out;
}

compare_pair compare_integrators(const study_spec& spec) {
    compare_pair pair;
    pair.shot = spec.base.run.integrator;
    pair.shot_jumps = spec.base.run.jumps;
    const method partner = diffusion_partner(pair.shot);
    pair.diffusion = spec.diffusion_integrator.value_or(partner);
    pair.mixed = pair.diffusion != partner;
    require(!pair.mixed || spec.allow_mixed_orders,
            cat("compare.diffusion_integrator = \"", to_string(pair.diffusion), "\" is invalid with run.integrator = \"", to_string(pair.shot),
                "\": it is not its partner of the same order, so the integrator difference would end up in the shot-vs-diffusion "
                "result; use \"", to_string(partner), "\" (or \"auto\"), or set compare.allow_mixed_orders = true"));
    pair.description = cat(to_string(pair.shot), " (", to_string(pair.shot_jumps), " jumps) with ", to_string(pair.diffusion),
                           pair.mixed ? " (mixed orders, allowed by compare.allow_mixed_orders)"
                                      : (spec.diffusion_integrator ? " (its partner of the same order)" : " (auto: its partner of the same order)"));
    return pair;
}

scenario diffusion_variant(const scenario& shot, method diffusion_integrator) {
    scenario d = shot;
    d.input.kind = input_kind::diffusion;
    d.run.integrator = diffusion_integrator;
    d.run.jumps = jump_timing::step_boundary;
    return d;
}

std::size_t point_count(const study_spec& spec) {
    std::size_t n = 1;
    for (const sweep_axis& a : spec.grid) n *= a.values.size();
    return n;
}

std::vector<double> point_values(const study_spec& spec, std::size_t index) {
    const std::vector<std::size_t> digit = digits_of(spec, index);
    std::vector<double> values(spec.grid.size());
    for (std::size_t a = 0; a < values.size(); ++a) values[a] = spec.grid[a].values[digit[a]];
    return values;
}

std::vector<std::pair<std::string, double>> point_settings(const study_spec& spec, std::size_t index) {
    const std::vector<std::size_t> digit = digits_of(spec, index);
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t a = 0; a < spec.grid.size(); ++a) {
        out.emplace_back(spec.grid[a].key, spec.grid[a].values[digit[a]]);
        for (const sweep_axis::linked_key& l : spec.grid[a].linked) out.emplace_back(l.key, l.values[digit[a]]);
    }
    return out;
}

void for_each_point(const study_spec& spec, const std::function<void(std::size_t, const scenario&)>& visit) {
    const std::vector<parsed_axis> axes = parse_grid(spec);
    std::vector<std::size_t> digit(spec.grid.size(), 0);  // the point's index on each axis; the last axis runs fastest
    scenario sc = spec.base;
    const std::size_t n = point_count(spec);
    for (std::size_t i = 0; i < n; ++i) {
        apply_point(sc, spec, axes, digit);
        visit(i, sc);
        for (std::size_t a = digit.size(); a-- > 0;) {
            if (++digit[a] < spec.grid[a].values.size()) break;
            digit[a] = 0;
        }
    }
}

scenario point_scenario(const study_spec& spec, std::size_t index) {
    scenario sc = spec.base;
    apply_point(sc, spec, parse_grid(spec), digits_of(spec, index));
    return sc;
}

std::string point_label(const study_spec& spec, std::size_t index) {
    std::string label = cat("grid point ", index + 1, "/", point_count(spec));
    const std::vector<std::pair<std::string, double>> settings = point_settings(spec, index);
    for (std::size_t i = 0; i < settings.size(); ++i) label += cat(i == 0 ? " (" : ", ", settings[i].first, " = ", settings[i].second);
    return settings.empty() ? label : label + ")";
}

}  // namespace hhsim
