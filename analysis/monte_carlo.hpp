#pragma once
// Monte Carlo statistics: mergeable running moments (Welford; Chan, Golub & LeVeque merge), standard
// errors, t and bootstrap confidence intervals, convergence tables. Definitions: docs/analysis.md, "Monte Carlo".

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analysis/table.hpp"

namespace hhsim::analysis {

/// A closed interval [low, high] (a confidence interval), in the unit of the quantity.
struct interval {
    double low = 0.0;
    double high = 0.0;
};

/// Count, mean and sum of squared deviations of a stream of values; merge() combines partial results.
struct running_stats {
    std::uint64_t n = 0;  ///< values added
    double mean = 0.0;    ///< their mean
    double m2 = 0.0;      ///< sum of (x - mean)^2
};

/// Add one value (Welford's update); throws input_error if x is not finite.
void add(running_stats& s, double x);

/// The statistics of the union of the two streams (Chan et al. pairwise formula); exact in real arithmetic.
running_stats merge(const running_stats& a, const running_stats& b);

/// Sample variance m2 / (n - 1); throws input_error if n < 2.
double variance(const running_stats& s);

/// Standard error of the mean, sqrt(variance / n); throws input_error if n < 2.
double standard_error(const running_stats& s);

/// Running statistics of a vector-valued quantity (a spectrum, a PSTH), element by element.
struct vector_running_stats {
    std::uint64_t n = 0;
    Eigen::VectorXd mean;  ///< size fixed by the first value added
    Eigen::VectorXd m2;
};

/// Add one vector; throws input_error if its size differs from earlier ones or an entry is not finite.
void add(vector_running_stats& s, const Eigen::VectorXd& x);

/// Element-wise Chan merge; throws input_error if both are non-empty with different sizes.
vector_running_stats merge(const vector_running_stats& a, const vector_running_stats& b);

/// Element-wise sample variance; throws input_error if n < 2.
Eigen::VectorXd variance(const vector_running_stats& s);

/// Element-wise standard error of the mean; throws input_error if n < 2.
Eigen::VectorXd standard_error(const vector_running_stats& s);

/// Mean with its spread and a confidence interval.
struct mean_summary {
    std::uint64_t n = 0;
    double mean = 0.0;
    double sd = 0.0;     ///< sample standard deviation (n - 1)
    double se = 0.0;     ///< sd / sqrt(n)
    interval ci;         ///< mean -+ t_{n-1, (1+level)/2} * se
    double level = 0.95;
};

/// Student-t summary of accumulated values; throws input_error if n < 2 or level is not in (0, 1).
mean_summary t_summary(const running_stats& s, double level = 0.95);

/// Student-t summary of a sample; throws input_error if it has fewer than 2 values.
mean_summary t_summary(const Eigen::VectorXd& x, double level = 0.95);

/// Quantile p of Student's t distribution with `dof` degrees of freedom (Boost.Math).
double t_quantile(double p, double dof);

/// One line of a convergence table: the estimate after the first n values.
struct convergence_row {
    std::uint64_t n = 0;
    double estimate = 0.0;  ///< mean of the first n values
    double se = 0.0;        ///< its standard error
};

/// Mean and SE after n = first_n, first_n*growth, ... values, and after all of them (n rounded up).
std::vector<convergence_row> convergence(const Eigen::VectorXd& samples, std::uint64_t first_n = 10,
                                         double growth = 2.0);

/// The rows as a table with columns n and "quantity (unit)" written value ± SE.
table convergence_table(const std::vector<convergence_row>& rows, const std::string& quantity,
                        const std::string& unit);

/// How to bootstrap: resamples, seed (results are a pure function of it) and confidence level.
struct bootstrap_options {
    std::size_t n_resamples = 2000;
    std::uint64_t seed = 1;
    double level = 0.95;
};

/// A statistic, its bootstrap standard error and percentile interval.
struct bootstrap_result {
    double estimate = 0.0;        ///< the statistic of the data as given
    double se = 0.0;              ///< standard deviation of the replicates
    interval ci;                  ///< percentile interval at `level`
    double level = 0.95;
    std::size_t n_resamples = 0;  ///< replicates drawn
    std::size_t n_undefined = 0;  ///< replicates where the statistic was undefined (left out of se and ci)
};

/// A statistic of the resample picks[0..n) (indices into the data, drawn with replacement); nullopt if undefined.
using resample_statistic = std::function<std::optional<double>(std::span<const std::size_t> picks)>;

/// A statistic of two independent resamples (indices into data a and into data b).
using two_sample_statistic =
    std::function<std::optional<double>(std::span<const std::size_t> picks_a, std::span<const std::size_t> picks_b)>;

/// Nonparametric bootstrap of a statistic of n units (Efron); percentile interval.
bootstrap_result bootstrap(std::size_t n, const resample_statistic& statistic, const bootstrap_options& options);

/// Two-sample bootstrap: units of a and of b are resampled independently in each replicate.
bootstrap_result bootstrap(std::size_t n_a, std::size_t n_b, const two_sample_statistic& statistic,
                           const bootstrap_options& options);

/// Several statistics of the same resamples: statistics(picks, out) writes one value per statistic
/// into out (nullopt where undefined).
using resample_statistics = std::function<void(std::span<const std::size_t> picks, std::span<std::optional<double>> out)>;

/// Bootstrap of k statistics of n units at once: each replicate draws one resample and evaluates
/// every statistic on it (one pass instead of k). `estimates` are the statistics of the data as
/// given; a statistic whose estimate is nullopt gets a result with NaN se and interval.
std::vector<bootstrap_result> bootstrap_many(std::size_t n, const std::vector<std::optional<double>>& estimates,
                                             const resample_statistics& statistics, const bootstrap_options& options);

/// Bootstrap of the mean of x.
bootstrap_result bootstrap_mean(const Eigen::VectorXd& x, const bootstrap_options& options);

/// Central percentile interval of replicates at `level` (quantiles by linear interpolation, Hyndman–Fan type 7).
interval percentile_interval(Eigen::VectorXd replicates, double level);

}  // namespace hhsim::analysis
