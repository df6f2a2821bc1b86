#include "analysis/spectrum.hpp"

#include <cmath>
#include <complex>
#include <limits>
#include <map>
#include <mutex>
#include <new>
#include <numbers>

#include <fftw3.h>

#include "core/error.hpp"

namespace hhsim::analysis {

namespace {

constexpr double ms_per_s = 1000.0;

// FFTW array memory, aligned to 64 bytes. The new-array execute functions need arrays aligned like
// the ones the plan was made on; allocating every array the same way guarantees it. We use aligned
// operator new rather than fftw_malloc because FFTW documents only fftw_execute* as thread-safe.
template <typename T>
class aligned_array {
public:
    explicit aligned_array(std::size_t n)
        : data_(static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{alignment}))) {}
    ~aligned_array() { ::operator delete(data_, std::align_val_t{alignment}); }
    aligned_array(const aligned_array&) = delete;
    aligned_array& operator=(const aligned_array&) = delete;
    T* data() const { return data_; }

private:
    static constexpr std::size_t alignment = 64;
    T* data_;
};

// Real-to-complex plans, one per length, made on first use and kept for the life of the process.
// FFTW's planner is not thread-safe, so planning happens under a mutex; executing a plan on other
// arrays (fftw_execute_dft_r2c) is thread-safe and happens outside it. FFTW_ESTIMATE picks the
// algorithm without timing trial runs, so the same length always gets the same plan and the same
// rounding: spectra are reproducible from run to run (FFTW_MEASURE would not promise that).
class r2c_plans {
public:
    static r2c_plans& shared() {
        static r2c_plans plans;
        return plans;
    }

    fftw_plan get(std::size_t n) {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = plans_.find(n); it != plans_.end()) {
            return it->second;
        }
        aligned_array<double> in(n);
        aligned_array<std::complex<double>> out(n / 2 + 1);
        const fftw_plan plan = fftw_plan_dft_r2c_1d(static_cast<int>(n), in.data(),
                                                    reinterpret_cast<fftw_complex*>(out.data()), FFTW_ESTIMATE);
        if (plan == nullptr) {
            throw numerics_error(cat("spectrum: FFTW could not plan a real transform of length ", n));
        }
        plans_.emplace(n, plan);
        return plan;
    }

    ~r2c_plans() {
        for (auto& entry : plans_) {
            fftw_destroy_plan(entry.second);
        }
    }

    r2c_plans(const r2c_plans&) = delete;
    r2c_plans& operator=(const r2c_plans&) = delete;

private:
    r2c_plans() = default;
    std::mutex mutex_;
    std::map<std::size_t, fftw_plan> plans_;
};

// Segment layout and normalisation shared by every trial of one call.
struct welch_layout {
    std::size_t length = 0;   // L, samples per segment
    std::size_t hop = 0;      // samples between segment starts
    Eigen::VectorXd taper;    // w_j
    double scale = 0.0;       // dt_s / sum(w^2): |X_m|^2 * scale is the two-sided PSD estimate
    double dt_ms = 0.0;
};

