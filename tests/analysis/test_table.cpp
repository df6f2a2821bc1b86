// Tests of analysis/table: number formatting known answers, and one table written as CSV, Markdown
// and LaTeX (booktabs).

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "analysis/table.hpp"
#include "support.hpp"

using namespace hhsim::analysis;

TEST_CASE("table: numbers keep a sensible number of significant digits", "[unit]") {
    CHECK(format_number(0.0123456, 4) == "0.01235");
    CHECK(format_number(1.5, 4) == "1.500");
    CHECK(format_number(123456.7, 4) == "123457");  // integer part never cut
    CHECK(format_number(1234567.0, 4) == "1.235e+06");
    CHECK(format_number(-2.5e-7, 4) == "-2.500e-07");
    CHECK(format_number(9.99951, 4) == "10.00");  // rounding carries into the next decade
    CHECK(format_number(0.0, 4) == "0");
    CHECK(format_number(-0.0001, 2) == "-0.00010");
}

TEST_CASE("table: value +- SE is rounded to the SE's two significant digits", "[unit]") {
    CHECK(format_with_se(12.3456, 0.0789, 2) == "12.346 \u00b1 0.079");
    CHECK(format_with_se(123456.0, 789.0, 2) == "123460 \u00b1 790");
    CHECK(format_with_se(1.234e-7, 5.6e-9, 2) == "(1.234 \u00b1 0.056)e-07");
    CHECK(format_with_se(1.0, 0.0996, 2) == "1.00 \u00b1 0.10");  // the SE rounds up to 0.10
    CHECK(format_with_se(-0.0004, 0.02, 2) == "0.000 \u00b1 0.020");  // no "-0.000"
    CHECK(format_with_se(2.5, 0.0, 2) == "2.500 \u00b1 0");
    CHECK(format_with_se(50.6, 2.9011, 1) == "51 \u00b1 3");
    CHECK_INPUT_ERROR(format_with_se(1.0, -0.1, 2), "se = -0.1 is invalid");
}

namespace {

table example() {
    table t;
    t.caption = "rates_1 & CVs";
    t.columns = {{"condition", ""}, {"n", ""}, {"rate", "Hz"}, {"CV", ""}};
    add_row(t, {text_cell("shot noise"), integer_cell(100), number_cell(12.3456, 0.0789), number_cell(std::optional<double>(0.98766))});
    add_row(t, {text_cell("diffusion, \"sigma\""), integer_cell(100), number_cell(11.5, 0.25), number_cell(std::optional<double>())});
    return t;
}

}  // namespace

TEST_CASE("table: CSV has full precision, the SE in its own column and NA for missing", "[unit]") {
    CHECK(to_csv(example()) ==
          "condition,n,rate (Hz),rate_se (Hz),CV\n"
          "shot noise,100,12.3456,0.0789,0.98766\n"
          "\"diffusion, \"\"sigma\"\"\",100,11.5,0.25,NA\n");
    table t;
    t.columns = {{"x", ""}};
    add_row(t, {number_cell(1.0 / 3.0)});
    const std::string csv = to_csv(t);
    CHECK(std::stod(csv.substr(2)) == 1.0 / 3.0);  // shortest text that reads back to the same double
}

TEST_CASE("table: Markdown right-aligns numbers and writes value +- SE", "[unit]") {
    CHECK(to_markdown(example()) ==
          "| condition | n | rate (Hz) | CV |\n"
          "|:---|---:|---:|---:|\n"
          "| shot noise | 100 | 12.346 \u00b1 0.079 | 0.9877 |\n"
          "| diffusion, \"sigma\" | 100 | 11.50 \u00b1 0.25 | n/a |\n"
          "\n"
          "Table: rates_1 & CVs\n");
}

TEST_CASE("table: LaTeX uses booktabs rules, math-mode numbers and escapes text", "[unit]") {
    CHECK(to_latex(example()) ==
          "\\begin{table}[htbp]\n"
          "  \\centering\n"
          "  \\caption{rates\\_1 \\& CVs}\n"
          "  \\begin{tabular}{lrrr}\n"
          "    \\toprule\n"
          "    condition & n & rate (Hz) & CV \\\\\n"
          "    \\midrule\n"
          "    shot noise & $100$ & $12.346 \\pm 0.079$ & $0.9877$ \\\\\n"
          "    diffusion, \"sigma\" & $100$ & $11.50 \\pm 0.25$ & -- \\\\\n"
          "    \\bottomrule\n"
          "  \\end{tabular}\n"
          "\\end{table}\n");
    table t;
    t.columns = {{"p", ""}};
    add_row(t, {number_cell(3.2e-9, 4.0e-10)});
    CHECK(to_latex(t).find("$(3.20 \\pm 0.40)\\times 10^{-9}$") != std::string::npos);
}

TEST_CASE("table: bad rows give an input_error that names the problem", "[unit]") {
    table t;
    t.columns = {{"a", ""}, {"b", ""}};
    CHECK_INPUT_ERROR(add_row(t, {integer_cell(1)}), "table: row 0 has 1 cells; it must have one per column (2)");
    CHECK_INPUT_ERROR(add_row(t, {integer_cell(1), number_cell(std::nan(""))}),
                      "column 'b': value = nan is invalid; numbers must be finite (use missing_cell()");
    CHECK_INPUT_ERROR(add_row(t, {integer_cell(1), number_cell(1.0, -2.0)}), "se = -2 is invalid");
    CHECK(t.rows.empty());
    // Rows filled directly bypass add_row; writing them still refuses a NaN instead of printing it.
    t.rows.push_back({integer_cell(1), number_cell(std::nan(""))});
    CHECK_INPUT_ERROR(to_markdown(t), "table: value = nan is invalid");
    CHECK_INPUT_ERROR(to_csv(t), "table: value = nan is invalid");
    CHECK_INPUT_ERROR(to_latex(t), "table: value = nan is invalid");
    CHECK_INPUT_ERROR(format_number(std::numeric_limits<double>::infinity(), 3), "value = inf is invalid");
}

// Issue 15 item 2: whether a column has an SE column was asked for every cell, scanning every row:
// writing a 10,000-point study's tables took minutes. A table of 300,000 rows is written in well
// under a second now; the quadratic writer would not finish within the test's timeout (hours).
TEST_CASE("table: writing is linear in the rows (a 300,000-row table as CSV, Markdown and LaTeX)", "[unit]") {
    table t;
    t.columns = {{"point", ""}, {"rate", "Hz"}, {"cv", ""}};
    constexpr long long rows = 300000;
    for (long long i = 0; i < rows; ++i) {
        add_row(t, {integer_cell(i), number_cell(10.0 + static_cast<double>(i % 7), 0.5), i % 3 ? number_cell(0.8) : missing_cell()});
    }
    const std::string csv = to_csv(t);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == rows + 1);
    CHECK(csv.substr(csv.size() - 18) == "299999,10,0.5,0.8\n");
    CHECK(csv.find("point,rate (Hz),rate_se (Hz),cv\n") == 0);
    const std::string md = to_markdown(t);
    CHECK(std::count(md.begin(), md.end(), '\n') >= rows + 2);
    const std::string tex = to_latex(t);
    CHECK(tex.find("\\bottomrule") != std::string::npos);
}
