#include "drivers/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "core/error.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

namespace {
std::string shown(const fs::path& p) { return cat("'", p.string(), "'"); }

fs::path parent_of(const fs::path& folder) { return folder.has_parent_path() ? folder.parent_path() : fs::path("."); }

fs::path sibling(const fs::path& folder, const std::string& suffix) {
    return parent_of(folder) / cat(".", folder.filename().string(), suffix);
}

// Whether `inner` equals `outer` or lies below it (both absolute and canonical).
bool within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

fs::path resolved(const fs::path& p) { return fs::weakly_canonical(fs::absolute(p)); }

// Leftovers of this folder's earlier hhsim processes: .NAME.hhsim-staging-PID, .NAME.hhsim-old-PID
// and (from hhsim 0.1) .NAME.incomplete-PID. Only called under the folder's lock.
void remove_leftovers(const fs::path& folder) {
    const std::string name = folder.filename().string();
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(parent_of(folder), ec)) {
        const std::string entry = e.path().filename().string();
        for (const std::string& prefix : {"." + name + ".hhsim-staging-", "." + name + ".hhsim-old-", "." + name + ".incomplete-"}) {
            if (entry.size() > prefix.size() && entry.compare(0, prefix.size(), prefix) == 0 &&
                entry.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
                std::error_code ignored;
                fs::remove_all(e.path(), ignored);
            }
        }
    }
}
}  // namespace

