#include "drivers/study_run.hpp"

#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/simulation.hpp"
#include "drivers/child_process.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/config.hpp"
#include "drivers/hdf5_io.hpp"
#include "drivers/memory_budget.hpp"
#include "drivers/output_folder.hpp"
#include "drivers/point_file.hpp"
#include "drivers/progress.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/signals.hpp"
#include "drivers/study_output.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

namespace {
/// The built-in demo: the S5000 input (4000 E + 1000 I sources, p = 0.5, Je = 0.5 mV, Ji = -2 mV)
/// swept over the presynaptic rate, shot noise against its diffusion approximation.
const char* const demo_config = R"(# hhsim built-in demo study: shot noise vs its diffusion approximation for the S5000 input
[model]
i_app_uA_per_cm2 = 3.0

[input]
kind = "shot"

[[input.population]]
name = "exc"
count = 4000
rate_hz = 10.0
release_probability = 0.5
jump_mV = 0.5

[[input.population]]
name = "inh"
count = 1000
rate_hz = 10.0
release_probability = 0.5
jump_mV = -2.0

[run]
dt_ms = 0.01
t_end_ms = 4000.0
trials = 400
seed = 2026
integrator = "euler"      # the same deterministic scheme as euler-maruyama: only the input differs
jumps = "boundary"        # kicks at step ends, as euler-maruyama's increments: the pair differs in the input alone

[sweep]
"input.population.*.rate_hz" = [4.0, 7.0, 10.0, 14.0, 20.0]

[analysis]
transient_ms = 200.0
fano_windows_ms = [10.0, 100.0, 1000.0]
isi_max_ms = 300.0
spectrum_segment_ms = 1000.0

[compare]
diffusion_integrator = "euler-maruyama"   # the partner of euler (auto would choose it too)

[output]
folder = "hhsim-demo"
)";

std::string hex(std::uint64_t x) {
    std::ostringstream out;
    out << std::hex << std::setw(16) << std::setfill('0') << x;
    return out.str();
}

// Why a folder cannot be resumed with these inputs, or "" if it can.
std::string resume_mismatch(const fs::path& folder, const study_spec& spec, const study_inputs& in, const std::string& kind,
                            const std::string& replay_name) {
    const std::string marker = marker_kind(folder);
    if (marker.empty()) return "it was not made by hhsim (no .hhsim-output marker)";
    if (marker != kind) return cat("it holds a `", marker, "` output, not a `", kind, "`");
    std::string config, settings;
    try {
        config = read_text_file(folder / "config.toml", "config.toml");
        settings = read_text_file(folder / "settings.txt", "settings.txt");
    } catch (const input_error&) {
        return "its config.toml or settings.txt is missing";
    }
    if (config != spec.config_text) return "its config.toml differs from this configuration";
    if (settings == in.settings) return "";
    const auto line_of = [](const std::string& text, const std::string& key) {
        const std::size_t at = text.find(key + " = ");
        return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
    };
    for (const std::string key : {"kind", "trials", "seed", "hhsim_version", "rng_layout"}) {
        if (line_of(settings, key) != line_of(in.settings, key)) {
            return cat("it was computed with ", line_of(settings, key).empty() ? key + " unknown" : line_of(settings, key), ", not ",
                       line_of(in.settings, key));
        }
    }
    if (line_of(settings, "replay_events_crc64") != line_of(in.settings, "replay_events_crc64")) {
        return cat("the replay events in ", replay_name, " differ from those the study was computed with (the file changed)");
    }
    return "its settings.txt differs";
}

// A python3 with matplotlib and h5py: Debian's own first (python3-matplotlib, python3-h5py are
// installed for it), then whatever python3 is on PATH. Empty if none has them.
std::string plotting_python() {
    for (const char* candidate : {"/usr/bin/python3", "python3"}) {
        if (run_program({candidate, "-c", "import matplotlib, h5py"}) == 0) return candidate;
    }
    return "";
}

