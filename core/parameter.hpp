#pragma once
// A parameter declared once: where it lives (section and name, the unit in the name), its unit, a
// short label with the unit for figures and tables, its type and validity rule, and its help text.
// Every front end is derived from the tables of these (core/scenario_parameters.hpp,
// study/study_parameters.hpp): command-line flags (--NAME), TOML keys ([SECTION] NAME), sweep keys
// and HDF5 attributes (SECTION.NAME), Python keywords (NAME), reports and parameters.toml.
// docs/parameters.md lists them all.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hhsim {

/// A parameter's value as the front ends exchange it; monostate: an optional parameter not set.
using param_value = std::variant<std::monostate, bool, std::int64_t, double, std::string, std::vector<std::int64_t>, std::vector<double>,
                                 std::vector<std::string>>;

enum class param_type {
    flag,    ///< true or false
    whole,   ///< a whole number (int64)
    real,    ///< a finite real number
    choice,  ///< one name of a closed set
    text,    ///< free text (a path, a name)
    wholes,  ///< a list of whole numbers
    reals,   ///< a list of finite real numbers
    texts,   ///< a list of texts (names)
};

/// What values are allowed. Bounds apply to numbers and to every item of a list.
struct param_rule {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool lo_open = false;           ///< lo itself is excluded
    bool hi_open = false;
    std::string_view choices;       ///< choice: names separated by '|'
    bool optional = false;          ///< may be left unset (monostate)
    bool non_empty = false;         ///< lists and texts: at least one item / character
};

/// One parameter of a Target (a scenario, a study specification).
template <typename Target>
struct parameter {
    std::string_view section;  ///< "model", "run", "record", "input", "analysis", "compare", "output"
    std::string_view name;     ///< unique across all sections; the unit is part of it (dt_ms, i_app_uA_per_cm2)
    std::string_view unit;     ///< "ms", "uA/cm^2", "" for dimensionless or text
    std::string_view label;    ///< for axes and table headers, e.g. "I_app (uA/cm^2)", "p"
    std::string_view help;     ///< one line, with the allowed values
    param_type type;
    param_rule rule;
    bool sweepable = false;          ///< a [sweep] may vary it (real and whole scalars)
    std::string_view old_flag = {};  ///< the spelling of hhsim 0.1 ("--g-na"), kept one release with a warning
    param_value (*get)(const Target&) = nullptr;
    void (*set)(Target&, const param_value&) = nullptr;
    std::string_view rule_words = {};  ///< the rule in words where it depends on the machine (thread counts); else derived

    std::string key() const { return std::string(section) + "." + std::string(name); }
};

/// "" if `v` has the parameter's type and obeys its rule; otherwise what is allowed, in words that
/// follow "is invalid; " (e.g. "must lie in [0, 1]", "allowed: euler, rk4").
std::string rule_violation(param_type type, const param_rule& rule, const param_value& v);

/// The rule in words for help texts and errors ("> 0", "[0, 1]", "euler | rk4", ...); "" if none.
std::string describe_rule(param_type type, const param_rule& rule);

/// The value as a TOML value: 0.01, -65.0, 3, true, "rk4", [0, 3], [10.0, 50.0]; "" for monostate.
std::string toml_text(const param_value& v);

/// The rule of p in words: its rule_words, or describe_rule.
template <typename Target>
std::string describe_rule(const parameter<Target>& p) {
    return p.rule_words.empty() ? describe_rule(p.type, p.rule) : std::string(p.rule_words);
}

/// The names of a choice rule, in order.
std::vector<std::string> choice_names(std::string_view choices);

/// The parts of a key between `sep` ("input.population.0.rate_hz" -> input, population, 0,
/// rate_hz); empty parts kept.
std::vector<std::string> split(const std::string& text, char sep);

/// Whether s is a non-empty run of decimal digits (a population index in a key).
bool all_digits(std::string_view s);

}  // namespace hhsim