fs::path folder_path(const fs::path& folder) {
    fs::path p = folder;
    while (!p.empty() && !p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "out/" -> "out"
    require(!p.empty(), "the output folder is empty; give a folder name");
    return p;
}

void create_parent(const fs::path& folder_in) {
    const fs::path parent = parent_of(folder_path(folder_in));
    std::error_code ec;
    fs::create_directories(parent, ec);
    require_that(!ec && fs::is_directory(parent), "output folder ", shown(folder_in), ": cannot create its parent folder ", shown(parent), ": ",
                 ec ? ec.message() : std::string("a file of that name is in the way"));
}

void write_marker(const fs::path& folder, const std::string& kind) {
    write_text_file(folder / output_marker, cat("hhsim-output\nkind = ", kind, "\nversion = ", HHSIM_VERSION,
                                                "\n# This folder was made by hhsim; `--overwrite` may replace it.\n"));
}

std::string marker_kind(const fs::path& folder) {
    // A marker that is a symbolic link is no marker: it could make any folder look like hhsim's.
    const int fd = ::open((folder / output_marker).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return "";
    std::string text;
    char buffer[512];
    for (ssize_t n = 0; text.size() < 4096 && (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != "hhsim-output") return "";
    while (std::getline(in, line)) {
        if (line.rfind("kind = ", 0) == 0) return line.substr(7);
    }
    return "";
}

void check_writable_location(const fs::path& folder_in) {
    const std::string what = cat("output folder ", shown(folder_in));
    const fs::path target = resolved(folder_path(folder_in));
    require(target != target.root_path(), cat(what, " is the root folder '/'; hhsim never replaces it"));
    const fs::path cwd = resolved(fs::current_path());
    require(target != cwd, cat(what, " is the working directory; hhsim never replaces it: choose a new folder inside it"));
    require(!within(cwd, target), cat(what, " is an ancestor of the working directory (", cwd.string(), "); hhsim never replaces it"));
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        const fs::path h = resolved(home);
        require(target != h, cat(what, " is your home folder ($HOME); hhsim never replaces it"));
        require(!within(h, target), cat(what, " is an ancestor of your home folder ($HOME = ", h.string(), "); hhsim never replaces it"));
    }
}

void check_replaceable(const fs::path& folder_in, const std::vector<fs::path>& inputs) {
    const fs::path folder = folder_path(folder_in);
    const std::string what = cat("output folder ", shown(folder_in));
    require(!fs::is_symlink(folder), cat(what, " is a symbolic link; hhsim does not replace links: name the folder itself"));
    check_writable_location(folder_in);
    const fs::path target = resolved(folder);
    require(fs::is_directory(target), cat(what, " exists and is not a folder; hhsim replaces only folders it made"));
    require(!marker_kind(target).empty(),
            cat(what, " was not made by hhsim (it has no ", output_marker,
                " marker); hhsim replaces only folders it made: remove it yourself if you mean to, or choose another folder"));
    for (const fs::path& input : inputs) {
        if (input.empty()) continue;
        require(!within(resolved(input), target),
                cat(what, " holds the configuration file or input ", shown(input), " that this command reads; hhsim does not replace it"));
    }
}

folder_lock::folder_lock(const fs::path& folder_in) {
    const fs::path folder = folder_path(folder_in);
    lock_path_ = sibling(folder, ".hhsim-lock");
    for (int attempt = 0; attempt < 100; ++attempt) {
        // Never through a symbolic link (the pid written below would land in its target), and only
        // a regular file: a link or anything else at the lock's path is refused, not removed, since
        // hhsim did not make it.
        fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd_ < 0 && errno == ELOOP) {
            throw input_error(cat("the lock file ", shown(lock_path_), " of output folder ", shown(folder_in),
                                  " is a symbolic link; hhsim does not write through links: remove it (it is not hhsim's) and try again"));
        }
        if (fd_ < 0) {
            throw std::runtime_error(cat("cannot create the lock file ", shown(lock_path_), " for output folder ", shown(folder_in), ": ",
                                         std::strerror(errno)));
        }
        if (struct stat st {}; ::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd_);
            fd_ = -1;
            throw input_error(cat("the lock file ", shown(lock_path_), " of output folder ", shown(folder_in),
                                  " is not a regular file; remove it (it is not hhsim's) and try again"));
        }
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            char pid[32] = {};
            const ssize_t n = ::pread(fd_, pid, sizeof pid - 1, 0);
            ::close(fd_);
            fd_ = -1;
            const std::string holder = n > 0 ? cat(" (pid ", std::string(pid, static_cast<std::size_t>(n)), ")") : std::string();
            throw input_error(cat("output folder ", shown(folder_in), " is in use by another hhsim process", holder,
                                  "; wait for it to finish or choose another folder"));
        }
        // The holder before us may have removed the file after we opened it: lock the file that is
        // at the path now, or try again.
        struct stat held {}, at_path {};
        if (::fstat(fd_, &held) == 0 && ::stat(lock_path_.c_str(), &at_path) == 0 && held.st_ino == at_path.st_ino && held.st_dev == at_path.st_dev) {
            const std::string pid = std::to_string(::getpid());
            if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
                // The pid is only for the message of a second process; the lock itself holds.
            }
            remove_leftovers(folder);
            return;
        }
        ::close(fd_);
        fd_ = -1;
    }
    throw std::runtime_error(cat("cannot lock output folder ", shown(folder_in), ": its lock file keeps changing"));
}

folder_lock::~folder_lock() {
    if (fd_ >= 0) {
        ::unlink(lock_path_.c_str());  // while still holding the lock: see the constructor's check
        ::close(fd_);
    }
}

fs::path staging_path(const fs::path& folder) { return sibling(folder_path(folder), cat(".hhsim-staging-", ::getpid())); }

void swap_into_place(const fs::path& staging, const fs::path& folder_in) {
    const fs::path folder = folder_path(folder_in);
    if (!fs::exists(fs::symlink_status(folder))) {
        fs::rename(staging, folder);
        return;
    }
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) == 0) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);  // now the old content
        return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        throw std::runtime_error(cat("cannot move the finished output into ", shown(folder), ": ", std::strerror(errno)));
    }
    // No atomic exchange on this file system: two renames, the old folder kept until the new one is in place.
    const fs::path old = sibling(folder, cat(".hhsim-old-", ::getpid()));
    fs::rename(folder, old);
    fs::rename(staging, folder);
    std::error_code ignored;
    fs::remove_all(old, ignored);
}

}  // namespace hhsim::drivers
