// Issue 7 items 4, 5, 7, 9 (drivers side): strict value parsing, the replay file format, and the
// memory estimates that refuse impossible sizes.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/memory_estimate.hpp"
#include "drivers/cli_values.hpp"
#include "drivers/memory_budget.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/point_file.hpp"

using namespace hhsim;
using namespace hhsim::drivers;
using Catch::Matchers::Contains;

TEST_CASE("regression: whole numbers are taken exactly as written", "[unit]") {
    CHECK(parse_whole("0", "--seed", 0, 10) == 0);
    CHECK(parse_whole("+7", "--seed", 0, 10) == 7);
    CHECK(parse_whole("-3", "--x", -5, 5) == -3);
    CHECK(parse_whole("9223372036854775807", "--seed", 0, INT64_MAX) == INT64_MAX);
    for (const char* bad : {"", "-1", "1e3", "2.5", "18446744073709551616", "9223372036854775808", "0x10", " 1", "1 ", "+-1", "--1", "one"}) {
        CHECK_THROWS_AS(parse_whole(bad, "--seed", 0, INT64_MAX), input_error);
    }
    CHECK_THROWS_WITH(parse_whole("", "--seed", 0, 5), Contains("--seed is empty"));
    CHECK_THROWS_WITH(parse_whole("-1", "--seed", 0, 5), Contains("--seed = -1") && Contains("[0, 5]"));
}

TEST_CASE("regression: real numbers are finite and complete", "[unit]") {
    CHECK(parse_real("0.01", "--dt-ms") == 0.01);
    CHECK(parse_real("-4", "--je-mv") == -4.0);
    CHECK(parse_real("+1e-3", "--dt-ms") == 1e-3);
    for (const char* bad : {"", "nan", "inf", "-inf", "1e999", "0.01ms", "1,5", " 2", "+-1", "abc"}) {
        CHECK_THROWS_AS(parse_real(bad, "--dt-ms"), input_error);
    }
    CHECK_THROWS_WITH(parse_real("", "--rate-hz"), Contains("--rate-hz is empty"));
}

TEST_CASE("regression: byte sizes take decimal and binary units", "[unit]") {
    CHECK(parse_byte_size("512", "--max-memory") == 512.0);
    CHECK(parse_byte_size("1.5G", "--max-memory") == 1.5e9);
    CHECK(parse_byte_size("8Gi", "--max-memory") == 8.0 * 1024 * 1024 * 1024);
    CHECK(parse_byte_size("200MB", "--max-memory") == 2e8);
    for (const char* bad : {"", "0", "lots", "5X", "-1G", "G"}) CHECK_THROWS_AS(parse_byte_size(bad, "--max-memory"), input_error);
}

namespace {
std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}
}  // namespace

TEST_CASE("regression: the replay format is enforced with line numbers", "[unit]") {
    const auto good = write_temp("hhsim_replay_good.csv", "\xef\xbb\xbf# c\r\n\r\ntime_ms,jump_mV,source\r\n 4.5 , -1 , 3\r\n# mid\r\n1,2,0\r\n");
    const std::vector<input_event> ev = read_replay_csv(good, "--replay");
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].t_ms == 4.5);
    CHECK(ev[0].jump_mv == -1.0);
    CHECK(ev[0].source == 3);
    CHECK(ev[1].source == 0);
    run_params run;
    run.dt_ms = 0.01;
    run.t_end_ms = 2.0;
    CHECK(events_after(ev, run) == 1);
    // Issue 15 item 11: an event within the grid snap above t_end belongs to the last step and is
    // applied (the message must not call it late); one a hundredth of a step later is not.
    const std::vector<input_event> edge{{2.0 + 1e-14, 1.0, -1, true}, {2.0 + 1e-4, 1.0, -1, true}};
    CHECK(events_after(edge, run) == 1);
    const auto no_source = write_temp("hhsim_replay_two.csv", "5,2\n");
    CHECK(read_replay_csv(no_source, "--replay").front().source == -1);
    const std::vector<std::pair<std::string, std::string>> bad{
        {"nan,1\n", "line 1"},          {"1,2\n3,4,5\n", "line 2"},       {"time,jump\n1,2\n", "line 1"},
        {"1,2,-4\n", "source"},         {"1,2,1.5\n", "source"},          {"0,1\n", "> 0"},
        {"# only a comment\n", "no events"}, {"1,2\r\nx,3\r\n", "line 2"}, {"1;2\n", "line 1"}};
    for (const auto& [text, fragment] : bad) {
        const auto path = write_temp("hhsim_replay_bad.csv", text);
        CHECK_THROWS_WITH(read_replay_csv(path, "--replay"), Contains(fragment) && !Contains("\r"));
    }
    CHECK_THROWS_WITH(read_replay_csv(std::filesystem::temp_directory_path(), "--replay"), Contains("folder"));
    for (const char* name : {"hhsim_replay_good.csv", "hhsim_replay_two.csv", "hhsim_replay_bad.csv"}) {
        std::filesystem::remove(std::filesystem::temp_directory_path() / name);
    }
}

TEST_CASE("regression: memory estimates count what a run and a study point hold", "[unit]") {
    scenario sc = default_scenario();
    sc.run.n_trials = 1'000'000'000;
    const memory_estimate huge = simulation_memory(sc);
    CHECK(huge.total_bytes() > 1e10);  // at least 24 bytes of spike-train header per trial
    CHECK_THROWS_WITH(check_memory(huge, {8e9, "test limit"}, "this run"), Contains("this run") && Contains("GB") && Contains("test limit"));
    CHECK_NOTHROW(check_memory(huge, {0.0, "unknown"}, "this run"));  // no limit known: no refusal

    scenario traced = default_scenario();
    traced.run.t_end_ms = 1e8;
    traced.record.trace_trials = {0};
    traced.record.trace_every_steps = 1;
    CHECK(simulation_memory(traced).total_bytes() > 1e10 * 9 * 8 * 0.99);  // 1e10 samples of 9 doubles

    analysis_spec a;
    a.bootstrap_resamples = 1'000'000'000'000;
    CHECK(point_memory(default_scenario(), a, 1).total_bytes() > 4e13);
    analysis_spec fano;
    fano.fano_windows_ms = {1e-7};
    scenario study_sc = default_scenario();
    study_sc.run.n_trials = 200;
    study_sc.run.t_end_ms = 1000.0;
    CHECK(point_memory(study_sc, fano, 1).total_bytes() > 200 * 9e9 * 8 * 0.99);
    CHECK(point_memory(study_sc, analysis_spec{}, 2).total_bytes() == Approx(2 * point_memory(study_sc, analysis_spec{}, 1).total_bytes()));
}
