#pragma once
// An output folder that appears only when complete: files go to a hidden staging folder beside the
// target (with the hhsim marker), which commit() puts in place atomically. On failure (exception,
// signal, early return) the staging folder is removed and an existing target is left untouched.
// The folder rules of output_folder.hpp apply; the folder is locked while the object lives.

#include <filesystem>
#include <string>
#include <vector>

#include "drivers/output_folder.hpp"

namespace hhsim::drivers {

class staged_folder {
public:
    /// Throws input_error if `target` exists and `overwrite` is false, or if it may not be
    /// replaced (check_replaceable, with the command's `inputs`), or if it is in use.
    staged_folder(const std::filesystem::path& target, bool overwrite, const std::string& kind,
                  const std::vector<std::filesystem::path>& inputs = {});
    ~staged_folder();
    staged_folder(const staged_folder&) = delete;
    staged_folder& operator=(const staged_folder&) = delete;

    /// The staging folder (what is written now) and a file inside it.
    const std::filesystem::path& path() const { return staging_; }
    std::filesystem::path file(const std::string& name) const { return staging_ / name; }
    /// Put the finished folder in place (replacing the old one when overwrite was allowed).
    void commit();
    const std::filesystem::path& target() const { return target_; }

private:
    std::filesystem::path target_;
    folder_lock lock_;
    std::filesystem::path staging_;
    bool committed_ = false;
};

}  // namespace hhsim::drivers
