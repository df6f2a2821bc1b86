#pragma once
// A grid point's results as points/pNNNN.h5 (layout: docs/output.md): written under a temporary
// name and renamed when complete, with the digest of its inputs and the checksum of its content,
// which --resume verifies.

#include <cstdint>
#include <filesystem>
#include <string>

#include "study/point.hpp"

namespace hhsim::drivers {

/// Root attribute of a point file that holds the CRC-64 of the rest of its content.
inline constexpr const char* checksum_attribute = "data_crc64";

/// Write the point as an HDF5 file (under a temporary name, renamed when complete), with
/// `input_digest` (what its numbers depend on) and the checksum of its content. Errors name the file.
void write_point_file(const std::filesystem::path& path, const point_result& p, std::uint64_t input_digest);

enum class point_file_state {
    good,      ///< finished, made from these inputs, checksum verified
    unusable,  ///< unreadable, unfinished, without checksum or failing it: recompute
    foreign,   ///< made from other inputs (another study's file): refuse
};
struct point_file_check {
    point_file_state state;
    std::string message;  ///< names the file, what is wrong and what --resume does about it
};
/// What --resume may do with an existing point file of a study whose inputs have `input_digest`.
point_file_check check_point_file(const std::filesystem::path& path, std::uint64_t input_digest);

/// The bytes of the point file write_point_file would write (an MPI rank sends them to rank 0).
std::vector<char> point_file_image(const point_result& p, std::uint64_t input_digest);

/// A work unit's recordings (trials [first, first + n) of every mode of one point): what a shard
/// of a job array writes for a point it shares with other shards, and what an MPI rank sends to
/// the point's owner. `modes` names the recordings (shot, diffusion, ...).
struct unit_file {
    work_unit unit;
    std::vector<recording> per_mode;
};
void write_unit_file(const std::filesystem::path& path, const work_unit& unit, const std::vector<std::string>& modes,
                     const std::vector<recording>& per_mode, double dt_ms, std::uint64_t input_digest);
std::vector<char> unit_file_image(const work_unit& unit, const std::vector<std::string>& modes, const std::vector<recording>& per_mode,
                                  double dt_ms, std::uint64_t input_digest);
/// Read a unit back, checking its checksum and that it was made from `input_digest`'s inputs
/// (input_error naming the file otherwise).
unit_file read_unit_file(const std::filesystem::path& path, std::uint64_t input_digest);
unit_file read_unit_image(const std::vector<char>& bytes, std::uint64_t input_digest);

/// points/pNNNN.trials-A-B.h5 (trials A to B, both included) of a shard folder.
std::filesystem::path unit_path(const std::filesystem::path& folder, const work_unit& unit);

/// Write bytes (a received file image) to `path` atomically.
void write_file_bytes(const std::filesystem::path& path, const std::vector<char>& bytes);

/// Read back what the study tables need (summaries and comparison; no spikes).
point_result read_point_summary(const std::filesystem::path& path);

}  // namespace hhsim::drivers
