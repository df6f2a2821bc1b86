#pragma once
// Power spectra of sampled signals and spike trains by Welch's method, cross-spectra and coherence;
// every Fourier transform by FFTW. Normalisation and conventions: docs/analysis.md, "Spectra".
//
// Thread safety: every function here may be called from several threads at once. FFTW plans are made
// once per segment length under a mutex and executed with FFTW's new-array functions on arrays private
// to the call. Other code in the same process must not run the FFTW planner concurrently with us.

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analysis/spike_train.hpp"

namespace hhsim::analysis {

/// Taper applied to each segment before its transform.
enum class window_kind {
    rectangular,  ///< w = 1: no leakage reduction, independent bins for white noise
    hann,         ///< periodic Hann w_j = sin^2(pi j / L): a sinusoid on a bin leaks only into its two neighbours
};

/// How power is reported on the frequencies 0 <= f <= f_Nyquist.
enum class psd_convention {
    two_sided,  ///< S(f), the Fourier transform of the autocovariance: variance = integral of S over [-f_N, f_N]; Poisson train: S = r
    one_sided,  ///< G = 2 S for 0 < f < f_N, G = S at 0 and f_N: variance = integral of G over [0, f_N]; Poisson train: G = 2 r
};

/// Welch's method: segment length, overlap, taper, convention.
struct welch_options {
    double segment_ms = 1000.0;  ///< segment length; a whole number of samples; frequency resolution = 1000 / segment_ms Hz
    double overlap = 0.5;        ///< fraction of a segment shared with the next, in [0, 1)
    window_kind window = window_kind::hann;
    psd_convention convention = psd_convention::two_sided;
};

/// A power spectral density on f_m = m / (L dt), m = 0..floor(L/2).
struct psd {
    Eigen::VectorXd frequency_hz;
    Eigen::VectorXd power;         ///< [x]^2 / Hz (spike trains: Hz^2/Hz = spikes^2 s^-2 Hz^-1)
    Eigen::VectorXd se;            ///< standard error of power across trials; size 0 with fewer than 2 trials
    double resolution_hz = 0.0;    ///< 1 / segment duration
    std::size_t segment_samples = 0;
    std::size_t n_segments = 0;    ///< periodograms averaged, all trials together
    std::size_t n_trials = 0;
    psd_convention convention = psd_convention::two_sided;
};

/// A cross-spectral density and coherence of two signals recorded together.
struct csd {
    Eigen::VectorXd frequency_hz;
    Eigen::VectorXcd cross;        ///< S_xy = E[conj(X) Y] scaled like psd: the transform of E[x(t) y(t + tau)]; [x][y] / Hz
    Eigen::VectorXd power_x;       ///< S_xx, [x]^2 / Hz
    Eigen::VectorXd power_y;       ///< S_yy, [y]^2 / Hz
    Eigen::VectorXd coherence;     ///< |S_xy|^2 / (S_xx S_yy) in [0, 1]; 0 where S_xx or S_yy is 0
    double resolution_hz = 0.0;
    std::size_t segment_samples = 0;
    std::size_t n_segments = 0;
    std::size_t n_trials = 0;
    psd_convention convention = psd_convention::two_sided;
};

/// Welch PSD of signals sampled every dt_ms (one per trial, equal lengths), each segment's mean removed.
psd power_spectrum(const std::vector<Eigen::VectorXd>& trials, double dt_ms, const welch_options& options);

/// Welch PSD of one sampled signal.
psd power_spectrum(const Eigen::VectorXd& signal, double dt_ms, const welch_options& options);

/// Spike train as a rate signal: x_j = (spikes in bin j) / (bin_ms / 1000) Hz over the whole bins of w.
Eigen::VectorXd bin_spike_train(const spike_train& train, const time_window& w, double bin_ms);

/// The FFT library every transform here uses, with its version (for provenance).
std::string fft_library_version();

/// Welch PSD of spike trains binned at bin_ms over w: Hz^2/Hz, tends to the rate r (two-sided) at high f.
psd spike_train_spectrum(const spike_trains& trains, const time_window& w, double bin_ms,
                         const welch_options& options);

/// Welch cross-spectrum and coherence of x and y (trial i of x with trial i of y, equal lengths, same dt_ms).
csd cross_spectrum(const std::vector<Eigen::VectorXd>& x, const std::vector<Eigen::VectorXd>& y, double dt_ms,
                   const welch_options& options);

}  // namespace hhsim::analysis
