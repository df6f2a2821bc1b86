// `hhsim study`, `hhsim compare`, `hhsim merge` and `hhsim config`: the command lines of Monte Carlo
// studies over a parameter grid. What a study does is in study_run.hpp (and study_shards.hpp,
// study_mpi.hpp for the ways of spreading it over processes).
#include <iostream>
#include <memory>

#include "core/error.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"
#include "drivers/config.hpp"
#include "drivers/mpi_world.hpp"
#include "drivers/study_mpi.hpp"
#include "drivers/study_run.hpp"
#include "drivers/study_shards.hpp"

namespace hhsim::drivers {

namespace {
int execute_study(const study_options& o, const std::string& kind) {
    mpi_world* world = mpi_world::current();
    if (world != nullptr && world->active()) {
        require(o.shards == 0, "--shard is for job arrays of separate processes; under mpirun the ranks divide the work themselves (drop --shard)");
        return run_study_mpi(o, kind, *world);
    }
    if (o.shards > 0) return run_shard(o, kind);
    study_run run(load_spec(o, kind), o, kind);
    return compute_here(run, o);
}
}  // namespace

std::function<int()> add_study_commands(CLI::App& app, const std::string& command_line, const std::string& which) {
    auto o = std::make_shared<study_options>();
    o->command_line = command_line;
    o->max_grid_points = static_cast<std::int64_t>(default_max_grid_points);
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
    cmd->add_option_function<std::string>(
        "--shard",
        [o](const std::string& text) {
            const std::size_t slash = text.find('/');
            require_that(slash != std::string::npos, "--shard = ", quoted(text), " is invalid; must be I/N, shard I (0-based) of N, e.g. 0/4");
            o->shards = static_cast<int>(parse_whole(text.substr(slash + 1), "--shard N", 1, 100000));
            o->shard = static_cast<int>(parse_whole(text.substr(0, slash), "--shard I", 0, o->shards - 1));
        },
        "compute only shard I of N of the study (a job-array task), into FOLDER.shard-I-of-N; then `hhsim merge`");
    return [o, which]() { return execute_study(*o, which); };
}

std::function<int()> add_merge_command(CLI::App& app, const std::string& command_line) {
    auto o = std::make_shared<study_options>();
    auto folders = std::make_shared<std::vector<std::string>>();
    o->command_line = command_line;
    o->max_grid_points = 1'000'000;  // the shards were checked against their own limit
    CLI::App* cmd = app.add_subcommand("merge", "assemble a study from the shard folders of `hhsim study|compare --shard I/N` (docs/cluster.md)");
    add_texts(*cmd, "folders", *folders, "the shard folders FOLDER.shard-0-of-N ... FOLDER.shard-(N-1)-of-N, all of them");
    add_text(*cmd, "--out", o->out, "the study folder (default: the shard folders' name without .shard-I-of-N, beside them)");
    cmd->add_flag("--resume", o->resume, "continue a merge into an existing study folder");
    cmd->add_flag("--overwrite", o->overwrite, "replace an existing study folder that hhsim made");
    cmd->add_flag("--quiet", o->quiet, "no progress and no summary line");
    cmd->add_flag("--no-plots", o->no_plots, "do not call the plotting script");
    return [o, folders]() { return run_merge(*o, *folders); };
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
        std::cout << (*table ? parameters_markdown() : *demo ? std::string(demo_config_text()) : default_config_text());
        return 0;
    };
}

}  // namespace hhsim::drivers
