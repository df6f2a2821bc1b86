// `hhsim study` and `hhsim compare`: Monte Carlo studies over a parameter grid, resumable, with
// tables, HDF5, figures and a report. `hhsim config --print-defaults`: a configuration to start from.
// The output folder rules (README.md, "Promises"): a new study is written in place (resumable);
// --resume continues it in place; --overwrite computes into a hidden staging folder and swaps it in
// only when complete, so the old study survives any failure or signal.
#include <iomanip>
#include <iostream>
#include <memory>
#include <new>
#include <sstream>
#include <unistd.h>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "drivers/child_process.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"
#include "drivers/hdf5_io.hpp"
#include "drivers/memory_budget.hpp"
#include "drivers/output_folder.hpp"
#include "drivers/progress.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/signals.hpp"
#include "drivers/study_output.hpp"
#include "drivers/config.hpp"
#include "drivers/point_file.hpp"
#include "study/point.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace {
namespace fs = std::filesystem;

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
    std::int64_t max_grid_points = static_cast<std::int64_t>(default_max_grid_points);
    std::string command_line;
};

std::string hex(std::uint64_t x) {
    std::ostringstream out;
    out << std::hex << std::setw(16) << std::setfill('0') << x;
    return out.str();
}

// What every number of the study depends on besides the grid point: the configuration text, the
// replay events (their values, not their file), the command-line overrides, the hhsim version and
// the random-stream layout. settings.txt records them; each point file carries their digest.
struct study_inputs {
    std::string settings;          ///< the text of settings.txt
    std::uint64_t digest = 0;      ///< CRC-64 of settings and configuration
    std::string replay_digest;     ///< hex CRC-64 of the replay events ("" without replay)
};