welch_layout make_layout(std::size_t n_samples, double dt_ms, const welch_options& o, const char* who) {
    require(std::isfinite(dt_ms) && dt_ms > 0, cat(who, ": dt_ms = ", dt_ms, " is invalid; must be > 0"));
    require(std::isfinite(o.segment_ms) && o.segment_ms > 0,
            cat(who, ": segment_ms = ", o.segment_ms, " is invalid; must be > 0"));
    require(o.overlap >= 0.0 && o.overlap < 1.0, cat(who, ": overlap = ", o.overlap, " is invalid; must be in [0, 1)"));
    const double samples = o.segment_ms / dt_ms;
    const double rounded = std::round(samples);
    require(std::abs(samples - rounded) <= 1e-9 * samples,
            cat(who, ": segment_ms = ", o.segment_ms, " is not a whole number of samples of dt_ms = ", dt_ms,
                "; it must be a multiple of dt_ms"));
    require(rounded >= 2, cat(who, ": segment_ms = ", o.segment_ms, " holds ", rounded,
                              " sample(s) of dt_ms = ", dt_ms, "; a segment needs at least 2"));
    const double recording_ms = static_cast<double>(n_samples) * dt_ms;
    require(rounded <= static_cast<double>(n_samples),
            cat(who, ": segment_ms = ", o.segment_ms, " is longer than the recording (", recording_ms,
                " ms); must be <= ", recording_ms));
    require(rounded <= static_cast<double>(std::numeric_limits<int>::max()),
            cat(who, ": segment_ms = ", o.segment_ms, " gives more samples than FFTW's int length allows"));
    welch_layout l;
    l.length = static_cast<std::size_t>(rounded);
    l.hop = l.length - static_cast<std::size_t>(std::round(o.overlap * static_cast<double>(l.length)));
    require(l.hop >= 1, cat(who, ": overlap = ", o.overlap, " leaves no step between segments of ", l.length,
                            " samples; use a smaller overlap"));
    const auto n = static_cast<Eigen::Index>(l.length);
    l.taper.resize(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        // Periodic Hann in the sin^2 form: exact zeros at j = 0 and no cancellation near it.
        const double s = std::sin(std::numbers::pi * static_cast<double>(j) / static_cast<double>(n));
        l.taper[j] = o.window == window_kind::hann ? s * s : 1.0;
    }
    l.scale = (dt_ms / ms_per_s) / l.taper.squaredNorm();
    l.dt_ms = dt_ms;
    return l;
}

// Mean over the segments of one trial of scale * conj(X) Y (two-sided, m = 0..L/2).
struct trial_spectra {
    Eigen::VectorXd xx;
    Eigen::VectorXd yy;    // only for cross-spectra
    Eigen::VectorXcd xy;   // only for cross-spectra
    std::size_t n_segments = 0;
};

trial_spectra welch_trial(const Eigen::VectorXd& x, const Eigen::VectorXd* y, const welch_layout& l) {
    const std::size_t n_freq = l.length / 2 + 1;
    const auto nf = static_cast<Eigen::Index>(n_freq);
    const auto len = static_cast<Eigen::Index>(l.length);
    const fftw_plan plan = r2c_plans::shared().get(l.length);
    aligned_array<double> in(l.length);
    aligned_array<std::complex<double>> out_x(n_freq);
    aligned_array<std::complex<double>> out_y(n_freq);
    Eigen::Map<Eigen::VectorXd> in_map(in.data(), len);
    const Eigen::Map<const Eigen::VectorXcd> fx(out_x.data(), nf);
    const Eigen::Map<const Eigen::VectorXcd> fy(out_y.data(), nf);

    // Remove the segment's mean, taper, transform. With the Hann taper the removed mean touches
    // only bins 0 and 1 (the taper's transform vanishes beyond one bin).
    const auto transform = [&](const Eigen::VectorXd& v, Eigen::Index start, std::complex<double>* out) {
        const auto seg = v.segment(start, len);
        in_map = (seg.array() - seg.mean()).matrix().cwiseProduct(l.taper);
        fftw_execute_dft_r2c(plan, in.data(), reinterpret_cast<fftw_complex*>(out));
    };

    trial_spectra t;
    t.xx = Eigen::VectorXd::Zero(nf);
    if (y != nullptr) {
        t.yy = Eigen::VectorXd::Zero(nf);
        t.xy = Eigen::VectorXcd::Zero(nf);
    }
    const std::size_t n_samples = static_cast<std::size_t>(x.size());
    for (std::size_t start = 0; start + l.length <= n_samples; start += l.hop) {
        transform(x, static_cast<Eigen::Index>(start), out_x.data());
        t.xx += fx.cwiseAbs2();
        if (y != nullptr) {
            transform(*y, static_cast<Eigen::Index>(start), out_y.data());
            t.yy += fy.cwiseAbs2();
            t.xy += fx.conjugate().cwiseProduct(fy);
        }
        ++t.n_segments;
    }
    const double s = l.scale / static_cast<double>(t.n_segments);
    t.xx *= s;
    if (y != nullptr) {
        t.yy *= s;
        t.xy *= s;
    }
    return t;
}

