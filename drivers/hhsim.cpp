// hhsim: one program, one subcommand per job. Errors: exit 2 for bad input, 3 for numerical failure.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "core/error.hpp"
#include "drivers/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"hhsim: Hodgkin-Huxley neurons driven by Poisson spike trains, for stochastic analysis"};
    app.require_subcommand(0, 1);
    std::string command_line = "hhsim";
    for (int i = 1; i < argc; ++i) command_line += std::string(" ") + argv[i];
    auto run = hhsim::drivers::add_run_command(app, command_line);
    auto bench = hhsim::drivers::add_bench_command(app);
    auto study = hhsim::drivers::add_study_commands(app, command_line, "study");
    auto compare = hhsim::drivers::add_study_commands(app, command_line, "compare");
    auto config = hhsim::drivers::add_config_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (app.got_subcommand("bench")) return bench();
        if (app.got_subcommand("study")) return study();
        if (app.got_subcommand("compare")) return compare();
        if (app.got_subcommand("config")) return config();
        return run();  // `hhsim` alone runs the default scenario
    } catch (const hhsim::input_error& e) {
        std::cerr << "hhsim: error: " << e.what() << '\n';
        return 2;
    } catch (const hhsim::numerics_error& e) {
        std::cerr << "hhsim: error: " << e.what() << '\n';
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "hhsim: error: " << e.what() << '\n';
        return 4;
    }
}
