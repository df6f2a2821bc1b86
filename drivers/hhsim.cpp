// hhsim: one program, one subcommand per job. Exit status (README.md, "Promises"): 0 success,
// 2 invalid input, 3 numerical failure, 4 an I/O or resource failure (disk full, out of memory),
// 128 + N after signal N stopped the work (129 SIGHUP, 130 SIGINT, 143 SIGTERM).
#include <CLI/CLI.hpp>

#include <iostream>
#include <new>
#include <string>

#include "core/error.hpp"
#include "drivers/build_info.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/commands.hpp"
#include "drivers/mpi_world.hpp"
#include "drivers/text_files.hpp"

namespace {
// Under MPI only rank 0 speaks: every rank parses the same command line and meets the same errors.
int hhsim_main(int argc, char** argv, const hhsim::drivers::mpi_world& world) {
    const bool speaks = world.rank() == 0;
    CLI::App app{"hhsim: Hodgkin-Huxley neurons driven by Poisson spike trains, for stochastic analysis"};
    app.set_version_flag("--version", hhsim::drivers::version_text(), "print the version, git revision, compiler, vector ISA and options");
    app.require_subcommand(0, 1);
    std::string command_line = "hhsim";
    for (int i = 1; i < argc; ++i) command_line += std::string(" ") + argv[i];
    auto run = hhsim::drivers::add_run_command(app, command_line);
    auto bench = hhsim::drivers::add_bench_command(app);
    auto study = hhsim::drivers::add_study_commands(app, command_line, "study");
    auto compare = hhsim::drivers::add_study_commands(app, command_line, "compare");
    auto merge = hhsim::drivers::add_merge_command(app, command_line);
    auto config = hhsim::drivers::add_config_command(app);
    try {
        app.parse(argc, argv);
        if (app.get_subcommands().empty()) {
            // Nothing to do was named: say what can be done, and do not run anything.
            std::cerr << app.help() << "\nhhsim: error: name a subcommand (run, study, compare, merge, config, bench), e.g. `hhsim run --help`\n";
            return 2;
        }
        hhsim::drivers::check_openmp_environment();
        hhsim::drivers::check_mpi_launch(world, app.got_subcommand("study") || app.got_subcommand("compare"));
        int status = 0;
        if (app.got_subcommand("run")) status = run();
        if (app.got_subcommand("bench")) status = bench();
        if (app.got_subcommand("study")) status = study();
        if (app.got_subcommand("compare")) status = compare();
        if (app.got_subcommand("merge")) status = merge();
        if (app.got_subcommand("config")) status = config();
        hhsim::drivers::flush_standard_output();
        return status;
    } catch (const CLI::ParseError& e) {
        if (!speaks) return e.get_exit_code() == 0 ? 0 : 2;
        const int status = app.exit(e);
        if (status == 0) {
            try {
                hhsim::drivers::flush_standard_output();  // --help and --version print to standard output
            } catch (const std::exception& failure) {
                std::cerr << "hhsim: error: " << failure.what() << '\n';
                return 4;
            }
            return 0;
        }
        return 2;
    } catch (const hhsim::input_error& e) {
        if (speaks) std::cerr << "hhsim: error: " << e.what() << '\n';
        return 2;
    } catch (const hhsim::numerics_error& e) {
        if (speaks) std::cerr << "hhsim: error: " << e.what() << '\n';
        return 3;
    } catch (const std::bad_alloc&) {
        if (speaks) std::cerr << "hhsim: error: out of memory (an allocation failed outside the stages that say what they allocate)\n";
        return 4;
    } catch (const std::exception& e) {
        if (speaks) std::cerr << "hhsim: error: " << e.what() << '\n';
        return 4;
    }
}
}  // namespace

int main(int argc, char** argv) {
    // MPI is initialised only when a launcher started this process (drivers/mpi_world.hpp).
    const hhsim::drivers::mpi_world world(argc, argv);
    return hhsim_main(argc, argv, world);
}