// Two-sided -> requested convention: one-sided doubles every bin that has a mirror image at -f,
// i.e. all but DC and (for even L) Nyquist.
Eigen::VectorXd convention_factor(std::size_t length, psd_convention c) {
    const auto nf = static_cast<Eigen::Index>(length / 2 + 1);
    Eigen::VectorXd f = Eigen::VectorXd::Ones(nf);
    if (c == psd_convention::one_sided) {
        const Eigen::Index last_doubled = (length % 2 == 0) ? nf - 2 : nf - 1;
        for (Eigen::Index m = 1; m <= last_doubled; ++m) {
            f[m] = 2.0;
        }
    }
    return f;
}

Eigen::VectorXd frequencies(const welch_layout& l) {
    const auto nf = static_cast<Eigen::Index>(l.length / 2 + 1);
    const double df = ms_per_s / (static_cast<double>(l.length) * l.dt_ms);
    return Eigen::VectorXd::LinSpaced(nf, 0.0, df * static_cast<double>(nf - 1));
}

void check_signals(const std::vector<Eigen::VectorXd>& trials, const char* who, const char* name) {
    require(!trials.empty(), cat(who, ": no ", name, " given; need at least one signal"));
    for (std::size_t i = 0; i < trials.size(); ++i) {
        require(trials[i].size() == trials[0].size(),
                cat(who, ": ", name, "[", i, "] has ", trials[i].size(), " samples and ", name, "[0] has ",
                    trials[0].size(), "; all trials must have the same length"));
        require(trials[i].allFinite(), cat(who, ": ", name, "[", i, "] has a non-finite sample; all must be finite"));
    }
}

psd power_spectrum_impl(const std::vector<Eigen::VectorXd>& trials, double dt_ms, const welch_options& o,
                        const char* who) {
    check_signals(trials, who, "trials");
    const welch_layout l = make_layout(static_cast<std::size_t>(trials[0].size()), dt_ms, o, who);
    const Eigen::VectorXd factor = convention_factor(l.length, o.convention);
    psd out;
    out.frequency_hz = frequencies(l);
    out.resolution_hz = ms_per_s / (static_cast<double>(l.length) * dt_ms);
    out.segment_samples = l.length;
    out.n_trials = trials.size();
    out.convention = o.convention;
    // Every trial has the same length, hence the same number of segments: the mean of the per-trial
    // means is the mean over all segments, and the spread of the per-trial means gives the SE.
    Eigen::MatrixXd per_trial(factor.size(), static_cast<Eigen::Index>(trials.size()));
    for (std::size_t i = 0; i < trials.size(); ++i) {
        const trial_spectra t = welch_trial(trials[i], nullptr, l);
        per_trial.col(static_cast<Eigen::Index>(i)) = t.xx.cwiseProduct(factor);
        out.n_segments += t.n_segments;
    }
    out.power = per_trial.rowwise().mean();
    if (trials.size() >= 2) {
        const double n = static_cast<double>(trials.size());
        const Eigen::VectorXd ss = (per_trial.colwise() - out.power).array().square().rowwise().sum();
        out.se = (ss / ((n - 1.0) * n)).cwiseSqrt();
    }
    return out;
}

}  // namespace

psd power_spectrum(const std::vector<Eigen::VectorXd>& trials, double dt_ms, const welch_options& options) {
    return power_spectrum_impl(trials, dt_ms, options, "power_spectrum");
}

psd power_spectrum(const Eigen::VectorXd& signal, double dt_ms, const welch_options& options) {
    return power_spectrum_impl({signal}, dt_ms, options, "power_spectrum");
}

