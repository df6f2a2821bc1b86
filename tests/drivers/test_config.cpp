// TOML study configuration (drivers/config.cpp, docs/config.md): defaults, every key, population
// addressing, sweep syntax and grid order, replay paths, and the error messages of bad files.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/error.hpp"
#include "drivers/config.hpp"

using namespace hhsim;
using namespace hhsim::drivers;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

study_spec parse(const std::string& text) { return parse_study_config(text, "study.toml"); }

// The message of the input_error that parsing `text` throws ("" and a failed check if none).
std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const input_error& e) {
        return e.what();
    }
    FAIL_CHECK("no input_error for:\n" << text);
    return "";
}

std::string parse_error_at(const std::string& text, const std::filesystem::path& origin) {
    try {
        parse_study_config(text, origin.string());
    } catch (const input_error& e) {
        return e.what();
    }
    FAIL_CHECK("no input_error for:\n" << text);
    return "";
}

std::string set_error(const std::string& key, double value) {
    scenario sc = default_scenario();
    try {
        set_parameter(sc, key, value);
    } catch (const input_error& e) {
        return e.what();
    }
    FAIL_CHECK("no input_error for set_parameter(" << key << ", " << value << ")");
    return "";
}

void check_same_population(const population& a, const population& b) {
    CHECK(a.count == b.count);
    CHECK(a.rate_hz == b.rate_hz);
    CHECK(a.release_probability == b.release_probability);
    CHECK(a.jump_mv == b.jump_mv);
    CHECK(a.source_rates_hz == b.source_rates_hz);
}

void check_same(const scenario& a, const scenario& b) {
    CHECK(a.model.c_m == b.model.c_m);
    CHECK(a.model.g_na == b.model.g_na);
    CHECK(a.model.g_k == b.model.g_k);
    CHECK(a.model.g_l == b.model.g_l);
    CHECK(a.model.e_na == b.model.e_na);
    CHECK(a.model.e_k == b.model.e_k);
    CHECK(a.model.e_l == b.model.e_l);
    CHECK(a.model.i_app == b.model.i_app);
    CHECK(a.v0_mv == b.v0_mv);
    CHECK(a.input.kind == b.input.kind);
    REQUIRE(a.input.populations.size() == b.input.populations.size());
    for (std::size_t i = 0; i < a.input.populations.size(); ++i) check_same_population(a.input.populations[i], b.input.populations[i]);
    CHECK(a.input.replay_events.size() == b.input.replay_events.size());
    CHECK(a.run.dt_ms == b.run.dt_ms);
    CHECK(a.run.t_end_ms == b.run.t_end_ms);
    CHECK(a.run.n_trials == b.run.n_trials);
    CHECK(a.run.first_trial == b.run.first_trial);
    CHECK(a.run.seed == b.run.seed);
    CHECK(a.run.integrator == b.run.integrator);
    CHECK(a.run.jumps == b.run.jumps);
    CHECK(a.run.n_threads == b.run.n_threads);
    CHECK(a.record.spike_threshold_mv == b.record.spike_threshold_mv);
    CHECK(a.record.spike_rearm_mv == b.record.spike_rearm_mv);
    CHECK(a.record.trace_every_steps == b.record.trace_every_steps);
    CHECK(a.record.event_trials == b.record.event_trials);
    CHECK(a.record.trace_trials == b.record.trace_trials);
    CHECK(a.record.event_trials == b.record.event_trials);
}

void check_same(const analysis_spec& a, const analysis_spec& b) {
    CHECK(a.transient_ms == b.transient_ms);
    CHECK(a.fano_windows_ms == b.fano_windows_ms);
    CHECK(a.isi_histogram == b.isi_histogram);
    CHECK(a.isi_bin_ms == b.isi_bin_ms);
    CHECK(a.isi_max_ms == b.isi_max_ms);
    CHECK(a.spectrum == b.spectrum);
    CHECK(a.spectrum_bin_ms == b.spectrum_bin_ms);
    CHECK(a.spectrum_segment_ms == b.spectrum_segment_ms);
    CHECK(a.bootstrap_resamples == b.bootstrap_resamples);
    CHECK(a.confidence_level == b.confidence_level);
}

scenario expected_default_base() {
    scenario sc = default_scenario();
    sc.run.n_trials = 200;
    sc.run.t_end_ms = 1000.0;
    sc.record.trace_trials = {0};  // a study keeps the trace of its first trial by default
    sc.run.jumps = jump_timing::event_exact;  // the default of every front end for event input (issue 15 item 19)
    return sc;
}

