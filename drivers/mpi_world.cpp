#include "drivers/mpi_world.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>

#ifndef HHSIM_WITH_MPI
#define HHSIM_WITH_MPI 0
#endif
#if HHSIM_WITH_MPI
#include <mpi.h>
#endif

namespace hhsim::drivers {

namespace {
mpi_world* the_world = nullptr;

int environment_int(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return -1;
    char* end = nullptr;
    const long n = std::strtol(value, &end, 10);
    return *end == '\0' && n > 0 && n < std::numeric_limits<int>::max() ? static_cast<int>(n) : -1;
}

[[maybe_unused]] int launched_rank() {  // the launcher's rank, for a build without MPI
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
        const char* value = std::getenv(name);
        if (value != nullptr && *value != '\0') return std::max(0, std::atoi(value));
    }
    return 0;
}
}  // namespace

int launched_world_size() {
    // OpenMPI's mpirun, then the PMI of MPICH's hydra and of Slurm's srun --mpi=pmi2.
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
        if (const int n = environment_int(name); n > 0) return n;
    }
    // PMIx (srun --mpi=pmix, prterun) names the rank but not the size: a launcher is there.
    if (std::getenv("PMIX_RANK") != nullptr) return 0;
    return 1;
}

bool built_with_mpi() { return HHSIM_WITH_MPI != 0; }

std::string mpi_library() {
#if HHSIM_WITH_MPI
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = "";
    int length = 0;
    MPI_Get_library_version(text, &length);  // allowed before MPI_Init
    const std::string full(text, static_cast<std::size_t>(std::max(length, 0)));
    return full.substr(0, full.find_first_of(",\n"));
#else
    return "off (built without MPI)";
#endif
}

void check_mpi_launch(const mpi_world& world, bool divides) {
    const int launched = launched_world_size();
    if (!world.active() && launched != 1) {
        throw input_error(cat("this hhsim was built without MPI but was started as one of ", launched > 1 ? std::to_string(launched) : std::string("several"),
                              " processes (mpirun, srun): each would compute everything. Build it with MPI (apt-get install libopenmpi-dev; ",
                              "cmake -DHH_WITH_MPI=AUTO finds it) or divide the study as a job array with --shard I/N (docs/cluster.md)"));
    }
    if (world.active() && world.size() > 1 && !divides) {
        throw input_error(cat("under mpirun only `hhsim study` and `hhsim compare` divide their work among the ranks; run this command as one process ",
                              "(it was started on ", world.size(), " ranks)"));
    }
}

mpi_world* mpi_world::current() { return the_world; }

#if HHSIM_WITH_MPI

