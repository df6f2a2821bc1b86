#pragma once
// A study being computed: its checked specification, its output folder (new, resumed or staged,
// README.md "Promises"), the grid points already finished, and at the end the tables, study.h5,
// figures and report. How the missing points are computed is up to the caller: all here
// (compute_here), as one shard of a job array (study_shards.hpp), or over MPI ranks (study_mpi.hpp).

#include <cstdint>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "study/point.hpp"
#include "study/study_spec.hpp"

namespace hhsim::drivers {

/// What `hhsim study|compare|merge` was asked on the command line.
struct study_options {
    std::string config_path;
    bool demo = false;
    std::string out;
    std::optional<std::int64_t> trials;
    std::optional<std::uint64_t> seed;
    std::optional<int> threads;
    bool resume = false;
    bool overwrite = false;
    bool quiet = false;
    bool no_plots = false;
    std::optional<double> max_memory;
    std::string max_memory_text;
    std::int64_t max_grid_points = 0;  ///< set by the command (config.hpp's default_max_grid_points)
    int shard = 0;   ///< --shard I/N: this is shard I of N (N = 0: not a shard)
    int shards = 0;
    std::string command_line;
};

/// The command that continues an interrupted study: the command line with --resume (added once).
std::string resume_command(const std::string& command_line);

/// The configuration of the built-in demo study (`hhsim study --demo`, `hhsim config --print-demo`).
const char* demo_config_text();

/// The study the options name, with the command line's overrides applied (input_error otherwise).
study_spec load_spec(const study_options& o, const std::string& kind);

/// Every check a study passes before anything is written: trials, the comparison's input kind,
/// every grid point (and its diffusion variant) valid, the largest point within memory.
/// input_error naming the point otherwise. Returns the comparison pair of a `compare`.
std::optional<compare_pair> check_study(const study_spec& spec, const study_options& o, const std::string& kind);

/// What every number of the study depends on besides the grid point: the configuration text, the
/// replay events (their values, not their file), the command-line overrides, the hhsim version and
/// the random-stream layout. settings.txt records them; each point file carries their digest.
struct study_inputs {
    std::string settings;       ///< the text of settings.txt
    std::uint64_t digest = 0;   ///< CRC-64 of settings and configuration
};
study_inputs inputs_of(const study_spec& spec, const std::string& kind);

class study_folder;
struct point_origin;

/// How a study's folder is written. in_place: a new study is written where it ends up, so that an
/// interrupted one keeps its finished points for --resume. all_or_nothing: always in a staging
/// folder that takes the study's name only when complete (a merge: it computes nothing that would
/// be worth keeping half done, and must never leave a folder that looks like a study).
enum class folder_writing { in_place, all_or_nothing };

class study_run {
public:
    /// Check the study (check_study) and open its output folder: new, resumed (--resume: the
    /// finished points that pass their checks are kept) or staged (--overwrite; with
    /// folder_writing::all_or_nothing always, a resumed study's points linked in). `folder` replaces
    /// spec.output_folder when given (a shard's folder); `settings_note` is appended to settings.txt
    /// (and is not part of the digest: a shard's points are those of the whole study).
    study_run(study_spec spec, const study_options& o, std::string kind, const std::string& folder = "", const std::string& settings_note = "",
              folder_writing writing = folder_writing::in_place);
    ~study_run();
    study_run(const study_run&) = delete;
    study_run& operator=(const study_run&) = delete;

    const study_spec& spec() const { return spec_; }
    const std::string& kind() const { return kind_; }
    const std::optional<compare_pair>& pair() const { return pair_; }
    int modes() const { return pair_ ? 2 : 1; }
    std::uint64_t digest() const { return inputs_.digest; }
    const std::filesystem::path& folder() const;  ///< where files are written now
    const std::filesystem::path& target() const;  ///< where the study ends up
    bool resumed() const;
    /// What point i's files must match (this study's inputs, point i's identity).
    point_origin origin(std::size_t i) const;
    std::size_t n_points() const { return points_.size(); }
    std::size_t n_finished() const { return finished_; }
    /// The points still to compute, in grid order.
    std::vector<std::size_t> missing_points() const;
    /// Neuron-steps of `trials` trials of every mode (the progress meter's unit).
    std::int64_t neuron_steps(std::int64_t trials) const;

    /// A point computed here: its file is written, STATUS updated, its summary kept for the tables.
    void add_point(std::size_t i, point_result p);
    /// A point whose file arrived as bytes (from another MPI rank), checked before it counts.
    void add_point_image(std::size_t i, const std::vector<char>& bytes);
    /// A point whose file is already in the folder (a merge copied it), checked before it counts.
    void adopt_point_file(std::size_t i);

    /// STATUS "incomplete: K of N grid points finished (running, pid P)".
    void mark_running();
    /// From now on STATUS says the study is stopping on `signal` (written at once: under mpirun the
    /// processes may be killed a second after the signal).
    void mark_stopping(int signal);
    /// STATUS with this text (a shard counts work units, not points).
    void set_status(const std::string& text);
    /// STATUS "failed: WHAT" (in place; a staged study is discarded and the old one stays).
    void mark_failed(const std::string& what) noexcept;
    /// Tables, study.h5, figures, report and STATUS from the finished points, then the staged folder
    /// swapped in; an interrupted staged study is discarded instead. Prints what was done (or how to
    /// continue) and returns the exit status. `stop_signal`: the signal that stopped another MPI
    /// rank, when this process received none.
    int finish(bool interrupted, const std::string& how_to_continue, int stop_signal = 0);
    /// A shard's end: STATUS `status`, the staged folder swapped in (an interrupted staged shard is
    /// discarded); no tables. Returns the exit status (0, or 128 + the signal).
    int finish_shard(bool interrupted, const std::string& status);

private:
    study_spec spec_;
    study_options options_;
    std::string kind_;
    std::optional<compare_pair> pair_;
    study_inputs inputs_;
    std::unique_ptr<study_folder> out_;
    std::vector<std::optional<point_result>> points_;
    std::size_t finished_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();  ///< for the progress lines of the last stages
    std::string status_note_;  ///< STATUS's note while points are added ("running, pid P" by default)
};

/// Compute the study's missing points here, one after the other (OpenMP inside each); a signal
/// stops it between chunks. Returns the exit status.
int compute_here(study_run& run, const study_options& o);

}  // namespace hhsim::drivers
