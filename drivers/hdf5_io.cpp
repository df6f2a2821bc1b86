#include "drivers/hdf5_io.hpp"

#include <boost/crc.hpp>

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"

namespace hhsim::drivers::h5 {

namespace {
// Library errors become exceptions naming what failed and why; HDF5's own stack printing is off.
// HDF5 must not close files at exit: a file whose close failed (a full disk) stays in its tables,
// and closing it again from the exit handler crashes HDF5 1.10. Every file is closed explicitly.
struct library_settings {
    library_settings() {
        H5dont_atexit();
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
};
const library_settings settings_once;

herr_t collect_description(unsigned /*n*/, const H5E_error2_t* error, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(error->desc != nullptr ? error->desc : "");
    return 0;
}

// The reason HDF5 recorded for the failure just seen: the system's message when there is one
// ("..., errno = 28, error message = 'No space left on device', ..."), else the innermost description.
std::string failure_reason() {
    std::vector<std::string> descriptions;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_description, &descriptions);
    H5Eclear2(H5E_DEFAULT);
    for (const std::string& d : descriptions) {
        const std::string key = "error message = '";
        const std::size_t at = d.find(key);
        if (at != std::string::npos) return d.substr(at + key.size(), d.find('\'', at + key.size()) - at - key.size());
    }
    for (auto it = descriptions.rbegin(); it != descriptions.rend(); ++it) {
        if (!it->empty()) return *it;
    }
    return "unknown reason";
}

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(cat("HDF5: ", what, " failed: ", failure_reason())); }

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) fail(what);
    return id;
}
void check_status(herr_t status, const std::string& what) {
    if (status < 0) fail(what);
}

handle make_space(const std::vector<hsize_t>& dims) {
    return handle(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "creating a dataspace"), H5Sclose);
}