namespace {
// Messages are cut into pieces of at most 1 GiB (MPI counts are int); the pieces after the first
// travel with this tag and are received right after the first.
constexpr int tag_more = 32000;
constexpr std::size_t piece_bytes = std::size_t{1} << 30;
constexpr std::size_t header_bytes = 4 * sizeof(std::int64_t);

void check(int rc, const char* what) {
    if (rc != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}
}  // namespace

struct mpi_world::pending {
    std::vector<char> buffer;
    std::vector<MPI_Request> requests;
};

mpi_world::mpi_world(int& argc, char**& argv) {
    the_world = this;
    if (launched_world_size() == 1) return;
    int provided = 0;
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    // An error in MPI ends the job with a message instead of a hang.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    active_ = true;
}

mpi_world::~mpi_world() {
    if (active_) {
        for (pending* p : sends_) {
            MPI_Waitall(static_cast<int>(p->requests.size()), p->requests.data(), MPI_STATUSES_IGNORE);
            delete p;
        }
        MPI_Finalize();
    }
    the_world = nullptr;
}

void mpi_world::send(int to, int tag, std::int64_t a, std::int64_t b, std::int64_t c, std::vector<char> bytes) {
    if (to == rank_ || !active_) {
        to_self_.push_back({rank_, tag, a, b, c, std::move(bytes)});
        return;
    }
    auto* p = new pending;
    const std::int64_t header[4] = {a, b, c, static_cast<std::int64_t>(bytes.size())};
    p->buffer.resize(header_bytes + bytes.size());
    std::memcpy(p->buffer.data(), header, header_bytes);
    if (!bytes.empty()) std::memcpy(p->buffer.data() + header_bytes, bytes.data(), bytes.size());
    for (std::size_t at = 0; at < p->buffer.size(); at += piece_bytes) {
        const std::size_t n = std::min(piece_bytes, p->buffer.size() - at);
        MPI_Request request;
        check(MPI_Isend(p->buffer.data() + at, static_cast<int>(n), MPI_BYTE, to, at == 0 ? tag : tag_more, MPI_COMM_WORLD, &request), "MPI_Isend");
        p->requests.push_back(request);
    }
    sends_.push_back(p);
}

bool mpi_world::poll(mpi_message& out) {
    if (!to_self_.empty()) {
        out = std::move(to_self_.front());
        to_self_.erase(to_self_.begin());
        return true;
    }
    if (!active_) return false;
    int flag = 0;
    MPI_Status status;
    check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
    if (!flag) return false;
    const auto receive = [&](int source, int tag, const MPI_Status& st, std::vector<char>& into) {
        int count = 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        const std::size_t at = into.size();
        into.resize(at + static_cast<std::size_t>(count));
        check(MPI_Recv(into.data() + at, count, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    };
    std::vector<char> buffer;
    receive(status.MPI_SOURCE, status.MPI_TAG, status, buffer);
    if (buffer.size() < header_bytes) throw std::runtime_error("MPI: a message without its header arrived");
    std::int64_t header[4];
    std::memcpy(header, buffer.data(), header_bytes);
    const auto total = header_bytes + static_cast<std::size_t>(header[3]);
    while (buffer.size() < total) {
        MPI_Status more;
        check(MPI_Probe(status.MPI_SOURCE, tag_more, MPI_COMM_WORLD, &more), "MPI_Probe");
        receive(status.MPI_SOURCE, tag_more, more, buffer);
    }
    out.source = status.MPI_SOURCE;
    out.tag = status.MPI_TAG;
    out.a = header[0];
    out.b = header[1];
    out.c = header[2];
    out.bytes.assign(buffer.begin() + static_cast<std::ptrdiff_t>(header_bytes), buffer.end());
    return true;
}

bool mpi_world::sends_done() {
    std::erase_if(sends_, [](pending* p) {
        int done = 0;
        MPI_Testall(static_cast<int>(p->requests.size()), p->requests.data(), &done, MPI_STATUSES_IGNORE);
        if (done) delete p;
        return done != 0;
    });
    return sends_.empty();
}

void mpi_world::abort(int exit_status) {
    if (active_) MPI_Abort(MPI_COMM_WORLD, exit_status);
    std::_Exit(exit_status);
}

mpi_world::outcome mpi_world::agree(int status, const std::string& message) {
    outcome out;
    if (!active_) {
        out = {status, status != 0 ? 0 : -1, message};
        return out;
    }
    std::vector<int> all(static_cast<std::size_t>(size_));
    check(MPI_Allgather(&status, 1, MPI_INT, all.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
    const auto first = std::find_if(all.begin(), all.end(), [](int s) { return s != 0; });
    if (first == all.end()) return out;
    out.status = *first;
    out.rank = static_cast<int>(first - all.begin());
    if (out.rank == 0) {
        if (rank_ == 0) out.message = message;
    } else if (rank_ == out.rank) {
        check(MPI_Send(message.data(), static_cast<int>(std::min<std::size_t>(message.size(), 1 << 20)), MPI_CHAR, 0, 1, MPI_COMM_WORLD), "MPI_Send");
    } else if (rank_ == 0) {
        MPI_Status st;
        check(MPI_Probe(out.rank, 1, MPI_COMM_WORLD, &st), "MPI_Probe");
        int count = 0;
        MPI_Get_count(&st, MPI_CHAR, &count);
        out.message.resize(static_cast<std::size_t>(count));
        check(MPI_Recv(out.message.data(), count, MPI_CHAR, out.rank, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    }
    return out;
}

std::vector<std::int64_t> mpi_world::broadcast(std::vector<std::int64_t> values) {
    if (!active_) return values;
    std::int64_t n = static_cast<std::int64_t>(values.size());
    check(MPI_Bcast(&n, 1, MPI_INT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    values.resize(static_cast<std::size_t>(n));
    // In pieces of at most 2^27 values (MPI counts are int).
    for (std::int64_t at = 0; at < n; at += std::int64_t{1} << 27) {
        const auto count = static_cast<int>(std::min<std::int64_t>(n - at, std::int64_t{1} << 27));
        check(MPI_Bcast(values.data() + at, count, MPI_INT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    }
    return values;
}

#else  // without MPI: one process alone

struct mpi_world::pending {};

mpi_world::mpi_world(int&, char**&) {
    the_world = this;
    rank_ = launched_rank();
    size_ = std::max(1, launched_world_size());
}
mpi_world::~mpi_world() { the_world = nullptr; }

void mpi_world::send(int, int tag, std::int64_t a, std::int64_t b, std::int64_t c, std::vector<char> bytes) {
    to_self_.push_back({0, tag, a, b, c, std::move(bytes)});
}

bool mpi_world::poll(mpi_message& out) {
    if (to_self_.empty()) return false;
    out = std::move(to_self_.front());
    to_self_.erase(to_self_.begin());
    return true;
}

bool mpi_world::sends_done() { return true; }
void mpi_world::abort(int exit_status) { std::_Exit(exit_status); }

mpi_world::outcome mpi_world::agree(int status, const std::string& message) {
    return status != 0 ? outcome{status, 0, message} : outcome{};
}

std::vector<std::int64_t> mpi_world::broadcast(std::vector<std::int64_t> values) { return values; }

#endif

}  // namespace hhsim::drivers
