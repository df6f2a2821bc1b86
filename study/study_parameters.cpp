#include "study/study_parameters.hpp"

#include <limits>
#include <vector>

namespace hhsim {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

#define HH_FIELD(expr, T)                                                                       \
    [](const study_spec& s) -> param_value { return static_cast<T>(s.expr); },                  \
        [](study_spec& s, const param_value& v) { s.expr = static_cast<decltype(s.expr)>(std::get<T>(v)); }

std::vector<parameter<study_spec>> make_table() {
    using P = parameter<study_spec>;
    const param_rule positive{0.0, inf, true, false, {}, false, false};
    const param_rule non_negative{0.0, inf, false, false, {}, false, false};
    return {
        P{"analysis", "transient_ms", "ms", "transient (ms)", "statistics ignore spikes in [0, transient_ms)", param_type::real, non_negative, false,
          {}, HH_FIELD(analysis.transient_ms, double)},
        P{"analysis", "fano_windows_ms", "ms", "Fano windows (ms)", "counting windows of the Fano factor, at least one", param_type::reals,
          {0.0, inf, true, false, {}, false, true}, false, {},
          [](const study_spec& s) -> param_value { return s.analysis.fano_windows_ms; },
          [](study_spec& s, const param_value& v) { s.analysis.fano_windows_ms = std::get<std::vector<double>>(v); }},
        P{"analysis", "isi_histogram", "", "ISI histogram", "pooled ISI density per grid point", param_type::flag, {}, false, {},
          HH_FIELD(analysis.isi_histogram, bool)},
        P{"analysis", "isi_bin_ms", "ms", "ISI bin (ms)", "ISI histogram bin width", param_type::real, positive, false, {},
          HH_FIELD(analysis.isi_bin_ms, double)},
        P{"analysis", "isi_max_ms", "ms", "ISI range (ms)", "the ISI histogram covers [0, isi_max_ms)", param_type::real, positive, false, {},
          HH_FIELD(analysis.isi_max_ms, double)},
        P{"analysis", "spectrum", "", "spectrum", "spike-train power spectrum (Welch)", param_type::flag, {}, false, {},
          HH_FIELD(analysis.spectrum, bool)},
        P{"analysis", "spectrum_bin_ms", "ms", "spectrum bin (ms)", "spike trains are binned at this width", param_type::real, positive, false, {},
          HH_FIELD(analysis.spectrum_bin_ms, double)},
        P{"analysis", "spectrum_segment_ms", "ms", "Welch segment (ms)", "Welch segment length, a whole number of bins", param_type::real, positive,
          false, {}, HH_FIELD(analysis.spectrum_segment_ms, double)},
        P{"analysis", "bootstrap_resamples", "", "bootstrap resamples", "bootstrap resamples for confidence intervals", param_type::whole,
          {2.0, static_cast<double>(std::numeric_limits<std::int64_t>::max()), false, false, {}, false, false}, false, {},
          HH_FIELD(analysis.bootstrap_resamples, std::int64_t)},
        P{"analysis", "confidence_level", "", "confidence level", "level of the confidence intervals", param_type::real,
          {0.0, 1.0, true, true, {}, false, false}, false, {}, HH_FIELD(analysis.confidence_level, double)},
        P{"compare", "diffusion_integrator", "", "diffusion integrator",
          "auto (the partner of run.integrator of the same order: euler -> euler-maruyama, rk4 -> sra, expeuler -> expeuler) | "
          "euler-maruyama | expeuler | sra",
          param_type::choice, {-inf, inf, false, false, "auto|euler-maruyama|expeuler|sra", false, false}, false, {},
          [](const study_spec& s) -> param_value { return s.diffusion_integrator ? to_string(*s.diffusion_integrator) : std::string("auto"); },
          [](study_spec& s, const param_value& v) {
              const std::string& name = std::get<std::string>(v);
              s.diffusion_integrator = name == "auto" ? std::nullopt : std::optional<method>(parse_method(name));
          }},
        P{"compare", "allow_mixed_orders", "", "mixed orders", "accept a diffusion integrator that is not the shot integrator's partner",
          param_type::flag, {}, false, {}, HH_FIELD(allow_mixed_orders, bool)},
        P{"output", "folder", "", "folder", "the study folder (--out overrides it)", param_type::text, {-inf, inf, false, false, {}, false, true},
          false, {}, [](const study_spec& s) -> param_value { return s.output_folder; },
          [](study_spec& s, const param_value& v) { s.output_folder = std::get<std::string>(v); }},
        P{"output", "paper_statistics", "", "paper table",
          "statistics (by name, docs/analysis.md) of tables/paper.tex, in column order; []: rate_hz, cv, cv2 and the longest window's Fano factor",
          param_type::texts, {-inf, inf, false, false, {}, false, false}, false, {},
          [](const study_spec& s) -> param_value { return s.paper_statistics; },
          [](study_spec& s, const param_value& v) { s.paper_statistics = std::get<std::vector<std::string>>(v); }},
    };
}
#undef HH_FIELD
}  // namespace

std::span<const parameter<study_spec>> study_parameters() {
    static const std::vector<parameter<study_spec>> table = make_table();
    return table;
}

}  // namespace hhsim
