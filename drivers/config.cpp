// TOML study configuration <-> study_spec (docs/config.md): the keys of [model], [input], [run],
// [record], [analysis], [compare] and [output] come from the parameter tables (core/parameter.hpp);
// [[input.population]] and [sweep] have their own structure. Unknown keys, wrong types and invalid
// values are input_errors that name the full key.

#include <toml.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/key_rules.hpp"
#include "core/limits.hpp"
#include "core/scenario_parameters.hpp"
#include "drivers/config.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/scenario_options.hpp"
#include "study/statistics.hpp"
#include "study/study_parameters.hpp"

namespace hhsim::drivers {

namespace {

using tvalue = toml::basic_value<toml::discard_comments, std::unordered_map, std::vector>;
using ttable = tvalue::table_type;

constexpr double two_pow_63 = 9223372036854775808.0;
constexpr std::size_t max_axis_values = 1'000'000;

// ---------------------------------------------------------------------------------------------
// Rendering values as they are written in TOML, for messages.

bool is_bare_key(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::string toml_quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out + "\"";
}

// Keys and entries in the order they appear in the file (toml11 3.7 keeps tables unordered).
std::vector<std::pair<std::string, const tvalue*>> in_file_order(const ttable& table) {
    std::vector<std::pair<std::string, const tvalue*>> entries;
    entries.reserve(table.size());
    for (const auto& [key, value] : table) entries.emplace_back(key, &value);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const toml::source_location la = a.second->location();
        const toml::source_location lb = b.second->location();
        if (la.line() != lb.line()) return la.line() < lb.line();
        if (la.column() != lb.column()) return la.column() < lb.column();
        return a.first < b.first;
    });
    return entries;
}

// A value as messages show it. A long list shows its first items and its length: messages stay
// readable, and a check per item that names its list costs O(1), not O(length) (rendering whole
// lists made a sweep of 20,000 values take minutes to read, issue 15 item 3).
constexpr std::size_t shown_list_items = 8;

std::string render(const tvalue& v) {
    switch (v.type()) {
        case toml::value_t::boolean: return v.as_boolean() ? "true" : "false";
        case toml::value_t::integer: return std::to_string(v.as_integer());
        case toml::value_t::floating: return cat(v.as_floating());
        case toml::value_t::string: return toml_quoted(v.as_string().str);
        case toml::value_t::array: {
            std::string out = "[";
            const auto& items = v.as_array();
            const bool cut = items.size() > shown_list_items + 2;
            for (std::size_t i = 0; i < (cut ? shown_list_items : items.size()); ++i) out += (i == 0 ? "" : ", ") + render(items[i]);
            if (cut) out += cat(", ... (", items.size(), " values)");
            return out + "]";
        }
        case toml::value_t::table: {
            std::string out = "{";
            bool first = true;
            for (const auto& [key, item] : in_file_order(v.as_table())) {
                out += (first ? "" : ", ") + (is_bare_key(key) ? key : toml_quoted(key)) + " = " + render(*item);
                first = false;
            }
            return out + "}";
        }
        default: {
            std::ostringstream out;
            out << v;
            return out.str();
        }
    }
}

std::string unit_note(std::string_view unit) { return unit.empty() ? std::string() : cat(" (", unit, ")"); }
std::string with_unit(double x, std::string_view unit) { return unit.empty() ? cat(x) : cat(x, " ", unit); }

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + items[i];
    return out;
}

// ---------------------------------------------------------------------------------------------
// Scalars: conversion and range rules.

enum class rule { any, positive, non_negative };

void check_rule(double x, const std::string& key, std::string_view unit, rule r) {
    switch (r) {
        case rule::any: return;
        case rule::positive: require_that(x > 0, key, " = ", with_unit(x, unit), " is invalid; must be > 0"); return;
        case rule::non_negative: require_that(x >= 0, key, " = ", with_unit(x, unit), " is invalid; must be >= 0"); return;
    }
}

double to_number(const tvalue& v, const std::string& key, std::string_view unit) {
    double x = 0.0;
    if (v.is_floating()) {
        x = v.as_floating();
    } else if (v.is_integer()) {
        x = static_cast<double>(v.as_integer());
    } else {
        throw input_error(cat(key, " = ", render(v), " is invalid; must be a number", unit_note(unit)));
    }
    require_that(std::isfinite(x), key, " = ", render(v), " is invalid; must be a finite number", unit_note(unit));
    return x;
}

// toml11 3.7 saturates an integer that does not fit 64 bits (99999999999999999999 reads as
// 2^63 - 1), so a value at either limit is read again from its text.
std::int64_t exact_integer(const tvalue& v, const std::string& key) {
    const std::int64_t x = v.as_integer();
    if (x != std::numeric_limits<std::int64_t>::max() && x != std::numeric_limits<std::int64_t>::min()) return x;
    const toml::source_location at = v.location();
    std::string token = at.column() >= 1 && at.column() - 1 < at.line_str().size() ? at.line_str().substr(at.column() - 1, at.region()) : "";
    const std::string written = token;
    token.erase(std::remove(token.begin(), token.end(), '_'), token.end());
    const bool negative = !token.empty() && token.front() == '-';
    if (!token.empty() && (token.front() == '-' || token.front() == '+')) token.erase(0, 1);
    int base = 10;
    if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'o' || token[1] == 'b')) {
        base = token[1] == 'x' ? 16 : token[1] == 'o' ? 8 : 2;
        token.erase(0, 2);
    }
    std::uint64_t magnitude = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), magnitude, base);
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    require_that(!token.empty() && ec == std::errc() && ptr == token.data() + token.size() && magnitude <= limit,
            key, " = ", written, " is invalid; it does not fit a 64-bit integer (must lie in [", std::numeric_limits<std::int64_t>::min(),
                ", ", std::numeric_limits<std::int64_t>::max(), "])");
    return x;
}

