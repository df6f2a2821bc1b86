// Config keys of issue 8: the start state (model.start, m0, h0, n0), record.noise_trials, and the
// order-matched integrator pairing of `hhsim compare` (compare.diffusion_integrator = auto,
// allow_mixed_orders).
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "drivers/config.hpp"

using namespace hhsim;
using namespace hhsim::drivers;
using Catch::Matchers::Contains;

namespace {
study_spec parse(const std::string& text) { return parse_study_config(text, "study.toml"); }

std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const input_error& e) {
        return e.what();
    }
    FAIL_CHECK("no input_error for:\n" << text);
    return "";
}
}  // namespace

TEST_CASE("config: model.start, m0, h0 and n0 set the start state", "[unit]") {
    const study_spec d = parse("");
    CHECK(d.base.start.kind == start_kind::v0);
    CHECK_FALSE(d.base.start.m0.has_value());
    const study_spec g = parse("[model]\nv0_mV = -65.0\nm0 = 0.05\nh0 = 0.6\nn0 = 0.32\n");
    CHECK(g.base.start.kind == start_kind::v0);
    CHECK(g.base.start.m0 == 0.05);
    CHECK(g.base.start.h0 == 0.6);
    CHECK(g.base.start.n0 == 0.32);
    const study_spec one = parse("[model]\nstart = \"v0\"\nh0 = 1\n");
    CHECK(one.base.start.h0 == 1.0);
    CHECK_FALSE(one.base.start.m0.has_value());
    const study_spec rest = parse("[model]\nstart = \"rest\"\ni_app_uA_per_cm2 = 6.0\n");
    CHECK(rest.base.start.kind == start_kind::rest);
    CHECK_THAT(error_of("[model]\nstart = \"steady\"\n"), Contains("model.start = \"steady\"") && Contains("v0, rest"));
    CHECK_THAT(error_of("[model]\nm0 = 1.5\n"), Contains("model.m0 = 1.5") && Contains("[0, 1]"));
    CHECK_THAT(error_of("[model]\nn0 = \"0.3\"\n"), Contains("model.n0") && Contains("number"));
    CHECK_THAT(error_of("[model]\nstart = \"rest\"\nh0 = 0.6\n"), Contains("model.h0") && Contains("rest"));
    CHECK_THAT(error_of("[model]\nstart = \"rest\"\nv0_mV = -60.0\n"), Contains("model.v0_mV") && Contains("rest"));
    CHECK_THAT(error_of("[model]\nx0 = 0.1\n"), Contains("unknown key model.x0") && Contains("m0"));
}

TEST_CASE("config: record.noise_trials selects the trials whose input increments are kept", "[unit]") {
    CHECK(parse("").base.record.noise_trials.empty());
    CHECK(parse("[record]\nnoise_trials = [0, 5]\n").base.record.noise_trials == std::vector<std::int64_t>{0, 5});
    CHECK_THAT(error_of("[record]\nnoise_trials = [2.5]\n"), Contains("record.noise_trials[0] = 2.5"));
    CHECK_THAT(error_of("[run]\ntrials = 4\n[record]\nnoise_trials = [4]\n"), Contains("noise_trials contains trial 4"));
}

TEST_CASE("config: compare pairs integrators by order and refuses a mixed pair unless asked", "[unit]") {
    // auto: euler <-> euler-maruyama, rk4 (either jump timing) <-> sra, expeuler <-> expeuler.
    const std::vector<std::pair<std::string, method>> rule{{"euler", method::euler_maruyama},
                                                           {"euler-maruyama", method::euler_maruyama},
                                                           {"rk4", method::sra},
                                                           {"sra", method::sra},
                                                           {"expeuler", method::expeuler}};
    for (const auto& [shot, partner] : rule) {
        for (const char* jumps : {"boundary", "event-exact"}) {
            INFO(shot << " with " << jumps << " jumps");
            const study_spec s = parse(cat("[run]\nintegrator = \"", shot, "\"\njumps = \"", jumps, "\"\n"));
            const compare_pair pair = compare_integrators(s);
            CHECK(pair.diffusion == partner);
            CHECK_FALSE(pair.mixed);
            CHECK_THAT(pair.description, Contains(shot) && Contains(to_string(partner)) && Contains(jumps));
            // Naming the partner explicitly is the same pairing.
            const study_spec named = parse(cat("[run]\nintegrator = \"", shot, "\"\njumps = \"", jumps, "\"\n[compare]\ndiffusion_integrator = \"",
                                               to_string(partner), "\"\n"));
            CHECK(compare_integrators(named).diffusion == partner);
        }
    }
    // The old default, rk4 with euler-maruyama, mixes a fourth-order and a first-order scheme.
    CHECK_THAT(error_of("[compare]\ndiffusion_integrator = \"euler-maruyama\"\n"),
               Contains("compare.diffusion_integrator = \"euler-maruyama\"") && Contains("run.integrator = \"rk4\"") && Contains("sra") &&
                   Contains("allow_mixed_orders"));
    CHECK_THAT(error_of("[run]\nintegrator = \"euler\"\n[compare]\ndiffusion_integrator = \"sra\"\n"), Contains("euler-maruyama"));
    const study_spec mixed = parse("[compare]\ndiffusion_integrator = \"euler-maruyama\"\nallow_mixed_orders = true\n");
    const compare_pair pair = compare_integrators(mixed);
    CHECK(pair.mixed);
    CHECK(pair.diffusion == method::euler_maruyama);
    CHECK_THAT(pair.description, Contains("mixed"));
    CHECK_THAT(error_of("[compare]\ndiffusion_integrator = \"rk4\"\n"), Contains("auto, euler-maruyama, expeuler, sra"));
    CHECK_THAT(error_of("[compare]\nallow_mixed_orders = 1\n"), Contains("compare.allow_mixed_orders") && Contains("true or false"));
}
