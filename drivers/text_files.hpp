#pragma once
// Small files written whole (atomically: a temporary beside the target, then a rename) and read
// whole, with errors that name the file and the system's reason; and the check that standard
// output really received what was printed.

#include <ext/stdio_filebuf.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace hhsim::drivers {

/// Create `path` as a new regular file for writing and return its descriptor. Whatever is at the
/// path first (a leftover of a killed process, a symbolic link planted there) is unlinked, never
/// followed; the file is then made with O_CREAT | O_EXCL | O_NOFOLLOW, so a link planted in between
/// makes the call fail instead of writing through it. std::runtime_error names the file and reason.
int create_new_file(const std::filesystem::path& path);

/// A new file (create_new_file) as a buffered std::ostream; close() reports a failed write
/// (a full disk) as std::runtime_error naming the file. Destroying it unclosed closes it silently.
class new_file {
public:
    explicit new_file(const std::filesystem::path& path);
    std::ostream& stream() { return out_; }
    void close();

private:
    std::filesystem::path path_;
    std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> buffer_;
    std::ostream out_;
};

/// Write `text` to `path` through `path`.incomplete (a new file: create_new_file) and a rename. On failure the temporary is
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
