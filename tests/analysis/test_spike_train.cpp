// Tests of analysis/spike_train: windows, restriction to a window, whole-bin counting, input checks.

#include <limits>

#include <catch2/catch.hpp>

#include "analysis/spike_train.hpp"
#include "support.hpp"

using namespace hhsim::analysis;

TEST_CASE("spike_train: restriction to a half-open window keeps order and trial count", "[unit]") {
    const spike_trains r = restrict_to({{1.0, 2.0, 5.0, 10.0}, {}, {10.0, 11.0}}, {2.0, 10.0});
    REQUIRE(r.size() == 3);
    CHECK(r[0] == spike_train{2.0, 5.0});
    CHECK(r[1].empty());
    CHECK(r[2].empty());
    CHECK(duration_ms({2.0, 10.0}) == 8.0);
}

TEST_CASE("spike_train: whole bins count exact multiples spoilt by rounding, not partial bins", "[unit]") {
    CHECK(whole_bins(0.3, 0.1) == 3);        // 0.3 / 0.1 = 2.9999999999999996
    CHECK(whole_bins(1000.0, 0.1) == 10000);
    CHECK(whole_bins(2.5, 1.0) == 2);
    CHECK(whole_bins(0.999, 1.0) == 0);
}

TEST_CASE("spike_train: bad input gives an input_error that names the problem", "[unit]") {
    CHECK_INPUT_ERROR(restrict_to({{1.0}}, {1.0, 0.0}), "restrict_to: window [1, 0) ms is invalid");
    CHECK_INPUT_ERROR(restrict_to({{2.0, 1.0}}, {0.0, 5.0}), "restrict_to: trial 0: spike time[1] = 1 ms is not after");
    CHECK_INPUT_ERROR(check_spike_trains({}, "caller"), "caller: no trials given");
    CHECK_INPUT_ERROR(check_window({0.0, std::numeric_limits<double>::infinity()}, "caller"), "its ends must be finite");
    CHECK_NOTHROW(check_spike_trains({{}, {0.0, 1e-9, 5.0}}, "caller"));
}
