#pragma once
// Studies as job arrays: `hhsim study|compare CONFIG --shard I/N` computes shard I of N of the work
// (the static division of work_units) into FOLDER.shard-I-of-N; `hhsim merge` assembles the study
// folder from all N, identical to the study one process computes. docs/cluster.md.

#include <filesystem>
#include <string>
#include <vector>

#include "drivers/study_run.hpp"

namespace hhsim::drivers {

/// The folder of shard `shard` of `shards` of the study whose folder is `folder`: FOLDER.shard-I-of-N beside it.
std::filesystem::path shard_folder(const std::filesystem::path& folder, int shard, int shards);

/// `hhsim study|compare CONFIG --shard I/N` (o.shard, o.shards). Returns the exit status.
int run_shard(const study_options& o, const std::string& kind);

/// `hhsim merge SHARD_FOLDER...`. Returns the exit status.
int run_merge(const study_options& o, const std::vector<std::string>& folders);

}  // namespace hhsim::drivers
