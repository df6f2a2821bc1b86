#pragma once
// The statistics a study reports for every grid point and input mode, as a typed catalogue: name,
// unit, label, estimator and how its interval is made. Results are matched to the catalogue, and
// across modes, by name. Definitions: docs/analysis.md.

#include <cstdint>
#include <string>
#include <vector>

#include "study/study_spec.hpp"

namespace hhsim {

enum class interval_method {
    student_t,             ///< mean over trials -+ t_{n-1} SE
    bootstrap_percentile,  ///< percentile interval of a bootstrap over whole trials
    jackknife_t,           ///< jackknife SE over trials, t interval
    welch_t,               ///< a difference of two independent means, Welch's t
    normal_difference,     ///< a difference of two independent estimates: -+ z sqrt(se_a^2 + se_b^2)
};

std::string to_string(interval_method m);

struct statistic_kind {
    std::string name;       ///< e.g. rate_hz, cv, fano_100ms, latency_ms
    std::string unit;       ///< "Hz", "ms", "" (dimensionless)
    std::string label;      ///< for tables and figures, with the unit: "rate (Hz)", "CV"
    std::string estimator;  ///< what is computed, in words
    interval_method interval;             ///< for one mode
    interval_method difference_interval;  ///< for shot minus diffusion (`compare`)
};

/// The statistics of one mode for the analysis settings `a`, in table order (one Fano factor per
/// counting window).
std::vector<statistic_kind> statistic_catalogue(const analysis_spec& a);

/// The entry named `name`, or nullptr.
const statistic_kind* find_statistic(const std::vector<statistic_kind>& catalogue, const std::string& name);

/// The name of the Fano factor for a counting window, e.g. fano_100ms.
std::string fano_statistic_name(double window_ms);

/// A statistic with its uncertainty; NaN where the data cannot define it (n says how many
/// trials or intervals stand behind it).
struct statistic {
    std::string name;
    double estimate = 0.0;
    double se = 0.0;
    double ci_low = 0.0;
    double ci_high = 0.0;
    std::int64_t n = 0;
};

/// The statistic named `name` in `stats`, or nullptr.
const statistic* find_statistic(const std::vector<statistic>& stats, const std::string& name);

}  // namespace hhsim
