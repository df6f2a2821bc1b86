#include "core/key_rules.hpp"

#include <array>

#include "core/error.hpp"

namespace hhsim {

std::optional<key_conflict> start_conflict(const scenario& sc, const key_given& given) {
    if (sc.start.kind != start_kind::rest) return std::nullopt;
    static constexpr std::array<key_conflict, 4> rest_keys{{
        {"v0_mV", "the fixed point has its own V", "remove it or use start = \"v0\""},
        {"m0", "the fixed point sets every gate", "use start = \"v0\""},
        {"h0", "the fixed point sets every gate", "use start = \"v0\""},
        {"n0", "the fixed point sets every gate", "use start = \"v0\""},
    }};
    for (const key_conflict& c : rest_keys) {
        if (given(c.name)) return c;
    }
    return std::nullopt;
}

void complete_population(population& p, const key_given& given, const std::string& prefix) {
    if (given("source_rates_hz")) {
        require_that(!given("rate_hz"), prefix, ": rate_hz and source_rates_hz are both given; give one (source_rates_hz sets every source's rate)");
        const auto rates = static_cast<std::int64_t>(p.source_rates_hz.size());
        if (!given("count")) p.count = rates;  // docs/config.md: count defaults to the number of rates
        require_that(rates == p.count, prefix, ".source_rates_hz has ", rates, " rates; must have count = ", p.count);
    } else {
        require_that(given("count"), prefix, ".count is missing; every population needs count");
        require_that(given("rate_hz"), prefix, ".rate_hz is missing; every population needs rate_hz (or source_rates_hz)");
    }
    require_that(given("jump_mV"), prefix, ".jump_mV is missing; every population needs jump_mV");
}

}  // namespace hhsim
