#pragma once
// An output folder that appears only when complete: files go to a hidden staging folder beside the
// target, which is renamed into place by commit(). On failure (exception, early return) the
// staging folder is removed and an existing target is left untouched.

#include <filesystem>
#include <string>

namespace hhsim::drivers {

class staged_folder {
public:
    /// Throws input_error if `target` exists and `overwrite` is false.
    staged_folder(std::filesystem::path target, bool overwrite);
    ~staged_folder();
    staged_folder(const staged_folder&) = delete;
    staged_folder& operator=(const staged_folder&) = delete;

    /// Path of a file inside the staging folder.
    std::filesystem::path file(const std::string& name) const { return staging_ / name; }
    /// Move the finished folder into place (replacing the old one when overwrite was allowed).
    void commit();
    const std::filesystem::path& target() const { return target_; }

private:
    std::filesystem::path target_;
    std::filesystem::path staging_;
    bool overwrite_;
    bool committed_ = false;
};

}  // namespace hhsim::drivers