// A folder under the system temp folder, removed at the end of the test.
struct temp_folder {
    std::filesystem::path path;
    temp_folder() : path(std::filesystem::temp_directory_path() / ("hhsim-test-config-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~temp_folder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("config: the default text and an empty file both give the documented defaults", "[unit]") {
    const std::string text = default_config_text();
    const study_spec d = parse(text);
    check_same(d.base, expected_default_base());
    check_same(d.analysis, analysis_spec{});
    CHECK(d.grid.empty());
    CHECK(point_count(d) == 1);
    CHECK(point_values(d, 0).empty());
    // The default pairs by order (issue 8): the default rk4 with sra, no longer with euler-maruyama.
    CHECK_FALSE(d.diffusion_integrator.has_value());
    CHECK(compare_integrators(d).diffusion == method::sra);
    CHECK(d.output_folder == "hhsim-study");
    CHECK(d.config_text == text);

    const study_spec empty = parse("");
    check_same(empty.base, d.base);
    check_same(empty.analysis, d.analysis);
    CHECK(empty.output_folder == d.output_folder);
    CHECK(empty.diffusion_integrator == d.diffusion_integrator);
    CHECK(empty.config_text.empty());
    check_same(point_scenario(empty, 0), d.base);
}

TEST_CASE("config: the default text lists every key at its default", "[unit]") {
    const std::string text = default_config_text();
    for (const char* line :
         {"[model]", "c_m_uF_per_cm2 = 1.0", "g_na_mS_per_cm2 = 120.0", "g_k_mS_per_cm2 = 36.0", "g_l_mS_per_cm2 = 0.3",
          "e_na_mV = 50.0", "e_k_mV = -77.0", "e_l_mV = -54.387", "i_app_uA_per_cm2 = 3.0", "v0_mV = -65.0", "[input]",
          "kind = \"shot\"", "replay_csv = \"\"", "[[input.population]]", "name = \"exc\"", "count = 80", "rate_hz = 10.0",
          "release_probability = 0.5", "jump_mV = 1.0", "name = \"inh\"", "count = 20", "jump_mV = -4.0", "source_rates_hz",
          "[run]", "dt_ms = 0.01", "t_end_ms = 1000.0", "trials = 200", "seed = 1", "integrator = \"rk4\"",
          "euler | rk4 | expeuler | euler-maruyama", "jumps = \"event-exact\"", "boundary | event-exact", "threads = 0", "[record]",
          "spike_threshold_mV = 0.0", "spike_rearm_mV = -20.0", "trace_every_steps = 10", "trace_trials = [0]", "event_trials = []", "[sweep]", "[analysis]",
          "transient_ms = 100.0", "fano_windows_ms = [10.0, 50.0, 100.0]", "isi_histogram = true", "isi_bin_ms = 1.0",
          "isi_max_ms = 200.0", "spectrum = true", "spectrum_bin_ms = 1.0", "spectrum_segment_ms = 500.0",
          "bootstrap_resamples = 1000", "confidence_level = 0.95", "[compare]", "diffusion_integrator = \"auto\"",
          "euler-maruyama | expeuler", "[output]", "folder = \"hhsim-study\"", "none | shot | per-source | diffusion | replay"}) {
        INFO(line);
        CHECK_THAT(text, Contains(line));
    }
}

TEST_CASE("config: the commented sweep examples of the default text work when uncommented", "[unit]") {
    std::string text = default_config_text();
    text = replace_once(text, "# \"input.population.*.rate_hz\"", "\"input.population.*.rate_hz\"");
    text = replace_once(text, "# \"model.i_app_uA_per_cm2\"", "\"model.i_app_uA_per_cm2\"");
    text = replace_once(text, "# \"run.dt_ms\"", "\"run.dt_ms\"");
    const study_spec s = parse(text);
    REQUIRE(s.grid.size() == 3);
    CHECK(s.grid[0].key == "input.population.*.rate_hz");
    CHECK(s.grid[0].values == std::vector<double>{5.0, 10.0, 20.0});
    CHECK(s.grid[1].key == "model.i_app_uA_per_cm2");
    CHECK(s.grid[1].values == std::vector<double>{0.0, 2.5, 5.0, 7.5, 10.0});
    CHECK(s.grid[2].key == "run.dt_ms");
    REQUIRE(s.grid[2].values.size() == 3);
    CHECK(s.grid[2].values[0] == 0.04);
    CHECK(s.grid[2].values[1] == Approx(0.025).epsilon(1e-12));
    CHECK(s.grid[2].values[2] == 0.01);  // 0.04 - 2 * 0.015 is 0.010000000000000002: the end point is snapped to stop
    CHECK(point_count(s) == 45);
}

TEST_CASE("config: a file with every key changed is read into exactly those values", "[unit]") {
    const std::string text = R"(
[model]
c_m_uF_per_cm2 = 2.0
g_na_mS_per_cm2 = 100.0
g_k_mS_per_cm2 = 30.0
g_l_mS_per_cm2 = 0.25
e_na_mV = 55.0
e_k_mV = -72.0
e_l_mV = -50.0
i_app_uA_per_cm2 = 7.5
v0_mV = -60.0

[input]
kind = "per-source"
replay_csv = ""

[[input.population]]
name = "fast"
count = 3
release_probability = 0.25
jump_mV = 2.0
source_rates_hz = [1.0, 2.0, 3.5]

[[input.population]]
name = "slow-1"
count = 7
rate_hz = 4.0
jump_mV = -0.5

[[input.population]]
count = 5
rate_hz = 1
release_probability = 1
jump_mV = 0.125

[run]
dt_ms = 0.02
t_end_ms = 500.0
trials = 17
seed = 123456789012
integrator = "expeuler"
jumps = "boundary"
threads = 3

[record]
spike_threshold_mV = -10.0
spike_rearm_mV = -30.0
trace_every_steps = 4
trace_trials = [1, 2]
event_trials = [0]

[analysis]
transient_ms = 50.0
fano_windows_ms = [20.0, 40.0]
isi_histogram = false
isi_bin_ms = 0.5
isi_max_ms = 100.0
spectrum = false
spectrum_bin_ms = 2.0
spectrum_segment_ms = 200.0
bootstrap_resamples = 500
confidence_level = 0.9

[compare]
diffusion_integrator = "expeuler"

[output]
folder = "results/run-7"
)";
    const study_spec s = parse(text);
    scenario want = default_scenario();
    want.model = hh_params{2.0, 100.0, 30.0, 0.25, 55.0, -72.0, -50.0, 7.5};
    want.v0_mv = -60.0;
    want.input.kind = input_kind::per_source;
    // The second population gives no release_probability: the one default, as on the command line.
    want.input.populations = {population{3, 0.0, 0.25, 2.0, {1.0, 2.0, 3.5}, {}}, population{7, 4.0, default_release_probability, -0.5, {}, {}},
                              population{5, 1.0, 1.0, 0.125, {}, {}}};
    want.run.dt_ms = 0.02;
    want.run.t_end_ms = 500.0;
    want.run.n_trials = 17;
    want.run.seed = 123456789012ull;
    want.run.integrator = method::expeuler;
    want.run.jumps = jump_timing::step_boundary;
    want.run.n_threads = 3;
    want.record.spike_threshold_mv = -10.0;
    want.record.spike_rearm_mv = -30.0;
    want.record.trace_every_steps = 4;
    want.record.trace_trials = {1, 2};
    want.record.event_trials = {0};
    check_same(s.base, want);

    analysis_spec a;
    a.transient_ms = 50.0;
    a.fano_windows_ms = {20.0, 40.0};
    a.isi_histogram = false;
    a.isi_bin_ms = 0.5;
    a.isi_max_ms = 100.0;
    a.spectrum = false;
    a.spectrum_bin_ms = 2.0;
    a.spectrum_segment_ms = 200.0;
    a.bootstrap_resamples = 500;
    a.confidence_level = 0.9;
    check_same(s.analysis, a);
    CHECK(s.diffusion_integrator == method::expeuler);
    CHECK(s.output_folder == "results/run-7");
    CHECK(s.grid.empty());
    CHECK(s.config_text == text);
}

TEST_CASE("config: integers are accepted where numbers are expected and whole floats where integers are", "[unit]") {
    const study_spec s = parse("[run]\ndt_ms = 1\nt_end_ms = 1000\ntrials = 4.0\nseed = 7.0\n[model]\ni_app_uA_per_cm2 = -2\n");
    CHECK(s.base.run.dt_ms == 1.0);
    CHECK(s.base.run.t_end_ms == 1000.0);
    CHECK(s.base.run.n_trials == 4);
    CHECK(s.base.run.seed == 7u);
    CHECK(s.base.model.i_app == -2.0);
}

TEST_CASE("config: set_parameter addresses every sweepable scalar", "[unit]") {
    scenario sc = default_scenario();
    const std::vector<std::pair<std::string, double*>> reals{
        {"model.c_m_uF_per_cm2", &sc.model.c_m},          {"model.g_na_mS_per_cm2", &sc.model.g_na},
        {"model.g_k_mS_per_cm2", &sc.model.g_k},          {"model.g_l_mS_per_cm2", &sc.model.g_l},
        {"model.e_na_mV", &sc.model.e_na},                {"model.e_k_mV", &sc.model.e_k},
        {"model.e_l_mV", &sc.model.e_l},                  {"model.i_app_uA_per_cm2", &sc.model.i_app},
        {"model.v0_mV", &sc.v0_mv},                       {"run.dt_ms", &sc.run.dt_ms},
        {"run.t_end_ms", &sc.run.t_end_ms},               {"record.spike_threshold_mV", &sc.record.spike_threshold_mv},
        {"record.spike_rearm_mV", &sc.record.spike_rearm_mv},
    };
    double x = 0.5;
    for (const auto& [key, field] : reals) {
        INFO(key);
        x += 1.25;
        set_parameter(sc, key, x);
        CHECK(*field == x);
    }
    set_parameter(sc, "run.seed", 99.0);
    CHECK(sc.run.seed == 99u);

    set_parameter(sc, "input.population.1.count", 33.0);
    CHECK(sc.input.populations[1].count == 33);
    CHECK(sc.input.populations[0].count == 80);
    set_parameter(sc, "input.population.0.release_probability", 0.75);
    CHECK(sc.input.populations[0].release_probability == 0.75);
    CHECK(sc.input.populations[1].release_probability == 0.5);
    set_parameter(sc, "input.population.*.rate_hz", 12.5);
    CHECK(sc.input.populations[0].rate_hz == 12.5);
    CHECK(sc.input.populations[1].rate_hz == 12.5);
    set_parameter(sc, "input.population.*.jump_mV", -0.5);
    CHECK(sc.input.populations[0].jump_mv == -0.5);
    CHECK(sc.input.populations[1].jump_mv == -0.5);
}

TEST_CASE("config: set_parameter rejects unknown keys and non-whole counts and seeds", "[unit]") {
    CHECK_THAT(set_error("model.g_nax", 1.0), Contains("model.g_nax") && Contains("model.g_na_mS_per_cm2"));
    CHECK_THAT(set_error("run.trials", 5.0), Contains("run.trials"));
    CHECK_THAT(set_error("input.population.*.count", 2.5), Contains("input.population.*.count = 2.5") && Contains("whole number"));
    CHECK_THAT(set_error("run.seed", 1.5), Contains("run.seed = 1.5") && Contains("whole number"));
    CHECK_THAT(set_error("run.seed", -1.0), Contains("run.seed = -1"));
    CHECK_THAT(set_error("input.population.2.rate_hz", 1.0), Contains("input.population.2.rate_hz") && Contains("out of range"));
    CHECK_THAT(set_error("input.population.exc.rate_hz", 1.0), Contains("input.population.exc.rate_hz") && Contains("index"));
    CHECK_THAT(set_error("input.population.0.rates_hz", 1.0), Contains("input.population.0.rates_hz"));
}

TEST_CASE("config: sweep keys address populations by name index and star", "[unit]") {
    const std::string pops = R"(
[[input.population]]
name = "exc"
count = 80
rate_hz = 10.0
release_probability = 0.5
jump_mV = 1.0
[[input.population]]
name = "inh"
count = 20
rate_hz = 10.0
release_probability = 0.5
jump_mV = -4.0
[[input.population]]
count = 10
rate_hz = 2.0
jump_mV = 0.5
)";
    SECTION("by name") {
        const study_spec s = parse(pops + "[sweep]\n\"input.population.inh.jump_mV\" = [-2.0, -8.0]\n");
        REQUIRE(s.grid.size() == 1);
        CHECK(s.grid[0].key == "input.population.1.jump_mV");  // names are resolved to indices
        const scenario p1 = point_scenario(s, 1);
        CHECK(p1.input.populations[1].jump_mv == -8.0);
        CHECK(p1.input.populations[0].jump_mv == 1.0);
        CHECK(p1.input.populations[2].jump_mv == 0.5);
    }
    SECTION("by index") {
        const study_spec s = parse(pops + "[sweep]\n\"input.population.2.count\" = [0, 5]\n");
        CHECK(s.grid[0].key == "input.population.2.count");
        CHECK(point_scenario(s, 0).input.populations[2].count == 0);
        CHECK(point_scenario(s, 1).input.populations[2].count == 5);
        CHECK(point_scenario(s, 1).input.populations[0].count == 80);
    }
    SECTION("all populations") {
        const study_spec s = parse(pops + "[sweep]\n\"input.population.*.release_probability\" = [0.1, 0.9]\n");
        CHECK(s.grid[0].key == "input.population.*.release_probability");
        for (const population& p : point_scenario(s, 1).input.populations) CHECK(p.release_probability == 0.9);
        for (const population& p : point_scenario(s, 0).input.populations) CHECK(p.release_probability == 0.1);
    }
    SECTION("the default populations are named exc and inh") {
        const study_spec s = parse("[sweep]\n\"input.population.exc.rate_hz\" = [20.0]\n");
        CHECK(s.grid[0].key == "input.population.0.rate_hz");
        CHECK(point_scenario(s, 0).input.populations[0].rate_hz == 20.0);
        CHECK(point_scenario(s, 0).input.populations[1].rate_hz == 10.0);
    }
    SECTION("unknown names and indices out of range") {
        CHECK_THAT(error_of(pops + "[sweep]\n\"input.population.exx.rate_hz\" = [1.0]\n"),
                   Contains("input.population.exx.rate_hz") && Contains("'exx'") && Contains("exc (0), inh (1), 2"));
        CHECK_THAT(error_of(pops + "[sweep]\n\"input.population.3.rate_hz\" = [1.0]\n"),
                   Contains("input.population.3.rate_hz") && Contains("out of range"));
        CHECK_THAT(error_of("[input]\npopulation = []\n[sweep]\n\"input.population.*.rate_hz\" = [1.0]\n"),
                   Contains("input.population.*.rate_hz") && Contains("no population"));
    }
}