// Draw the figures with the plotting script (no shell: any folder name works).
std::string make_figures(const fs::path& folder, const fs::path& shown_folder, bool quiet) {
    const std::string script = HHSIM_PLOT_SCRIPT;
    if (!fs::exists(script)) return cat("No figures: the plotting script ", script, " is missing.\n");
    const std::string python = plotting_python();
    const std::string how = cat(python.empty() ? std::string("python3") : python, " ", script, " -- ", quoted(shown_folder.string()));
    if (python.empty()) {
        end_stages(quiet);  // off the progress line first
        if (!quiet) std::cerr << "hhsim: figures skipped (python3 with matplotlib and h5py not found); draw them later with: " << how << "\n";
        return cat("No figures yet: python3 with matplotlib and h5py was not found. Draw them with `", how, "`.\n");
    }
    // The folder as an absolute path after "--": a folder named like an option ("-h") stays a folder.
    const int rc = run_program({python, script, "--", fs::absolute(folder).string()}, folder / "figures.log");
    // Ctrl-C reaches the plotting script too (one process group): a stop, not a failure.
    if (rc != 0 && stop_on_signals::requested()) throw run_interrupted("drawing the figures: stopped on request");
    if (rc != 0) {
        // The study is not complete without its figures: the failure (a full disk, say) ends it
        // like any other, STATUS says so, and --resume draws them again.
        std::string reason = "see figures.log";
        std::ifstream log(folder / "figures.log");
        for (std::string line; std::getline(log, line);) {
            if (line.rfind("plot_study: error: ", 0) == 0) reason = line.substr(19);
        }
        throw std::runtime_error(cat("drawing the figures failed (", reason, "; the whole log is ", (shown_folder / "figures.log").string(),
                                     "); every grid point is finished and kept: run the study again with --resume, or draw them with `", how, "`"));
    }
    std::ostringstream note;
    std::ifstream index(folder / "figures" / "index.txt");
    for (std::string line; std::getline(index, line);) {
        if (line.empty()) continue;
        const std::size_t cut = line.find_first_of(": \t");
        const std::string name = line.substr(0, cut);
        std::string caption = cut == std::string::npos ? name : line.substr(cut + 1);
        caption.erase(0, caption.find_first_not_of(": \t"));
        note << "![" << caption << "](figures/" << name << ".png)\n\n*" << caption << "* ([SVG](figures/" << name << ".svg))\n\n";
    }
    return note.str();
}

// parameters.toml: the study as a configuration with every parameter in force (defaults and the
// command line's overrides included); `hhsim study|compare parameters.toml` repeats it.
void write_study_parameters(const fs::path& folder, const study_spec& spec, const std::string& command_line) {
    std::string replay;
    if (spec.base.input.kind == input_kind::replay) {
        replay = "replay_events.csv";
        write_text_file(folder / replay, replay_csv_text(spec.base.input.replay_events));
    }
    write_text_file(folder / "parameters.toml",
                    config_text(spec, replay, cat("# The parameters of this study (hhsim ", HHSIM_VERSION, "), every one in force, defaults included.\n",
                                                  "# command: ", command_line, "\n")));
}

// The finished points of `from` (a study being resumed into a staging folder) as hard links in
// `to`/points: nothing is copied, and `from` stays as it is until the staging folder replaces it.
// A file system without hard links gets copies.
void link_points(const fs::path& from, const fs::path& to) {
    fs::create_directories(to / "points");
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(from / "points", ec)) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file() || e.path().extension() != ".h5") continue;  // leftovers (*.incomplete) stay behind
        std::error_code link_failed;
        fs::create_hard_link(e.path(), to / "points" / name, link_failed);
        if (link_failed) copy_file_atomically(e.path(), to / "points" / name);
    }
}

}  // namespace

