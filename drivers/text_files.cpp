#include "drivers/text_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

std::string io_failure(const fs::path& path, const std::string& action) {
    const int e = errno;
    return cat(action, " '", path.string(), "' failed: ", e != 0 ? std::strerror(e) : "unknown reason");
}

void write_text_file(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".incomplete";
    errno = 0;
    std::FILE* f = std::fopen(temporary.c_str(), "wb");
    if (f == nullptr) throw std::runtime_error(io_failure(temporary, "creating"));
    std::string failure;
    if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0) failure = io_failure(path, "writing");
    if (std::fclose(f) != 0 && failure.empty()) failure = io_failure(path, "writing");
    if (!failure.empty()) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw std::runtime_error(failure);
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw std::runtime_error(cat("moving '", temporary.string(), "' to '", path.string(), "' failed: ", ec.message()));
    }
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
