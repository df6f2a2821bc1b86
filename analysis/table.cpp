#include "analysis/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/error.hpp"

namespace hhsim::analysis {

cell text_cell(std::string s) {
    cell c;
    c.what = cell::kind::text;
    c.text = std::move(s);
    return c;
}

cell integer_cell(long long n) {
    cell c;
    c.what = cell::kind::integer;
    c.integer = n;
    return c;
}

cell number_cell(double value) {
    cell c;
    c.what = cell::kind::number;
    c.value = value;
    return c;
}

cell number_cell(double value, double se) {
    cell c = number_cell(value);
    c.se = se;
    return c;
}

cell number_cell(const std::optional<double>& value) { return value ? number_cell(*value) : missing_cell(); }

cell missing_cell() { return cell{}; }

void add_row(table& t, std::vector<cell> row) {
    require(row.size() == t.columns.size(), cat("table: row ", t.rows.size(), " has ", row.size(),
                                                 " cells; it must have one per column (", t.columns.size(), ")"));
    for (std::size_t j = 0; j < row.size(); ++j) {
        const cell& c = row[j];
        if (c.what != cell::kind::number) {
            continue;
        }
        // A NaN would print as "nan" and read as a value; undefined statistics go in as missing_cell().
        if (!std::isfinite(c.value)) {
            throw input_error(cat("table: row ", t.rows.size(), ", column '", t.columns[j].name, "': value = ", c.value,
                                  " is invalid; numbers must be finite (use missing_cell() for an undefined entry)"));
        }
        if (c.se && !(std::isfinite(*c.se) && *c.se >= 0)) {
            throw input_error(cat("table: row ", t.rows.size(), ", column '", t.columns[j].name, "': se = ", *c.se,
                                  " is invalid; a standard error must be finite and >= 0"));
        }
    }
    t.rows.push_back(std::move(row));
}

namespace {

// out += a + b + ...: appending piece by piece also avoids GCC 12's false -Wrestrict warning on
// "literal" + std::string at -O3.
template <typename... Parts>
void append(std::string& out, const Parts&... parts) {
    (out.append(parts), ...);
}

// A number (and its SE) rounded for people: digit strings plus a power of ten factored out of both.
struct rounded {
    std::string value;
    std::string se;         // empty when there is no SE
    int exponent = 0;       // meaningful only when scientific
    bool scientific = false;
};

// Decimal exponent of x once rounded to `digits` significant digits (9.9996 -> 1 at 4 digits).
int decimal_exponent(double x, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
    return std::atoi(std::strchr(buf, 'e') + 1);
}

// x with `decimals` digits after the point; a rounded-away negative value loses its sign ("-0.00").
std::string fixed(double x, int decimals) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", std::max(decimals, 0), x);
    std::string s = buf;
    if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) {
        s.erase(0, 1);
    }
    return s;
}

double pow10(int e) { return std::pow(10.0, e); }

rounded round_plain(double v, int digits) {
    // Rows may also be filled directly, bypassing add_row: never print "nan" (or read past a missing 'e').
    require(std::isfinite(v), cat("table: value = ", v, " is invalid; numbers must be finite"));
    digits = std::clamp(digits, 1, 17);
    if (v == 0.0) {
        return {"0", "", 0, false};
    }
    const int e = decimal_exponent(v, digits);
    if (e >= -4 && e < 6) {
        return {fixed(v, digits - 1 - e), "", 0, false};
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, v);
    std::string s = buf;
    const std::size_t epos = s.find('e');
    return {s.substr(0, epos), "", std::atoi(s.c_str() + epos + 1), true};
}

rounded round_with_se(double v, double se, int se_digits, int plain_digits) {
    require(std::isfinite(v) && std::isfinite(se) && se >= 0,
            cat("table: value = ", v, ", se = ", se, " is invalid; both must be finite and se >= 0"));
    se_digits = std::clamp(se_digits, 1, 17);
    if (se == 0.0) {
        rounded r = round_plain(v, plain_digits);
        r.se.push_back('0');
        return r;
    }
    // q: power of ten of the last digit kept, set by the SE (0.0789 at 2 digits -> 0.079, q = -3).
    const int e_se = decimal_exponent(se, se_digits);
    const int q = e_se - (se_digits - 1);
    const double step = pow10(q);
    const double v_rounded = std::round(v / step) * step;
    const int e_v = v_rounded == 0.0 ? e_se : decimal_exponent(v_rounded, 15);
    const int e = std::max(e_v, e_se);
    if (q >= -6 && e < 6) {
        if (q <= 0) {
            return {fixed(v, -q), fixed(se, -q), 0, false};
        }
        // The SE's last digit is left of the point (123456 ± 789 -> 123460 ± 790).
        return {fixed(v_rounded, 0), fixed(std::round(se / step) * step, 0), 0, false};
    }
    const double scale = pow10(e);
    return {fixed(v / scale, e - q), fixed(se / scale, e - q), e, true};
}

std::string exponent_text(int e) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "e%+03d", e);
    return buf;
}

std::string plain_text(const rounded& r) {
    std::string out;
    if (r.se.empty()) {
        append(out, r.value, r.scientific ? exponent_text(r.exponent) : std::string());
    } else if (r.scientific) {
        append(out, "(", r.value, " \u00b1 ", r.se, ")", exponent_text(r.exponent));
    } else {
        append(out, r.value, " \u00b1 ", r.se);
    }
    return out;
}

std::string latex_math(const rounded& r) {
    std::string power;
    if (r.scientific) {
        append(power, "\\times 10^{", std::to_string(r.exponent), "}");
    }
    std::string out;
    if (r.se.empty()) {
        append(out, "$", r.value, power, "$");
    } else if (r.scientific) {
        append(out, "$(", r.value, " \\pm ", r.se, ")", power, "$");
    } else {
        append(out, "$", r.value, " \\pm ", r.se, "$");
    }
    return out;
}