/// Where a study is written: in place (new or resumed) or in a staging folder that replaces the
/// old study when complete; with folder_writing::all_or_nothing always in a staging folder, which
/// becomes the study folder only when complete. The lock is held while the object lives.
class study_folder {
public:
    study_folder(const fs::path& target, bool resume, bool overwrite, folder_writing writing, const std::vector<fs::path>& inputs,
                 const std::function<std::string()>& resume_problem)
        : target_(folder_path(target)), lock_((check_writable_location(target_), create_parent(target_), target_)) {
        const bool staged_always = writing == folder_writing::all_or_nothing;
        if (fs::exists(fs::symlink_status(target_))) {
            if (resume) {
                const std::string problem = resume_problem();
                require(problem.empty(), cat("--resume: output folder '", target_.string(), "' cannot be resumed with this study: ", problem,
                                             "; resume needs the same configuration, inputs, trials and seed (or start afresh with --overwrite)"));
                resumed_ = true;
                if (!staged_always) {
                    work_ = target_;
                    return;
                }
            } else {
                require(overwrite, cat("output folder '", target_.string(), "' exists; continue it with --resume or replace it with --overwrite"));
            }
            check_replaceable(target_, inputs);
            replaces_ = true;
            stage();
        } else if (staged_always) {
            stage();
        } else {
            work_ = target_;
            fs::create_directory(work_);
        }
    }
    ~study_folder() { discard(); }
    study_folder(const study_folder&) = delete;
    study_folder& operator=(const study_folder&) = delete;

    const fs::path& work() const { return work_; }      ///< where files are written now
    const fs::path& target() const { return target_; }  ///< where the study ends up
    bool staged() const { return staged_; }
    bool resumed() const { return resumed_; }
    /// What became of the target when a staged study is discarded (for messages).
    std::string left_as_it_was() const {
        return replaces_ ? cat("the existing study in ", target_.string(), "/ is unchanged") : cat("no folder ", target_.string(), "/ was made");
    }
    void commit() {
        if (staged_) swap_into_place(work_, target_);
        committed_ = true;
    }

private:
    // Write into a new staging folder; removed again if filling it fails here (the destructor of
    // an object whose constructor threw never runs).
    void stage() {
        work_ = staging_path(target_);
        staged_ = true;
        fs::create_directory(work_);
        try {
            if (resumed_) link_points(target_, work_);
        } catch (...) {
            discard();
            throw;
        }
    }
    void discard() noexcept {
        if (staged_ && !committed_) {
            std::error_code ignored;
            fs::remove_all(work_, ignored);
        }
    }

    fs::path target_;
    folder_lock lock_;
    fs::path work_;
    bool staged_ = false;
    bool resumed_ = false;
    bool replaces_ = false;  ///< a staged study replaces an existing folder
    bool committed_ = false;
};

std::string resume_command(const std::string& command_line) {
    const std::string flag = " --resume";
    const std::size_t at = command_line.find(flag);
    const bool given = at != std::string::npos && (at + flag.size() == command_line.size() || command_line[at + flag.size()] == ' ');
    return given ? command_line : command_line + flag;
}

const char* demo_config_text() { return demo_config; }

study_inputs inputs_of(const study_spec& spec, const std::string& kind) {
    study_inputs in;
    std::string replay_digest;  // hex CRC-64 of the replay events ("" without replay)
    const auto& events = spec.base.input.replay_events;
    if (spec.base.input.kind == input_kind::replay) {
        std::string bytes;
        for (const input_event& ev : events) {
            bytes.append(reinterpret_cast<const char*>(&ev.t_ms), sizeof ev.t_ms);
            bytes.append(reinterpret_cast<const char*>(&ev.jump_mv), sizeof ev.jump_mv);
            bytes.append(reinterpret_cast<const char*>(&ev.source), sizeof ev.source);
        }
        replay_digest = hex(h5::checksum_of(bytes));
    }
    in.settings = cat("kind = ", kind, "\ntrials = ", spec.base.run.n_trials, "\nseed = ", spec.base.run.seed,
                      "\nreplay_events_crc64 = ", replay_digest.empty() ? std::string("none") : replay_digest,
                      "\nhhsim_version = ", HHSIM_VERSION, "\nrng_layout = ", rng::layout_version, "\n");
    in.digest = h5::checksum_of(in.settings + spec.config_text);
    return in;
}

study_spec load_spec(const study_options& o, const std::string& kind) {
    require(!o.config_path.empty() || o.demo,
            cat("hhsim ", kind, " needs a configuration file: hhsim ", kind, " CONFIG.toml. Start from `hhsim config --print-defaults > ",
                "study.toml` (every key) or `hhsim config --print-demo` (the built-in demo); `hhsim ", kind, " --demo` runs the demo"));
    require(o.config_path.empty() || !o.demo, cat("hhsim ", kind, ": give a configuration file or --demo, not both"));
    const std::string origin = o.demo ? "built-in demo" : o.config_path;
    study_spec spec = parse_study_config(o.demo ? std::string(demo_config) : read_text_file(o.config_path, "config"), origin,
                                         static_cast<std::size_t>(o.max_grid_points));
    if (o.trials) spec.base.run.n_trials = *o.trials;
    if (o.seed) spec.base.run.seed = *o.seed;
    if (o.threads) spec.base.run.n_threads = *o.threads;
    if (!o.out.empty()) spec.output_folder = o.out;
    return spec;
}