TEST_CASE("config: list num and step sweeps give the documented values", "[unit]") {
    SECTION("a list keeps its order") {
        const study_spec s = parse("[sweep]\n\"model.i_app_uA_per_cm2\" = [3, 1.5, -2.0]\n");
        CHECK(s.grid[0].values == std::vector<double>{3.0, 1.5, -2.0});
    }
    SECTION("num spaces linearly with both ends included") {
        const study_spec s = parse("[sweep]\n\"model.g_l_mS_per_cm2\" = { start = 0.1, stop = 0.7, num = 4 }\n");
        REQUIRE(s.grid[0].values.size() == 4);
        CHECK(s.grid[0].values[0] == 0.1);
        CHECK(s.grid[0].values[1] == Approx(0.3).epsilon(1e-12));
        CHECK(s.grid[0].values[2] == Approx(0.5).epsilon(1e-12));
        CHECK(s.grid[0].values[3] == 0.7);
    }
    SECTION("num = 1 gives start") {
        const study_spec s = parse("[sweep]\n\"model.g_l_mS_per_cm2\" = { start = 0.2, stop = 0.7, num = 1 }\n");
        CHECK(s.grid[0].values == std::vector<double>{0.2});
    }
    SECTION("step includes the end point despite rounding") {
        const study_spec s = parse("[sweep]\n\"model.e_l_mV\" = { start = 0.0, stop = 1.0, step = 0.1 }\n");
        REQUIRE(s.grid[0].values.size() == 11);
        CHECK(s.grid[0].values.back() == 1.0);
        CHECK(s.grid[0].values[3] == Approx(0.3).epsilon(1e-12));
    }
    SECTION("step stops before passing stop") {
        const study_spec s = parse("[sweep]\n\"model.e_l_mV\" = { start = 0, stop = 1, step = 0.3 }\n");
        REQUIRE(s.grid[0].values.size() == 4);
        CHECK(s.grid[0].values.back() == Approx(0.9).epsilon(1e-12));
    }
    SECTION("a downward step") {
        const study_spec s = parse("[sweep]\n\"model.e_l_mV\" = { start = -50, stop = -60, step = -5 }\n");
        CHECK(s.grid[0].values == std::vector<double>{-50.0, -55.0, -60.0});
    }
    SECTION("start equal to stop gives one value") {
        const study_spec s = parse("[sweep]\n\"model.e_l_mV\" = { start = -50, stop = -50, step = 1 }\n");
        CHECK(s.grid[0].values == std::vector<double>{-50.0});
    }
    SECTION("unquoted dotted keys are the same keys") {
        const study_spec s = parse("[sweep]\nmodel.e_l_mV = [-50, -55]\nrun.seed = { start = 1, stop = 3, num = 3 }\n");
        REQUIRE(s.grid.size() == 2);
        CHECK(s.grid[0].key == "model.e_l_mV");
        CHECK(s.grid[1].key == "run.seed");
        CHECK(s.grid[1].values == std::vector<double>{1.0, 2.0, 3.0});
    }
}

