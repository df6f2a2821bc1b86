#include "study/statistics.hpp"

#include "core/error.hpp"

namespace hhsim {

std::string to_string(interval_method m) {
    switch (m) {
        case interval_method::student_t: return "Student t";
        case interval_method::bootstrap_percentile: return "bootstrap percentile over trials";
        case interval_method::jackknife_t: return "jackknife SE over trials, t interval";
        case interval_method::welch_t: return "Welch t";
        case interval_method::normal_difference: return "normal, sqrt(se_shot^2 + se_diffusion^2)";
    }
    return "unknown";
}

std::string fano_statistic_name(double window_ms) { return cat("fano_", window_ms, "ms"); }

std::vector<statistic_kind> statistic_catalogue(const analysis_spec& a) {
    using m = interval_method;
    std::vector<statistic_kind> out{
        {"rate_hz", "Hz", "output rate (Hz)", "mean over trials of spikes after the transient / window length", m::student_t, m::welch_t},
        {"rate_hz_bootstrap", "Hz", "rate, bootstrap CI (Hz)", "the same mean rate", m::bootstrap_percentile, m::bootstrap_percentile},
        {"mean_isi_ms", "ms", "mean ISI (ms)", "mean of the pooled ISIs", m::bootstrap_percentile, m::normal_difference},
        {"cv", "", "CV", "SD / mean of the pooled ISIs", m::bootstrap_percentile, m::bootstrap_percentile},
        {"cv2", "", "CV2", "mean of 2|I[i+1] - I[i]| / (I[i+1] + I[i]) over adjacent ISIs (Holt et al. 1996)", m::bootstrap_percentile,
         m::normal_difference},
        {"lv", "", "LV", "mean of 3 ((I[i] - I[i+1]) / (I[i] + I[i+1]))^2 over adjacent ISIs (Shinomoto et al. 2003)",
         m::bootstrap_percentile, m::normal_difference},
        {"rho1", "", "rho_1", "lag-1 serial correlation of ISIs within trials", m::bootstrap_percentile, m::normal_difference},
    };
    for (const double w : a.fano_windows_ms) {
        out.push_back({fano_statistic_name(w), "", cat("Fano factor (", w, " ms)"),
                       cat("variance / mean of the spike count in windows of ", w, " ms, across trials"), m::jackknife_t, m::normal_difference});
    }
    out.push_back({"latency_ms", "ms", "first-spike latency (ms)", "mean over trials of the first spike time, measured from t = 0",
                   m::student_t, m::normal_difference});
    return out;
}

const statistic_kind* find_statistic(const std::vector<statistic_kind>& catalogue, const std::string& name) {
    for (const statistic_kind& k : catalogue) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

const statistic* find_statistic(const std::vector<statistic>& stats, const std::string& name) {
    for (const statistic& s : stats) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

}  // namespace hhsim
