#include "python/py_values.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace py = pybind11;

namespace hhsim::python {

namespace {
constexpr double two_pow_63 = 9223372036854775808.0;

// numpy's scalars count as the Python types they stand for (numpy.bool_ is no int subclass).
bool is_bool(const py::handle& v) {
    if (py::isinstance<py::bool_>(v)) return true;
    const std::string type = py::str(py::type::of(v).attr("__name__"));
    return type == "bool_" || type == "bool";
}
bool is_integer(const py::handle& v) { return !is_bool(v) && (py::isinstance<py::int_>(v) || py::hasattr(v, "__index__")); }
bool is_real(const py::handle& v) { return !is_bool(v) && (is_integer(v) || py::isinstance<py::float_>(v) || py::hasattr(v, "__float__")); }

std::string unit_note(std::string_view unit) { return unit.empty() ? std::string() : cat(" (", unit, ")"); }

[[noreturn]] void invalid(const std::string& key, const py::handle& v, std::string_view unit, const std::string& rule) {
    throw input_error(cat(key, " = ", repr_of(v), unit.empty() || !is_real(v) ? "" : " ", is_real(v) ? unit : std::string_view(), " is invalid; ", rule));
}

// A whole number as TOML's reader takes one: an int, or a float with a whole value below 2^63.
std::int64_t whole_of(const py::handle& v, const std::string& key) {
    if (is_integer(v)) {
        const py::int_ i = py::reinterpret_steal<py::int_>(PyNumber_Index(v.ptr()));
        if (!i) throw py::error_already_set();
        int overflow = 0;
        const long long x = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
        if (overflow != 0) invalid(key, v, "", cat("it does not fit a 64-bit integer (must lie in [", std::numeric_limits<std::int64_t>::min(), ", ",
                                                   std::numeric_limits<std::int64_t>::max(), "])"));
        return static_cast<std::int64_t>(x);
    }
    if (is_real(v)) {
        const double x = py::reinterpret_steal<py::float_>(PyNumber_Float(v.ptr())).cast<double>();
        if (std::isfinite(x) && x == std::floor(x) && std::abs(x) < two_pow_63) return static_cast<std::int64_t>(x);
    }
    invalid(key, v, "", "must be a whole number");
}

double real_of(const py::handle& v, const std::string& key, std::string_view unit) {
    if (!is_real(v)) invalid(key, v, unit, cat("must be a number", unit_note(unit)));
    PyObject* f = PyNumber_Float(v.ptr());
    if (f == nullptr) {  // e.g. an int too large for a double
        PyErr_Clear();
        invalid(key, v, unit, cat("must be a finite number", unit_note(unit)));
    }
    return py::reinterpret_steal<py::float_>(f).cast<double>();
}

std::string text_of(const py::handle& v, const std::string& key, const std::string& rule) {
    if (!py::isinstance<py::str>(v)) invalid(key, v, "", rule);
    return v.cast<std::string>();
}

std::string choices_text(const param_rule& rule) {
    std::string list;
    for (const std::string& c : choice_names(rule.choices)) list += (list.empty() ? "" : ", ") + c;
    return list;
}
}  // namespace

std::string repr_of(const py::handle& v) { return py::repr(v).cast<std::string>(); }

std::vector<py::object> items_of(const py::handle& v, const std::string& key, std::string_view what) {
    if (py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v) || py::isinstance<py::dict>(v) || !py::hasattr(v, "__iter__")) {
        throw input_error(cat(key, " = ", repr_of(v), " is invalid; must be a list of ", what));
    }
    std::vector<py::object> items;
    for (const py::handle item : v) items.push_back(py::reinterpret_borrow<py::object>(item));
    return items;
}

param_value checked_value(const py::handle& v, param_type type, const param_rule& rule, std::string_view unit, const std::string& key) {
    if (v.is_none() && rule.optional) return std::monostate{};
    param_value value;
    switch (type) {
        case param_type::flag:
            if (!is_bool(v)) invalid(key, v, "", "must be True or False");
            value = v.cast<bool>();
            break;
        case param_type::whole: value = whole_of(v, key); break;
        case param_type::real: value = real_of(v, key, unit); break;
        case param_type::choice: value = text_of(v, key, cat("must be a string: ", choices_text(rule))); break;
        case param_type::text: value = text_of(v, key, "must be a string"); break;
        case param_type::wholes:
        case param_type::reals:
        case param_type::texts: {
            const char* what = type == param_type::wholes ? "whole numbers" : type == param_type::reals ? "numbers" : "strings";
            const std::vector<py::object> items = items_of(v, key, what);
            // Each item is checked as a scalar of the rule, so that the message names it (KEY[i]).
            param_rule scalar = rule;
            scalar.non_empty = false;
            std::vector<std::int64_t> wholes;
            std::vector<double> reals;
            std::vector<std::string> texts;
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string item_key = cat(key, "[", i, "]");
                if (type == param_type::wholes) wholes.push_back(std::get<std::int64_t>(checked_value(items[i], param_type::whole, scalar, unit, item_key)));
                if (type == param_type::reals) reals.push_back(std::get<double>(checked_value(items[i], param_type::real, scalar, unit, item_key)));
                if (type == param_type::texts) texts.push_back(text_of(items[i], item_key, "must be a string"));
            }
            value = type == param_type::wholes ? param_value(wholes) : type == param_type::reals ? param_value(reals) : param_value(texts);
            break;
        }
    }
    const std::string wrong = rule_violation(type, rule, value);
    if (!wrong.empty()) invalid(key, v, unit, wrong);
    return value;
}

}  // namespace hhsim::python
