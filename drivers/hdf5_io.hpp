#pragma once
// Thin RAII layer over the HDF5 C API: files, groups, numeric and string datasets, attributes,
// and copying a group between files. Layout of hhsim's files: docs/output.md.

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hhsim::drivers::h5 {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class handle {
public:
    handle() = default;
    handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;
    handle(handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
    handle& operator=(handle&& other) noexcept;
    ~handle();
    hid_t id() const { return id_; }
    /// Close now; returns HDF5's status (negative on failure, e.g. data that could not be written).
    herr_t close();
    operator hid_t() const { return id_; }

private:
    hid_t id_ = -1;
    herr_t (*closer_)(hid_t) = nullptr;
};

handle create_file(const std::filesystem::path& path);  ///< a new file (what was at the path is removed; links never followed)
/// A file in memory only (HDF5's core driver, no backing store): its bytes are file_image().
handle create_memory_file(const std::string& name);
/// The bytes of an open file (flushed first): what create_file would have written to disk.
std::vector<char> file_image(hid_t file);
/// Open, read-only, a file held in memory as `bytes` (e.g. received from another MPI rank).
handle open_memory_file(const std::vector<char>& bytes, const std::string& name);
/// The names of the links (groups, datasets) directly below `path`, in name order.
std::vector<std::string> children(hid_t loc, const std::string& path);
handle open_file(const std::filesystem::path& path);    ///< read-only
/// Create a group (and missing parents) at `path` relative to `loc`.
handle create_group(hid_t loc, const std::string& path);
handle open_group(hid_t loc, const std::string& path);
bool exists(hid_t loc, const std::string& path);
/// Write everything buffered for `file` to disk; throws if that fails (e.g. the disk is full), so a
/// file is never renamed into place unless its content reached the disk.
void flush(hid_t file);
/// Close `file` now; throws if that fails (what was still buffered could not be written).
void close_file(handle& file);

/// Numeric datasets; `dims` empty means one dimension of size data.size().
void write(hid_t loc, const std::string& name, const std::vector<double>& data, std::vector<hsize_t> dims = {});
void write(hid_t loc, const std::string& name, const std::vector<std::int64_t>& data, std::vector<hsize_t> dims = {});
void write(hid_t loc, const std::string& name, const std::vector<std::int8_t>& data, std::vector<hsize_t> dims = {});
/// Variable-length UTF-8 strings.
void write(hid_t loc, const std::string& name, const std::vector<std::string>& data);

std::vector<double> read_doubles(hid_t loc, const std::string& name, std::vector<hsize_t>* dims = nullptr);
std::vector<std::int64_t> read_int64s(hid_t loc, const std::string& name);
std::vector<std::string> read_strings(hid_t loc, const std::string& name);

void set_attribute(hid_t obj, const std::string& name, const std::string& value);
void set_attribute(hid_t obj, const std::string& name, double value);
void set_attribute(hid_t obj, const std::string& name, std::int64_t value);
void set_attribute(hid_t obj, const std::string& name, std::uint64_t value);
void set_attribute(hid_t obj, const std::string& name, const std::vector<double>& value);
void set_attribute(hid_t obj, const std::string& name, const std::vector<std::int64_t>& value);
void set_attribute(hid_t obj, const std::string& name, const std::vector<std::string>& value);
std::int64_t int64_attribute(hid_t obj, const std::string& name);
double double_attribute(hid_t obj, const std::string& name);
std::string string_attribute(hid_t obj, const std::string& name);
bool has_attribute(hid_t obj, const std::string& name);

std::uint64_t uint64_attribute(hid_t obj, const std::string& name);

/// CRC-64 of everything in `file`: every group, dataset and attribute by name, with its values,
/// except the root attribute `skip_root_attribute` (where the checksum itself is stored).
std::uint64_t content_checksum(hid_t file, const std::string& skip_root_attribute);
/// CRC-64 of a text (for digests of inputs).
std::uint64_t checksum_of(const std::string& text);

/// Deep copy of everything in `src_file` (root attributes included) into a new group `dst_name`
/// (intermediate groups created) under `dst_loc`, value by value.
void copy_file_into(hid_t src_file, hid_t dst_loc, const std::string& dst_name);

}  // namespace hhsim::drivers::h5
