// Study building blocks: shot noise against its diffusion approximation where they must agree and
// where they must differ, per-trial values against summaries, and point files read back.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "drivers/hdf5_io.hpp"
#include "drivers/point_file.hpp"

using namespace hhsim;
using namespace hhsim::drivers;

namespace {
analysis_spec quick_analysis() {
    analysis_spec a;
    a.transient_ms = 100.0;
    a.bootstrap_resamples = 300;
    a.spectrum_segment_ms = 500.0;
    a.fano_windows_ms = {10.0, 100.0};
    return a;
}

struct shot_and_diffusion {
    mode_result shot, diffusion;
    comparison_result cmp;
};

shot_and_diffusion run_both(std::vector<population> pops, double i_app_ua_per_cm2) {
    scenario sc = default_scenario();
    sc.input.populations = std::move(pops);
    sc.model.i_app = i_app_ua_per_cm2;
    sc.run.integrator = method::euler;  // the deterministic part of euler-maruyama: only the input differs
    sc.run.n_trials = 60;
    sc.run.t_end_ms = 1100.0;
    sc.run.seed = 5;
    const analysis_spec a = quick_analysis();
    shot_and_diffusion out;
    out.shot = run_mode(sc, a, 1, {});
    scenario d = sc;
    d.input.kind = input_kind::diffusion;
    d.run.integrator = method::euler_maruyama;
    out.diffusion = run_mode(d, a, 2, {});
    out.cmp = compare_modes(out.shot, out.diffusion, a, 11);
    return out;
}

const statistic& named(const std::vector<statistic>& stats, const std::string& name) {
    for (const statistic& s : stats) {
        if (s.name == name) return s;
    }
    FAIL("no statistic " << name);
    return stats.front();
}
}  // namespace

TEST_CASE("study: shot noise and its diffusion approximation agree for many small jumps", "[statistical]") {
    // 50000 sources, jumps of 0.1 and -0.4 mV: about 100 events per ms, each far below the distance
    // to threshold, so the diffusion limit holds. With ~3000 ISIs per side the KS test detects
    // differences of D ~ 0.04; the seed is fixed, so the outcome is reproducible (measured p = 0.99).
    const shot_and_diffusion r = run_both({population{40000, 10.0, 0.5, 0.1, {}, {}}, population{10000, 10.0, 0.5, -0.4, {}, {}}}, 5.0);
    INFO("KS D = " << r.cmp.ks_statistic << ", p = " << r.cmp.ks_p_value);
    CHECK(r.cmp.ks_p_value > 0.05);
    const statistic& rate = named(r.cmp.differences, "rate_hz");
    INFO("rate difference " << rate.estimate << " Hz, CI [" << rate.ci_low << ", " << rate.ci_high << "]");
    CHECK(rate.ci_low < 0.0);
    CHECK(rate.ci_high > 0.0);
    const statistic& cv = named(r.cmp.differences, "cv");
    CHECK(cv.ci_low < 0.0);
    CHECK(cv.ci_high > 0.0);
    CHECK(r.cmp.ks_n_shot > 1000);
}

TEST_CASE("study: shot noise and its diffusion approximation differ for few large jumps", "[statistical]") {
    // 10 sources at 20 Hz with 15 mV jumps: 0.2 events per ms, each a large fraction of the way to
    // threshold. The ISI distributions differ clearly (measured KS p ~ 1e-20) and so do the CVs.
    const shot_and_diffusion r = run_both({population{10, 20.0, 1.0, 15.0, {}, {}}}, 0.0);
    INFO("KS D = " << r.cmp.ks_statistic << ", p = " << r.cmp.ks_p_value);
    CHECK(r.cmp.ks_p_value < 1e-8);
    const statistic& cv = named(r.cmp.differences, "cv");
    INFO("CV difference " << cv.estimate << ", CI [" << cv.ci_low << ", " << cv.ci_high << "]");
    CHECK(cv.ci_low > 0.0);
}

TEST_CASE("study: comparing two runs without spikes gives an exact zero difference", "[unit]") {
    // No trial spikes: every per-trial rate is 0, both standard errors vanish, and Welch's
    // degrees of freedom would be 0/0. The difference is exactly 0 with a degenerate interval.
    scenario sc = default_scenario();
    sc.model.i_app = 0.0;
    sc.input.populations = {population{1, 1.0, 1.0, 0.1, {}, {}}};
    sc.run.n_trials = 4;
    sc.run.t_end_ms = 700.0;
    const analysis_spec a = quick_analysis();
    const mode_result shot = run_mode(sc, a, 1, {});
    scenario d = sc;
    d.input.kind = input_kind::diffusion;
    d.run.integrator = method::euler_maruyama;
    const mode_result diffusion = run_mode(d, a, 2, {});
    REQUIRE(std::accumulate(shot.per_trial.n_spikes.begin(), shot.per_trial.n_spikes.end(), 0.0) == 0.0);
    const comparison_result c = compare_modes(shot, diffusion, a, 11);
    const statistic& rate = named(c.differences, "rate_hz");
    CHECK(rate.estimate == 0.0);
    CHECK(rate.ci_low == 0.0);
    CHECK(rate.ci_high == 0.0);
    CHECK(std::isnan(c.ks_p_value));  // no ISIs: the KS test is undefined, not a crash
}

