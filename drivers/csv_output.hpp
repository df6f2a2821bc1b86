#pragma once
// CSV files of a run: spike times, traces, input events, and a parameter record.

#include <filesystem>
#include <string>

#include "core/recording.hpp"
#include "core/scenario.hpp"

namespace hhsim::drivers {

void write_spikes_csv(const std::filesystem::path& path, const recording& rec, std::uint64_t first_trial);
void write_traces_csv(const std::filesystem::path& path, const recording& rec);
void write_events_csv(const std::filesystem::path& path, const recording& rec);
/// Per-step input increments of the recorded trials: trial, step k, t_ms (the step's end t_k+1), increment_mV.
void write_noise_csv(const std::filesystem::path& path, const recording& rec, double dt_ms);
/// parameters.toml in `folder`: every parameter in force, as a configuration that `hhsim run
/// --config` repeats the run from (with the replay events beside it as replay_events.csv).
void write_run_parameters(const std::filesystem::path& folder, const scenario& sc, const std::string& command_line, bool reference);

}  // namespace hhsim::drivers
