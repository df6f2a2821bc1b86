#pragma once
// The MPI job this process is part of, when it was started as one (mpirun, mpiexec, srun): the
// little of MPI that a study needs (docs/cluster.md). Everything here is a no-op, and active() is
// false, in a build without MPI or a process started on its own: MPI is only initialised when a
// launcher's environment says so, so plain `hhsim` never waits for an MPI runtime.
//
// Threads: MPI is initialised with MPI_THREAD_FUNNELED; only the thread that created the world
// (the main thread) may call these functions.

#include <cstdint>
#include <string>
#include <vector>

namespace hhsim::drivers {

/// How many processes the launcher started, from its environment (OpenMPI, PMI, PMIx, Slurm); 1
/// when none did.
int launched_world_size();

/// Whether this hhsim was built with MPI (-DHH_WITH_MPI).
bool built_with_mpi();
/// The MPI library built in, e.g. "Open MPI v4.1.4", or "off (built without MPI)".
std::string mpi_library();

class mpi_world;
/// Refuse, with input_error, what would go wrong under a launcher: an hhsim built without MPI
/// started as one of several processes (each would compute everything), or a command other than
/// a study (`divides`: study, compare) run over several ranks.
void check_mpi_launch(const mpi_world& world, bool divides);

/// A message between ranks: a tag and a packet of three integers and bytes.
struct mpi_message {
    int source = 0;
    int tag = 0;
    std::int64_t a = 0, b = 0, c = 0;
    std::vector<char> bytes;
};

class mpi_world {
public:
    /// Initialise MPI when built with it and started by a launcher; otherwise inactive (rank and
    /// size are then the launcher's, if any, so that only rank 0 speaks).
    mpi_world(int& argc, char**& argv);
    ~mpi_world();  ///< MPI_Finalize
    mpi_world(const mpi_world&) = delete;
    mpi_world& operator=(const mpi_world&) = delete;

    /// The world of this process (created in main); nullptr before and after.
    static mpi_world* current();

    bool active() const { return active_; }
    int rank() const { return rank_; }
    int size() const { return size_; }

    /// Send without waiting (the bytes are kept until sent); to this rank itself, it is queued
    /// for the next poll().
    void send(int to, int tag, std::int64_t a, std::int64_t b, std::int64_t c, std::vector<char> bytes = {});
    /// The next message that arrived (any sender, any tag), if any; never waits long.
    bool poll(mpi_message& out);
    /// Whether every send has completed (its buffer released).
    bool sends_done();
    /// End the whole job at once with this exit status (MPI_Abort).
    [[noreturn]] void abort(int exit_status);

    /// Every rank calls this with its own outcome (0: fine); every rank gets the exit status of
    /// the lowest rank that failed (0 if none), rank 0 also that rank's number and message.
    struct outcome {
        int status = 0;
        int rank = -1;
        std::string message;
    };
    outcome agree(int status, const std::string& message);
    /// Rank 0's integers, at every rank.
    std::vector<std::int64_t> broadcast(std::vector<std::int64_t> values);

private:
    struct pending;
    bool active_ = false;
    int rank_ = 0;
    int size_ = 1;
    std::vector<pending*> sends_;
    std::vector<mpi_message> to_self_;
};

}  // namespace hhsim::drivers
