// TOML study configuration -> validated study_spec (docs/config.md): every key carries its unit in
// its name; unknown keys, wrong types and invalid values are input_errors that name the full key.

#include <toml.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <charconv>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/scenario_options.hpp"
#include "drivers/study_spec.hpp"

namespace hhsim::drivers {

namespace {

using tvalue = toml::basic_value<toml::discard_comments, std::unordered_map, std::vector>;
using ttable = tvalue::table_type;

constexpr double two_pow_63 = 9223372036854775808.0;
constexpr std::size_t max_axis_values = 1'000'000;
constexpr std::size_t largest_grid = 1'000'000;  // what --max-grid-points may ask for

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

std::string render(const tvalue& v) {
    switch (v.type()) {
        case toml::value_t::boolean: return v.as_boolean() ? "true" : "false";
        case toml::value_t::integer: return std::to_string(v.as_integer());
        case toml::value_t::floating: return cat(v.as_floating());
        case toml::value_t::string: return toml_quoted(v.as_string().str);
        case toml::value_t::array: {
            std::string out = "[";
            const auto& items = v.as_array();
            for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + render(items[i]);
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

// A whole number given as a double (sweep values, set_parameter): exact and inside (-2^63, 2^63).
std::int64_t whole_from_double(double x, const std::string& key) {
    require_that(std::isfinite(x) && x == std::floor(x) && std::abs(x) < two_pow_63,
            key, " = ", x, " is invalid; must be a whole number");
    return static_cast<std::int64_t>(x);
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

std::uint64_t seed_from_double(double x, const std::string& key) {
    // A swept seed travels as a double (grid values, /grid/values): exact only up to 2^53.
    require_that(std::isfinite(x) && x == std::floor(x) && x >= 0 && x <= 0x1.0p53,
            key, " = ", x, " is invalid; a swept seed must be a whole number in [0, 2^53]");
    return static_cast<std::uint64_t>(x);
}

// ---------------------------------------------------------------------------------------------
// The scalar parameters of a scenario that a [sweep] (and set_parameter) can address.

struct real_key {
    std::string_view section;  ///< "model", "run" or "record"
    std::string_view name;     ///< key inside the section, unit in the name
    std::string_view unit;
    rule check;
    double& (*ref)(scenario&);
};

const std::array<real_key, 13> real_keys{{
    {"model", "c_m_uF_per_cm2", "uF/cm^2", rule::positive, [](scenario& s) -> double& { return s.model.c_m; }},
    {"model", "g_na_mS_per_cm2", "mS/cm^2", rule::non_negative, [](scenario& s) -> double& { return s.model.g_na; }},
    {"model", "g_k_mS_per_cm2", "mS/cm^2", rule::non_negative, [](scenario& s) -> double& { return s.model.g_k; }},
    {"model", "g_l_mS_per_cm2", "mS/cm^2", rule::non_negative, [](scenario& s) -> double& { return s.model.g_l; }},
    {"model", "e_na_mV", "mV", rule::any, [](scenario& s) -> double& { return s.model.e_na; }},
    {"model", "e_k_mV", "mV", rule::any, [](scenario& s) -> double& { return s.model.e_k; }},
    {"model", "e_l_mV", "mV", rule::any, [](scenario& s) -> double& { return s.model.e_l; }},
    {"model", "i_app_uA_per_cm2", "uA/cm^2", rule::any, [](scenario& s) -> double& { return s.model.i_app; }},
    {"model", "v0_mV", "mV", rule::any, [](scenario& s) -> double& { return s.v0_mv; }},
    {"run", "dt_ms", "ms", rule::positive, [](scenario& s) -> double& { return s.run.dt_ms; }},
    {"run", "t_end_ms", "ms", rule::positive, [](scenario& s) -> double& { return s.run.t_end_ms; }},
    {"record", "spike_threshold_mV", "mV", rule::any, [](scenario& s) -> double& { return s.record.spike_threshold_mv; }},
    {"record", "spike_rearm_mV", "mV", rule::any, [](scenario& s) -> double& { return s.record.spike_rearm_mv; }},
}};

enum class pop_field { count, rate_hz, release_probability, jump_mv };

constexpr std::array<std::pair<std::string_view, pop_field>, 4> pop_fields{{
    {"count", pop_field::count},
    {"rate_hz", pop_field::rate_hz},
    {"release_probability", pop_field::release_probability},
    {"jump_mV", pop_field::jump_mv},
}};

std::string sweepable_keys() {
    std::vector<std::string> keys;
    for (const real_key& k : real_keys) {
        keys.push_back(cat(k.section, ".", k.name));
        if (k.name == "t_end_ms") keys.emplace_back("run.seed");
    }
    keys.emplace_back("input.population.<name|index|*>.count|rate_hz|release_probability|jump_mV");
    return join(keys);
}

/// A parsed scalar key. Population selectors are "*" or a 0-based index (names are resolved by the
/// config parser, which knows them).
struct target {
    enum class kind { real, seed, population } what = kind::real;
    const real_key* real = nullptr;
    std::string selector;  ///< population: "*" or decimal index
    pop_field field = pop_field::count;

    bool overlaps(const target& o) const {
        if (what != o.what) return false;
        if (what == kind::real) return real == o.real;
        if (what == kind::seed) return true;
        return field == o.field && (selector == o.selector || selector == "*" || o.selector == "*");
    }
};

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(sep, start);
        parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The scalar a key addresses, or nothing if the key is unknown. Population selectors must be "*"
/// or a 0-based index here (names are resolved by the config parser, which knows them).
std::optional<target> find_target(const std::string& key) {
    for (const real_key& k : real_keys) {
        if (key == cat(k.section, ".", k.name)) return target{target::kind::real, &k, {}, pop_field::count};
    }
    if (key == "run.seed") return target{target::kind::seed, nullptr, {}, pop_field::count};
    const std::vector<std::string> parts = split(key, '.');
    if (parts.size() == 4 && parts[0] == "input" && parts[1] == "population" && (parts[2] == "*" || all_digits(parts[2]))) {
        for (const auto& [name, field] : pop_fields) {
            if (parts[3] == name) return target{target::kind::population, nullptr, parts[2], field};
        }
    }
    return std::nullopt;
}

target parse_target(const std::string& key) {
    if (const std::optional<target> t = find_target(key)) return *t;
    const std::vector<std::string> parts = split(key, '.');
    const bool named = parts.size() == 4 && parts[0] == "input" && parts[1] == "population" &&
                       std::any_of(pop_fields.begin(), pop_fields.end(), [&](const auto& f) { return f.first == parts[3]; });
    require_that(!named, "parameter key ", key, ": population '", parts.size() == 4 ? parts[2] : "",
                        "' must be a 0-based index or *; population names are known only to the config file");
    throw input_error(cat("unknown parameter key ", key, "; allowed: ", sweepable_keys()));
}

void apply(scenario& sc, const target& t, const std::string& key, double value) {
    switch (t.what) {
        case target::kind::real: t.real->ref(sc) = value; return;
        case target::kind::seed: sc.run.seed = seed_from_double(value, key); return;
        case target::kind::population: break;
    }
    std::vector<population>& pops = sc.input.populations;
    std::size_t first = 0;
    std::size_t last = pops.size();
    if (t.selector != "*") {
        // At most 19 digits fit an unsigned 64-bit integer; longer indices are out of range anyway.
        const bool fits = t.selector.size() <= 18;
        const std::size_t index = fits ? static_cast<std::size_t>(std::stoull(t.selector)) : pops.size();
        require_that(index < pops.size(),
                "parameter key ", key, ": population index ", t.selector, " is out of range; there are ", pops.size(),
                    " populations (0-based)");
        first = index;
        last = index + 1;
    }
    require_that(first < last, "parameter key ", key, ": there are no populations to set");
    for (std::size_t i = first; i < last; ++i) {
        population& p = pops[i];
        switch (t.field) {
            case pop_field::count: p.count = whole_from_double(value, key); break;
            case pop_field::rate_hz: p.rate_hz = value; break;
            case pop_field::release_probability: p.release_probability = value; break;
            case pop_field::jump_mv: p.jump_mv = value; break;
        }
    }
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
// The sections.

constexpr std::array<std::string_view, 8> section_names{"model", "input", "run", "record", "sweep", "analysis", "compare", "output"};

void read_real_keys(const section_reader& r, std::string_view section, scenario& sc) {
    for (const real_key& k : real_keys) {
        if (k.section == section) r.number(k.name, k.unit, k.check, k.ref(sc));
    }
}

std::vector<std::string_view> real_key_names(std::string_view section) {
    std::vector<std::string_view> names;
    for (const real_key& k : real_keys) {
        if (k.section == section) names.push_back(k.name);
    }
    return names;
}

void read_model(const ttable* t, scenario& sc) {
    const section_reader r("model", "[model]", t);
    std::vector<std::string_view> allowed = real_key_names("model");
    allowed.insert(allowed.end(), {"start", "m0", "h0", "n0"});
    r.allow(allowed);
    read_real_keys(r, "model", sc);
    // The start state: v0 (V = v0_mV, gates given or at their steady state at v0) or rest.
    if (r.find("start") != nullptr) {
        std::string name;
        r.text("start", "v0, rest", name);
        try {
            sc.start.kind = parse_start_kind(name);
        } catch (const input_error&) {
            throw input_error(cat(r.key("start"), " = ", toml_quoted(name), " is invalid; allowed: v0, rest"));
        }
    }
    require(!(sc.start.kind == start_kind::rest && r.find("v0_mV") != nullptr),
            cat(r.key("v0_mV"), " is invalid with model.start = \"rest\" (the fixed point has its own V); remove it or use start = \"v0\""));
    for (const auto& [name, gate] : {std::pair{"m0", &sc.start.m0}, std::pair{"h0", &sc.start.h0}, std::pair{"n0", &sc.start.n0}}) {
        if (r.find(name) == nullptr) continue;
        double x = 0.0;
        r.number(name, "", rule::any, x);
        require(x >= 0 && x <= 1, cat(r.key(name), " = ", x, " is invalid; must lie in [0, 1] (a gate's open probability)"));
        require(sc.start.kind == start_kind::v0,
                cat(r.key(name), " is invalid with model.start = \"rest\" (the fixed point sets every gate); use start = \"v0\""));
        *gate = x;
    }
}

/// A string key naming one of a closed set (parsed by the core's own name -> enum function).
template <typename Enum>
void choice(const section_reader& r, std::string_view name, std::string_view allowed, Enum (*parse_name)(const std::string&),
            Enum& out) {
    if (r.find(name) == nullptr) return;
    std::string text;
    r.text(name, allowed, text);
    try {
        out = parse_name(text);
    } catch (const input_error&) {
        throw input_error(cat(r.key(name), " = ", toml_quoted(text), " is invalid; allowed: ", allowed));
    }
}

void read_run(const ttable* t, scenario& sc) {
    const section_reader r("run", "[run]", t);
    r.allow({"dt_ms", "t_end_ms", "trials", "seed", "integrator", "jumps", "threads"});
    read_real_keys(r, "run", sc);
    r.whole("trials", 1, std::numeric_limits<std::int64_t>::max(), sc.run.n_trials);
    if (const tvalue* v = r.find("seed")) {
        const std::int64_t seed = to_whole(*v, r.key("seed"));
        require_that(seed >= 0, r.key("seed"), " = ", seed, " is invalid; must lie in [0, ", max_seed, "]");
        sc.run.seed = static_cast<std::uint64_t>(seed);
    }
    choice(r, "integrator", "euler, rk4, expeuler, euler-maruyama, sra", parse_method, sc.run.integrator);
    choice(r, "jumps", "boundary, event-exact", parse_jump_timing, sc.run.jumps);
    std::int64_t threads = sc.run.n_threads;
    r.whole("threads", 0, max_threads(), threads);  // at most 4 x the hardware threads
    sc.run.n_threads = static_cast<int>(threads);
}

void read_record(const ttable* t, scenario& sc) {
    const section_reader r("record", "[record]", t);
    r.allow({"spike_threshold_mV", "spike_rearm_mV", "trace_every_steps", "trace_trials", "event_trials", "noise_trials"});
    read_real_keys(r, "record", sc);
    r.whole("trace_every_steps", 1, std::numeric_limits<std::int64_t>::max(), sc.record.trace_every_steps);
    // Trial indices of each grid point (0 .. trials-1); checked against run.trials with the scenario.
    const auto trials = [&r](std::string_view name, std::vector<std::int64_t>& out) {
        std::vector<double> values;
        r.numbers(name, "", rule::any, values);
        if (r.find(name) == nullptr) return;
        out.clear();
        for (std::size_t i = 0; i < values.size(); ++i) {
            require_that(values[i] >= 0 && values[i] == std::floor(values[i]) && values[i] < 0x1.0p62,
                    r.key(name), "[", i, "] = ", values[i], " is invalid; must be a whole trial index >= 0");
            out.push_back(static_cast<std::int64_t>(values[i]));
        }
    };
    sc.record.trace_trials = {0};  // the study's single-trial figure
    trials("trace_trials", sc.record.trace_trials);
    trials("event_trials", sc.record.event_trials);
    trials("noise_trials", sc.record.noise_trials);
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
        r.allow({"name", "count", "rate_hz", "release_probability", "jump_mV", "source_rates_hz"});
        population p;
        r.numbers("source_rates_hz", "Hz", rule::non_negative, p.source_rates_hz);
        const bool heterogeneous = r.find("source_rates_hz") != nullptr;
        if (heterogeneous) {
            p.count = static_cast<std::int64_t>(p.source_rates_hz.size());
            require_that(r.find("rate_hz") == nullptr,
                    prefix, ": rate_hz and source_rates_hz are both given; give one (source_rates_hz sets every source's rate)");
        } else {
            require_that(r.find("count") != nullptr, prefix, ".count is missing; every population needs count");
            require_that(r.find("rate_hz") != nullptr, prefix, ".rate_hz is missing; every population needs rate_hz (or source_rates_hz)");
        }
        require_that(r.find("jump_mV") != nullptr, prefix, ".jump_mV is missing; every population needs jump_mV");
        r.whole("count", 0, std::numeric_limits<std::int64_t>::max(), p.count);
        r.number("rate_hz", "Hz", rule::non_negative, p.rate_hz);
        r.number("release_probability", "", rule::any, p.release_probability);
        require_that(p.release_probability >= 0 && p.release_probability <= 1,
                r.key("release_probability"), " = ", p.release_probability, " is invalid; must lie in [0, 1]");
        r.number("jump_mV", "mV", rule::any, p.jump_mv);
        if (heterogeneous) {
            require_that(static_cast<std::int64_t>(p.source_rates_hz.size()) == p.count,
                    r.key("source_rates_hz"), " has ", p.source_rates_hz.size(), " rates; must have count = ", p.count);
        }
        sc.input.populations.push_back(std::move(p));
        names.push_back(name);
    }
}

void read_input(const ttable* t, const std::string& origin, scenario& sc, std::vector<std::string>& names, std::string& replay_path) {
    const section_reader r("input", "[input]", t);
    r.allow({"kind", "replay_csv", "population"});
    std::string kind = to_string(sc.input.kind);
    r.text("kind", "none, shot, per-source, diffusion, replay", kind);
    try {
        sc.input.kind = parse_input_kind(kind);
    } catch (const input_error&) {
        throw input_error(cat("input.kind = ", toml_quoted(kind), " is invalid; allowed: none, shot, per-source, diffusion, replay"));
    }
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

void read_analysis(const ttable* t, analysis_spec& a) {
    const section_reader r("analysis", "[analysis]", t);
    r.allow({"transient_ms", "fano_windows_ms", "isi_histogram", "isi_bin_ms", "isi_max_ms", "spectrum", "spectrum_bin_ms",
             "spectrum_segment_ms", "bootstrap_resamples", "confidence_level"});
    r.number("transient_ms", "ms", rule::non_negative, a.transient_ms);
    r.numbers("fano_windows_ms", "ms", rule::positive, a.fano_windows_ms);
    require(!a.fano_windows_ms.empty(), "analysis.fano_windows_ms = [] is invalid; must list at least one window (ms)");
    r.flag("isi_histogram", a.isi_histogram);
    r.number("isi_bin_ms", "ms", rule::positive, a.isi_bin_ms);
    r.number("isi_max_ms", "ms", rule::positive, a.isi_max_ms);
    r.flag("spectrum", a.spectrum);
    r.number("spectrum_bin_ms", "ms", rule::positive, a.spectrum_bin_ms);
    r.number("spectrum_segment_ms", "ms", rule::positive, a.spectrum_segment_ms);
    r.whole("bootstrap_resamples", 2, std::numeric_limits<std::int64_t>::max(), a.bootstrap_resamples);
    r.number("confidence_level", "", rule::any, a.confidence_level);
    require_that(a.confidence_level > 0 && a.confidence_level < 1,
            "analysis.confidence_level = ", a.confidence_level, " is invalid; must lie in (0, 1)");
    if (a.isi_histogram) {
        require_that(a.isi_max_ms >= a.isi_bin_ms, "analysis.isi_max_ms = ", a.isi_max_ms,
                                                  " ms is invalid; must be >= analysis.isi_bin_ms = ", a.isi_bin_ms, " ms");
        require_that(a.isi_max_ms / a.isi_bin_ms <= 1e8, "analysis.isi_bin_ms = ", a.isi_bin_ms, " ms is invalid; isi_max_ms = ",
                                                        a.isi_max_ms, " ms would need more than 1e8 bins");
    }
    if (a.spectrum) {
        const double samples = a.spectrum_segment_ms / a.spectrum_bin_ms;
        require_that(std::abs(samples - std::round(samples)) <= 1e-9 * samples && samples >= 1.5,
                "analysis.spectrum_segment_ms = ", a.spectrum_segment_ms,
                    " ms is invalid; must be a whole number (>= 2) of analysis.spectrum_bin_ms = ", a.spectrum_bin_ms, " ms");
        require_that(samples <= static_cast<double>(std::numeric_limits<int>::max()),
                "analysis.spectrum_segment_ms = ", a.spectrum_segment_ms, " ms is invalid; more than 2^31 bins of ",
                    a.spectrum_bin_ms, " ms");
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

void read_compare(const ttable* t, study_spec& spec) {
    const section_reader r("compare", "[compare]", t);
    r.allow({"diffusion_integrator", "allow_mixed_orders"});
    std::string name = spec.diffusion_integrator ? to_string(*spec.diffusion_integrator) : "auto";
    r.text("diffusion_integrator", "auto, euler-maruyama, expeuler, sra", name);
    require_that(name == "auto" || name == "euler-maruyama" || name == "expeuler" || name == "sra",
                 "compare.diffusion_integrator = ", toml_quoted(name), " is invalid; allowed: auto, euler-maruyama, expeuler, sra");
    spec.diffusion_integrator = name == "auto" ? std::nullopt : std::optional<method>(parse_method(name));
    r.flag("allow_mixed_orders", spec.allow_mixed_orders);
    (void)compare_integrators(spec);  // refuses a pairing that mixes orders unless allowed
}

void read_output(const ttable* t, study_spec& spec) {
    const section_reader r("output", "[output]", t);
    r.allow({"folder"});
    r.text("folder", "", spec.output_folder);
    require(!spec.output_folder.empty(), "output.folder = \"\" is invalid; must name a folder");
}

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

std::vector<sweep_axis> read_sweep(const tvalue* v, const scenario& base, const std::vector<std::string>& names) {
    std::vector<sweep_axis> grid;
    if (v == nullptr) return grid;
    std::vector<sweep_entry> entries;
    collect_sweep(*v, "", entries);
    std::sort(entries.begin(), entries.end(), [](const sweep_entry& a, const sweep_entry& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    std::vector<target> targets;
    scenario probe = base;
    probe.input.replay_events.clear();
    for (const sweep_entry& e : entries) {
        const std::string written = cat("sweep.", e.key);
        std::string key;
        try {
            key = canonical_key(e.key, names);
        } catch (const input_error& err) {
            throw input_error(cat(written, ": ", err.what()));
        }
        const std::optional<target> found = find_target(key);
        require_that(found.has_value(), "unknown sweep key ", e.key, "; allowed: ", sweepable_keys());
        const target t = *found;
        for (std::size_t a = 0; a < targets.size(); ++a) {
            require_that(!targets[a].overlaps(t), "sweep keys ", entries[a].key, " and ", e.key, " set the same parameter; sweep it once");
        }
        if (t.what == target::kind::population && t.field == pop_field::rate_hz) {
            for (std::size_t i = 0; i < base.input.populations.size(); ++i) {
                const bool addressed = t.selector == "*" || t.selector == cat(i);
                require_that(!addressed || base.input.populations[i].source_rates_hz.empty(),
                        "sweep key ", e.key, ": population ", i,
                            " has source_rates_hz, which replace rate_hz; sweeping rate_hz would change nothing");
            }
        }
        sweep_axis axis{key, axis_values(*e.value, written)};
        for (const double x : axis.values) {
            try {
                apply(probe, t, key, x);  // whole-number and range checks of the key itself
            } catch (const input_error& err) {
                throw input_error(cat(written, ": ", err.what()));
            }
        }
        targets.push_back(t);
        grid.push_back(std::move(axis));
    }
    return grid;
}

void check_grid_size(const std::vector<sweep_axis>& grid, std::size_t max_points) {
    std::size_t points = 1;
    for (const sweep_axis& a : grid) {
        require_that(a.values.size() <= max_points / points,
                "[sweep] gives more than ", max_points, " grid points; sweep fewer values",
                    max_points < largest_grid ? cat(", or allow up to ", largest_grid, " with --max-grid-points") : std::string());
        points *= a.values.size();
    }
}

std::string point_label(const study_spec& spec, std::size_t index) {
    const std::vector<double> values = point_values(spec, index);
    std::vector<std::string> parts;
    for (std::size_t a = 0; a < values.size(); ++a) parts.push_back(cat(spec.grid[a].key, " = ", values[a]));
    return join(parts);
}

study_spec parse(const std::string& toml_text, const std::string& origin, std::size_t max_points) {
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
    spec.base = default_scenario();
    spec.base.run.n_trials = 200;
    spec.base.run.t_end_ms = 1000.0;
    std::vector<std::string> names{"exc", "inh"};

    read_model(section("model"), spec.base);
    read_input(section("input"), origin, spec.base, names, spec.replay_csv_path);
    read_run(section("run"), spec.base);
    read_record(section("record"), spec.base);
    read_analysis(section("analysis"), spec.analysis);
    read_compare(section("compare"), spec);
    read_output(section("output"), spec);
    const auto sweep = top.find("sweep");
    spec.grid = read_sweep(sweep == top.end() ? nullptr : &sweep->second, spec.base, names);
    check_grid_size(spec.grid, max_points);

    // Every grid point must be a valid scenario. Replay events are checked once (no key changes
    // them); the other points are checked without them so that a large replay file is not copied.
    if (spec.grid.empty()) {
        validate(spec.base);
        check_analysis_against_run(spec.analysis, spec.base.run);
        return spec;
    }
    study_spec light = spec;
    light.base.input.replay_events.clear();
    for_each_point(light, [&](std::size_t p, const scenario& sc) {
        try {
            validate(p == 0 ? point_scenario(spec, 0) : sc);
            check_analysis_against_run(spec.analysis, sc.run);
        } catch (const input_error& e) {
            throw input_error(cat("sweep point ", p, " (", point_label(spec, p), "): ", e.what()));
        }
    });
    return spec;
}

}  // namespace

study_spec parse_study_config(const std::string& toml_text, const std::string& origin, std::size_t max_grid_points) {
    require_that(max_grid_points >= 1 && max_grid_points <= largest_grid,
            "--max-grid-points = ", max_grid_points, " is invalid; must lie in [1, ", largest_grid, "]");
    try {
        return parse(toml_text, origin, max_grid_points);
    } catch (const input_error& e) {
        throw input_error(cat("config '", origin, "': ", e.what()));
    }
}

void set_parameter(scenario& sc, const std::string& key, double value) { apply(sc, parse_target(key), key, value); }

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

std::vector<std::pair<std::string, double>> scalar_parameters(const scenario& sc) {
    scenario copy = sc;  // the table's accessors take a mutable scenario
    std::vector<std::pair<std::string, double>> out;
    for (const real_key& k : real_keys) out.emplace_back(cat(k.section, ".", k.name), k.ref(copy));
    return out;
}

std::size_t point_count(const study_spec& spec) {
    std::size_t n = 1;
    for (const sweep_axis& a : spec.grid) n *= a.values.size();
    return n;
}

std::vector<double> point_values(const study_spec& spec, std::size_t index) {
    const std::size_t n = point_count(spec);
    if (index >= n) throw std::out_of_range(cat("point_values: index ", index, " is out of range; the grid has ", n, " points"));
    std::vector<double> values(spec.grid.size());
    for (std::size_t a = spec.grid.size(); a-- > 0;) {  // last axis varies fastest
        const std::vector<double>& v = spec.grid[a].values;
        values[a] = v[index % v.size()];
        index /= v.size();
    }
    return values;
}

void for_each_point(const study_spec& spec, const std::function<void(std::size_t, const scenario&)>& visit) {
    std::vector<target> targets;
    for (const sweep_axis& a : spec.grid) targets.push_back(parse_target(a.key));
    std::vector<std::size_t> digit(spec.grid.size(), 0);  // the point's index on each axis; the last axis runs fastest
    scenario sc = spec.base;
    const std::size_t n = point_count(spec);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t a = 0; a < targets.size(); ++a) apply(sc, targets[a], spec.grid[a].key, spec.grid[a].values[digit[a]]);
        visit(i, sc);
        for (std::size_t a = digit.size(); a-- > 0;) {
            if (++digit[a] < spec.grid[a].values.size()) break;
            digit[a] = 0;
        }
    }
}

scenario point_scenario(const study_spec& spec, std::size_t index) {
    const std::vector<double> values = point_values(spec, index);
    scenario sc = spec.base;
    for (std::size_t a = 0; a < values.size(); ++a) set_parameter(sc, spec.grid[a].key, values[a]);
    return sc;
}

std::string default_config_text() {
    return R"(# hhsim study configuration (docs/config.md). Every key is optional; the values below are the
# defaults. Units are part of the key names: ms, mV, Hz, uF/cm^2, mS/cm^2, uA/cm^2.
# A [[input.population]] list replaces the two default populations; inside one, count, rate_hz
# (or source_rates_hz) and jump_mV are required, name is optional, release_probability defaults to 1.

[model]                     # Hodgkin-Huxley membrane (docs/theory.md, "Model")
c_m_uF_per_cm2 = 1.0        # membrane capacitance, uF/cm^2, > 0
g_na_mS_per_cm2 = 120.0     # peak sodium conductance, mS/cm^2, >= 0
g_k_mS_per_cm2 = 36.0       # peak potassium conductance, mS/cm^2, >= 0
g_l_mS_per_cm2 = 0.3        # leak conductance, mS/cm^2, >= 0
e_na_mV = 50.0              # sodium reversal potential, mV
e_k_mV = -77.0              # potassium reversal potential, mV
e_l_mV = -54.387            # leak reversal potential, mV
i_app_uA_per_cm2 = 3.0      # constant applied current density, uA/cm^2
v0_mV = -65.0               # initial V, mV (start = "v0")
start = "v0"                # v0: V = v0_mV, each gate as given below or at its steady state at v0 (the default:
                            # the rest at I_app = 0, then i_app switched on at t = 0) | rest: the fixed point at
                            # i_app_uA_per_cm2 (no onset transient; takes no v0_mV, m0, h0, n0)
# m0 = 0.05                 # optional start values of the gates (start = "v0"), dimensionless, [0, 1];
# h0 = 0.6                  # a gate not given starts at its steady state at v0
# n0 = 0.32

[input]
kind = "shot"               # none | shot | per-source | diffusion | replay
replay_csv = ""             # time_ms,jump_mV[,source] (kind = "replay"); a path relative to the config file's folder

[[input.population]]        # any number of populations; names must be unique
name = "exc"                # optional; letters, digits, '_' and '-', not all digits
count = 80                  # number of presynaptic sources, whole number >= 0
rate_hz = 10.0              # firing rate of each source, Hz, >= 0
release_probability = 0.5   # probability that a presynaptic spike is transmitted, [0, 1]
jump_mV = 1.0               # jump of V per transmitted spike, mV
# source_rates_hz = [...]   # optional, one rate per source (Hz), instead of rate_hz; count defaults to its length

[[input.population]]
name = "inh"
count = 20
rate_hz = 10.0
release_probability = 0.5
jump_mV = -4.0

[run]
dt_ms = 0.01                # time step, ms, > 0
t_end_ms = 1000.0           # duration, ms; a whole number of steps
trials = 200                # independent trials per grid point, >= 1
seed = 1                    # study seed, whole number >= 0; trial k draws from (seed, k)
integrator = "rk4"          # euler | rk4 | expeuler | euler-maruyama | sra (docs/numerics.md)
jumps = "boundary"          # boundary | event-exact
threads = 0                 # OpenMP threads; 0: all

[record]
spike_threshold_mV = 0.0    # a spike is an upward crossing of this level, mV
spike_rearm_mV = -20.0      # detection re-arms after V falls below this, mV; < spike_threshold_mV
trace_every_steps = 10      # decimation of the kept traces, steps >= 1
trace_trials = [0]          # trials (0 .. trials-1) whose V, gates and currents are kept at every grid point
event_trials = []           # trials whose input events (time, source, released, jump) are kept
noise_trials = []           # trials whose per-step input increments (mV) are kept

[sweep]                     # any number of scalar keys; several = Cartesian grid, first key slowest
# "input.population.*.rate_hz" = [5.0, 10.0, 20.0]                   # a list
# "model.i_app_uA_per_cm2" = { start = 0.0, stop = 10.0, num = 5 }   # linear, both ends included
# "run.dt_ms" = { start = 0.04, stop = 0.01, step = -0.015 }         # start, start+step, ... while not past stop
# Sweepable: model.*, run.dt_ms, run.t_end_ms, run.seed, record.spike_threshold_mV, record.spike_rearm_mV,
# input.population.<name|index|*>.count|rate_hz|release_probability|jump_mV (* = all populations)

[analysis]
transient_ms = 100.0                  # statistics ignore [0, transient_ms), ms, >= 0 and < t_end_ms
fano_windows_ms = [10.0, 50.0, 100.0] # counting windows of the Fano factor, ms, at least one
isi_histogram = true                  # pooled ISI density per grid point
isi_bin_ms = 1.0                      # ISI histogram bin width, ms, > 0
isi_max_ms = 200.0                    # ISI histogram covers [0, isi_max_ms), ms
spectrum = true                       # spike-train power spectrum (Welch)
spectrum_bin_ms = 1.0                 # spike trains are binned at this width, ms, > 0
spectrum_segment_ms = 500.0           # Welch segment length, ms, a whole number of bins
bootstrap_resamples = 1000            # bootstrap resamples for confidence intervals, >= 2
confidence_level = 0.95               # level of the confidence intervals, (0, 1)

[compare]
diffusion_integrator = "auto"   # auto | euler-maruyama | expeuler | sra; auto: the partner of run.integrator of the same
                                # order (euler: euler-maruyama, rk4: sra, expeuler: expeuler)
allow_mixed_orders = false      # true: accept a diffusion_integrator that is not run.integrator's partner

[output]
folder = "hhsim-study"      # study folder (--out overrides)
)";
}

}  // namespace hhsim::drivers