std::int64_t to_whole(const tvalue& v, const std::string& key) {
    if (v.is_integer()) return exact_integer(v, key);
    const bool whole_float = v.is_floating() && std::isfinite(v.as_floating()) && v.as_floating() == std::floor(v.as_floating()) &&
                             std::abs(v.as_floating()) < two_pow_63;
    require_that(whole_float, key, " = ", render(v), " is invalid; must be a whole number");
    return static_cast<std::int64_t>(v.as_floating());
}



// ---------------------------------------------------------------------------------------------
// One table of the file: lookup, unknown-key check, typed readers that name the full key.

class section_reader {
public:
    section_reader(std::string prefix, std::string display, const ttable* table)
        : prefix_(std::move(prefix)), display_(std::move(display)), table_(table) {}

    std::string key(std::string_view name) const { return cat(prefix_, ".", name); }

    const tvalue* find(std::string_view name) const {
        if (table_ == nullptr) return nullptr;
        const auto it = table_->find(std::string(name));
        return it == table_->end() ? nullptr : &it->second;
    }

    void allow(const std::vector<std::string_view>& allowed) const {
        if (table_ == nullptr) return;
        for (const auto& [name, value] : in_file_order(*table_)) {
            if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
            std::vector<std::string> names(allowed.begin(), allowed.end());
            throw input_error(cat("unknown key ", key(name), "; allowed keys in ", display_, ": ", join(names)));
        }
    }

    void number(std::string_view name, std::string_view unit, rule r, double& out) const {
        if (const tvalue* v = find(name)) {
            out = to_number(*v, key(name), unit);
            check_rule(out, key(name), unit, r);
        }
    }

    void whole(std::string_view name, std::int64_t min, std::int64_t max, std::int64_t& out) const {
        if (const tvalue* v = find(name)) {
            const std::int64_t x = to_whole(*v, key(name));
            require(x >= min && x <= max, max == std::numeric_limits<std::int64_t>::max()
                                              ? cat(key(name), " = ", x, " is invalid; must be >= ", min)
                                              : cat(key(name), " = ", x, " is invalid; must lie in [", min, ", ", max, "]"));
            out = x;
        }
    }

    void text(std::string_view name, std::string_view allowed, std::string& out) const {
        if (const tvalue* v = find(name)) {
            require_that(v->is_string(), key(name), " = ", render(*v), " is invalid; must be a string", allowed.empty() ? "" : ": ",
                                        allowed);
            out = v->as_string().str;
        }
    }

    void flag(std::string_view name, bool& out) const {
        if (const tvalue* v = find(name)) {
            require_that(v->is_boolean(), key(name), " = ", render(*v), " is invalid; must be true or false");
            out = v->as_boolean();
        }
    }

    void numbers(std::string_view name, std::string_view unit, rule r, std::vector<double>& out) const {
        if (const tvalue* v = find(name)) {
            require_that(v->is_array(), key(name), " = ", render(*v), " is invalid; must be a list of numbers", unit_note(unit));
            std::vector<double> values;
            const auto& items = v->as_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string item_key = cat(key(name), "[", i, "]");
                values.push_back(to_number(items[i], item_key, unit));
                check_rule(values.back(), item_key, unit, r);
            }
            out = std::move(values);
        }
    }

private:
    std::string prefix_;
    std::string display_;
    const ttable* table_;
};

// ---------------------------------------------------------------------------------------------
// The keys of the parameter tables.

constexpr std::array<std::string_view, 8> section_names{"model", "input", "run", "record", "sweep", "analysis", "compare", "output"};

/// The names of the table's parameters in `section`, then `extra` (keys with their own structure).
template <typename Target>
std::vector<std::string_view> names_in(std::string_view section, std::span<const parameter<Target>> table,
                                       std::initializer_list<std::string_view> extra = {}) {
    std::vector<std::string_view> names;
    for (const parameter<Target>& p : table) {
        if (p.section == section) names.push_back(p.name);
    }
    names.insert(names.end(), extra.begin(), extra.end());
    return names;
}

/// A TOML value as the parameter's value; type errors and list items out of range name the key
/// (KEY[i] for an item).
template <typename Target>
param_value from_toml(const tvalue& v, const parameter<Target>& p, const std::string& key) {
    const std::string_view unit = p.unit;
    const auto check_item = [&](const param_value& x, double shown, const std::string& item_key) {
        param_rule scalar = p.rule;
        scalar.non_empty = false;
        const std::string wrong = rule_violation(p.type == param_type::wholes ? param_type::whole : param_type::real, scalar, x);
        require_that(wrong.empty(), item_key, " = ", with_unit(shown, unit), " is invalid; ", wrong);
    };
    switch (p.type) {
        case param_type::flag:
            require_that(v.is_boolean(), key, " = ", render(v), " is invalid; must be true or false");
            return v.as_boolean();
        case param_type::whole: return to_whole(v, key);
        case param_type::real: return to_number(v, key, unit);
        case param_type::choice:
        case param_type::text: {
            std::string allowed;
            for (const std::string& c : choice_names(p.rule.choices)) allowed += (allowed.empty() ? "" : ", ") + c;
            require_that(v.is_string(), key, " = ", render(v), " is invalid; must be a string", p.type == param_type::choice ? ": " + allowed : "");
            return v.as_string().str;
        }
        case param_type::wholes:
        case param_type::reals: {
            const bool whole = p.type == param_type::wholes;
            require_that(v.is_array(), key, " = ", render(v), " is invalid; must be a list of ", whole ? "whole numbers" : "numbers", unit_note(unit));
            std::vector<std::int64_t> wholes;
            std::vector<double> reals;
            const auto& items = v.as_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string item_key = cat(key, "[", i, "]");
                if (whole) {
                    wholes.push_back(to_whole(items[i], item_key));
                    check_item(wholes.back(), static_cast<double>(wholes.back()), item_key);
                } else {
                    reals.push_back(to_number(items[i], item_key, unit));
                    check_item(reals.back(), reals.back(), item_key);
                }
            }
            return whole ? param_value(wholes) : param_value(reals);
        }
        case param_type::texts: {
            require_that(v.is_array(), key, " = ", render(v), " is invalid; must be a list of strings");
            std::vector<std::string> texts;
            const auto& items = v.as_array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                require_that(items[i].is_string(), key, "[", i, "] = ", render(items[i]), " is invalid; must be a string");
                texts.push_back(items[i].as_string().str);
            }
            return texts;
        }
    }
    return std::monostate{};
}