TEST_CASE("config: a two-axis grid keeps the file order and varies the first axis slowest", "[unit]") {
    // Written in anti-alphabetical order: the order of the file, not of the keys, decides.
    const study_spec s = parse(R"(
[sweep]
"run.seed" = [11, 12, 13]
"input.population.*.rate_hz" = [5.0, 20.0]
)");
    REQUIRE(s.grid.size() == 2);
    CHECK(s.grid[0].key == "run.seed");
    CHECK(s.grid[1].key == "input.population.*.rate_hz");
    REQUIRE(point_count(s) == 6);
    const std::vector<std::vector<double>> expected{{11, 5}, {11, 20}, {12, 5}, {12, 20}, {13, 5}, {13, 20}};
    for (std::size_t i = 0; i < 6; ++i) {
        INFO("point " << i);
        CHECK(point_values(s, i) == expected[i]);
        const scenario sc = point_scenario(s, i);
        CHECK(sc.run.seed == static_cast<std::uint64_t>(expected[i][0]));
        CHECK(sc.input.populations[0].rate_hz == expected[i][1]);
        CHECK(sc.input.populations[1].rate_hz == expected[i][1]);
        CHECK(sc.run.n_trials == 200);  // everything else from the base
    }
    CHECK_THROWS_AS(point_values(s, 6), std::out_of_range);

    const study_spec r = parse("[sweep]\n\"input.population.*.rate_hz\" = [5.0, 20.0]\n\"run.seed\" = [11, 12, 13]\n");
    CHECK(r.grid[0].key == "input.population.*.rate_hz");
    CHECK(point_values(r, 1) == std::vector<double>{5.0, 12.0});
    CHECK(point_values(r, 3) == std::vector<double>{20.0, 11.0});
}