TEST_CASE("study: summaries agree with the per-trial values they summarise", "[unit]") {
    scenario sc = default_scenario();
    sc.input.populations[0].jump_mv = 2.0;
    sc.run.n_trials = 40;
    sc.run.t_end_ms = 600.0;
    sc.record.trace_trials = {0};
    const analysis_spec a = quick_analysis();
    const mode_result m = run_mode(sc, a, 3, {});
    REQUIRE(m.per_trial.rate_hz.size() == 40);
    const double mean_rate = std::accumulate(m.per_trial.rate_hz.begin(), m.per_trial.rate_hz.end(), 0.0) / 40.0;
    CHECK(named(m.summary, "rate_hz").estimate == Approx(mean_rate).epsilon(1e-12));
    CHECK(named(m.summary, "rate_hz").n == 40);
    double spikes_after_transient = 0;
    for (const auto& train : m.rec.spike_times_ms) {
        for (const double t : train) spikes_after_transient += t >= a.transient_ms ? 1 : 0;
    }
    CHECK(std::accumulate(m.per_trial.n_spikes.begin(), m.per_trial.n_spikes.end(), 0.0) == spikes_after_transient);
    CHECK(named(m.summary, "rate_hz").estimate == Approx(spikes_after_transient / 40.0 / 0.5).epsilon(1e-12));
    for (std::size_t k = 0; k < 40; ++k) {
        const auto& train = m.rec.spike_times_ms[k];
        if (train.empty()) {
            CHECK(std::isnan(m.per_trial.first_spike_ms[k]));
        } else {
            CHECK(m.per_trial.first_spike_ms[k] == train.front());
        }
    }
    const statistic& cv = named(m.summary, "cv");
    CHECK(cv.ci_low <= cv.estimate);
    CHECK(cv.estimate <= cv.ci_high);
    REQUIRE_FALSE(m.isi_density_per_ms.empty());
    REQUIRE_FALSE(m.spectrum_power.empty());
    REQUIRE(m.rec.traces.size() == 1);
}

TEST_CASE("study: a point file holds the spikes and reads back the summaries", "[unit]") {
    scenario sc = default_scenario();
    sc.input.populations[0].jump_mv = 2.0;
    sc.run.n_trials = 12;
    sc.run.t_end_ms = 700.0;
    point_result p;
    p.index = 7;
    p.values = {2.5, -1.0};
    p.modes.push_back(run_mode(sc, quick_analysis(), 4, {}));
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "hhsim_test_point";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::filesystem::path file = dir / "p0007.h5";
    point_origin origin;  // the file says which point it holds: index 7, as read back below
    origin.input_digest = 1234;
    origin.index = 7;
    origin.label = "grid point 8";
    write_point_file(file, p, origin);
    REQUIRE_FALSE(std::filesystem::exists(file.string() + ".incomplete"));
    const point_result back = read_point_summary(file);
    CHECK(back.index == 7);
    REQUIRE(back.modes.size() == 1);
    CHECK(back.modes[0].mode == "shot");
    REQUIRE(back.modes[0].summary.size() == p.modes[0].summary.size());
    for (std::size_t i = 0; i < back.modes[0].summary.size(); ++i) {
        const statistic& a = p.modes[0].summary[i];
        const statistic& b = back.modes[0].summary[i];
        CHECK(a.name == b.name);
        CHECK((a.estimate == b.estimate || (std::isnan(a.estimate) && std::isnan(b.estimate))));
        CHECK(a.n == b.n);
    }
    // Ragged spikes: trial k is times_ms[offsets[k]:offsets[k+1]].
    const h5::handle f = h5::open_file(file);
    const std::vector<double> times = h5::read_doubles(f, "shot/spikes/times_ms");
    const std::vector<std::int64_t> offsets = h5::read_int64s(f, "shot/spikes/offsets");
    REQUIRE(offsets.size() == 13);
    for (std::size_t k = 0; k < 12; ++k) {
        const auto& train = p.modes[0].rec.spike_times_ms[k];
        REQUIRE(offsets[k + 1] - offsets[k] == static_cast<std::int64_t>(train.size()));
        for (std::size_t j = 0; j < train.size(); ++j) CHECK(times[static_cast<std::size_t>(offsets[k]) + j] == train[j]);
    }
    std::filesystem::remove_all(dir);
}
