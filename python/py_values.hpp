#pragma once
// Python objects -> values of the parameter registry (core/parameter.hpp). A Python value is
// converted to its parameter's type as drivers/config.cpp converts a TOML value of the same key (a
// bool is no number, 3.0 is the whole number 3, 2.7 is not), then checked against the same rule
// with rule_violation; every failure, a wrong type included, is an input_error (ValueError in
// Python) naming the key, the value and what is allowed. docs/python.md.

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/parameter.hpp"

namespace hhsim::python {

/// repr(v), for messages.
std::string repr_of(const pybind11::handle& v);

/// `v` as a value of `type` that obeys `rule`; `key` (e.g. "dt_ms", "populations[0].rate_hz") and
/// `unit` name it in messages. None is the unset value of an optional parameter.
param_value checked_value(const pybind11::handle& v, param_type type, const param_rule& rule, std::string_view unit, const std::string& key);

/// checked_value with the type, rule and unit of the registry's parameter `p`.
template <typename Target>
param_value checked_value(const pybind11::handle& v, const parameter<Target>& p, const std::string& key) {
    return checked_value(v, p.type, p.rule, p.unit, key);
}

/// The items of a list given as any iterable but a string or a dict (read once: a generator is
/// consumed here); `what` says what the items are ("dicts", "rows (time_ms, jump_mV[, source])").
std::vector<pybind11::object> items_of(const pybind11::handle& v, const std::string& key, std::string_view what);

}  // namespace hhsim::python
