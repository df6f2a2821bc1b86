#include "drivers/staged_folder.hpp"

#include "core/error.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

namespace {
// Checks that need no lock, done before the lock file is made (and the parent created).
fs::path checked_target(const fs::path& target, bool overwrite, const std::vector<fs::path>& inputs) {
    const fs::path folder = folder_path(target);
    if (fs::exists(fs::symlink_status(folder))) {
        // Places hhsim never replaces ('/', $HOME, the working directory, their ancestors) are
        // refused as such, without suggesting --overwrite, which would not help.
        check_writable_location(folder);
        require(overwrite, cat("output folder '", target.string(), "' already exists; choose another folder or pass --overwrite"));
        check_replaceable(folder, inputs);
    }
    create_parent(folder);
    return folder;
}
}  // namespace

staged_folder::staged_folder(const fs::path& target, bool overwrite, const std::string& kind, const std::vector<fs::path>& inputs)
    : target_(checked_target(target, overwrite, inputs)), lock_(target_), staging_(staging_path(target_)) {
    fs::create_directory(staging_);
    try {
        write_marker(staging_, kind);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(staging_, ignored);
        throw;
    }
}

staged_folder::~staged_folder() {
    if (!committed_) {
        std::error_code ignored;
        fs::remove_all(staging_, ignored);
    }
}

void staged_folder::commit() {
    swap_into_place(staging_, target_);
    committed_ = true;
}

}  // namespace hhsim::drivers