/// Read every parameter of `section` that the file gives into `target`, checked against its rule.
template <typename Target>
void read_parameters(const section_reader& r, std::string_view section, std::span<const parameter<Target>> table, Target& target) {
    for (const parameter<Target>& p : table) {
        if (p.section != section) continue;
        const tvalue* v = r.find(p.name);
        if (v == nullptr) continue;
        const std::string key = r.key(p.name);
        const param_value value = from_toml(*v, p, key);
        const std::string wrong = rule_violation(p.type, p.rule, value);
        if (!wrong.empty()) {
            const bool number = (p.type == param_type::real || p.type == param_type::whole) && (v->is_floating() || v->is_integer());
            throw input_error(cat(key, " = ", number ? with_unit(to_number(*v, key, p.unit), p.unit) : render(*v), " is invalid; ", wrong));
        }
        p.set(target, value);
    }
}

void read_model(const ttable* t, scenario& sc) {
    const section_reader r("model", "[model]", t);
    r.allow(names_in("model", scenario_parameters()));
    read_parameters(r, "model", scenario_parameters(), sc);
    // The start state: v0 (V = v0_mV, gates given or at their steady state at v0) or rest.
    if (const auto c = start_conflict(sc, [&r](std::string_view name) { return r.find(name) != nullptr; })) {
        throw input_error(cat(r.key(c->name), " is invalid with model.start = \"rest\" (", c->reason, "); ", c->remedy));
    }
}

void read_run(const ttable* t, scenario& sc) {
    const section_reader r("run", "[run]", t);
    r.allow(names_in("run", scenario_parameters()));
    sc.run.jumps = default_jumps(sc.input.kind);  // [input] is read first; run.jumps overrides it
    read_parameters(r, "run", scenario_parameters(), sc);
}

void read_record(const ttable* t, scenario& sc) {
    const section_reader r("record", "[record]", t);
    r.allow(names_in("record", scenario_parameters()));
    read_parameters(r, "record", scenario_parameters(), sc);
}

void read_analysis(const ttable* t, study_spec& spec) {
    const section_reader r("analysis", "[analysis]", t);
    r.allow(names_in("analysis", study_parameters()));
    read_parameters(r, "analysis", study_parameters(), spec);
    const analysis_spec& a = spec.analysis;
    if (a.isi_histogram) {
        require_that(a.isi_max_ms >= a.isi_bin_ms, "analysis.isi_max_ms = ", a.isi_max_ms, " ms is invalid; must be >= analysis.isi_bin_ms = ",
                     a.isi_bin_ms, " ms");
        require_that(a.isi_max_ms / a.isi_bin_ms <= 1e8, "analysis.isi_bin_ms = ", a.isi_bin_ms, " ms is invalid; isi_max_ms = ", a.isi_max_ms,
                     " ms would need more than 1e8 bins");
    }
    if (a.spectrum) {
        const double samples = a.spectrum_segment_ms / a.spectrum_bin_ms;
        require_that(std::abs(samples - std::round(samples)) <= 1e-9 * samples && samples >= 1.5, "analysis.spectrum_segment_ms = ",
                     a.spectrum_segment_ms, " ms is invalid; must be a whole number (>= 2) of analysis.spectrum_bin_ms = ", a.spectrum_bin_ms, " ms");
        require_that(samples <= static_cast<double>(std::numeric_limits<int>::max()), "analysis.spectrum_segment_ms = ", a.spectrum_segment_ms,
                     " ms is invalid; more than 2^31 bins of ", a.spectrum_bin_ms, " ms");
    }
}

void read_compare(const ttable* t, study_spec& spec) {
    const section_reader r("compare", "[compare]", t);
    r.allow(names_in("compare", study_parameters()));
    read_parameters(r, "compare", study_parameters(), spec);
    (void)compare_integrators(spec);  // refuses a pairing that mixes orders unless allowed
}

void read_output(const ttable* t, study_spec& spec) {
    const section_reader r("output", "[output]", t);
    r.allow(names_in("output", study_parameters()));
    read_parameters(r, "output", study_parameters(), spec);
    const std::vector<statistic_kind> catalogue = statistic_catalogue(spec.analysis);
    for (std::size_t i = 0; i < spec.paper_statistics.size(); ++i) {
        std::string known;
        for (const statistic_kind& k : catalogue) known += (known.empty() ? "" : ", ") + k.name;
        require_that(find_statistic(catalogue, spec.paper_statistics[i]) != nullptr, "output.paper_statistics[", i, "] = \"",
                     spec.paper_statistics[i], "\" is not a statistic of this study; allowed: ", known);
    }
}

bool valid_population_name(std::string_view name) { return is_bare_key(name) && !all_digits(name); }

