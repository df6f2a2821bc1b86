#include "drivers/hdf5_io.hpp"

#include <stdexcept>

#include "core/error.hpp"

namespace hhsim::drivers::h5 {

namespace {
// Library errors become exceptions naming what failed; HDF5's own stack printing is switched off.
struct quiet_errors {
    quiet_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const quiet_errors quiet_once;

hid_t check(hid_t id, const std::string& what) {
    if (id < 0) throw std::runtime_error(cat("HDF5: ", what, " failed"));
    return id;
}
void check_status(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error(cat("HDF5: ", what, " failed"));
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

handle create_file(const std::filesystem::path& path) {
    return handle(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "creating " + path.string()), H5Fclose);
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

void copy(hid_t src_loc, const std::string& src_name, hid_t dst_loc, const std::string& dst_name) {
    const handle lcpl(check(H5Pcreate(H5P_LINK_CREATE), "H5Pcreate"), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    check_status(H5Ocopy(src_loc, src_name.c_str(), dst_loc, dst_name.c_str(), H5P_DEFAULT, lcpl), "copying " + src_name);
}

}  // namespace hhsim::drivers::h5