study_inputs inputs_of(const study_spec& spec, const std::string& kind) {
    study_inputs in;
    const auto& events = spec.base.input.replay_events;
    if (spec.base.input.kind == input_kind::replay) {
        std::string bytes;
        for (const input_event& ev : events) {
            bytes.append(reinterpret_cast<const char*>(&ev.t_ms), sizeof ev.t_ms);
            bytes.append(reinterpret_cast<const char*>(&ev.jump_mv), sizeof ev.jump_mv);
            bytes.append(reinterpret_cast<const char*>(&ev.source), sizeof ev.source);
        }
        in.replay_digest = hex(h5::checksum_of(bytes));
    }
    in.settings = cat("kind = ", kind, "\ntrials = ", spec.base.run.n_trials, "\nseed = ", spec.base.run.seed,
                      "\nreplay_events_crc64 = ", in.replay_digest.empty() ? std::string("none") : in.replay_digest,
                      "\nhhsim_version = ", HHSIM_VERSION, "\nrng_layout = ", rng::layout_version, "\n");
    in.digest = h5::checksum_of(in.settings + spec.config_text);
    return in;
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
    const std::string how = cat(python.empty() ? std::string("python3") : python, " ", script, " ", quoted(shown_folder.string()));
    if (python.empty()) {
        if (!quiet) std::cerr << "hhsim: figures skipped (python3 with matplotlib and h5py not found); draw them later with: " << how << "\n";
        return cat("No figures yet: python3 with matplotlib and h5py was not found. Draw them with `", how, "`.\n");
    }
    const int rc = run_program({python, script, folder.string()}, folder / "figures.log");
    if (rc != 0) {
        if (!quiet) std::cerr << "hhsim: the plotting script failed; see " << (shown_folder / "figures.log").string() << "\n";
        return cat("The plotting script failed (see figures.log); rerun `", how, "`.\n");
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

/// Where a study is written: in place (new or resumed) or in a staging folder that replaces the
/// old study when complete. The lock is held while the object lives.
class study_folder {
public:
    study_folder(const fs::path& target, bool resume, bool overwrite, const std::vector<fs::path>& inputs,
                 const std::function<std::string()>& resume_problem)
        : target_(folder_path(target)), lock_((create_parent(target_), target_)) {
        if (fs::exists(fs::symlink_status(target_))) {
            if (resume) {
                const std::string problem = resume_problem();
                require(problem.empty(), cat("--resume: output folder '", target_.string(), "' cannot be resumed with this study: ", problem,
                                             "; resume needs the same configuration, inputs, trials and seed (or start afresh with --overwrite)"));
                work_ = target_;
                resumed_ = true;
                return;
            }
            require(overwrite, cat("output folder '", target_.string(), "' exists; continue it with --resume or replace it with --overwrite"));
            check_replaceable(target_, inputs);
            work_ = staging_path(target_);
            staged_ = true;
        } else {
            work_ = target_;
        }
        fs::create_directory(work_);
    }
    ~study_folder() {
        if (staged_ && !committed_) {
            std::error_code ignored;
            fs::remove_all(work_, ignored);
        }
    }
    study_folder(const study_folder&) = delete;
    study_folder& operator=(const study_folder&) = delete;

    const fs::path& work() const { return work_; }      ///< where files are written now
    const fs::path& target() const { return target_; }  ///< where the study ends up
    bool staged() const { return staged_; }
    bool resumed() const { return resumed_; }
    void commit() {
        if (staged_) swap_into_place(work_, target_);
        committed_ = true;
    }

private:
    fs::path target_;
    folder_lock lock_;
    fs::path work_;
    bool staged_ = false;
    bool resumed_ = false;
    bool committed_ = false;
};

int execute_study(const study_options& o, const std::string& kind) {
    const bool compare = kind == "compare";
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

    const study_inputs inputs = inputs_of(spec, kind);
    const std::string replay_name = cat("'", spec.replay_csv_path, "' (input.replay_csv)");
    const fs::path config_file = o.demo ? fs::path() : fs::path(o.config_path);
    study_folder out(spec.output_folder, o.resume, o.overwrite, {config_file, spec.replay_csv_path},
                     [&] { return resume_mismatch(folder_path(spec.output_folder), spec, inputs, kind, replay_name); });
    const fs::path& folder = out.work();
    fs::create_directories(folder / "points");
    write_marker(folder, kind);
    write_text_file(folder / "config.toml", spec.config_text);
    write_text_file(folder / "settings.txt", inputs.settings);
    write_study_parameters(folder, spec, o.command_line);

    // Finished points of an earlier run are kept if they pass their checks; the others are recomputed.
    std::vector<std::optional<point_result>> points(n_points);
    std::size_t to_do = 0;
    for (std::size_t i = 0; i < n_points; ++i) {
        const fs::path file = point_path(folder, i);
        if (out.resumed() && fs::exists(file)) {
            const point_file_check check = check_point_file(file, inputs.digest);
            require(check.state != point_file_state::foreign, cat("--resume: ", check.message));
            if (check.state == point_file_state::good) {
                points[i] = read_point_summary(file);
                points[i]->values = point_values(spec, i);
                continue;
            }
            std::cerr << "hhsim: " << check.message << "\n";
        }
        ++to_do;
    }
    std::size_t finished = n_points - to_do;
    const auto running = [&] { return cat("running, pid ", ::getpid()); };
    write_status(folder, finished, n_points, running());

    const std::int64_t work = static_cast<std::int64_t>(to_do) * modes * spec.base.run.n_trials * step_count(spec.base.run);
    progress_meter progress(work, o.quiet);
    const stop_on_signals signals;
    run_hooks hooks;
    hooks.stop_requested = &stop_on_signals::flag();
    hooks.on_progress = [&progress](std::int64_t n) { progress.add(n); };
    const study_context ctx{spec, kind, o.command_line, folder, n_points};

    // Any failure: in place, STATUS says what failed (finished points stay, --resume continues);
    // staged, the staging folder goes and the old study stays as it was.
    const auto report_failure = [&](const std::string& what) {
        progress.finish();
        if (out.staged()) {
            std::cerr << "hhsim: the existing study in " << out.target().string() << "/ is unchanged\n";
            return;
        }
        try {
            write_failed_status(folder, finished, n_points, what);
        } catch (const std::exception&) {
            // STATUS could not be written either (the disk is full): the error itself is reported.
        }
    };
    bool interrupted = false;
    try {
        for (std::size_t i = 0; i < n_points && !interrupted; ++i) {
            if (points[i]) continue;
            point_result p = compute_point(spec, i, compare ? std::optional<compare_pair>(pair) : std::nullopt, hooks,
                                           [&](const std::string& mode, const scenario& sc) {
                                               progress.stage(cat("point ", i + 1, "/", n_points, " ", mode), sc.run.n_trials, step_count(sc.run));
                                           });
            write_point_file(point_path(folder, i), p, inputs.digest);
            for (mode_result& m : p.modes) {  // the point file has the spikes; keep only what the tables need
                m.rec = recording{};
                m.pooled_isi_ms.clear();
            }
            points[i] = std::move(p);
            ++finished;
            write_status(folder, finished, n_points, running());
            interrupted = stop_on_signals::requested();
        }
    } catch (const run_interrupted&) {
        interrupted = true;
    } catch (const std::exception& e) {
        report_failure(e.what());
        throw;
    }
    progress.finish();

    if (interrupted && out.staged()) {
        std::cerr << "hhsim: interrupted by signal " << stop_on_signals::signal_number() << "; the new study was discarded and the existing one in "
                  << out.target().string() << "/ is unchanged\n";
        return stop_on_signals::exit_status();
    }
    const bool complete = finished == n_points;
    try {
        write_table_files(folder, "summary", summary_table(ctx, points));
        if (compare) write_table_files(folder, "comparison", comparison_table(ctx, points));
        write_text_file(folder / "tables" / "paper.tex", paper_table(ctx, points));
        write_study_file(ctx, points);
        const std::string figures = o.no_plots ? cat("Figures not drawn (--no-plots); draw them with `python3 ", HHSIM_PLOT_SCRIPT, " ",
                                                     quoted(out.target().string()), "`.\n")
                                               : make_figures(folder, out.target(), o.quiet);
        write_report(ctx, points, complete, figures);
        write_status(folder, finished, n_points);
        if (!interrupted && stop_on_signals::requested()) interrupted = true;  // a signal while writing the outputs
        if (interrupted && out.staged()) {
            std::cerr << "hhsim: interrupted by signal " << stop_on_signals::signal_number()
                      << "; the new study was discarded and the existing one in " << out.target().string() << "/ is unchanged\n";
            return stop_on_signals::exit_status();
        }
        out.commit();
    } catch (const std::exception& e) {
        report_failure(e.what());
        throw;
    }

    if (interrupted) {
        std::cerr << "hhsim: interrupted; " << finished << " of " << n_points << " grid points are finished and kept in "
                  << out.target().string() << "/. Continue with: " << o.command_line << " --resume\n";
        return stop_on_signals::exit_status();
    }
    if (!o.quiet) {
        std::cout << "hhsim " << kind << ": " << n_points << " grid point(s) x " << spec.base.run.n_trials << " trials" << (compare ? " x 2 inputs" : "")
                  << " -> " << out.target().string() << "/ (report.md, study.h5, tables/, figures/)\n";
    }
    return 0;
}
}  // namespace

std::function<int()> add_study_commands(CLI::App& app, const std::string& command_line, const std::string& which) {
    auto o = std::make_shared<study_options>();
    o->command_line = command_line;
    const bool compare = which == "compare";
    CLI::App* cmd = app.add_subcommand(which, compare ? "run a study twice, with shot noise and with its diffusion approximation, and compare"
                                                      : "Monte Carlo study over a parameter grid (docs/config.md)");
    add_text(*cmd, "config", o->config_path, "study configuration (TOML); `hhsim config --print-defaults` writes one to start from");
    cmd->add_flag("--demo", o->demo, "run the built-in demo study (`hhsim config --print-demo` shows its configuration)");
    add_text(*cmd, "--out", o->out, "output folder (overrides output.folder)");
    cmd->add_option_function<std::string>(
        "--trials", [o](const std::string& t) { o->trials = parse_whole(t, "--trials", 2, max_trial_index); },
        "trials per grid point (overrides run.trials), >= 2");
    cmd->add_option_function<std::string>(
        "--seed", [o](const std::string& t) { o->seed = static_cast<std::uint64_t>(parse_whole(t, "--seed", 0, static_cast<std::int64_t>(max_seed))); },
        "study seed (overrides run.seed)");
    cmd->add_option_function<std::string>(
        "--threads", [o](const std::string& t) { o->threads = static_cast<int>(parse_whole(t, "--threads", 0, max_threads())); },
        cat("OpenMP threads, 0: all, at most ", max_threads(), " (overrides run.threads; results do not depend on it)"));
    cmd->add_flag("--resume", o->resume, "continue an interrupted study in its folder, computing only the missing grid points");
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing study folder that hhsim made, atomically when the new one is complete");
    cmd->add_flag("--quiet", o->quiet, "no progress and no summary line");
    cmd->add_flag("--no-plots", o->no_plots, "do not call the plotting script");
    cmd->add_option_function<std::string>(
        "--max-memory",
        [o](const std::string& text) {
            o->max_memory = parse_byte_size(text, "--max-memory");
            o->max_memory_text = text;
        },
        "refuse a study whose grid points need more memory than this (e.g. 4G; default: the memory available)");
    add_whole(*cmd, "--max-grid-points", o->max_grid_points, 1, 1'000'000,
              cat("refuse grids with more points than this (default ", default_max_grid_points, ")"));
    return [o, which]() { return execute_study(*o, which); };
}

std::function<int()> add_config_command(CLI::App& app) {
    auto print = std::make_shared<bool>(false);
    auto demo = std::make_shared<bool>(false);
    auto table = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("config", "print a complete, commented study configuration to start from");
    cmd->add_flag("--print-defaults", *print, "every key with its unit and default");
    cmd->add_flag("--print-demo", *demo, "the configuration of the built-in demo study");
    cmd->add_flag("--print-parameters", *table, "every parameter as a Markdown table (docs/parameters.md)");
    return [print, demo, table]() {
        require(*print || *demo || *table, "config: say what to print: --print-defaults, --print-demo or --print-parameters");
        std::cout << (*table ? parameters_markdown() : *demo ? std::string(demo_config) : default_config_text());
        return 0;
    };
}

}  // namespace hhsim::drivers
