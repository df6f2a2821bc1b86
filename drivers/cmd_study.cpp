// `hhsim study` and `hhsim compare`: Monte Carlo studies over a parameter grid, resumable, with
// tables, HDF5, figures and a report. `hhsim config --print-defaults`: a configuration to start from.
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "drivers/commands.hpp"
#include "drivers/progress.hpp"
#include "drivers/study_output.hpp"
#include "drivers/study_point.hpp"
#include "drivers/study_spec.hpp"

namespace hhsim::drivers {

namespace {
namespace fs = std::filesystem;

std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int) { stop_requested.store(true); }

/// SIGINT and SIGTERM set stop_requested while a study runs; the previous handlers come back after.
class stop_on_signals {
public:
    stop_on_signals() : old_int_(std::signal(SIGINT, request_stop)), old_term_(std::signal(SIGTERM, request_stop)) {
        stop_requested.store(false);
    }
    ~stop_on_signals() {
        std::signal(SIGINT, old_int_);
        std::signal(SIGTERM, old_term_);
    }
    stop_on_signals(const stop_on_signals&) = delete;
    stop_on_signals& operator=(const stop_on_signals&) = delete;

private:
    void (*old_int_)(int);
    void (*old_term_)(int);
};

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
    std::string out;
    std::int64_t trials = 0;
    std::uint64_t seed = 0;
    bool seed_given = false;
    int threads = -1;
    bool resume = false;
    bool overwrite = false;
    bool quiet = false;
    bool no_plots = false;
    std::string command_line;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    require(in.good(), cat("config: cannot read '", path, "'"));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The settings that decide the numbers, beyond the config text: a resumed study must match them.
std::string effective_settings(const study_spec& spec, const std::string& kind) {
    return cat("kind = ", kind, "\ntrials = ", spec.base.run.n_trials, "\nseed = ", spec.base.run.seed, "\n");
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser: distinct bootstrap seeds per point and mode
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// A python3 with matplotlib and h5py: Debian's own first (python3-matplotlib, python3-h5py are
// installed for it), then whatever python3 is on PATH. Empty if none has them.
std::string plotting_python() {
    for (const char* candidate : {"/usr/bin/python3", "python3"}) {
        if (std::system(cat(candidate, " -c 'import matplotlib, h5py' >/dev/null 2>&1").c_str()) == 0) return candidate;
    }
    return "";
}

// Draw the figures with the plotting script when python3 has matplotlib and h5py.
std::string make_figures(const fs::path& folder, bool quiet) {
    const std::string script = HHSIM_PLOT_SCRIPT;
    if (!fs::exists(script)) return cat("No figures: the plotting script ", script, " is missing.\n");
    const std::string python = plotting_python();
    const std::string how = cat(python.empty() ? std::string("python3") : python, " ", script, " ", folder.string());
    if (python.empty()) {
        if (!quiet) std::cerr << "hhsim: figures skipped (python3 with matplotlib and h5py not found); draw them later with: " << how << "\n";
        return cat("No figures yet: python3 with matplotlib and h5py was not found. Draw them with `", how, "`.\n");
    }
    const int rc = std::system(cat(how, " >", (folder / "figures.log").string(), " 2>&1").c_str());
    if (rc != 0) {
        if (!quiet) std::cerr << "hhsim: the plotting script failed; see " << (folder / "figures.log").string() << "\n";
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

int execute_study(const study_options& o, const std::string& kind) {
    const bool compare = kind == "compare";
    const std::string origin = o.config_path.empty() ? "built-in demo" : o.config_path;
    study_spec spec = parse_study_config(o.config_path.empty() ? std::string(demo_config) : read_file(o.config_path), origin);
    if (o.trials != 0) spec.base.run.n_trials = o.trials;
    if (o.seed_given) spec.base.run.seed = o.seed;
    if (o.threads >= 0) spec.base.run.n_threads = o.threads;
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
    // the command-line overrides (--trials, --seed) apply to all of them.
    for (std::size_t i = 0; i < n_points; ++i) {
        scenario sc = point_scenario(spec, i);
        validate(sc);
        if (compare) {
            sc.input.kind = input_kind::diffusion;
            sc.run.integrator = pair.diffusion;
            sc.run.jumps = jump_timing::step_boundary;
            validate(sc);
        }
    }

    const fs::path folder = spec.output_folder;
    const std::string settings = effective_settings(spec, kind);
    if (fs::exists(folder)) {
        if (o.resume) {
            require(fs::exists(folder / "config.toml") && read_file((folder / "config.toml").string()) == spec.config_text &&
                        fs::exists(folder / "settings.txt") && read_file((folder / "settings.txt").string()) == settings,
                    cat("--resume: '", folder.string(), "' was not made by this configuration, kind, trial count and seed; ",
                        "resume needs the same ones (or start afresh with --overwrite)"));
        } else {
            require(o.overwrite, cat("output folder '", folder.string(), "' exists; continue it with --resume or replace it with --overwrite"));
            fs::remove_all(folder);
        }
    }
    fs::create_directories(folder / "points");
    write_text_file(folder / "config.toml", spec.config_text);
    write_text_file(folder / "settings.txt", settings);

    // Finished points of an earlier run are kept as they are.
    std::vector<std::optional<point_result>> points(n_points);
    std::size_t to_do = 0;
    for (std::size_t i = 0; i < n_points; ++i) {
        const fs::path file = point_path(folder, i);
        if (fs::exists(file)) {
            points[i] = read_point_summary(file);
            points[i]->values = point_values(spec, i);
        } else {
            ++to_do;
        }
    }
    const std::int64_t modes = compare ? 2 : 1;
    const std::int64_t work = static_cast<std::int64_t>(to_do) * modes * spec.base.run.n_trials * step_count(spec.base.run);
    progress_meter progress(work, o.quiet);
    const stop_on_signals signals;
    run_hooks hooks;
    hooks.stop_requested = &stop_requested;
    hooks.on_progress = [&progress](std::int64_t n) { progress.add(n); };

    bool interrupted = false;
    try {
        for (std::size_t i = 0; i < n_points && !interrupted; ++i) {
            if (points[i]) continue;
            point_result p;
            p.index = i;
            p.values = point_values(spec, i);
            const scenario sc = point_scenario(spec, i);
            const std::uint64_t seed_base = mix(spec.base.run.seed ^ mix(i));
            const std::string where = cat("point ", i + 1, "/", n_points);
            progress.stage(cat(where, " ", to_string(sc.input.kind)), sc.run.n_trials, step_count(sc.run));
            p.modes.push_back(run_mode(sc, spec.analysis, seed_base, hooks));
            if (compare) {
                scenario d = sc;
                d.input.kind = input_kind::diffusion;
                d.run.integrator = pair.diffusion;
                d.run.jumps = jump_timing::step_boundary;
                progress.stage(cat(where, " diffusion"), d.run.n_trials, step_count(d.run));
                p.modes.push_back(run_mode(d, spec.analysis, mix(seed_base + 1), hooks));
                p.comparison = compare_modes(p.modes[0], p.modes[1], spec.analysis);
            }
            write_point_file(point_path(folder, i), p);
            for (mode_result& m : p.modes) {  // the point file has the spikes; keep only what the tables need
                m.rec = recording{};
                m.pooled_isi_ms.clear();
            }
            points[i] = std::move(p);
            interrupted = stop_requested.load();
        }
    } catch (const run_interrupted&) {
        interrupted = true;
    }
    progress.finish();

    std::size_t finished = 0;
    for (const auto& p : points) finished += p ? 1 : 0;
    const bool complete = finished == n_points;
    const study_context ctx{spec, kind, o.command_line, folder, n_points};
    write_table_files(folder, "summary", summary_table(ctx, points));
    if (compare) write_table_files(folder, "comparison", comparison_table(ctx, points));
    write_study_file(ctx, points);
    const std::string figures = o.no_plots ? std::string("Figures not drawn (--no-plots); draw them with `python3 ") + HHSIM_PLOT_SCRIPT +
                                                 " " + folder.string() + "`.\n"
                                           : make_figures(folder, o.quiet);
    write_report(ctx, points, complete, figures);
    write_status(folder, finished, n_points);

    if (interrupted) {
        std::cerr << "hhsim: interrupted; " << finished << " of " << n_points << " grid points are finished and kept in "
                  << folder.string() << "/. Continue with: " << o.command_line << " --resume\n";
        return 130;
    }
    if (!o.quiet) {
        std::cout << "hhsim " << kind << ": " << n_points << " grid point(s) x " << spec.base.run.n_trials << " trials" << (compare ? " x 2 inputs" : "")
                  << " -> " << folder.string() << "/ (report.md, study.h5, tables/, figures/)\n";
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
    cmd->add_option("config", o->config_path, "study configuration (TOML); without it the built-in demo study runs")->check(CLI::ExistingFile);
    cmd->add_option("--out", o->out, "output folder (overrides output.folder)");
    cmd->add_option("--trials", o->trials, "trials per grid point (overrides run.trials)");
    cmd->add_option("--seed", o->seed, "study seed (overrides run.seed)")->each([o](const std::string&) { o->seed_given = true; });
    cmd->add_option("--threads", o->threads, "OpenMP threads, 0: all (overrides run.threads; results do not depend on it)");
    cmd->add_flag("--resume", o->resume, "continue an interrupted study in its folder, computing only the missing grid points");
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing output folder");
    cmd->add_flag("--quiet", o->quiet, "no progress and no summary line");
    cmd->add_flag("--no-plots", o->no_plots, "do not call the plotting script");
    return [o, which]() { return execute_study(*o, which); };
}

std::function<int()> add_config_command(CLI::App& app) {
    auto print = std::make_shared<bool>(false);
    auto demo = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("config", "print a complete, commented study configuration to start from");
    cmd->add_flag("--print-defaults", *print, "every key with its unit and default");
    cmd->add_flag("--print-demo", *demo, "the configuration of the built-in demo study");
    return [print, demo]() {
        require(*print || *demo, "config: say what to print: --print-defaults or --print-demo");
        std::cout << (*demo ? std::string(demo_config) : default_config_text());
        return 0;
    };
}

}  // namespace hhsim::drivers
