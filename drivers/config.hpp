#pragma once
// TOML configurations <-> study specifications (study/study_spec.hpp): every key comes from the
// parameter tables (core/scenario_parameters.hpp, study/study_parameters.hpp), with its unit in its
// name; unknown keys, wrong types and invalid values are errors naming the key. docs/config.md.

#include <optional>
#include <string>

#include "study/study_spec.hpp"

namespace hhsim::drivers {

/// The longest line a configuration may have (characters): the TOML reader's time grows with the
/// square of a line's length; longer lines are refused before reading (docs/config.md).
inline constexpr std::size_t max_toml_line_chars = 100000;

struct config_options {
    std::size_t max_grid_points = default_max_grid_points;
    /// Check [analysis] against the run (transient, windows, segments): studies do; `hhsim run
    /// --config` runs no analysis and does not.
    bool check_analysis = true;
    /// The scenario whose values stand for keys the file leaves out: `hhsim run --config` gives
    /// `hhsim run`'s (1 trial, 300 ms, the first trial recorded), so that a file and the same
    /// flags run the same; unset: a study's (study_defaults()).
    std::optional<scenario> defaults;
};

/// The scenario of a study file that sets nothing: the classic scenario with 200 trials of 1000 ms
/// and trial 0's trace (`hhsim config --print-defaults` prints it).
scenario study_defaults();

/// Parse a TOML study configuration. `origin` names the file in messages (and its folder is where
/// a relative input.replay_csv is found). The scenario is validated for every grid point.
study_spec parse_study_config(const std::string& toml_text, const std::string& origin, const config_options& options = {});
/// The same with only a grid-size limit (the form most callers need).
study_spec parse_study_config(const std::string& toml_text, const std::string& origin, std::size_t max_grid_points);

/// A complete, commented configuration with every key at its default (`hhsim config --print-defaults`),
/// generated from the parameter tables.
std::string default_config_text();

/// Every parameter as a Markdown table (key, flag, unit, default, rule, help): docs/parameters.md,
/// generated from the tables (`hhsim config --print-parameters`).
std::string parameters_markdown();

/// The default [analysis], shortened to fit a run of `run.t_end_ms`: what a run's parameters.toml
/// holds, so that `hhsim study` of it is a valid one-point study (a run itself analyses nothing).
/// The transient is at most half the run; Fano windows longer than what is left are dropped (that
/// length is the window if none is left); the spectrum segment is at most what is left, a whole
/// number of bins (no spectrum if fewer than two bins fit).
analysis_spec analysis_for_run(const run_params& run);

/// A configuration that reproduces `spec` exactly (every parameter in force, defaults included),
/// with comments giving each key's unit and rule: what every run and study writes as
/// parameters.toml. `replay_csv` is the value written for input.replay_csv ("" without replay).
/// `header` is put first as comment lines.
std::string config_text(const study_spec& spec, const std::string& replay_csv, const std::string& header);

}  // namespace hhsim::drivers
