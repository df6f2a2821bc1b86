#pragma once
// The study folder's aggregate outputs: tables (CSV, Markdown, LaTeX), study.h5, STATUS and
// report.md, built from the finished grid points. Layout: docs/output.md.

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analysis/table.hpp"
#include "study/point.hpp"
#include "study/study_spec.hpp"

namespace hhsim::drivers {

/// What the aggregate writers need to know about a study beyond its points.
struct study_context {
    const study_spec& spec;
    std::string kind;               ///< "study" or "compare"
    std::string command_line;
    std::filesystem::path folder;
    std::size_t n_points = 0;
};

/// Per grid point and mode: every statistic with SE and CI (long format).
analysis::table summary_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points);
/// Per grid point: shot, diffusion, difference with CI, and the KS test (compare studies).
analysis::table comparison_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points);
/// One row per grid point: the swept values, then the output rate and the ISI CV of each input mode
/// with their SEs (tables/compact.*: a table that fits a page).
analysis::table compact_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points);
/// The report's table: rate, CV, CV2, LV, rho1 per point and mode.
analysis::table headline_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points);

/// The paper table (tables/paper.tex): one row per grid point and input mode (replicates pooled),
/// one column per statistic of output.paper_statistics, value and SE aligned by siunitx.
std::string paper_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points);

/// Write tables/NAME.csv, .md and .tex (each under a temporary name, then renamed).
void write_table_files(const std::filesystem::path& folder, const std::string& name, const analysis::table& t);

/// Assemble study.h5 from the point files of the finished points.
/// `stop` (optional): polled between the point files it copies; once set, the temporary is removed
/// and run_interrupted thrown (a signal while a large study writes its outputs).
void write_study_file(const study_context& ctx, const std::vector<std::optional<point_result>>& points,
                      const std::atomic<bool>* stop = nullptr);

/// STATUS: "complete" when every point is finished and no note is given (the last thing a study
/// writes), else "incomplete: F of T grid points finished (NOTE)".
void write_status(const std::filesystem::path& folder, std::size_t finished, std::size_t total, const std::string& note = "");
/// STATUS: "failed: WHAT" and how many points are finished and kept.
void write_failed_status(const std::filesystem::path& folder, std::size_t finished, std::size_t total, const std::string& what);

/// report.md: what was run, the headline table, links to tables and figures.
void write_report(const study_context& ctx, const std::vector<std::optional<point_result>>& points, bool complete,
                  const std::string& figures_note);

/// Path of grid point `index`'s file inside the study folder.
std::filesystem::path point_path(const std::filesystem::path& folder, std::size_t index);

}  // namespace hhsim::drivers
