#pragma once
// The rules for output folders (README.md, "Promises"): hhsim replaces only a folder it made (it
// holds the marker file .hhsim-output), never '/', $HOME, the working directory or an ancestor of
// either, never a symbolic link, never a folder that holds an input of the command; and one hhsim
// process at a time writes a given folder (an advisory lock beside it).

#include <filesystem>
#include <string>
#include <vector>

namespace hhsim::drivers {

/// Name of the marker file hhsim writes into every output folder it makes.
inline constexpr const char* output_marker = ".hhsim-output";

/// `folder` as given, without a trailing slash ("out/" names the folder "out"); input_error if it
/// names no folder (empty).
std::filesystem::path folder_path(const std::filesystem::path& folder);

/// Create the folder that will hold `folder` (its parent) if missing; input_error naming the output
/// folder and the system's reason if that is impossible (a file in the way, no permission).
void create_parent(const std::filesystem::path& folder);

/// Write the marker (kind: run, study or compare; hhsim version) into `folder`.
void write_marker(const std::filesystem::path& folder, const std::string& kind);
/// The kind recorded in the marker of `folder`, or "" if it has none.
std::string marker_kind(const std::filesystem::path& folder);

/// Throws input_error, saying why, if `folder` is a place hhsim never writes a folder to: '/', the
/// working directory, $HOME or an ancestor of either.
void check_writable_location(const std::filesystem::path& folder);

/// Throws input_error, saying why, unless the existing `folder` may be replaced (see the header
/// comment). `inputs` are files the command reads (configuration, replay list).
void check_replaceable(const std::filesystem::path& folder, const std::vector<std::filesystem::path>& inputs);

/// An exclusive advisory lock for writing `folder`, held while the object lives: a lock file
/// .NAME.hhsim-lock beside the folder (removed on release). Throws input_error naming the process
/// that holds it. Under the lock, leftovers of earlier hhsim processes for this folder (staging
/// and old copies that a SIGKILL left behind) are removed.
class folder_lock {
public:
    explicit folder_lock(const std::filesystem::path& folder);
    ~folder_lock();
    folder_lock(const folder_lock&) = delete;
    folder_lock& operator=(const folder_lock&) = delete;

private:
    std::filesystem::path lock_path_;
    int fd_ = -1;
};

/// Hidden sibling paths of `folder` used while replacing it: staging (the new content) and old.
std::filesystem::path staging_path(const std::filesystem::path& folder);

/// Put the finished `staging` folder in place of `folder` atomically (an exchange of the two
/// names where the file system supports it), then remove the old content. Without an old folder,
/// a rename.
void swap_into_place(const std::filesystem::path& staging, const std::filesystem::path& folder);

}  // namespace hhsim::drivers
