#pragma once
// A grid point's results as points/pNNNN.h5 (layout: docs/output.md): written under a temporary
// name and renamed when complete, with the digest of its inputs, the identity of its grid point and
// the checksum of its content, which --resume and `hhsim merge` verify.

#include <cstdint>
#include <filesystem>
#include <string>

#include "study/point.hpp"
#include "study/study_spec.hpp"

namespace hhsim::drivers {

/// Root attribute of a point file that holds the CRC-64 of the rest of its content.
inline constexpr const char* checksum_attribute = "data_crc64";

/// What a point or trial file must match to be used in a study: the study's inputs (the digest of
/// study_inputs) and the grid point it holds, by index and by the CRC-64 of that point's own
/// parameter values (a file copied over another point's file has the right inputs, not these).
struct point_origin {
    std::uint64_t input_digest = 0;
    std::size_t index = 0;
    std::uint64_t values_digest = 0;
    std::string label;  ///< point_label: how messages name the point
};
/// The origin of grid point `index` of `spec`, for a study whose inputs have `input_digest`.
point_origin origin_of(const study_spec& spec, std::uint64_t input_digest, std::size_t index);

/// Write the point as an HDF5 file (under a temporary name, renamed when complete), stamped with
/// `origin` (what its numbers depend on, which point it is) and the checksum of its content.
/// Errors name the file.
void write_point_file(const std::filesystem::path& path, const point_result& p, const point_origin& origin);

enum class point_file_state {
    good,      ///< finished, made from these inputs, checksum verified
    unusable,  ///< unreadable, unfinished, without checksum or failing it: recompute
    foreign,   ///< made from other inputs (another study's file): refuse
    misplaced, ///< another grid point's file (or other trials) under this name: refuse
};
struct point_file_check {
    point_file_state state;
    std::string message;  ///< names the file, what is wrong and what --resume does about it
};
/// What --resume or a merge may do with an existing point file expected to be `origin`'s.
point_file_check check_point_file(const std::filesystem::path& path, const point_origin& origin);

/// The bytes of the point file write_point_file would write (an MPI rank sends them to rank 0).
std::vector<char> point_file_image(const point_result& p, const point_origin& origin);

/// A work unit's recordings (trials [first, first + n) of every mode of one point): what a shard
/// of a job array writes for a point it shares with other shards, and what an MPI rank sends to
/// the point's owner. `modes` names the recordings (shot, diffusion, ...).
struct unit_file {
    work_unit unit;
    std::vector<recording> per_mode;
};
void write_unit_file(const std::filesystem::path& path, const work_unit& unit, const std::vector<std::string>& modes,
                     const std::vector<recording>& per_mode, double dt_ms, const point_origin& origin);
std::vector<char> unit_file_image(const work_unit& unit, const std::vector<std::string>& modes, const std::vector<recording>& per_mode,
                                  double dt_ms, const point_origin& origin);
/// What a shard's --resume or a merge may do with the existing file of `unit` (of `origin`'s point):
/// misplaced if it holds another point or other trials.
point_file_check check_unit_file(const std::filesystem::path& path, const point_origin& origin, const work_unit& unit);
/// Read the file of `unit` back after check_unit_file (input_error with its message unless good).
unit_file read_unit_file(const std::filesystem::path& path, const point_origin& origin, const work_unit& unit);
/// A unit received from another MPI rank, checked like a file (its trials are the sender's).
unit_file read_unit_image(const std::vector<char>& bytes, const point_origin& origin);

/// points/pNNNN.trials-A-B.h5 (trials A to B, both included) of a shard folder.
std::filesystem::path unit_path(const std::filesystem::path& folder, const work_unit& unit);

/// Write bytes (a received file image) to `path` atomically.
void write_file_bytes(const std::filesystem::path& path, const std::vector<char>& bytes);

/// Read back what the study tables need (summaries and comparison; no spikes).
point_result read_point_summary(const std::filesystem::path& path);

}  // namespace hhsim::drivers
