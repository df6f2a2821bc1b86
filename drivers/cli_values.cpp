#include "drivers/cli_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace hhsim::drivers {

namespace {
std::string range_text(std::int64_t lo, std::int64_t hi) { return cat("[", lo, ", ", hi, "]"); }

// The value as the user wrote it; quoted when blanks or control characters would hide in it.
std::string shown(std::string_view text) {
    for (const char c : text) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\'') return quoted(text);
    }
    return std::string(text);
}
}  // namespace

std::string quoted(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        switch (c) {
            case '\r': out += "\\r"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    out += cat("\\x", "0123456789abcdef"[(c >> 4) & 0xf], "0123456789abcdef"[c & 0xf]);
                } else {
                    out += c;
                }
        }
    }
    return out + "'";
}

std::int64_t parse_whole(std::string_view text, std::string_view name, std::int64_t lo, std::int64_t hi) {
    const std::string allowed = cat("must be a whole number in ", range_text(lo, hi), ", written in digits");
    require(!text.empty(), cat(name, " is empty; ", allowed));
    std::string_view digits = text;
    const bool plus = digits.front() == '+';  // from_chars takes '-' but not '+'
    if (plus) digits.remove_prefix(1);
    std::int64_t value = 0;
    const char* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    const bool well_formed = !digits.empty() && !(plus && digits.front() == '-') && ptr == end;
    require(well_formed && ec != std::errc::invalid_argument, cat(name, " = ", shown(text), " is invalid; ", allowed));
    require(ec == std::errc() && value >= lo && value <= hi, cat(name, " = ", shown(text), " is invalid; ", allowed));
    return value;
}

double parse_real(std::string_view text, std::string_view name) {
    require(!text.empty(), cat(name, " is empty; must be a finite number"));
    std::string_view body = text;
    const bool plus = body.front() == '+';  // from_chars takes '-' but not '+'
    if (plus) body.remove_prefix(1);
    double value = 0.0;
    const char* end = body.data() + body.size();
    const auto [ptr, ec] = std::from_chars(body.data(), end, value);
    const bool signed_twice = plus && !body.empty() && body.front() == '-';
    require(!body.empty() && !signed_twice && ec == std::errc() && ptr == end && std::isfinite(value),
            cat(name, " = ", shown(text), " is invalid; must be a finite number"));
    return value;
}

double parse_byte_size(std::string_view text, std::string_view name) {
    const std::string allowed = "must be a size in bytes > 0, e.g. 800M, 16G, 1.5G or 8Gi (k/M/G/T: powers of 1000; Ki/Mi/Gi/Ti: of 1024)";
    require(!text.empty(), cat(name, " is empty; ", allowed));
    std::size_t number_end = 0;
    while (number_end < text.size() && (std::isdigit(static_cast<unsigned char>(text[number_end])) != 0 || text[number_end] == '.')) {
        ++number_end;
    }
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + number_end, value);
    require(number_end > 0 && ec == std::errc() && ptr == text.data() + number_end, cat(name, " = ", shown(text), " is invalid; ", allowed));
    const std::string_view unit = text.substr(number_end);
    double scale = 0.0;
    if (unit.empty() || unit == "B") scale = 1.0;
    const std::string_view prefixes = "kMGT";
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
        const char p = prefixes[i];
        const double decimal = std::pow(1000.0, static_cast<double>(i + 1));
        const double binary = std::pow(1024.0, static_cast<double>(i + 1));
        if (unit == std::string(1, p) || unit == std::string(1, p) + "B") scale = decimal;
        if (unit == std::string(1, p) + "i" || unit == std::string(1, p) + "iB") scale = binary;
    }
    require(scale > 0 && value > 0 && std::isfinite(value * scale), cat(name, " = ", shown(text), " is invalid; ", allowed));
    return value * scale;
}

CLI::Option* add_wholes(CLI::App& cmd, const std::string& flag, std::vector<std::int64_t>& out, std::int64_t lo, std::int64_t hi,
                        const std::string& help) {
    return cmd.add_option_function<std::vector<std::string>>(
        flag,
        [&out, flag, lo, hi](const std::vector<std::string>& texts) {
            out.clear();
            for (const std::string& t : texts) out.push_back(parse_whole(t, flag, lo, hi));
        },
        help);
}

CLI::Option* add_real(CLI::App& cmd, const std::string& flag, double& out, const std::string& help) {
    return cmd.add_option_function<std::string>(flag, [&out, flag](const std::string& text) { out = parse_real(text, flag); }, help)
        ->default_str(cat(out));
}

CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::string& out, const std::string& help) {
    return cmd
        .add_option_function<std::string>(
            flag,
            [&out, flag](const std::string& text) {
                require(!text.empty(), cat(flag, " is empty; give a value"));
                out = text;
            },
            help)
        ->default_str(out);
}

CLI::Option* add_texts(CLI::App& cmd, const std::string& flag, std::vector<std::string>& out, const std::string& help) {
    return cmd.add_option_function<std::vector<std::string>>(
        flag,
        [&out, flag](const std::vector<std::string>& texts) {
            for (const std::string& t : texts) require(!t.empty(), cat(flag, " is empty; give a value"));
            out = texts;
        },
        help);
}

void check_openmp_environment() {
    const char* value = std::getenv("OMP_NUM_THREADS");
    if (value == nullptr) return;
    const std::string text(value);
    std::size_t start = 0;
    // OpenMP takes a comma-separated list (one count per nesting level); hhsim uses one level.
    while (true) {
        const std::size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
        try {
            parse_whole(item, "OMP_NUM_THREADS", 1, max_threads());
        } catch (const input_error&) {
            throw input_error(cat("OMP_NUM_THREADS = ", quoted(text), " is invalid; must be a whole number in [1, ", max_threads(),
                                  "] (at most 4 x the hardware threads), or unset"));
        }
        if (comma == std::string::npos) return;
        start = comma + 1;
    }
}

}  // namespace hhsim::drivers