TEST_CASE("config: type unit and unknown-key errors name the key and the value", "[unit]") {
    CHECK(error_of("[run]\ndt_ms = \"0.01 ms\"\n") ==
          "config 'study.toml': run.dt_ms = \"0.01 ms\" is invalid; must be a number (ms)");
    CHECK_THAT(error_of("[run]\ndt = 0.01\n"),
               StartsWith("config 'study.toml': unknown key run.dt; allowed keys in [run]: dt_ms, t_end_ms, trials"));
    CHECK_THAT(error_of("[modle]\ne_na_mV = 50\n"), StartsWith("config 'study.toml': unknown section [modle]") && Contains("[model]"));
    CHECK_THAT(error_of("trials = 3\n"), Contains("unknown key trials = 3"));
    CHECK_THAT(error_of("model = 3\n"), Contains("model = 3") && Contains("must be a table"));
    CHECK_THAT(error_of("[model]\nc_m_uF_per_cm2 = 0\n"), Contains("model.c_m_uF_per_cm2 = 0 uF/cm^2") && Contains("> 0"));
    CHECK_THAT(error_of("[model]\ng_k_mS_per_cm2 = -1\n"), Contains("model.g_k_mS_per_cm2 = -1 mS/cm^2") && Contains(">= 0"));
    CHECK_THAT(error_of("[run]\ndt_ms = inf\n"), Contains("run.dt_ms = inf") && Contains("finite"));
    CHECK_THAT(error_of("[run]\ndt_ms = -0.01\n"), Contains("run.dt_ms = -0.01 ms") && Contains("> 0"));
    CHECK_THAT(error_of("[run]\ntrials = 0\n"), Contains("run.trials = 0") && Contains(">= 1"));
    CHECK_THAT(error_of("[run]\ntrials = 2.5\n"), Contains("run.trials = 2.5") && Contains("whole number"));
    CHECK_THAT(error_of("[run]\nseed = -3\n"), Contains("run.seed = -3"));
    CHECK_THAT(error_of("[run]\nthreads = -1\n"), Contains("run.threads = -1"));
    CHECK_THAT(error_of("[run]\nintegrator = \"rk5\"\n"), Contains("run.integrator = \"rk5\"") && Contains("euler-maruyama"));
    CHECK_THAT(error_of("[run]\njumps = \"exact\"\n"), Contains("run.jumps = \"exact\"") && Contains("event-exact"));
    CHECK_THAT(error_of("[run]\nintegrator = 4\n"), Contains("run.integrator = 4") && Contains("must be a string"));
    CHECK_THAT(error_of("[input]\nkind = \"poisson\"\n"), Contains("input.kind = \"poisson\"") && Contains("per-source"));
    CHECK_THAT(error_of("[compare]\ndiffusion_integrator = \"rk4\"\n"),
               Contains("compare.diffusion_integrator = \"rk4\"") && Contains("expeuler"));
    CHECK_THAT(error_of("[record]\ntrace_every_steps = 0\n"), Contains("record.trace_every_steps = 0"));
    CHECK_THAT(error_of("[record]\ntrace_trials = [1.5]\n"), Contains("record.trace_trials[0] = 1.5"));
    CHECK_THAT(error_of("[record]\nevent_trials = [-1]\n"), Contains("record.event_trials[0] = -1"));
    CHECK_THAT(error_of("[run]\ntrials = 4\n[record]\nevent_trials = [4]\n"), Contains("event_trials contains trial 4"));
    CHECK_THAT(error_of("[analysis]\nisi_histogram = 1\n"), Contains("analysis.isi_histogram = 1") && Contains("true or false"));
    CHECK_THAT(error_of("[analysis]\nconfidence_level = 1.5\n"), Contains("analysis.confidence_level = 1.5"));
    CHECK_THAT(error_of("[analysis]\nfano_windows_ms = [10.0, \"x\"]\n"), Contains("analysis.fano_windows_ms[1] = \"x\""));
    CHECK_THAT(error_of("[analysis]\nfano_windows_ms = []\n"), Contains("analysis.fano_windows_ms = []"));
    CHECK_THAT(error_of("[analysis]\ntransient_ms = 1000.0\n"), Contains("analysis.transient_ms = 1000") && Contains("run.t_end_ms"));
    CHECK_THAT(error_of("[analysis]\nspectrum_segment_ms = 2.5\n"), Contains("analysis.spectrum_segment_ms = 2.5"));
    CHECK_THAT(error_of("[output]\nfolder = \"\"\n"), Contains("output.folder = \"\""));
    CHECK_THAT(error_of("[output]\ndir = \"x\"\n"), Contains("unknown key output.dir") && Contains("folder"));
    // A rule that involves two keys is the scenario's: its message names both.
    CHECK_THAT(error_of("[record]\nspike_rearm_mV = 5.0\n"), Contains("record.spike_rearm_mV = 5") && Contains("record.spike_threshold_mV"));
}

