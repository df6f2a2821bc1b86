#include "drivers/staged_folder.hpp"

#include <unistd.h>

#include "core/error.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

staged_folder::staged_folder(fs::path target, bool overwrite) : target_(std::move(target).lexically_normal()), overwrite_(overwrite) {
    require(!target_.empty(), "--out is empty; give a folder name");
    if (!target_.has_filename()) target_ = target_.parent_path();  // "out/" names the folder "out"
    require(!target_.empty() && target_.filename() != "." && target_.filename() != "..",
            cat("--out = '", target_.string(), "' is invalid; name a folder to create"));
    require(overwrite_ || !fs::exists(target_),
            cat("--out = '", target_.string(), "' already exists; choose another folder or pass --overwrite"));
    const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
    fs::create_directories(parent);
    staging_ = parent / cat(".", target_.filename().string(), ".incomplete-", ::getpid());
    fs::remove_all(staging_);
    fs::create_directory(staging_);
}

staged_folder::~staged_folder() {
    if (!committed_) {
        std::error_code ignored;
        fs::remove_all(staging_, ignored);
    }
}

void staged_folder::commit() {
    if (fs::exists(target_)) {
        // Keep the old folder until the new one is in place.
        const fs::path old = target_.string() + cat(".old-", ::getpid());
        fs::rename(target_, old);
        fs::rename(staging_, target_);
        fs::remove_all(old);
    } else {
        fs::rename(staging_, target_);
    }
    committed_ = true;
}

}  // namespace hhsim::drivers
