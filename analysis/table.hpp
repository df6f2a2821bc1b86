#pragma once
// One small table type, written as CSV, Markdown or LaTeX (booktabs). Numbers are rounded to a
// sensible number of significant digits, "value ± SE" where a standard error is given: docs/analysis.md, "Tables".

#include <optional>
#include <string>
#include <vector>

namespace hhsim::analysis {

/// One entry of a table.
struct cell {
    enum class kind { text, integer, number, missing };
    kind what = kind::missing;
    std::string text;          ///< kind::text
    long long integer = 0;     ///< kind::integer, written exactly
    double value = 0.0;        ///< kind::number
    std::optional<double> se;  ///< kind::number: standard error of value, same unit (optional)
};

/// A text entry.
cell text_cell(std::string s);
/// An integer written exactly (counts, n).
cell integer_cell(long long n);
/// A number written with the table's significant digits.
cell number_cell(double value);
/// A number with its standard error, written value ± SE with the SE's precision.
cell number_cell(double value, double se);
/// A number if present, else a missing entry: how an undefined statistic (no ISI, ...) reaches a table.
cell number_cell(const std::optional<double>& value);
/// An entry without value; written NA (CSV), n/a (Markdown), -- (LaTeX).
cell missing_cell();

/// A column header; the unit is shown as "name (unit)".
struct column {
    std::string name;
    std::string unit;  ///< empty for dimensionless quantities
};

/// Rows of cells under named columns.
struct table {
    std::string caption;                  ///< optional; Markdown writes it below, LaTeX as \caption
    std::vector<column> columns;
    std::vector<std::vector<cell>> rows;
    int significant_digits = 4;           ///< numbers without SE
    int se_digits = 2;                    ///< digits of an SE; its value is rounded to the same decimal place
};

/// Append a row; throws input_error if its width differs from the columns or a number is not finite.
void add_row(table& t, std::vector<cell> row);

/// CSV (RFC 4180): full round-trip precision, the SE in a column "<name>_se" after its value.
std::string to_csv(const table& t);

/// GitHub/pandoc Markdown: numbers right-aligned, "value ± SE".
std::string to_markdown(const table& t);

/// LaTeX table with booktabs rules (\toprule, \midrule, \bottomrule); numbers in math mode.
std::string to_latex(const table& t);

/// `value` rounded to `significant_digits`: fixed notation for 1e-4 <= |value| < 1e6, else d.ddde+XX.
std::string format_number(double value, int significant_digits);

/// "value ± se" in plain text: se rounded to `se_digits`, value to the same decimal place.
std::string format_with_se(double value, double se, int se_digits);

}  // namespace hhsim::analysis
