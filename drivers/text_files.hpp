#pragma once
// Small files written whole (atomically: a temporary beside the target, then a rename) and read
// whole, with errors that name the file and the system's reason; and the check that standard
// output really received what was printed.

#include <filesystem>
#include <string>

namespace hhsim::drivers {

/// Write `text` to `path` through `path`.incomplete and a rename. On failure the temporary is
/// removed and std::runtime_error names the file and the reason (e.g. "No space left on device").
void write_text_file(const std::filesystem::path& path, const std::string& text);

/// Copy `from` to `to` through `to`.incomplete and a rename, so that `to` is whole or absent. On
/// failure the temporary is removed and std::runtime_error names the file and the system's reason.
void copy_file_atomically(const std::filesystem::path& from, const std::filesystem::path& to);

/// The whole content of `path`; input_error naming `what` (e.g. "--config") if it cannot be read
/// or is a folder.
std::string read_text_file(const std::filesystem::path& path, const std::string& what);

/// "writing 'PATH' failed: REASON" from errno, for I/O errors.
std::string io_failure(const std::filesystem::path& path, const std::string& action);

/// Flush standard output; std::runtime_error if anything printed was lost (a full disk, a closed pipe).
void flush_standard_output();

}  // namespace hhsim::drivers
