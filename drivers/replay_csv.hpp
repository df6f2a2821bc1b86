#pragma once
// Replay files: a user's list of input events, applied identically in every trial. The format
// (docs/output.md, "Replay files"):
//  - UTF-8 text, LF or CRLF line ends, an optional byte-order mark;
//  - blank lines and lines whose first non-blank character is '#' are ignored, anywhere;
//  - an optional header, the first other line, exactly `time_ms,jump_mV` or `time_ms,jump_mV,source`;
//  - then one event per line: time_ms,jump_mV[,source], every line with the same number of
//    columns (blanks around a value are allowed); time_ms finite and > 0 (ms), jump_mV finite (mV),
//    source a whole number >= 0 written in digits (the recorded source index; -1 when absent);
//  - at least one event. Events need not be sorted: they are applied in time order (ties in file
//    order). Events after t_end_ms are kept in the list but never reach the cell.
// Every violation is an input_error naming the file and the line.

#include <filesystem>
#include <string>
#include <vector>

#include "core/input.hpp"
#include "core/scenario.hpp"

namespace hhsim::drivers {

/// Read `path`; `what` names the setting in messages (e.g. "--replay", "input.replay_csv").
std::vector<input_event> read_replay_csv(const std::filesystem::path& path, const std::string& what);

/// The events as a replay file (header time_ms,jump_mV,source; doubles to full precision).
std::string replay_csv_text(const std::vector<input_event>& events);

/// How many of `events` a run with these settings does not apply: those after its last step's end
/// and the grid snap above it (core/chunk_input.hpp, last_applied_event_ms).
std::size_t events_after(const std::vector<input_event>& events, const run_params& run);

}  // namespace hhsim::drivers