/// [[input.population]] entries; names[i] is "" for an unnamed population.
void read_populations(const tvalue& v, scenario& sc, std::vector<std::string>& names) {
    const bool tables = v.is_array() && std::all_of(v.as_array().begin(), v.as_array().end(), [](const tvalue& x) { return x.is_table(); });
    require_that(tables, "input.population = ", render(v),
                        " is invalid; must be an array of tables ([[input.population]] sections, or [] for none)");
    sc.input.populations.clear();
    names.clear();
    const auto& items = v.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ttable& t = items[i].as_table();
        std::string name;
        if (const auto it = t.find("name"); it != t.end()) {
            const std::string key = cat("input.population.", i, ".name");
            require_that(it->second.is_string(), key, " = ", render(it->second), " is invalid; must be a string");
            name = it->second.as_string().str;
            require_that(valid_population_name(name),
                    key, " = ", toml_quoted(name), " is invalid; must be non-empty, of letters, digits, '_' and '-', and not all digits");
            require_that(std::find(names.begin(), names.end(), name) == names.end(),
                    key, " = ", toml_quoted(name), " is invalid; population names must be unique");
        }
        const std::string prefix = cat("input.population.", name.empty() ? std::to_string(i) : name);
        const section_reader r(prefix, "[[input.population]]", &t);
        r.allow({"name", "count", "rate_hz", "release_probability", "jump_mV", "source_rates_hz", "stream_id"});
        population p;
        r.numbers("source_rates_hz", "Hz", rule::non_negative, p.source_rates_hz);
        r.whole("count", 0, std::numeric_limits<std::int64_t>::max(), p.count);
        r.number("rate_hz", "Hz", rule::non_negative, p.rate_hz);
        r.number("release_probability", "", rule::any, p.release_probability);
        require_that(p.release_probability >= 0 && p.release_probability <= 1,
                r.key("release_probability"), " = ", p.release_probability, " is invalid; must lie in [0, 1]");
        r.number("jump_mV", "mV", rule::any, p.jump_mv);
        if (r.find("stream_id") != nullptr) {
            std::int64_t id = 0;
            r.whole("stream_id", 0, static_cast<std::int64_t>(rng::max_populations) - 1, id);
            p.stream_id = id;
        }
        complete_population(p, [&r](std::string_view key) { return r.find(key) != nullptr; }, prefix);  // shared with Python
        sc.input.populations.push_back(std::move(p));
        names.push_back(name);
    }
}

void read_input(const ttable* t, const std::string& origin, scenario& sc, std::vector<std::string>& names, std::string& replay_path) {
    const section_reader r("input", "[input]", t);
    r.allow(names_in("input", scenario_parameters(), {"replay_csv", "population"}));
    read_parameters(r, "input", scenario_parameters(), sc);
    const std::string kind = to_string(sc.input.kind);
    if (const tvalue* v = r.find("population")) read_populations(*v, sc, names);

    std::string csv;
    r.text("replay_csv", "a CSV file path", csv);
    if (sc.input.kind != input_kind::replay) {
        require_that(csv.empty(), "input.replay_csv = ", toml_quoted(csv), " is given but input.kind = ", toml_quoted(kind),
                                 "; set input.kind = \"replay\" or leave replay_csv empty");
        return;
    }
    require(!csv.empty(), "input.kind = \"replay\" needs input.replay_csv = \"FILE.csv\" (time_ms,jump_mV[,source])");
    std::filesystem::path path(csv);
    if (path.is_relative()) path = std::filesystem::path(origin).parent_path() / path;
    require_that(!std::filesystem::is_directory(path) && std::ifstream(path).good(), "input.replay_csv = ", toml_quoted(csv), " is invalid; cannot open ", path.string(),
                                            " (a relative path is taken from the config file's folder)");
    replay_path = path.string();
    try {
        sc.input.replay_events = read_replay_csv(path, "input.replay_csv");
    } catch (const input_error& e) {
        throw input_error(cat("input.replay_csv = ", toml_quoted(csv), ": ", e.what()));
    }
}

// Checks of the analysis settings that depend on the run length (which a sweep may change).
void check_analysis_against_run(const analysis_spec& a, const run_params& run) {
    require_that(a.transient_ms < run.t_end_ms, "analysis.transient_ms = ", a.transient_ms,
                                                " ms is invalid; must be < run.t_end_ms = ", run.t_end_ms, " ms");
    const double window = run.t_end_ms - a.transient_ms;
    const double slack = window * (1.0 + 1e-12);
    for (std::size_t i = 0; i < a.fano_windows_ms.size(); ++i) {
        require_that(a.fano_windows_ms[i] <= slack,
                "analysis.fano_windows_ms[", i, "] = ", a.fano_windows_ms[i], " ms is invalid; must be <= run.t_end_ms - ",
                    "analysis.transient_ms = ", window, " ms");
    }
    if (a.spectrum) {
        require_that(a.spectrum_segment_ms <= slack,
                "analysis.spectrum_segment_ms = ", a.spectrum_segment_ms, " ms is invalid; must be <= run.t_end_ms - ",
                    "analysis.transient_ms = ", window, " ms");
    }
}

}  // namespace

analysis_spec analysis_for_run(const run_params& run) {
    analysis_spec a;
    a.transient_ms = std::min(a.transient_ms, run.t_end_ms / 2);
    const double left = run.t_end_ms - a.transient_ms;
    std::vector<double> windows;
    for (const double w : a.fano_windows_ms) {
        if (w <= left) windows.push_back(w);
    }
    a.fano_windows_ms = windows.empty() ? std::vector<double>{left} : windows;
    const double bins = std::floor(left / a.spectrum_bin_ms);
    if (bins < 2) {
        a.spectrum = false;  // the segment keeps its default: unused, and still a valid value
    } else {
        a.spectrum_segment_ms = std::min(a.spectrum_segment_ms, bins * a.spectrum_bin_ms);
    }
    return a;
}