TEST_CASE("config: population errors name the population and the key", "[unit]") {
    const std::string head = "[[input.population]]\nname = \"exc\"\ncount = 10\nrate_hz = 5.0\njump_mV = 1.0\n";
    CHECK_THAT(error_of(head + "[[input.population]]\nname = \"exc\"\ncount = 1\nrate_hz = 1.0\njump_mV = 1.0\n"),
               Contains("input.population.1.name = \"exc\"") && Contains("unique"));
    CHECK_THAT(error_of("[[input.population]]\nname = \"e x\"\ncount = 1\nrate_hz = 1.0\njump_mV = 1.0\n"),
               Contains("input.population.0.name = \"e x\""));
    CHECK_THAT(error_of("[[input.population]]\nname = \"12\"\ncount = 1\nrate_hz = 1.0\njump_mV = 1.0\n"),
               Contains("input.population.0.name = \"12\"") && Contains("not all digits"));
    CHECK_THAT(error_of("[[input.population]]\nname = \"exc\"\ncount = 2.5\nrate_hz = 1.0\njump_mV = 1.0\n"),
               Contains("input.population.exc.count = 2.5") && Contains("whole number"));
    CHECK_THAT(error_of("[[input.population]]\nname = \"exc\"\ncount = 3\nrate_hz = -1.0\njump_mV = 1.0\n"),
               Contains("input.population.exc.rate_hz = -1 Hz"));
    CHECK_THAT(error_of("[[input.population]]\ncount = 3\nrate_hz = 1.0\nrelease_probability = 1.5\njump_mV = 1.0\n"),
               Contains("input.population.0.release_probability = 1.5") && Contains("[0, 1]"));
    CHECK_THAT(error_of("[[input.population]]\nname = \"exc\"\ncount = 3\nrate_hz = 1.0\n"),
               Contains("input.population.exc.jump_mV is missing"));
    CHECK_THAT(error_of("[[input.population]]\nname = \"exc\"\ncount = 3\nrate_hz = 1.0\njump_mv = 1.0\n"),
               Contains("unknown key input.population.exc.jump_mv") && Contains("jump_mV"));
    CHECK_THAT(error_of("[[input.population]]\ncount = 3\njump_mV = 1.0\nsource_rates_hz = [1.0, 2.0]\n"),
               Contains("input.population.0.source_rates_hz has 2 rates") && Contains("count = 3"));
    CHECK_THAT(error_of("[[input.population]]\nrate_hz = 1.0\njump_mV = 1.0\nsource_rates_hz = [1.0, 2.0]\n"),
               Contains("input.population.0") && Contains("rate_hz and source_rates_hz"));
    CHECK_THAT(error_of("[input]\npopulation = 3\n"), Contains("input.population = 3"));
}

