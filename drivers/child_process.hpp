#pragma once
// Start a program with an argument vector (posix_spawnp, never a shell: no word splitting, no
// quoting, no injection whatever the arguments hold) and wait for it.

#include <filesystem>
#include <string>
#include <vector>

namespace hhsim::drivers {

/// Run argv[0] (searched on PATH if it has no '/') with argv[1..]; its standard output and error go
/// to `output` (truncated; /dev/null if empty), standard input is /dev/null. Returns the exit
/// status, 128 + N if signal N ended it, or -1 if it could not be started.
int run_program(const std::vector<std::string>& argv, const std::filesystem::path& output = {});

}  // namespace hhsim::drivers