namespace {

// ---------------------------------------------------------------------------------------------
// [sweep]

struct sweep_entry {
    std::string key;
    const tvalue* value;
    std::size_t line;
    std::size_t column;
};

bool is_range(const tvalue& v) {
    if (!v.is_table()) return false;
    const ttable& t = v.as_table();
    return t.count("start") + t.count("stop") + t.count("num") + t.count("step") > 0;
}

// Unquoted dotted keys (model.i_app_uA_per_cm2 = [...]) arrive as nested tables: flatten them.
void collect_sweep(const tvalue& v, const std::string& key, std::vector<sweep_entry>& out) {
    if (v.is_table() && !is_range(v)) {
        for (const auto& [name, item] : v.as_table()) collect_sweep(item, key.empty() ? name : cat(key, ".", name), out);
        return;
    }
    const toml::source_location at = v.location();
    out.push_back(sweep_entry{key, &v, at.line(), at.column()});
}

std::vector<double> range_values(const tvalue& v, const std::string& key) {
    const ttable& t = v.as_table();
    const std::string where = cat(key, " = ", render(v));
    for (const auto& [name, item] : in_file_order(t)) {
        require_that(name == "start" || name == "stop" || name == "num" || name == "step",
                "unknown key ", key, ".", name, "; allowed keys in a range: start, stop, num or step");
    }
    require_that(t.count("start") == 1 && t.count("stop") == 1, where, " is invalid; a range needs start and stop");
    require_that(t.count("num") + t.count("step") == 1, where, " is invalid; a range needs exactly one of num and step");
    const double start = to_number(t.at("start"), cat(key, ".start"), "");
    const double stop = to_number(t.at("stop"), cat(key, ".stop"), "");
    std::vector<double> values;
    if (t.count("num") == 1) {
        const std::int64_t num = to_whole(t.at("num"), cat(key, ".num"));
        require_that(num >= 1, key, ".num = ", num, " is invalid; must be >= 1");
        require_that(static_cast<std::uint64_t>(num) <= max_axis_values,
                key, ".num = ", num, " is invalid; at most ", max_axis_values, " values per axis");
        const double denominator = static_cast<double>(std::max<std::int64_t>(num - 1, 1));
        for (std::int64_t i = 0; i < num; ++i) values.push_back(start + (stop - start) * static_cast<double>(i) / denominator);
        if (num > 1) values.back() = stop;  // exactly, whatever the rounding
        return values;
    }
    const double step = to_number(t.at("step"), cat(key, ".step"), "");
    require_that(step != 0, key, ".step = 0 is invalid; must be non-zero");
    const double span = stop - start;
    require_that(span == 0 || (span > 0) == (step > 0),
            key, ".step = ", step, " is invalid; it goes away from stop = ", stop, " (start = ", start, ")");
    // Number of steps that fit, with a 1e-9 relative tolerance so that the end point is included.
    const double q = span / step;
    const double steps = std::floor(q + 1e-9 * std::max(1.0, std::abs(q)));
    require_that(steps < static_cast<double>(max_axis_values),
            where, " is invalid; it gives more than ", max_axis_values, " values per axis");
    const auto n = static_cast<std::size_t>(steps) + 1;
    for (std::size_t i = 0; i < n; ++i) values.push_back(start + static_cast<double>(i) * step);
    if (std::abs(values.back() - stop) <= 1e-9 * std::abs(step)) values.back() = stop;  // 0.04 - 3*0.01 is not 0.01
    return values;
}

std::vector<double> axis_values(const tvalue& v, const std::string& key) {
    const std::string how = "must be a non-empty list of numbers, {start, stop, num} or {start, stop, step}";
    if (is_range(v)) return range_values(v, key);
    require_that(v.is_array(), key, " = ", render(v), " is invalid; ", how);
    const auto& items = v.as_array();
    require_that(!items.empty(), key, " = [] is invalid; ", how);
    require_that(items.size() <= max_axis_values, key, " is invalid; at most ", max_axis_values, " values per axis");
    std::vector<double> values;
    for (std::size_t i = 0; i < items.size(); ++i) {
        require_that(items[i].is_floating() || items[i].is_integer(),
                key, " = ", render(v), " is invalid; ", how, " (item ", i, " is ", render(items[i]), ")");
        values.push_back(to_number(items[i], cat(key, "[", i, "]"), ""));
    }
    return values;
}

/// Replace a population name in a sweep key by its index; check selectors against the populations.
std::string canonical_key(const std::string& key, const std::vector<std::string>& names) {
    std::vector<std::string> parts = split(key, '.');
    if (parts.size() != 4 || parts[0] != "input" || parts[1] != "population") return key;
    std::string& sel = parts[2];
    std::vector<std::string> known;
    for (std::size_t i = 0; i < names.size(); ++i) known.push_back(names[i].empty() ? cat(i) : cat(names[i], " (", i, ")"));
    const std::string listing = names.empty() ? std::string("there are no populations")
                                              : cat("populations: ", join(known), "; or * for all");
    if (sel == "*") {
        require_that(!names.empty(), "* addresses no population; ", listing);
    } else if (all_digits(sel)) {
        const bool in_range = sel.size() <= 18 && std::stoull(sel) < names.size();
        require_that(in_range, "population index ", sel, " is out of range; ", listing);
        sel = cat(std::stoull(sel));
    } else {
        const auto it = std::find(names.begin(), names.end(), sel);
        require_that(it != names.end(), "no population is named '", sel, "'; ", listing);
        sel = cat(it - names.begin());
    }
    return cat(parts[0], ".", parts[1], ".", parts[2], ".", parts[3]);
}

// Two keys set the same parameter: equal keys, or one population field with overlapping selectors.
bool same_parameter(const std::string& a, const std::string& b) {
    if (a == b) return true;
    const std::vector<std::string> pa = split(a, '.');
    const std::vector<std::string> pb = split(b, '.');
    if (pa.size() != 4 || pb.size() != 4 || pa[0] != "input" || pb[0] != "input" || pa[3] != pb[3]) return false;
    return pa[2] == "*" || pb[2] == "*";
}

/// One axis as written: its keys (the first leads, the others are linked) with their values.
struct written_axis {
    std::vector<std::pair<std::string, const tvalue*>> keys;
    std::size_t line, column;
};

std::vector<sweep_axis> read_sweep(const tvalue* v, const scenario& base, const std::vector<std::string>& names) {
    std::vector<sweep_axis> grid;
    if (v == nullptr) return grid;
    require_that(v->is_table(), "sweep = ", render(*v), " is invalid; [sweep] must be a table");
    // Axes: each key of [sweep], and each [[sweep.linked]] table (keys that vary together), in file order.
    std::vector<written_axis> axes;
    std::vector<sweep_entry> entries;
    for (const auto& [name, item] : v->as_table()) {
        if (name == "linked") continue;
        collect_sweep(item, name, entries);
    }
    for (const sweep_entry& e : entries) axes.push_back({{{e.key, e.value}}, e.line, e.column});
    if (const auto it = v->as_table().find("linked"); it != v->as_table().end()) {
        const tvalue& linked = it->second;
        const bool tables = linked.is_array() && std::all_of(linked.as_array().begin(), linked.as_array().end(), [](const tvalue& x) { return x.is_table(); });
        require_that(tables, "sweep.linked = ", render(linked), " is invalid; must be [[sweep.linked]] tables, each of keys that vary together");
        for (std::size_t g = 0; g < linked.as_array().size(); ++g) {
            std::vector<sweep_entry> group;
            for (const auto& [name, item] : linked.as_array()[g].as_table()) collect_sweep(item, name, group);
            require_that(group.size() >= 2, "sweep.linked[", g, "] has ", group.size(), " key(s); a linked sweep varies at least 2 keys together");
            std::sort(group.begin(), group.end(), [](const sweep_entry& a, const sweep_entry& b) {
                return a.line != b.line ? a.line < b.line : a.column < b.column;
            });
            written_axis axis{{}, group.front().line, group.front().column};
            for (const sweep_entry& e : group) axis.keys.emplace_back(e.key, e.value);
            axes.push_back(std::move(axis));
        }
    }
    std::sort(axes.begin(), axes.end(), [](const written_axis& a, const written_axis& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });

    std::vector<std::pair<std::string, std::string>> seen;  // (canonical key, as written)
    scenario probe = base;
    probe.input.replay_events.clear();
    for (const written_axis& wa : axes) {
        sweep_axis axis;
        for (std::size_t k = 0; k < wa.keys.size(); ++k) {
            const std::string& written_key = wa.keys[k].first;
            const std::string written = cat("sweep.", written_key);
            std::string key;
            try {
                key = canonical_key(written_key, names);
            } catch (const input_error& err) {
                throw input_error(cat(written, ": ", err.what()));
            }
            try {
                set_parameter(probe, key, 0.0);  // is it a sweepable key?
            } catch (const input_error& err) {
                const std::string what = err.what();
                if (what.rfind("unknown parameter key", 0) == 0) throw input_error(cat("unknown sweep key ", written_key, "; allowed: ", sweepable_keys()));
            }
            for (const auto& [other, other_written] : seen) {
                require_that(!same_parameter(other, key), "sweep keys ", other_written, " and ", written_key, " set the same parameter; sweep it once");
            }
            const std::vector<std::string> parts = split(key, '.');
            if (parts.size() == 4 && parts[0] == "input" && parts[3] == "rate_hz") {
                for (std::size_t i = 0; i < base.input.populations.size(); ++i) {
                    const bool addressed = parts[2] == "*" || parts[2] == cat(i);
                    require_that(!addressed || base.input.populations[i].source_rates_hz.empty(), "sweep key ", written_key, ": population ", i,
                                 " has source_rates_hz, which replace rate_hz; sweeping rate_hz would change nothing");
                }
            }
            std::vector<double> values = axis_values(*wa.keys[k].second, written);
            for (const double x : values) {
                try {
                    set_parameter(probe, key, x);  // whole-number and range checks of the key itself
                } catch (const input_error& err) {
                    throw input_error(cat(written, ": ", err.what()));
                }
            }
            if (k == 0) {
                axis.key = key;
                axis.values = std::move(values);
            } else {
                require_that(values.size() == axis.values.size(), "sweep keys ", wa.keys[0].first, " and ", written_key,
                             " are linked but have ", axis.values.size(), " and ", values.size(), " values; linked keys need as many values");
                axis.linked.push_back({key, std::move(values)});
            }
            seen.emplace_back(key, written_key);
        }
        grid.push_back(std::move(axis));
    }
    return grid;
}

void check_grid_size(const std::vector<sweep_axis>& grid, std::size_t max_points) {
    std::size_t points = 1;
    for (const sweep_axis& a : grid) {
        require_that(a.values.size() <= max_points / points, "[sweep] gives more than ", max_points, " grid points; sweep fewer values",
                     max_points < largest_grid ? cat(", or allow up to ", largest_grid, " with --max-grid-points") : std::string());
        points *= a.values.size();
    }
}

std::string sweep_point_label(const study_spec& spec, std::size_t index) {
    std::vector<std::string> parts;
    for (const auto& [key, value] : point_settings(spec, index)) parts.push_back(cat(key, " = ", value));
    return join(parts);
}

// The TOML reader (toml11 3.7) scans a value's whole line for every value it reads: one list of a
// million values on one line would take hours. Lines are checked first, in linear time.
void check_line_lengths(const std::string& toml_text) {
    std::size_t line = 1, start = 0;
    for (std::size_t i = 0; i <= toml_text.size(); ++i) {
        if (i < toml_text.size() && toml_text[i] != '\n') continue;
        require_that(i - start <= max_toml_line_chars, "line ", line, " has ", i - start, " characters; hhsim reads lines of at most ",
                     max_toml_line_chars, " characters (docs/config.md): write a long list over several lines (TOML allows a line break ",
                     "after any comma), or give a sweep as a range {start = ..., stop = ..., num = ...}");
        ++line;
        start = i + 1;
    }
}

study_spec parse(const std::string& toml_text, const std::string& origin, const config_options& options) {
    check_line_lengths(toml_text);
    tvalue root;
    try {
        std::istringstream in(toml_text);
        root = toml::parse<toml::discard_comments, std::unordered_map, std::vector>(in, origin);
    } catch (const toml::exception& e) {
        throw input_error(cat("TOML syntax error: ", e.what()));
    } catch (const std::runtime_error& e) {
        throw input_error(cat("TOML syntax error: ", e.what()));
    }

    const ttable& top = root.as_table();
    for (const auto& [name, value] : in_file_order(top)) {
        const bool known = std::find(section_names.begin(), section_names.end(), name) != section_names.end();
        std::vector<std::string> allowed;
        for (const std::string_view s : section_names) allowed.push_back(cat("[", s, "]"));
        require_that(known || !value->is_table(), "unknown section [", name, "]; allowed sections: ", join(allowed));
        require_that(known, "unknown key ", name, " = ", render(*value), " outside any section; allowed sections: ", join(allowed));
        require_that(value->is_table(), name, " = ", render(*value), " is invalid; [", name, "] must be a table (a section)");
    }
    const auto section = [&](std::string_view name) -> const ttable* {
        const auto it = top.find(std::string(name));
        return it == top.end() ? nullptr : &it->second.as_table();
    };

    study_spec spec;
    spec.config_text = toml_text;
    spec.base = options.defaults ? *options.defaults : study_defaults();
    spec.population_names = {"exc", "inh"};

    read_model(section("model"), spec.base);
    read_input(section("input"), origin, spec.base, spec.population_names, spec.replay_csv_path);
    read_run(section("run"), spec.base);
    read_record(section("record"), spec.base);
    read_analysis(section("analysis"), spec);
    read_compare(section("compare"), spec);
    read_output(section("output"), spec);
    const auto sweep = top.find("sweep");
    spec.grid = read_sweep(sweep == top.end() ? nullptr : &sweep->second, spec.base, spec.population_names);
    check_grid_size(spec.grid, options.max_grid_points);

    // Every grid point must be a valid scenario. Replay events are checked once (no key changes
    // them); the other points are checked without them so that a large replay file is not copied.
    if (spec.grid.empty()) {
        validate(spec.base);
        if (options.check_analysis) check_analysis_against_run(spec.analysis, spec.base.run);
        return spec;
    }
    study_spec light = spec;
    light.base.input.replay_events.clear();
    for_each_point(light, [&](std::size_t p, const scenario& sc) {
        try {
            validate(p == 0 ? point_scenario(spec, 0) : sc);
            if (options.check_analysis) check_analysis_against_run(spec.analysis, sc.run);
        } catch (const input_error& e) {
            throw input_error(cat("sweep point ", p, " (", sweep_point_label(spec, p), "): ", e.what()));
        }
    });
    return spec;
}

// ---------------------------------------------------------------------------------------------
// Writing configurations: the default text and parameters.toml, from the parameter tables.

// "name = value" padded to a comment column, then "# help (unit; rule)".
std::string key_line(std::string_view name, const std::string& value, std::string_view help, std::string_view unit, const std::string& rule,
                     bool commented_out) {
    std::string line = cat(commented_out ? "# " : "", name, " = ", value);
    std::string note(help);
    std::string extra = cat(unit.empty() ? "" : std::string(unit), !unit.empty() && !rule.empty() ? "; " : "", rule);
    if (!extra.empty()) note += cat(" (", extra, ")");
    if (line.size() < 30) line.resize(30, ' ');
    return cat(line, " # ", note, "\n");
}

// Keys a file must not give with the others in force: v0_mV with start = "rest" (the fixed point
// has its own V). They are written commented out.
template <typename Target>
bool not_applicable(const parameter<Target>& p, const Target& target) {
    if constexpr (std::is_same_v<Target, scenario>) {
        return p.name == "v0_mV" && target.start.kind == start_kind::rest;
    } else {
        return false;
    }
}

template <typename Target>
void write_section(std::ostringstream& out, std::string_view section, std::span<const parameter<Target>> table, const Target& target,
                   const Target& defaults) {
    for (const parameter<Target>& p : table) {
        if (p.section != section) continue;
        const param_value v = p.get(target);
        const bool unset = std::holds_alternative<std::monostate>(v) || not_applicable(p, target);
        // An optional value left unset is shown commented out (a gate as an example value).
        const param_value shown = std::holds_alternative<std::monostate>(v) ? param_value(0.5) : v;
        std::string rule = p.type == param_type::choice ? std::string() : describe_rule(p);  // a choice's help lists its names
        if (unset || (p.rule.optional && std::holds_alternative<std::monostate>(p.get(defaults)))) rule = cat(rule, "; optional");
        out << key_line(p.name, toml_text(shown), p.help, p.unit, rule, unset);
    }
}

// One key of a population; an optional one left unset (stream_id) is shown commented out.
std::string population_line(const parameter<population>& f, const population& pop) {
    const param_value v = f.get(pop);
    const bool unset = std::holds_alternative<std::monostate>(v);
    const std::string rule = describe_rule(f.type, f.rule);
    return key_line(f.name, toml_text(unset ? param_value(std::int64_t{0}) : v), f.help, f.unit, unset ? cat(rule, "; optional") : rule, unset);
}

std::string population_lines(const population& pop, const std::string& name) {
    std::ostringstream out;
    out << "[[input.population]]\n";
    if (!name.empty()) out << key_line("name", toml_text(name), "optional; letters, digits, '_' and '-', not all digits", "", "", false);
    if (pop.source_rates_hz.empty()) {
        for (const parameter<population>& f : population_fields()) out << population_line(f, pop);
        out << "# source_rates_hz = [...]      # optional, one rate per source (Hz), instead of rate_hz; count defaults to its length\n";
    } else {
        for (const parameter<population>& f : population_fields()) {
            if (f.name != "rate_hz") out << population_line(f, pop);
        }
        out << key_line("source_rates_hz", toml_text(pop.source_rates_hz), "one rate per source", "Hz", ">= 0", false);
    }
    return out.str();
}

std::string sweep_lines(const study_spec& spec) {
    std::ostringstream out;
    const auto values_text = [](const std::vector<double>& v) { return toml_text(v); };
    for (const sweep_axis& a : spec.grid) {
        if (a.linked.empty()) {
            out << "\"" << a.key << "\" = " << values_text(a.values) << "\n";
        }
    }
    for (const sweep_axis& a : spec.grid) {
        if (a.linked.empty()) continue;
        out << "\n[[sweep.linked]]\n\"" << a.key << "\" = " << values_text(a.values) << "\n";
        for (const sweep_axis::linked_key& l : a.linked) out << "\"" << l.key << "\" = " << values_text(l.values) << "\n";
    }
    return out.str();
}

std::string write_config(const study_spec& spec, const std::string& replay_csv, const std::string& header, bool examples) {
    study_spec defaults_spec;
    defaults_spec.base = default_scenario();
    std::ostringstream out;
    out << header;
    const auto section = [&](std::string_view name, const char* note) {
        out << "\n[" << name << "]" << (note[0] != '\0' ? cat("                 # ", note) : std::string()) << "\n";
    };
    section("model", "Hodgkin-Huxley membrane (docs/theory.md, \"Model\")");
    write_section(out, "model", scenario_parameters(), spec.base, defaults_spec.base);
    section("input", "");
    write_section(out, "input", scenario_parameters(), spec.base, defaults_spec.base);
    out << key_line("replay_csv", toml_text(replay_csv), "time_ms,jump_mV[,source] (kind = \"replay\"); a path relative to this file's folder",
                    "", "", false);
    for (std::size_t q = 0; q < spec.base.input.populations.size(); ++q) {
        out << "\n" << population_lines(spec.base.input.populations[q], q < spec.population_names.size() ? spec.population_names[q] : "");
    }
    if (spec.base.input.populations.empty()) out << "population = []               # no populations\n";
    section("run", "");
    write_section(out, "run", scenario_parameters(), spec.base, defaults_spec.base);
    section("record", "");
    write_section(out, "record", scenario_parameters(), spec.base, defaults_spec.base);
    section("sweep", "any number of scalar keys; several = Cartesian grid, first key slowest");
    if (examples) {
        out << "# \"input.population.*.rate_hz\" = [5.0, 10.0, 20.0]                   # a list\n"
               "# \"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 10.0, num = 5 }   # linear, both ends included\n"
               "# \"run.dt_ms\" = { start = 0.04, stop = 0.01, step = -0.015 }         # start, start+step, ... while not past stop\n"
               "# \"run.seed\" = [1, 2, 3]              # replicates: the same point with independent seeds, pooled in the paper table\n"
               "# [[sweep.linked]]                      # keys that vary together (one axis), e.g. Je with Ji = -4 Je:\n"
               "# \"input.population.exc.jump_mV\" = [0.25, 0.5, 1.0]\n"
               "# \"input.population.inh.jump_mV\" = [-1.0, -2.0, -4.0]\n"
            << "# Sweepable: " << sweepable_keys() << " (* = all populations)\n";
    }
    out << sweep_lines(spec);
    section("analysis", "");
    write_section(out, "analysis", study_parameters(), spec, defaults_spec);
    section("compare", "");
    write_section(out, "compare", study_parameters(), spec, defaults_spec);
    section("output", "");
    write_section(out, "output", study_parameters(), spec, defaults_spec);
    return out.str();
}

}  // namespace