TEST_CASE("config: bad sweeps name the key and the value", "[unit]") {
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = []\n"), Contains("sweep.model.i_app_uA_per_cm2 = []"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = 3.0\n"), Contains("sweep.model.i_app_uA_per_cm2 = 3"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = [1.0, \"2\"]\n"),
               Contains("sweep.model.i_app_uA_per_cm2 = [1, \"2\"]"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 1.0, num = 0 }\n"),
               Contains("sweep.model.i_app_uA_per_cm2.num = 0") && Contains(">= 1"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 1.0, step = 0 }\n"),
               Contains("sweep.model.i_app_uA_per_cm2.step = 0"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 1.0, step = -0.5 }\n"),
               Contains("sweep.model.i_app_uA_per_cm2.step = -0.5") && Contains("away from stop"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 1.0 }\n"),
               Contains("sweep.model.i_app_uA_per_cm2 = {start = 0, stop = 1}") && Contains("num"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, stop = 1.0, num = 2, step = 1 }\n"),
               Contains("exactly one of num and step"));
    CHECK_THAT(error_of("[sweep]\n\"model.i_app_uA_per_cm2\" = { start = 0.0, end = 1.0, num = 2 }\n"),
               Contains("unknown key sweep.model.i_app_uA_per_cm2.end"));
    CHECK_THAT(error_of("[sweep]\n\"model.g_nax\" = [1.0]\n"), Contains("model.g_nax") && Contains("model.g_na_mS_per_cm2"));
    CHECK_THAT(error_of("[sweep]\n\"run.trials\" = [10]\n"), Contains("run.trials"));
    CHECK_THAT(error_of("[sweep]\n\"input.population.*.count\" = [10, 10.5]\n"),
               Contains("input.population.*.count = 10.5") && Contains("whole number"));
    CHECK_THAT(error_of("[sweep]\n\"run.seed\" = [1, 2.5]\n"), Contains("run.seed = 2.5") && Contains("whole number"));
    CHECK_THAT(error_of("[sweep]\n\"input.population.*.rate_hz\" = [1.0]\n\"input.population.exc.rate_hz\" = [2.0]\n"),
               Contains("input.population.*.rate_hz") && Contains("input.population.exc.rate_hz") && Contains("same parameter"));
    CHECK_THAT(error_of("[[input.population]]\ncount = 2\njump_mV = 1.0\nsource_rates_hz = [1.0, 2.0]\n"
                        "[sweep]\n\"input.population.0.rate_hz\" = [1.0]\n"),
               Contains("input.population.0.rate_hz") && Contains("source_rates_hz"));
}

