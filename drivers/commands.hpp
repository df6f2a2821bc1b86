#pragma once
// The hhsim subcommands. Each registers its flags on a CLI11 subcommand and runs when selected.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace hhsim::drivers {

/// Register `run`; returns the function that executes it after parsing.
std::function<int()> add_run_command(CLI::App& app, const std::string& command_line);
/// Register `bench`; returns the function that executes it after parsing.
std::function<int()> add_bench_command(CLI::App& app);
/// Register `study` or `compare` (which); returns the function that executes it after parsing.
std::function<int()> add_study_commands(CLI::App& app, const std::string& command_line, const std::string& which);
/// Register `merge` (assemble a study from job-array shards); returns the function that executes it.
std::function<int()> add_merge_command(CLI::App& app, const std::string& command_line);
/// Register `config`; returns the function that executes it after parsing.
std::function<int()> add_config_command(CLI::App& app);

}  // namespace hhsim::drivers