Eigen::VectorXd bin_spike_train(const spike_train& train, const time_window& w, double bin_ms) {
    check_spike_train(train, "bin_spike_train");
    check_window(w, "bin_spike_train");
    require(std::isfinite(bin_ms) && bin_ms > 0, cat("bin_spike_train: bin_ms = ", bin_ms, " is invalid; must be > 0"));
    const auto n = static_cast<Eigen::Index>(whole_bins(duration_ms(w), bin_ms));
    require(n >= 1, cat("bin_spike_train: bin_ms = ", bin_ms, " is longer than the recording window (",
                        duration_ms(w), " ms); must be <= ", duration_ms(w)));
    Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
    const double end = w.start_ms + static_cast<double>(n) * bin_ms;  // whole bins only
    const double per_spike_hz = ms_per_s / bin_ms;                     // one spike in a bin is 1/bin_s
    for (double t : train) {
        if (t >= w.start_ms && t < end) {
            const auto j = static_cast<Eigen::Index>(std::floor((t - w.start_ms) / bin_ms));
            x[std::min(j, n - 1)] += per_spike_hz;
        }
    }
    return x;
}

std::string fft_library_version() { return fftw_version; }

psd spike_train_spectrum(const spike_trains& trains, const time_window& w, double bin_ms,
                         const welch_options& options) {
    check_spike_trains(trains, "spike_train_spectrum");
    check_window(w, "spike_train_spectrum");
    require(std::isfinite(bin_ms) && bin_ms > 0,
            cat("spike_train_spectrum: bin_ms = ", bin_ms, " is invalid; must be > 0"));
    // Said here in the units of the window; make_layout reports a non-finite or negative segment_ms.
    require(!(options.segment_ms > duration_ms(w) * (1.0 + 1e-12)),
            cat("spike_train_spectrum: segment_ms = ", options.segment_ms, " is longer than the recording window (",
                duration_ms(w), " ms); must be <= ", duration_ms(w)));
    std::vector<Eigen::VectorXd> signals;
    signals.reserve(trains.size());
    for (const spike_train& t : trains) {
        signals.push_back(bin_spike_train(t, w, bin_ms));
    }
    return power_spectrum_impl(signals, bin_ms, options, "spike_train_spectrum");
}

csd cross_spectrum(const std::vector<Eigen::VectorXd>& x, const std::vector<Eigen::VectorXd>& y, double dt_ms,
                   const welch_options& options) {
    check_signals(x, "cross_spectrum", "x");
    check_signals(y, "cross_spectrum", "y");
    require(x.size() == y.size(), cat("cross_spectrum: ", x.size(), " trials of x and ", y.size(),
                                      " of y; each x needs its y"));
    require(x[0].size() == y[0].size(), cat("cross_spectrum: x has ", x[0].size(), " samples per trial and y has ",
                                            y[0].size(), "; they must be recorded together"));
    const welch_layout l = make_layout(static_cast<std::size_t>(x[0].size()), dt_ms, options, "cross_spectrum");
    const Eigen::VectorXd factor = convention_factor(l.length, options.convention);
    const auto nf = factor.size();
    csd out;
    out.frequency_hz = frequencies(l);
    out.resolution_hz = ms_per_s / (static_cast<double>(l.length) * dt_ms);
    out.segment_samples = l.length;
    out.n_trials = x.size();
    out.convention = options.convention;
    out.cross = Eigen::VectorXcd::Zero(nf);
    out.power_x = Eigen::VectorXd::Zero(nf);
    out.power_y = Eigen::VectorXd::Zero(nf);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const trial_spectra t = welch_trial(x[i], &y[i], l);
        out.power_x += t.xx;
        out.power_y += t.yy;
        out.cross += t.xy;
        out.n_segments += t.n_segments;
    }
    const double n = static_cast<double>(x.size());
    out.power_x = out.power_x.cwiseProduct(factor) / n;
    out.power_y = out.power_y.cwiseProduct(factor) / n;
    out.cross = out.cross.cwiseProduct(factor.cast<std::complex<double>>()) / n;
    out.coherence.resize(nf);
    for (Eigen::Index m = 0; m < nf; ++m) {
        // Averaged spectra obey |S_xy|^2 <= S_xx S_yy (Cauchy-Schwarz), so 0 <= coherence <= 1 up to
        // rounding; a bin without power in x or y carries no linear relation and is reported as 0.
        const double denom = out.power_x[m] * out.power_y[m];
        out.coherence[m] = denom > 0 ? std::min(std::norm(out.cross[m]) / denom, 1.0) : 0.0;
    }
    return out;
}

}  // namespace hhsim::analysis