TEST_CASE("config: a sweep value that makes a grid point invalid names the point and the value", "[unit]") {
    CHECK_THAT(error_of("[sweep]\n\"input.population.*.rate_hz\" = [5.0, 10.0, -5.0]\n"),
               StartsWith("config 'study.toml': sweep point 2 (input.population.*.rate_hz = -5): input.population.0.rate_hz = -5.0 Hz is invalid"));
    // Only the combination is invalid: dt = 0.03 ms does not divide t_end = 1000 ms.
    CHECK_THAT(error_of("[sweep]\n\"run.t_end_ms\" = [1000.0, 2000.0]\n\"run.dt_ms\" = [0.01, 0.03]\n"),
               Contains("sweep point 1 (run.t_end_ms = 1000, run.dt_ms = 0.03)") && Contains("whole number"));
    CHECK_THAT(error_of("[sweep]\n\"run.t_end_ms\" = [1000.0, 300.0]\n"),
               Contains("sweep point 1 (run.t_end_ms = 300)") && Contains("analysis.spectrum_segment_ms = 500"));
    CHECK_THAT(error_of("[sweep]\n\"run.t_end_ms\" = [1000.0, 50.0]\n"),
               Contains("sweep point 1 (run.t_end_ms = 50)") && Contains("analysis.transient_ms = 100"));
    CHECK_THAT(error_of("[sweep]\n\"record.spike_threshold_mV\" = [0.0, -30.0]\n"),
               Contains("sweep point 1 (record.spike_threshold_mV = -30)"));
}

TEST_CASE("config: TOML syntax errors carry toml11's line information", "[unit]") {
    const std::string msg = error_of("[run]\ndt_ms = 0.01\nt_end_ms = = 3\n");
    CHECK_THAT(msg, StartsWith("config 'study.toml': TOML syntax error"));
    CHECK_THAT(msg, Contains("study.toml") && Contains(" 3 | t_end_ms = = 3"));
    CHECK_THAT(error_of("[run]\ndt_ms = 0.01\ndt_ms = 0.02\n"), Contains("dt_ms") && Contains("study.toml"));
}

TEST_CASE("config: replay_csv is read relative to the config file's folder", "[unit]") {
    const temp_folder tmp;
    std::filesystem::create_directories(tmp.path / "data");
    {
        std::ofstream csv(tmp.path / "data" / "events.csv");
        csv << "time_ms,jump_mV,source\n1.5,2.0,0\n7.25,-1.0,3\n";
    }
    const std::string config = "[input]\nkind = \"replay\"\nreplay_csv = \"data/events.csv\"\n";
    const study_spec s = parse_study_config(config, (tmp.path / "study.toml").string());
    REQUIRE(s.base.input.replay_events.size() == 2);
    CHECK(s.base.input.kind == input_kind::replay);
    CHECK(s.base.input.replay_events[0].t_ms == 1.5);
    CHECK(s.base.input.replay_events[0].jump_mv == 2.0);
    CHECK(s.base.input.replay_events[1].t_ms == 7.25);
    CHECK(s.base.input.replay_events[1].source == 3);

    // An absolute path is taken as it is.
    const std::string absolute = "[input]\nkind = \"replay\"\nreplay_csv = \"" + (tmp.path / "data" / "events.csv").string() + "\"\n";
    CHECK(parse_study_config(absolute, "elsewhere/study.toml").base.input.replay_events.size() == 2);

    // The events survive a sweep and reach every grid point.
    const study_spec swept = parse_study_config(config + "[sweep]\n\"model.i_app_uA_per_cm2\" = [1.0, 2.0]\n",
                                                (tmp.path / "study.toml").string());
    CHECK(point_scenario(swept, 1).input.replay_events.size() == 2);

    // Relative to the config's folder, not to the working directory.
    CHECK_THAT(error_of(config), Contains("input.replay_csv = \"data/events.csv\"") && Contains("cannot open"));
    CHECK_THAT(parse_error_at("[input]\nkind = \"replay\"\nreplay_csv = \"data\"\n", tmp.path / "study.toml"),
               Contains("input.replay_csv = \"data\"") && Contains("cannot open"));
    CHECK_THAT(error_of("[input]\nkind = \"replay\"\n"), Contains("input.replay_csv"));
    CHECK_THAT(error_of("[input]\nreplay_csv = \"events.csv\"\n"),
               Contains("input.replay_csv = \"events.csv\"") && Contains("input.kind = \"shot\""));
    {
        std::ofstream bad(tmp.path / "bad.csv");
        bad << "1.0,2.0\n3.0\n";
    }
    try {
        parse_study_config("[input]\nkind = \"replay\"\nreplay_csv = \"bad.csv\"\n", (tmp.path / "study.toml").string());
        FAIL("a malformed replay file was accepted");
    } catch (const input_error& e) {
        CHECK_THAT(std::string(e.what()), Contains("input.replay_csv = \"bad.csv\"") && Contains("line 2"));
    }
}