study_spec parse_study_config(const std::string& toml_text, const std::string& origin, const config_options& options) {
    require_that(options.max_grid_points >= 1 && options.max_grid_points <= largest_grid, "--max-grid-points = ", options.max_grid_points,
                 " is invalid; must lie in [1, ", largest_grid, "]");
    try {
        return parse(toml_text, origin, options);
    } catch (const input_error& e) {
        throw input_error(cat("config '", origin, "': ", e.what()));
    }
}

study_spec parse_study_config(const std::string& toml_text, const std::string& origin, std::size_t max_grid_points) {
    config_options options;
    options.max_grid_points = max_grid_points;
    return parse_study_config(toml_text, origin, options);
}

scenario study_defaults() {
    scenario sc = default_scenario();
    sc.run.n_trials = 200;
    sc.run.t_end_ms = 1000.0;
    sc.record.trace_trials = {0};  // the study's single-trial figure; a file may say otherwise
    sc.run.jumps = default_jumps(sc.input.kind);
    return sc;
}

std::string default_config_text() {
    study_spec d;
    d.base = study_defaults();
    d.population_names = {"exc", "inh"};
    return write_config(d, "",
                        "# hhsim study configuration (docs/config.md). Every key is optional; the values below are the\n"
                        "# defaults. Units are part of the key names: ms, mV, Hz, uF/cm^2, mS/cm^2, uA/cm^2. On the command\n"
                        "# line of `hhsim run`, key NAME is the flag --NAME. A [[input.population]] list replaces the two\n"
                        "# default populations; inside one, count, rate_hz (or source_rates_hz) and jump_mV are required,\n"
                        "# name is optional, release_probability defaults to 0.5 (as on the command line).\n",
                        true);
}