rounded round_cell(const cell& c, const table& t) {
    return c.se ? round_with_se(c.value, *c.se, t.se_digits, t.significant_digits)
                : round_plain(c.value, t.significant_digits);
}

// Shortest decimal text that reads back as the same double: CSV is for machines.
std::string round_trip(double x) {
    require(std::isfinite(x), cat("table: value = ", x, " is invalid; numbers must be finite"));
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, result.ptr);
}

std::string header_text(const column& c) {
    std::string out = c.name;
    if (!c.unit.empty()) {
        append(out, " (", c.unit, ")");
    }
    return out;
}

bool is_numeric_column(const table& t, std::size_t j) {
    return std::all_of(t.rows.begin(), t.rows.end(),
                       [j](const std::vector<cell>& row) { return row[j].what != cell::kind::text; });
}

bool has_se_column(const table& t, std::size_t j) {
    return std::any_of(t.rows.begin(), t.rows.end(), [j](const std::vector<cell>& row) {
        return row[j].what == cell::kind::number && row[j].se.has_value();
    });
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char ch : s) {
        out += ch;
        if (ch == '"') {
            out += '"';
        }
    }
    out += '"';
    return out;
}

std::string markdown_text(const std::string& s) {
    std::string out;
    for (char ch : s) {
        if (ch == '|') {
            out += "\\|";
        } else if (ch == '\n' || ch == '\r') {
            out += ' ';
        } else {
            out += ch;
        }
    }
    return out;
}

std::string latex_text(const std::string& s) {
    std::string out;
    for (char ch : s) {
        switch (ch) {
            case '\\': out += "\\textbackslash{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '&': case '%': case '$': case '#': case '_': case '{': case '}':
                out += '\\';
                out += ch;
                break;
            default: out += ch;
        }
    }
    return out;
}

}  // namespace

std::string format_number(double value, int significant_digits) {
    return plain_text(round_plain(value, significant_digits));
}

std::string format_with_se(double value, double se, int se_digits) {
    return plain_text(round_with_se(value, se, se_digits, 4));
}

std::string to_csv(const table& t) {
    std::string out;
    // Which columns carry an SE column, found once: asked per cell, it made writing quadratic in
    // the rows (a 10,000-point study spent minutes here, issue 15 item 2).
    std::vector<bool> se_column(t.columns.size());
    for (std::size_t j = 0; j < t.columns.size(); ++j) se_column[j] = has_se_column(t, j);
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
        append(out, j ? "," : "", csv_field(header_text(t.columns[j])));
        if (se_column[j]) {
            const column& c = t.columns[j];
            append(out, ",", csv_field(header_text({c.name + "_se", c.unit})));
        }
    }
    out += '\n';
    for (const auto& row : t.rows) {
        for (std::size_t j = 0; j < row.size(); ++j) {
            const cell& c = row[j];
            std::string field;
            switch (c.what) {
                case cell::kind::text: field = csv_field(c.text); break;
                case cell::kind::integer: field = std::to_string(c.integer); break;
                case cell::kind::number: field = round_trip(c.value); break;
                case cell::kind::missing: field = "NA"; break;
            }
            append(out, j ? "," : "", field);
            if (se_column[j]) {
                append(out, ",", c.what == cell::kind::number && c.se ? round_trip(*c.se) : std::string("NA"));
            }
        }
        out += '\n';
    }
    return out;
}

std::string to_markdown(const table& t) {
    std::string out = "|";
    for (const column& c : t.columns) {
        append(out, " ", markdown_text(header_text(c)), " |");
    }
    out += "\n|";
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
        out += is_numeric_column(t, j) ? "---:|" : ":---|";
    }
    out += '\n';
    for (const auto& row : t.rows) {
        out += "|";
        for (const cell& c : row) {
            std::string s;
            switch (c.what) {
                case cell::kind::text: s = markdown_text(c.text); break;
                case cell::kind::integer: s = std::to_string(c.integer); break;
                case cell::kind::number: s = plain_text(round_cell(c, t)); break;
                case cell::kind::missing: s = "n/a"; break;
            }
            append(out, " ", s, " |");
        }
        out += '\n';
    }
    if (!t.caption.empty()) {
        append(out, "\nTable: ", markdown_text(t.caption), "\n");
    }
    return out;
}

std::string to_latex(const table& t) {
    std::string spec;
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
        spec += is_numeric_column(t, j) ? 'r' : 'l';
    }
    std::string out = "\\begin{table}[htbp]\n  \\centering\n";
    if (!t.caption.empty()) {
        append(out, "  \\caption{", latex_text(t.caption), "}\n");
    }
    append(out, "  \\begin{tabular}{", spec, "}\n    \\toprule\n    ");
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
        append(out, j ? " & " : "", latex_text(header_text(t.columns[j])));
    }
    out += " \\\\\n    \\midrule\n";
    for (const auto& row : t.rows) {
        out += "    ";
        for (std::size_t j = 0; j < row.size(); ++j) {
            const cell& c = row[j];
            std::string s;
            switch (c.what) {
                case cell::kind::text: s = latex_text(c.text); break;
                case cell::kind::integer: append(s, "$", std::to_string(c.integer), "$"); break;
                case cell::kind::number: s = latex_math(round_cell(c, t)); break;
                case cell::kind::missing: s = "--"; break;
            }
            append(out, j ? " & " : "", s);
        }
        out += " \\\\\n";
    }
    out += "    \\bottomrule\n  \\end{tabular}\n\\end{table}\n";
    return out;
}

}  // namespace hhsim::analysis
