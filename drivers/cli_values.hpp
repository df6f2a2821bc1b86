#pragma once
// Strict values for command-line flags and environment variables. Every text is parsed exactly as
// written: no empty strings, no wrap-around (-1 as an unsigned), no silent clamping, no exponent or
// fraction in a whole number, no trailing garbage. A bad value is an input_error that names the
// flag, the value and what is allowed (README.md, "Promises").

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace hhsim::drivers {

/// A whole number written in decimal digits (optional sign) within [lo, hi].
std::int64_t parse_whole(std::string_view text, std::string_view name, std::int64_t lo, std::int64_t hi);
/// A finite real number (decimal or exponent notation).
double parse_real(std::string_view text, std::string_view name);
/// A size in bytes: digits with an optional decimal unit suffix k, M, G, T (powers of 1000) or
/// Ki, Mi, Gi, Ti (powers of 1024), e.g. "512M", "1.5G", "8Gi". Must be > 0.
double parse_byte_size(std::string_view text, std::string_view name);
/// `text` in single quotes with control characters (\r, \n, \t, ...) made visible, for messages.
std::string quoted(std::string_view text);

/// Register `flag` on `cmd`, parsed with parse_whole into `out` (any integral type) within [lo, hi].
template <typename Int>
CLI::Option* add_whole(CLI::App& cmd, const std::string& flag, Int& out, std::int64_t lo, std::int64_t hi, const std::string& help) {
    return cmd
        .add_option_function<std::string>(
            flag, [&out, flag, lo, hi](const std::string& text) { out = static_cast<Int>(parse_whole(text, flag, lo, hi)); }, help)
        ->default_str(std::to_string(out));
}

/// Register a list of whole numbers within [lo, hi].
CLI::Option* add_wholes(CLI::App& cmd, const std::string& flag, std::vector<std::int64_t>& out, std::int64_t lo, std::int64_t hi,
                        const std::string& help);
/// Register a finite real number.
CLI::Option* add_real(CLI::App& cmd, const std::string& flag, double& out, const std::string& help);
/// Register a non-empty text.
CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::string& out, const std::string& help);
/// Register a list of non-empty texts (the flag may be repeated).
CLI::Option* add_texts(CLI::App& cmd, const std::string& flag, std::vector<std::string>& out, const std::string& help);

/// Throws input_error unless OMP_NUM_THREADS is unset or a list of whole numbers in
/// [1, max_threads()] (OpenMP reads it; far too large a value crashes the OpenMP runtime).
void check_openmp_environment();

}  // namespace hhsim::drivers