std::string parameters_markdown() {
    std::ostringstream out;
    const auto cell = [](std::string text) {
        std::string escaped;
        for (const char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
        return escaped;
    };
    const auto row = [&](const std::string& key, const std::string& flag, std::string_view unit, const std::string& def, const std::string& rule,
                         std::string_view help) {
        out << "| `" << key << "` | " << (flag.empty() ? "" : "`" + flag + "`") << " | " << unit << " | " << cell(def.empty() ? "(unset)" : def) << " | "
            << cell(rule) << " | " << cell(std::string(help)) << " |\n";
    };
    out << "| key (TOML `[section] name`, sweep, HDF5) | flag of `hhsim run` (Python keyword without `--`) | unit | default | allowed | meaning |\n"
        << "|---|---|---|---|---|---|\n";
    const scenario run = scenario_options::run_defaults();
    for (const parameter<scenario>& p : scenario_parameters()) {
        row(p.key(), "--" + std::string(p.name), p.unit, toml_text(p.get(run)), describe_rule(p), p.help);
    }
    for (const parameter<population>& f : population_fields()) {
        // count, rate_hz and jump_mV have no default (a population must give them); the others
        // have those of population{}, the same in files, on the command line and in Python.
        const bool required = f.name == "count" || f.name == "rate_hz" || f.name == "jump_mV";
        const param_value def = f.get(population{});
        row("input.population.<name|index|*>." + std::string(f.name), "", f.unit,
            required ? std::string("required") : std::holds_alternative<std::monostate>(def) ? std::string() : toml_text(def), describe_rule(f), f.help);
    }
    study_spec d;
    for (const parameter<study_spec>& p : study_parameters()) {
        row(p.key(), "", p.unit, toml_text(p.get(d)), describe_rule(p), p.help);
    }
    return out.str();
}

std::string config_text(const study_spec& spec, const std::string& replay_csv, const std::string& header) {
    return write_config(spec, replay_csv, header, false);
}

}  // namespace hhsim::drivers