std::optional<compare_pair> check_study(const study_spec& spec, const study_options& o, const std::string& kind) {
    const bool compare = kind == "compare";
    const std::string origin = o.demo ? "built-in demo" : o.config_path;
    require(spec.base.run.n_trials >= 2, cat("--trials = ", spec.base.run.n_trials, " is invalid; a study needs >= 2 trials per point"));
    if (compare) {
        require(spec.base.input.kind == input_kind::shot || spec.base.input.kind == input_kind::per_source,
                cat("config '", origin, "': input.kind = \"", to_string(spec.base.input.kind),
                    "\" cannot be compared with its diffusion approximation; use \"shot\" or \"per-source\""));
    }
    const compare_pair pair = compare_integrators(spec);
    const std::size_t n_points = point_count(spec);
    // parse_study_config validated every grid point; `compare` adds their diffusion variants, and
    // the command-line overrides (--trials, --seed) apply to all of them. The largest point
    // decides whether the study fits in memory.
    const memory_limit limit = memory_available(o.max_memory, o.max_memory_text);
    const int modes = compare ? 2 : 1;
    // Replay events are the same at every point: checked with point 0 only (a large replay list
    // would otherwise be walked once per point).
    study_spec light = spec;
    if (n_points > 1) light.base.input.replay_events.clear();
    const double replay_bytes = static_cast<double>(spec.base.input.replay_events.size() * sizeof(input_event));
    for_each_point(light, [&](std::size_t i, const scenario& sc) {
        try {
            validate(sc);
            if (compare) validate(diffusion_variant(sc, pair.diffusion));
            memory_estimate need = point_memory(sc, spec.analysis, modes);
            if (n_points > 1 && replay_bytes > 0) need.add("replay events (applied in every trial)", 1.0, replay_bytes);
            check_memory(need, limit, "each grid point");
        } catch (const input_error& e) {
            throw input_error(cat(point_label(spec, i), ": ", e.what()));
        }
    });
    return compare ? std::optional<compare_pair>(pair) : std::nullopt;
}

study_run::study_run(study_spec spec, const study_options& o, std::string kind, const std::string& folder, const std::string& settings_note,
                     folder_writing writing)
    : spec_(std::move(spec)), options_(o), kind_(std::move(kind)) {
    pair_ = check_study(spec_, o, kind_);
    if (!folder.empty()) spec_.output_folder = folder;
    inputs_ = inputs_of(spec_, kind_);
    study_inputs written = inputs_;
    written.settings += settings_note;
    const std::string replay_name = cat("'", spec_.replay_csv_path, "' (input.replay_csv)");
    const fs::path config_file = o.demo ? fs::path() : fs::path(o.config_path);
    out_ = std::make_unique<study_folder>(spec_.output_folder, o.resume, o.overwrite, writing, std::vector<fs::path>{config_file, spec_.replay_csv_path}, [&] {
        return resume_mismatch(folder_path(spec_.output_folder), spec_, written, kind_, replay_name);
    });
    const fs::path& work = out_->work();
    fs::create_directories(work / "points");
    write_marker(work, kind_);
    write_text_file(work / "config.toml", spec_.config_text);
    write_text_file(work / "settings.txt", written.settings);
    write_study_parameters(work, spec_, o.command_line);

    // Finished points of an earlier run are kept if they pass their checks; the others are recomputed.
    points_.resize(point_count(spec_));
    for (std::size_t i = 0; i < points_.size(); ++i) {
        const fs::path file = point_path(work, i);
        if (!out_->resumed() || !fs::exists(file)) continue;
        const point_file_check check = check_point_file(file, origin(i));
        // Another study's file, or another point's, is a mistake to show, not a point to recompute.
        require(check.state != point_file_state::foreign && check.state != point_file_state::misplaced, cat("--resume: ", check.message));
        if (check.state == point_file_state::good) {
            points_[i] = read_point_summary(file);
            points_[i]->values = point_values(spec_, i);
            ++finished_;
        } else {
            std::cerr << "hhsim: " << check.message << "\n";
        }
    }
}

