#pragma once
// Two-sample comparisons for "shot noise vs diffusion": Kolmogorov–Smirnov tests on ISI distributions,
// differences of mean rates and of CVs with confidence intervals. Formulas: docs/analysis.md, "Two-sample comparisons".

#include <cstddef>
#include <functional>

#include <Eigen/Core>

#include "analysis/monte_carlo.hpp"
#include "analysis/spike_train.hpp"

namespace hhsim::analysis {

/// How a KS p-value was computed.
enum class ks_method {
    exact,       ///< two-sample: lattice-path recursion (n_a n_b <= 1e6); one-sample: Marsaglia, Tsang & Wang (2003)
    asymptotic,  ///< Kolmogorov's limiting series with Stephens's (1970) finite-sample correction
};

/// Result of a Kolmogorov–Smirnov test.
struct ks_result {
    double statistic = 0.0;   ///< D = sup |F_a - F_b| (or sup |F_n - F|)
    double p_value = 1.0;     ///< P(D >= observed) under the null of one continuous distribution
    std::size_t n_a = 0;      ///< size of the (first) sample
    std::size_t n_b = 0;      ///< size of the second sample; 0 for the one-sample test
    ks_method method = ks_method::asymptotic;
};

/// Two-sample KS test; throws input_error if a sample is empty or has a non-finite value.
ks_result ks_two_sample(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

/// One-sample KS test of x against a continuous CDF.
ks_result ks_one_sample(const Eigen::VectorXd& x, const std::function<double(double)>& cdf);

/// Kolmogorov's limiting survival function Q(lambda) = P(K > lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2).
double kolmogorov_survival(double lambda);

/// Exact P(D_n < d) of the one-sample statistic for n values (Marsaglia, Tsang & Wang 2003; Eigen matrix power).
double ks_one_sample_exact_cdf(std::size_t n, double d);

/// Exact P(D >= d) of the two-sample statistic for sizes m, n without ties (lattice-path recursion, O(m n)).
double ks_two_sample_exact_p(std::size_t m, std::size_t n, double d);

/// A difference a - b with its standard error and confidence interval.
struct difference {
    double estimate = 0.0;
    double se = 0.0;
    interval ci;
    double level = 0.95;
    double dof = 0.0;  ///< Welch–Satterthwaite degrees of freedom of the t interval
};

/// Mean rate of a minus mean rate of b in Hz, Welch t interval; throws input_error with fewer than 2 trials in a group.
difference rate_difference(const spike_trains& a, const spike_trains& b, const time_window& w, double level = 0.95);

/// Mean rate of a minus mean rate of b in Hz, bootstrap over trials of each group.
bootstrap_result rate_difference_bootstrap(const spike_trains& a, const spike_trains& b, const time_window& w,
                                           const bootstrap_options& options = {});

/// Pooled ISI CV of a minus that of b, bootstrap over trials (whole trials, so serial correlations stay intact).
bootstrap_result cv_difference(const spike_trains& a, const spike_trains& b, const bootstrap_options& options = {});

/// Everything one compares between two conditions (a - b).
struct train_comparison {
    difference rate_hz;                   ///< Welch t
    bootstrap_result rate_hz_bootstrap;   ///< bootstrap over trials
    bootstrap_result cv;                  ///< bootstrap over trials
    ks_result isi_ks;                     ///< pooled ISIs of a against those of b
};

/// Rate difference (t and bootstrap), CV difference and KS test of the pooled ISI distributions.
train_comparison compare_trains(const spike_trains& a, const spike_trains& b, const time_window& w,
                                const bootstrap_options& options = {});

}  // namespace hhsim::analysis
