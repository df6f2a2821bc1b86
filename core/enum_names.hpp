#pragma once
// One name table per enum: the names of its values, written once, from which parsing, printing,
// the registry's choices (core/scenario_parameters.cpp) and the messages listing what is allowed
// all derive.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace hhsim {

template <typename Enum>
struct enum_name {
    Enum value;
    std::string_view name;
};

/// The name of `value` in `table` ("unknown" if it is missing, which a complete table never is).
template <typename Enum, std::size_t N>
std::string name_of(const std::array<enum_name<Enum>, N>& table, Enum value) {
    for (const enum_name<Enum>& e : table) {
        if (e.value == value) return std::string(e.name);
    }
    return "unknown";
}

/// The names of `table` joined by `separator` (", " for messages, "|" for the registry's choices).
template <typename Enum, std::size_t N>
std::string names_of(const std::array<enum_name<Enum>, N>& table, std::string_view separator) {
    std::string out;
    for (const enum_name<Enum>& e : table) {
        if (!out.empty()) out += separator;
        out += e.name;
    }
    return out;
}

/// The value named `name`; input_error "KEY = 'NAME' is unknown; allowed: ..." otherwise.
template <typename Enum, std::size_t N>
Enum value_of(const std::array<enum_name<Enum>, N>& table, const std::string& name, std::string_view key) {
    for (const enum_name<Enum>& e : table) {
        if (e.name == name) return e.value;
    }
    throw input_error(cat(key, " = '", name, "' is unknown; allowed: ", names_of(table, ", ")));
}

}  // namespace hhsim