study_run::~study_run() = default;

const fs::path& study_run::folder() const { return out_->work(); }
const fs::path& study_run::target() const { return out_->target(); }
bool study_run::resumed() const { return out_->resumed(); }
point_origin study_run::origin(std::size_t i) const { return origin_of(spec_, inputs_.digest, i); }

std::vector<std::size_t> study_run::missing_points() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < points_.size(); ++i) {
        if (!points_[i]) out.push_back(i);
    }
    return out;
}

std::int64_t study_run::neuron_steps(std::int64_t trials) const { return modes() * trials * step_count(spec_.base.run); }

void study_run::add_point(std::size_t i, point_result p) {
    write_point_file(point_path(folder(), i), p, origin(i));
    for (mode_result& m : p.modes) {  // the point file has the spikes; keep only what the tables need
        m.rec = recording{};
        m.pooled_isi_ms.clear();
    }
    if (!points_[i]) ++finished_;
    points_[i] = std::move(p);
    mark_running();
}

void study_run::add_point_image(std::size_t i, const std::vector<char>& bytes) {
    write_file_bytes(point_path(folder(), i), bytes);
    adopt_point_file(i);
}

void study_run::adopt_point_file(std::size_t i) {
    const fs::path file = point_path(folder(), i);
    const point_file_check check = check_point_file(file, origin(i));
    require(check.state == point_file_state::good, check.message);
    point_result p = read_point_summary(file);
    p.values = point_values(spec_, i);
    if (!points_[i]) ++finished_;
    points_[i] = std::move(p);
    mark_running();
}

void study_run::mark_running() {
    write_status(folder(), finished_, points_.size(), status_note_.empty() ? cat("running, pid ", ::getpid()) : status_note_);
}

void study_run::mark_stopping(int signal) {
    status_note_ = cat("stopped by signal ", signal, "; continue with --resume");
    mark_running();
}

void study_run::set_status(const std::string& text) { write_text_file(folder() / "STATUS", text); }

void study_run::mark_failed(const std::string& what) noexcept {
    try {
        if (out_->staged()) {
            std::cerr << "hhsim: " << out_->left_as_it_was() << "\n";
            return;
        }
        write_failed_status(folder(), finished_, points_.size(), what);
    } catch (const std::exception&) {
        // STATUS could not be written either (the disk is full): the error itself is reported.
    }
}