template <typename T>
void write_numeric(hid_t loc, const std::string& name, const std::vector<T>& data, std::vector<hsize_t> dims, hid_t file_type,
                   hid_t mem_type) {
    if (dims.empty()) dims = {static_cast<hsize_t>(data.size())};
    hsize_t total = 1;
    for (const hsize_t d : dims) total *= d;
    if (total != data.size()) throw std::logic_error(cat("HDF5: dataset ", name, " has ", data.size(), " values for ", total, " elements"));
    const handle space = make_space(dims);
    const handle lcpl(check(H5Pcreate(H5P_LINK_CREATE), "H5Pcreate"), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    const handle set(check(H5Dcreate2(loc, name.c_str(), file_type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), "creating dataset " + name),
                     H5Dclose);
    if (total > 0) check_status(H5Dwrite(set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "writing dataset " + name);
}

handle string_type() {
    handle type(check(H5Tcopy(H5T_C_S1), "H5Tcopy"), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

template <typename T>
std::vector<T> read_numeric(hid_t loc, const std::string& name, hid_t mem_type, std::vector<hsize_t>* dims_out) {
    const handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "opening dataset " + name), H5Dclose);
    const handle space(check(H5Dget_space(set), "H5Dget_space"), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    hsize_t total = 1;
    for (const hsize_t d : dims) total *= d;
    std::vector<T> out(total);
    if (total > 0) check_status(H5Dread(set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "reading dataset " + name);
    if (dims_out != nullptr) *dims_out = dims;
    return out;
}

handle write_attribute_space(hid_t obj, const std::string& name, hid_t type, const handle& space) {
    if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
    return handle(check(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute " + name), H5Aclose);
}
}  // namespace

handle& handle::operator=(handle&& other) noexcept {
    if (this != &other) {
        if (id_ >= 0 && closer_ != nullptr) closer_(id_);
        id_ = other.id_;
        closer_ = other.closer_;
        other.id_ = -1;
    }
    return *this;
}

handle::~handle() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
}

herr_t handle::close() {
    herr_t status = 0;
    if (id_ >= 0 && closer_ != nullptr) status = closer_(id_);
    id_ = -1;
    return status;
}

handle create_file(const std::filesystem::path& path) {
    // A new file, never written through a link: a leftover (or a planted symbolic link) is unlinked
    // first and the file made exclusively (O_EXCL), which fails on anything that appears meanwhile.
    std::error_code ignored;
    if (!std::filesystem::is_directory(std::filesystem::symlink_status(path, ignored))) std::filesystem::remove(path, ignored);
    return handle(check(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), "creating " + path.string()), H5Fclose);
}

handle create_memory_file(const std::string& name) {
    const handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"), H5Pclose);
    check_status(H5Pset_fapl_core(fapl, 1 << 20, 0), "choosing the in-memory driver");
    return handle(check(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "creating the in-memory file " + name), H5Fclose);
}

std::vector<char> file_image(hid_t file) {
    check_status(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the in-memory file");
    const ssize_t size = H5Fget_file_image(file, nullptr, 0);
    if (size < 0) fail("sizing the file image");
    std::vector<char> bytes(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file, bytes.data(), bytes.size()) < 0) fail("copying the file image");
    return bytes;
}

handle open_memory_file(const std::vector<char>& bytes, const std::string& name) {
    const handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate"), H5Pclose);
    check_status(H5Pset_fapl_core(fapl, 1 << 20, 0), "choosing the in-memory driver");
    check_status(H5Pset_file_image(fapl, const_cast<char*>(bytes.data()), bytes.size()), "giving the file image");
    return handle(check(H5Fopen(name.c_str(), H5F_ACC_RDONLY, fapl), "opening the file image " + name), H5Fclose);
}

handle open_file(const std::filesystem::path& path) {
    return handle(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "opening " + path.string()), H5Fclose);
}

handle create_group(hid_t loc, const std::string& path) {
    const handle lcpl(check(H5Pcreate(H5P_LINK_CREATE), "H5Pcreate"), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    return handle(check(H5Gcreate2(loc, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), "creating group " + path), H5Gclose);
}

handle open_group(hid_t loc, const std::string& path) {
    return handle(check(H5Gopen2(loc, path.c_str(), H5P_DEFAULT), "opening group " + path), H5Gclose);
}

bool exists(hid_t loc, const std::string& path) {
    // Check each link of the path, as H5Lexists requires.
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = path.find('/', pos + 1);
        const std::string prefix = path.substr(0, pos);
        if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    return true;
}

void flush(hid_t file) { check_status(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the file to disk"); }

void close_file(handle& file) { check_status(file.close(), "closing the file"); }

void write(hid_t loc, const std::string& name, const std::vector<double>& data, std::vector<hsize_t> dims) {
    write_numeric(loc, name, data, std::move(dims), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE);
}
void write(hid_t loc, const std::string& name, const std::vector<std::int64_t>& data, std::vector<hsize_t> dims) {
    write_numeric(loc, name, data, std::move(dims), H5T_STD_I64LE, H5T_NATIVE_INT64);
}
void write(hid_t loc, const std::string& name, const std::vector<std::int8_t>& data, std::vector<hsize_t> dims) {
    write_numeric(loc, name, data, std::move(dims), H5T_STD_I8LE, H5T_NATIVE_INT8);
}

void write(hid_t loc, const std::string& name, const std::vector<std::string>& data) {
    std::vector<const char*> pointers;
    pointers.reserve(data.size());
    for (const std::string& s : data) pointers.push_back(s.c_str());
    const handle type = string_type();
    const handle space = make_space({static_cast<hsize_t>(data.size())});
    const handle lcpl(check(H5Pcreate(H5P_LINK_CREATE), "H5Pcreate"), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    const handle set(check(H5Dcreate2(loc, name.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), "creating dataset " + name), H5Dclose);
    if (!data.empty()) check_status(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "writing dataset " + name);
}

std::vector<double> read_doubles(hid_t loc, const std::string& name, std::vector<hsize_t>* dims) {
    return read_numeric<double>(loc, name, H5T_NATIVE_DOUBLE, dims);
}

std::vector<std::int64_t> read_int64s(hid_t loc, const std::string& name) {
    return read_numeric<std::int64_t>(loc, name, H5T_NATIVE_INT64, nullptr);
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
    const handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "opening dataset " + name), H5Dclose);
    const handle space(check(H5Dget_space(set), "H5Dget_space"), H5Sclose);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    std::vector<char*> raw(n, nullptr);
    const handle type = string_type();
    if (n > 0) check_status(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "reading dataset " + name);
    std::vector<std::string> out;
    out.reserve(n);
    for (char* s : raw) out.emplace_back(s != nullptr ? s : "");
    if (n > 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
    return out;
}

void set_attribute(hid_t obj, const std::string& name, const std::string& value) {
    const handle type = string_type();
    const handle space(check(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
    const handle attr = write_attribute_space(obj, name, type, space);
    const char* text = value.c_str();
    check_status(H5Awrite(attr, type, &text), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, double value) {
    const handle space(check(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
    const handle attr = write_attribute_space(obj, name, H5T_IEEE_F64LE, space);
    check_status(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, std::int64_t value) {
    const handle space(check(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
    const handle attr = write_attribute_space(obj, name, H5T_STD_I64LE, space);
    check_status(H5Awrite(attr, H5T_NATIVE_INT64, &value), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, std::uint64_t value) {
    const handle space(check(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
    const handle attr = write_attribute_space(obj, name, H5T_STD_U64LE, space);
    check_status(H5Awrite(attr, H5T_NATIVE_UINT64, &value), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, const std::vector<double>& value) {
    const handle space = make_space({static_cast<hsize_t>(value.size())});
    const handle attr = write_attribute_space(obj, name, H5T_IEEE_F64LE, space);
    if (!value.empty()) check_status(H5Awrite(attr, H5T_NATIVE_DOUBLE, value.data()), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, const std::vector<std::int64_t>& value) {
    const handle space = make_space({static_cast<hsize_t>(value.size())});
    const handle attr = write_attribute_space(obj, name, H5T_STD_I64LE, space);
    if (!value.empty()) check_status(H5Awrite(attr, H5T_NATIVE_INT64, value.data()), "writing attribute " + name);
}

void set_attribute(hid_t obj, const std::string& name, const std::vector<std::string>& value) {
    std::vector<const char*> pointers;
    for (const std::string& s : value) pointers.push_back(s.c_str());
    const handle type = string_type();
    const handle space = make_space({static_cast<hsize_t>(value.size())});
    const handle attr = write_attribute_space(obj, name, type, space);
    if (!value.empty()) check_status(H5Awrite(attr, type, pointers.data()), "writing attribute " + name);
}

std::int64_t int64_attribute(hid_t obj, const std::string& name) {
    const handle attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
    std::int64_t value = 0;
    check_status(H5Aread(attr, H5T_NATIVE_INT64, &value), "reading attribute " + name);
    return value;
}

double double_attribute(hid_t obj, const std::string& name) {
    const handle attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
    double value = 0.0;
    check_status(H5Aread(attr, H5T_NATIVE_DOUBLE, &value), "reading attribute " + name);
    return value;
}

std::string string_attribute(hid_t obj, const std::string& name) {
    const handle attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
    const handle type = string_type();
    char* text = nullptr;
    check_status(H5Aread(attr, type, &text), "reading attribute " + name);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
}

bool has_attribute(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

namespace {
// CRC-64/XZ (ECMA-182 polynomial, reflected): a checksum against accidental corruption.
using crc64 = boost::crc_optimal<64, 0x42F0E1EBA9EA3693ull, ~0ull, ~0ull, true, true>;

void hash_text(crc64& crc, const std::string& text) {
    const std::uint64_t n = text.size();
    crc.process_bytes(&n, sizeof n);
    crc.process_bytes(text.data(), text.size());
}

// The values of a dataset or attribute: its extent, type class and size, and its bytes in the
// native type (variable-length strings as their text).
void hash_values(crc64& crc, hid_t obj, bool attribute) {
    const handle type(check(attribute ? H5Aget_type(obj) : H5Dget_type(obj), "reading a type"), H5Tclose);
    const handle space(check(attribute ? H5Aget_space(obj) : H5Dget_space(obj), "reading a dataspace"), H5Sclose);
    const int rank = std::max(0, H5Sget_simple_extent_ndims(space));
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    const hssize_t points = H5Sget_simple_extent_type(space) == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space);
    const auto n = static_cast<std::size_t>(std::max<hssize_t>(points, 0));
    crc.process_bytes(&rank, sizeof rank);
    crc.process_bytes(dims.data(), dims.size() * sizeof(hsize_t));
    const H5T_class_t type_class = H5Tget_class(type);
    crc.process_bytes(&type_class, sizeof type_class);
    if (n == 0) return;
    if (type_class == H5T_STRING && H5Tis_variable_str(type) > 0) {
        const handle memory_type = string_type();
        std::vector<char*> raw(n, nullptr);
        check_status(attribute ? H5Aread(obj, memory_type, raw.data()) : H5Dread(obj, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()),
                     "reading strings");
        for (char* text : raw) hash_text(crc, text != nullptr ? text : "");
        H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, raw.data());
        return;
    }
    const handle native(check(H5Tget_native_type(type, H5T_DIR_ASCEND), "reading a native type"), H5Tclose);
    const std::size_t size = H5Tget_size(native);
    std::vector<unsigned char> bytes(n * size);
    check_status(attribute ? H5Aread(obj, native, bytes.data()) : H5Dread(obj, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
                 "reading values");
    crc.process_bytes(&size, sizeof size);
    crc.process_bytes(bytes.data(), bytes.size());
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}
herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

void hash_attributes(crc64& crc, hid_t obj, const std::string& skip) {
    std::vector<std::string> names;
    hsize_t at = 0;
    check_status(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &at, collect_attribute, &names), "listing attributes");
    for (const std::string& name : names) {
        if (name == skip) continue;
        hash_text(crc, "@" + name);
        const handle attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
        hash_values(crc, attr, true);
    }
}

void hash_group(crc64& crc, hid_t group, const std::string& path) {
    std::vector<std::string> names;
    hsize_t at = 0;
    check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &at, collect_link, &names), "listing " + path);
    for (const std::string& name : names) {
        const std::string child = path + "/" + name;
        hash_text(crc, child);
        const handle obj(check(H5Oopen(group, name.c_str(), H5P_DEFAULT), "opening " + child), H5Oclose);
        hash_attributes(crc, obj, "");
        if (H5Iget_type(obj) == H5I_GROUP) {
            hash_group(crc, obj, child);
        } else if (H5Iget_type(obj) == H5I_DATASET) {
            hash_values(crc, obj, false);
        }
    }
}
}  // namespace

std::uint64_t content_checksum(hid_t file, const std::string& skip_root_attribute) {
    crc64 crc;
    const handle root = open_group(file, "/");
    hash_attributes(crc, root, skip_root_attribute);
    hash_group(crc, root, "");
    return crc.checksum();
}

std::vector<std::string> children(hid_t loc, const std::string& path) {
    const handle g = open_group(loc, path);
    std::vector<std::string> names;
    hsize_t at = 0;
    check_status(H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &at, collect_link, &names), "listing " + path);
    return names;
}

std::uint64_t checksum_of(const std::string& text) {
    crc64 crc;
    crc.process_bytes(text.data(), text.size());
    return crc.checksum();
}

std::uint64_t uint64_attribute(hid_t obj, const std::string& name) {
    const handle attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
    std::uint64_t value = 0;
    check_status(H5Aread(attr, H5T_NATIVE_UINT64, &value), "reading attribute " + name);
    return value;
}

namespace {
// The values of a dataset or attribute, read in the native form of its type (variable-length
// strings as pointers HDF5 allocates: reclaim them with the returned memory type).
struct raw_values {
    handle file_type, memory_type, space;
    std::vector<unsigned char> bytes;
    bool strings = false;
};

raw_values read_raw(hid_t obj, bool attribute) {
    raw_values r;
    r.file_type = handle(check(attribute ? H5Aget_type(obj) : H5Dget_type(obj), "reading a type"), H5Tclose);
    r.space = handle(check(attribute ? H5Aget_space(obj) : H5Dget_space(obj), "reading a dataspace"), H5Sclose);
    r.strings = H5Tget_class(r.file_type) == H5T_STRING && H5Tis_variable_str(r.file_type) > 0;
    r.memory_type = r.strings ? string_type() : handle(check(H5Tget_native_type(r.file_type, H5T_DIR_ASCEND), "reading a native type"), H5Tclose);
    const hssize_t points = H5Sget_simple_extent_type(r.space) == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(r.space);
    r.bytes.resize(static_cast<std::size_t>(std::max<hssize_t>(points, 0)) * H5Tget_size(r.memory_type));
    if (!r.bytes.empty()) {
        check_status(attribute ? H5Aread(obj, r.memory_type, r.bytes.data())
                               : H5Dread(obj, r.memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, r.bytes.data()),
                     "reading values");
    }
    return r;
}

void release(raw_values& r) {
    if (r.strings && !r.bytes.empty()) H5Dvlen_reclaim(r.memory_type, r.space, H5P_DEFAULT, r.bytes.data());
    r.bytes.clear();
}

void copy_attributes(hid_t src, hid_t dst) {
    std::vector<std::string> names;
    hsize_t at = 0;
    check_status(H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &at, collect_attribute, &names), "listing attributes");
    for (const std::string& name : names) {
        const handle attr(check(H5Aopen(src, name.c_str(), H5P_DEFAULT), "opening attribute " + name), H5Aclose);
        raw_values r = read_raw(attr, true);
        try {
            const handle out(check(H5Acreate2(dst, name.c_str(), r.file_type, r.space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute " + name),
                             H5Aclose);
            if (!r.bytes.empty()) check_status(H5Awrite(out, r.memory_type, r.bytes.data()), "writing attribute " + name);
        } catch (...) {
            release(r);
            throw;
        }
        release(r);
    }
}

void copy_group(hid_t src, hid_t dst, const std::string& path) {
    copy_attributes(src, dst);
    std::vector<std::string> names;
    hsize_t at = 0;
    check_status(H5Literate(src, H5_INDEX_NAME, H5_ITER_INC, &at, collect_link, &names), "listing " + path);
    for (const std::string& name : names) {
        const std::string child = path + "/" + name;
        const handle obj(check(H5Oopen(src, name.c_str(), H5P_DEFAULT), "opening " + child), H5Oclose);
        if (H5Iget_type(obj) == H5I_GROUP) {
            const handle g(check(H5Gcreate2(dst, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "creating group " + child), H5Gclose);
            copy_group(obj, g, child);
        } else if (H5Iget_type(obj) == H5I_DATASET) {
            raw_values r = read_raw(obj, false);
            try {
                const handle set(check(H5Dcreate2(dst, name.c_str(), r.file_type, r.space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                       "creating dataset " + child),
                                 H5Dclose);
                if (!r.bytes.empty()) {
                    check_status(H5Dwrite(set, r.memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, r.bytes.data()), "writing dataset " + child);
                }
                copy_attributes(obj, set);
            } catch (...) {
                release(r);
                throw;
            }
            release(r);
        }
    }
}
}  // namespace

void copy_file_into(hid_t src_file, hid_t dst_loc, const std::string& dst_name) {
    // Our own deep copy rather than H5Ocopy: HDF5 1.10's H5Ocopy crashes when a write fails in the
    // middle of it (a full disk), and a copy by value is all a point file needs.
    const handle root = open_group(src_file, "/");
    const handle dst = create_group(dst_loc, dst_name);
    copy_group(root, dst, dst_name);
}

}  // namespace hhsim::drivers::h5
