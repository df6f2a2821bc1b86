#include "drivers/text_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

std::string io_failure(const fs::path& path, const std::string& action) {
    const int e = errno;
    return cat(action, " '", path.string(), "' failed: ", e != 0 ? std::strerror(e) : "unknown reason");
}

int create_new_file(const fs::path& path) {
    // unlink removes a symbolic link itself, never its target; a folder in the way stays and
    // makes the open below fail with EEXIST.
    const bool removed = ::unlink(path.c_str()) == 0 || errno == ENOENT;
    if (!removed && errno != EISDIR && errno != EPERM) throw std::runtime_error(io_failure(path, "removing the leftover"));
    errno = 0;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) {
            throw std::runtime_error(cat("creating '", path.string(), "' failed: ",
                                         removed ? "something appeared at that path while it was being made (a link planted by another process?)"
                                                 : "a folder (or a file hhsim may not remove) is at that path",
                                         "; hhsim does not write through it"));
        }
        throw std::runtime_error(io_failure(path, "creating"));
    }
    return fd;
}

namespace {
// The buffer owns the descriptor from its construction on; if making it fails, the descriptor is closed.
std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> buffer_of(int fd) {
    try {
        return std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::out | std::ios::binary, 1 << 16);
    } catch (...) {
        ::close(fd);
        throw;
    }
}
}  // namespace

new_file::new_file(const fs::path& path) : path_(path), buffer_(buffer_of(create_new_file(path))), out_(buffer_.get()) {
    out_.precision(17);  // round-trips doubles
}

void new_file::close() {
    errno = 0;
    out_.flush();
    const bool written = out_.good();
    const int e = errno;
    const bool closed = buffer_->close() != nullptr;
    if (!written || !closed) {
        errno = e != 0 ? e : errno;
        throw std::runtime_error(io_failure(path_, "writing"));
    }
}

namespace {
fs::path temporary_of(const fs::path& path) { return path.string() + ".incomplete"; }

// The temporary of `path` as a new file (create_new_file), opened for stdio.
std::FILE* open_temporary(const fs::path& temporary) {
    const int fd = create_new_file(temporary);
    std::FILE* f = ::fdopen(fd, "wb");
    if (f == nullptr) {
        const std::string failure = io_failure(temporary, "creating");
        ::close(fd);
        throw std::runtime_error(failure);
    }
    return f;
}

// The end of an atomic write: the temporary renamed to `path`, or removed when `failure` (the
// reason writing it failed) is set or the rename fails; std::runtime_error then.
void put_in_place(const fs::path& temporary, const fs::path& path, const std::string& failure) {
    std::error_code ec;
    if (!failure.empty()) {
        fs::remove(temporary, ec);
        throw std::runtime_error(failure);
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw std::runtime_error(cat("moving '", temporary.string(), "' to '", path.string(), "' failed: ", ec.message()));
    }
}

// Flush and close `f` (the temporary of `path`); the reason if either failed and none is known yet.
std::string close_written(std::FILE* f, const fs::path& path, std::string failure) {
    if (std::fflush(f) != 0 && failure.empty()) failure = io_failure(path, "writing");
    if (std::fclose(f) != 0 && failure.empty()) failure = io_failure(path, "writing");
    return failure;
}
}  // namespace

void write_text_file(const fs::path& path, const std::string& text) {
    const fs::path temporary = temporary_of(path);
    std::FILE* f = open_temporary(temporary);
    std::string failure;
    if (std::fwrite(text.data(), 1, text.size(), f) != text.size()) failure = io_failure(path, "writing");
    put_in_place(temporary, path, close_written(f, path, failure));
}

void copy_file_atomically(const fs::path& from, const fs::path& to) {
    errno = 0;
    std::FILE* in = std::fopen(from.c_str(), "rb");
    if (in == nullptr) throw std::runtime_error(io_failure(from, "reading"));
    const fs::path temporary = temporary_of(to);
    std::FILE* out = nullptr;
    try {
        out = open_temporary(temporary);
    } catch (...) {
        std::fclose(in);
        throw;
    }
    std::string failure;
    std::vector<char> buffer(std::size_t{1} << 20);
    for (std::size_t n = 0; failure.empty() && (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0;) {
        if (std::fwrite(buffer.data(), 1, n, out) != n) failure = io_failure(to, "writing");
    }
    if (failure.empty() && std::ferror(in) != 0) failure = io_failure(from, "reading");
    std::fclose(in);
    put_in_place(temporary, to, close_written(out, to, failure));
}

std::string read_text_file(const fs::path& path, const std::string& what) {
    std::error_code ec;
    require(!fs::is_directory(path, ec), cat(what, " = '", path.string(), "' is a folder; give a file"));
    std::ifstream in(path, std::ios::binary);
    require(in.good(), cat(what, " = '", path.string(), "': cannot read the file (", std::strerror(errno), ")"));
    std::ostringstream text;
    text << in.rdbuf();
    require(!in.bad(), cat(what, " = '", path.string(), "': reading failed"));
    return text.str();
}

void flush_standard_output() {
    errno = 0;
    std::cout.flush();
    const bool ok = std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout);
    if (!ok) throw std::runtime_error(cat("writing to standard output failed: ", errno != 0 ? std::strerror(errno) : "unknown reason"));
}

}  // namespace hhsim::drivers