int study_run::finish(bool interrupted, const std::string& how_to_continue, int stop_signal) {
    // The signal that stopped the work: this process's, or (MPI) the one another rank received.
    const auto signal = [&] { return stop_on_signals::requested() ? stop_on_signals::signal_number() : stop_signal; };
    const auto interrupted_status = [&] { return signal() > 0 ? 128 + signal() : 1; };
    const auto discard_staged = [&] {
        std::cerr << "hhsim: interrupted by signal " << signal() << "; the new study was discarded and " << out_->left_as_it_was() << "\n";
        return interrupted_status();
    };
    if (interrupted && out_->staged()) return discard_staged();
    const std::size_t n_points = points_.size();
    const bool complete = finished_ == n_points;
    const study_context ctx{spec_, kind_, options_.command_line, folder(), n_points};
    // Each output in turn, said on the progress line. A signal that arrives while they are written
    // stops between them (and between the point files study.h5 copies), leaving STATUS incomplete
    // and a folder --resume completes. After a signal during the computation the outputs of the
    // finished points are written (linear in the points); a second signal ends the process at once.
    const bool stopped_before = interrupted;
    const auto stop_now = [&] { return !stopped_before && stop_on_signals::requested(); };
    const auto stage = [&](const std::string& what) {
        if (stop_now()) throw run_interrupted("writing the outputs: stopped on request");
        announce_stage(what, options_.quiet, started_);
    };
    try {
        stage(cat("writing tables/ (", finished_, " grid points)"));
        write_table_files(folder(), "summary", summary_table(ctx, points_));
        if (pair_) write_table_files(folder(), "comparison", comparison_table(ctx, points_));
        write_table_files(folder(), "compact", compact_table(ctx, points_));
        write_text_file(folder() / "tables" / "paper.tex", paper_table(ctx, points_));
        stage("writing study.h5");
        write_study_file(ctx, points_, stopped_before ? nullptr : &stop_on_signals::flag());
        if (!options_.no_plots) stage("drawing the figures");
        const std::string figures = options_.no_plots ? cat("Figures not drawn (--no-plots); draw them with `python3 ", HHSIM_PLOT_SCRIPT, " -- ",
                                                            quoted(target().string()), "`.\n")
                                                      : make_figures(folder(), target(), options_.quiet);
        stage("writing report.md");
        write_report(ctx, points_, complete, figures);
        end_stages(options_.quiet);
        if (stop_now()) throw run_interrupted("writing the outputs: stopped on request");
        if (interrupted && out_->staged()) return discard_staged();
        // The last file: complete only now (a signal after the last point leaves a complete study).
        write_status(folder(), finished_, n_points, interrupted && !complete ? status_note_ : std::string());
        out_->commit();
    } catch (const run_interrupted&) {
        end_stages(options_.quiet);
        if (out_->staged()) return discard_staged();
        mark_stopping(signal());
        std::cerr << "hhsim: interrupted by signal " << signal() << " while writing the outputs; " << finished_ << " of " << n_points
                  << " grid points are finished and kept in " << target().string() << "/. Continue with: " << how_to_continue << "\n";
        return interrupted_status();
    } catch (const std::exception& e) {
        end_stages(options_.quiet);
        mark_failed(e.what());
        throw;
    }

    if (interrupted) {
        if (complete) {
            std::cerr << "hhsim: interrupted by signal " << signal() << " after the last grid point; the study in " << target().string()
                      << "/ is complete\n";
        } else {
            std::cerr << "hhsim: interrupted; " << finished_ << " of " << n_points << " grid points are finished and kept in " << target().string()
                      << "/. Continue with: " << how_to_continue << "\n";
        }
        return interrupted_status();
    }
    if (!options_.quiet) {
        std::cout << "hhsim " << kind_ << ": " << n_points << " grid point(s) x " << spec_.base.run.n_trials << " trials" << (pair_ ? " x 2 inputs" : "")
                  << " -> " << target().string() << "/ (report.md, study.h5, tables/, figures/)\n";
    }
    return 0;
}

int study_run::finish_shard(bool interrupted, const std::string& status) {
    if (interrupted && out_->staged()) {
        std::cerr << "hhsim: interrupted by signal " << stop_on_signals::signal_number() << "; the new shard was discarded and "
                  << out_->left_as_it_was() << "\n";
        return stop_on_signals::exit_status();
    }
    set_status(status);
    out_->commit();
    return interrupted ? stop_on_signals::exit_status() : 0;
}

int compute_here(study_run& run, const study_options& o) {
    const std::vector<std::size_t> pending = run.missing_points();
    progress_meter progress(static_cast<std::int64_t>(pending.size()) * run.neuron_steps(run.spec().base.run.n_trials), o.quiet);
    const stop_on_signals signals;
    run_hooks hooks;
    hooks.stop_requested = &stop_on_signals::flag();
    hooks.on_progress = [&progress](std::int64_t n) { progress.add(n); };
    run.mark_running();
    bool interrupted = false;
    try {
        for (const std::size_t i : pending) {
            run.add_point(i, compute_point(run.spec(), i, run.pair(), hooks, [&](const std::string& mode, const scenario& sc) {
                              progress.stage(cat("point ", i + 1, "/", run.n_points(), " ", mode), sc.run.n_trials, step_count(sc.run));
                          }));
            if ((interrupted = stop_on_signals::requested())) break;
        }
    } catch (const run_interrupted&) {
        interrupted = true;
    } catch (const std::exception& e) {
        progress.finish();
        run.mark_failed(e.what());
        throw;
    }
    progress.finish();
    return run.finish(interrupted, resume_command(o.command_line));
}

}  // namespace hhsim::drivers
