#include "core/parameter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace hhsim {

namespace {
// Shortest text that reads back as the same double, with a '.0' for whole numbers (TOML floats).
std::string real_text(double x) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
    std::string text(buffer, ec == std::errc() ? end : buffer);
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // "n": nan and inf never reach here
    return text;
}

std::string bound_text(double x) {
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    if (x == std::floor(x) && std::abs(x) < 1e15) return cat(static_cast<long long>(x));
    return cat(x);
}

bool within(double x, const param_rule& r) {
    if (r.lo_open ? !(x > r.lo) : !(x >= r.lo)) return false;
    if (r.hi_open ? !(x < r.hi) : !(x <= r.hi)) return false;
    return true;
}

// "in [0, 1]", "> 0", ">= 1", "" (no bound).
std::string range_short(const param_rule& r) {
    // A bound at the limit of a 64-bit integer (trial counts, seeds) is no bound worth naming.
    constexpr double int64_limit = 9.2e18;
    const bool has_lo = std::isfinite(r.lo) && std::abs(r.lo) < int64_limit;
    const bool has_hi = std::isfinite(r.hi) && std::abs(r.hi) < int64_limit;
    if (has_lo && has_hi) return cat("in ", r.lo_open ? "(" : "[", bound_text(r.lo), ", ", bound_text(r.hi), r.hi_open ? ")" : "]");
    if (has_lo) return cat(r.lo_open ? "> " : ">= ", bound_text(r.lo));
    if (has_hi) return cat(r.hi_open ? "< " : "<= ", bound_text(r.hi));
    return "";
}

// "must lie in [0, 1]", "must be > 0", "" (no bound).
std::string range_words(const param_rule& r) {
    const std::string s = range_short(r);
    if (s.empty()) return "";
    return s.rfind("in ", 0) == 0 ? "must lie " + s : "must be " + s;
}
}  // namespace

std::vector<std::string> choice_names(std::string_view choices) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= choices.size()) {
        const std::size_t bar = choices.find('|', start);
        out.emplace_back(choices.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return out;
}

std::string describe_rule(param_type type, const param_rule& rule) {
    switch (type) {
        case param_type::flag: return "true | false";
        case param_type::choice: {
            std::string out;
            for (const std::string& c : choice_names(rule.choices)) out += (out.empty() ? "" : " | ") + c;
            return out;
        }
        case param_type::text: return rule.non_empty ? "non-empty" : "";
        case param_type::texts: return "a list of names";
        case param_type::whole:
        case param_type::wholes: {
            const std::string r = range_short(rule);
            return cat(type == param_type::wholes ? "whole numbers" : "whole number", r.empty() ? "" : " ", r);
        }
        case param_type::real:
        case param_type::reals: {
            const std::string r = range_short(rule);
            return type == param_type::reals ? cat("numbers", r.empty() ? "" : " ", r) : r;
        }
    }
    return "";
}

std::string rule_violation(param_type type, const param_rule& rule, const param_value& v) {
    if (std::holds_alternative<std::monostate>(v)) return rule.optional ? "" : "must be given";
    const std::string range = range_words(rule);
    switch (type) {
        case param_type::flag:
            return std::holds_alternative<bool>(v) ? "" : "must be true or false";
        case param_type::whole: {
            if (!std::holds_alternative<std::int64_t>(v)) return "must be a whole number";
            return within(static_cast<double>(std::get<std::int64_t>(v)), rule) ? "" : range;
        }
        case param_type::real: {
            if (!std::holds_alternative<double>(v)) return "must be a number";
            const double x = std::get<double>(v);
            if (!std::isfinite(x)) return "must be a finite number";
            return within(x, rule) ? "" : range;
        }
        case param_type::choice: {
            const std::vector<std::string> names = choice_names(rule.choices);
            std::string list;
            for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
            if (!std::holds_alternative<std::string>(v)) return cat("must be a string: ", list);
            for (const std::string& n : names) {
                if (n == std::get<std::string>(v)) return "";
            }
            return cat("allowed: ", list);
        }
        case param_type::text:
            if (!std::holds_alternative<std::string>(v)) return "must be a string";
            return rule.non_empty && std::get<std::string>(v).empty() ? "must not be empty" : "";
        case param_type::wholes: {
            if (!std::holds_alternative<std::vector<std::int64_t>>(v)) return "must be a list of whole numbers";
            const auto& items = std::get<std::vector<std::int64_t>>(v);
            if (rule.non_empty && items.empty()) return "must list at least one";
            for (const std::int64_t x : items) {
                if (!within(static_cast<double>(x), rule)) return cat("every item ", range);
            }
            return "";
        }
        case param_type::texts: {
            if (!std::holds_alternative<std::vector<std::string>>(v)) return "must be a list of strings";
            if (rule.non_empty && std::get<std::vector<std::string>>(v).empty()) return "must list at least one";
            return "";
        }
        case param_type::reals: {
            if (!std::holds_alternative<std::vector<double>>(v)) return "must be a list of numbers";
            const auto& items = std::get<std::vector<double>>(v);
            if (rule.non_empty && items.empty()) return "must list at least one";
            for (const double x : items) {
                if (!std::isfinite(x)) return "every item must be a finite number";
                if (!within(x, rule)) return cat("every item ", range);
            }
            return "";
        }
    }
    return "";
}

namespace {
// A TOML list; a long one over several lines of list_items_per_line values, so that no line a
// file writes comes near max_toml_line_chars (config files, parameters.toml).
constexpr std::size_t list_items_per_line = 8;
template <typename Items, typename Text>
std::string list_text(const Items& xs, Text text) {
    const bool lines = xs.size() > 2 * list_items_per_line;
    std::string out = lines ? "[\n    " : "[";
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) out += lines && i % list_items_per_line == 0 ? ",\n    " : ", ";
        out += text(xs[i]);
    }
    return out + (lines ? ",\n]" : "]");
}
}  // namespace

std::string toml_text(const param_value& v) {
    struct visitor {
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t x) const { return std::to_string(x); }
        std::string operator()(double x) const { return real_text(x); }
        std::string operator()(const std::string& s) const {
            std::string out = "\"";
            for (const char c : s) {
                if (c == '"' || c == '\\') out += '\\';
                if (c == '\n') {
                    out += "\\n";
                    continue;
                }
                out += c;
            }
            return out + "\"";
        }
        std::string operator()(const std::vector<std::int64_t>& xs) const {
            return list_text(xs, [](std::int64_t x) { return std::to_string(x); });
        }
        std::string operator()(const std::vector<double>& xs) const { return list_text(xs, real_text); }
        std::string operator()(const std::vector<std::string>& xs) const {
            return list_text(xs, [this](const std::string& x) { return (*this)(x); });
        }
    };
    return std::visit(visitor{}, v);
}

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

}  // namespace hhsim
