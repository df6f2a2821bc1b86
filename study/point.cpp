#include "study/point.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <new>

#include "analysis/isi.hpp"
#include "analysis/monte_carlo.hpp"
#include "analysis/rates.hpp"
#include "analysis/spectrum.hpp"
#include "analysis/two_sample.hpp"
#include "core/error.hpp"

namespace hhsim {

namespace an = hhsim::analysis;

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double value_or_nan(const std::optional<double>& x) { return x ? *x : nan; }

statistic undefined(const std::string& name, std::int64_t n = 0) { return {name, nan, nan, nan, nan, n}; }

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser: distinct bootstrap seeds per point and mode
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::optional<double> rho1_of(const an::spike_trains& trains) {
    try {
        return an::serial_correlations(trains, 1).rho[0];
    } catch (const input_error&) {
        return std::nullopt;  // no adjacent ISI pair, or no spread: undefined
    }
}

// A bootstrap difference as a statistic; undefined where the data of either mode cannot define it.
template <typename F>
statistic bootstrap_difference(const std::string& name, std::int64_t n, F&& compute) {
    try {
        const an::bootstrap_result b = compute();
        return {name, b.estimate, b.se, b.ci.low, b.ci.high, n};
    } catch (const input_error&) {
        return undefined(name, n);
    }
}
}  // namespace

mode_result run_mode(const scenario& sc, const analysis_spec& a, std::uint64_t bootstrap_seed, const run_hooks& hooks) {
    require_that(sc.run.n_trials >= 2, "run: trials = ", sc.run.n_trials, " is invalid for a study; must be >= 2 (standard errors)");
    return analyse_mode(simulate(sc, hooks), sc, a, bootstrap_seed);
}

mode_result analyse_mode(recording rec, const scenario& sc, const analysis_spec& a, std::uint64_t bootstrap_seed) {
    const double t_end = sc.run.t_end_ms;
    require_that(a.transient_ms >= 0 && a.transient_ms < t_end, "analysis: transient_ms = ", a.transient_ms,
                 " ms is invalid; must lie in [0, t_end_ms = ", t_end, " ms)");
    require_that(rec.spike_times_ms.size() >= 2, "run: trials = ", rec.spike_times_ms.size(),
                 " is invalid for a study; must be >= 2 (standard errors)");

    mode_result out;
    out.mode = to_string(sc.input.kind);
    out.rec = std::move(rec);
    const an::spike_trains& all = out.rec.spike_times_ms;
    const an::time_window w{a.transient_ms, t_end};
    out.window = w;
    const an::spike_trains kept = an::restrict_to(all, w);
    const auto n_trials = static_cast<std::int64_t>(kept.size());
    an::bootstrap_options boot;
    boot.n_resamples = static_cast<std::size_t>(a.bootstrap_resamples);
    boot.level = a.confidence_level;

    // Per-trial values.
    const double duration_s = an::duration_ms(w) * 1e-3;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        out.per_trial.n_spikes.push_back(static_cast<double>(kept[k].size()));
        out.per_trial.rate_hz.push_back(static_cast<double>(kept[k].size()) / duration_s);
        const an::isi_stats s = an::isi_statistics({kept[k]});
        out.per_trial.cv.push_back(value_or_nan(s.cv));
        out.per_trial.cv2.push_back(value_or_nan(s.cv2));
        out.per_trial.lv.push_back(value_or_nan(s.lv));
        out.per_trial.first_spike_ms.push_back(all[k].empty() ? nan : all[k].front());
    }

    // The rate: Student t and bootstrap intervals.
    boot.seed = bootstrap_seed;
    const an::rate_summary rates = an::summarise_rates(kept, w, boot);
    out.summary.push_back({"rate_hz", rates.mean_hz, rates.se_hz, rates.t_ci_hz.low, rates.t_ci_hz.high, n_trials});
    out.summary.push_back({"rate_hz_bootstrap", rates.mean_hz, rates.se_hz, rates.bootstrap_ci_hz.low, rates.bootstrap_ci_hz.high, n_trials});

    // The pooled ISI statistics: estimates from the trains, one bootstrap over whole trials (serial
    // correlations stay intact) in which every replicate evaluates all five from mergeable sums.
    const an::isi_stats pooled = an::isi_statistics(kept);
    const auto n_isi = static_cast<std::int64_t>(pooled.n_intervals);
    const auto n_pairs = static_cast<std::int64_t>(pooled.n_pairs);
    const double shift = pooled.mean_ms.value_or(0.0);
    const std::vector<an::isi_sums> sums = an::trial_isi_sums(kept, shift);
    const std::vector<std::optional<double>> estimates{pooled.mean_ms, pooled.cv, pooled.cv2, pooled.lv, rho1_of(kept)};
    an::bootstrap_options isi_boot = boot;
    isi_boot.seed = bootstrap_seed + 1;
    const std::vector<an::bootstrap_result> isi = an::bootstrap_many(
        sums.size(), estimates,
        [&](std::span<const std::size_t> picks, std::span<std::optional<double>> row) {
            an::isi_sums s;
            for (const std::size_t i : picks) s += sums[i];
            const an::pooled_isi p = an::pooled_from_sums(s, shift);
            row[0] = p.mean_ms;
            row[1] = p.cv;
            row[2] = p.cv2;
            row[3] = p.lv;
            row[4] = p.rho1;
        },
        isi_boot);
    const char* isi_names[] = {"mean_isi_ms", "cv", "cv2", "lv", "rho1"};
    const std::int64_t isi_counts[] = {n_isi, n_isi, n_pairs, n_pairs, n_pairs};
    for (std::size_t j = 0; j < 5; ++j) {
        out.summary.push_back(estimates[j] ? statistic{isi_names[j], isi[j].estimate, isi[j].se, isi[j].ci.low, isi[j].ci.high, isi_counts[j]}
                                           : undefined(isi_names[j], isi_counts[j]));
    }

    for (const double window : a.fano_windows_ms) {
        require_that(window > 0 && window <= an::duration_ms(w) * (1 + 1e-12),  // the config's tolerance
                     "analysis: fano_windows_ms contains ", window, " ms; must lie in (0, t_end_ms - transient_ms = ", an::duration_ms(w),
                     " ms]");
    }
    const std::vector<an::fano_point> fano = an::fano_factors(kept, w, a.fano_windows_ms);
    const double t_crit = an::t_quantile(0.5 + 0.5 * a.confidence_level, static_cast<double>(n_trials - 1));
    for (const an::fano_point& f : fano) {
        if (f.fano && f.se) {
            out.summary.push_back({fano_statistic_name(f.window_ms), *f.fano, *f.se, *f.fano - t_crit * *f.se, *f.fano + t_crit * *f.se, n_trials});
        } else {
            out.summary.push_back(undefined(fano_statistic_name(f.window_ms), n_trials));
        }
    }

    // Latency of the first spike after the onset of the input at t = 0 (not after the transient).
    const an::latency_data lat = an::first_spike_latencies(all, {0.0, t_end});
    if (lat.latency_ms.size() >= 2) {
        const an::mean_summary m = an::t_summary(lat.latency_ms, a.confidence_level);
        out.summary.push_back({"latency_ms", m.mean, m.se, m.ci.low, m.ci.high, static_cast<std::int64_t>(m.n)});
    } else {
        out.summary.push_back(undefined("latency_ms", static_cast<std::int64_t>(lat.latency_ms.size())));
    }

    const an::isi_data isis = an::intervals(kept);
    out.pooled_isi_ms.assign(isis.pooled.data(), isis.pooled.data() + isis.pooled.size());
    if (a.isi_histogram) {
        const an::histogram hist = an::make_histogram(isis.pooled, an::linear_edges(0.0, a.isi_max_ms, a.isi_bin_ms));
        out.isi_edges_ms.assign(hist.edges.data(), hist.edges.data() + hist.edges.size());
        out.isi_density_per_ms.assign(hist.density.data(), hist.density.data() + hist.density.size());
    }
    if (a.spectrum) {
        require_that(a.spectrum_segment_ms <= an::duration_ms(w) * (1 + 1e-12), "analysis: spectrum_segment_ms = ", a.spectrum_segment_ms,
                     " ms is invalid; must be <= t_end_ms - transient_ms = ", an::duration_ms(w), " ms");
        an::welch_options welch;
        welch.segment_ms = a.spectrum_segment_ms;
        welch.convention = an::psd_convention::two_sided;
        const an::psd spec = an::spike_train_spectrum(kept, w, a.spectrum_bin_ms, welch);
        out.spectrum_frequency_hz.assign(spec.frequency_hz.data(), spec.frequency_hz.data() + spec.frequency_hz.size());
        out.spectrum_power.assign(spec.power.data(), spec.power.data() + spec.power.size());
    }
    return out;
}

comparison_result compare_modes(const mode_result& shot, const mode_result& diffusion, const analysis_spec& a,
                                std::uint64_t bootstrap_seed) {
    comparison_result out;
    const std::vector<statistic_kind> catalogue = statistic_catalogue(a);
    const double z = an::t_quantile(0.5 + 0.5 * a.confidence_level, 1e9);  // normal quantile
    an::bootstrap_options boot;
    boot.n_resamples = static_cast<std::size_t>(a.bootstrap_resamples);
    boot.level = a.confidence_level;
    const an::spike_trains shot_kept = an::restrict_to(shot.rec.spike_times_ms, shot.window);
    const an::spike_trains diffusion_kept = an::restrict_to(diffusion.rec.spike_times_ms, diffusion.window);
    for (const statistic& s : shot.summary) {
        const statistic* d = find_statistic(diffusion.summary, s.name);
        const statistic_kind* kind = find_statistic(catalogue, s.name);
        if (d == nullptr || kind == nullptr) continue;
        const std::int64_t n = std::min(s.n, d->n);
        switch (kind->difference_interval) {
            case interval_method::welch_t: {
                // Welch t on the per-trial rates (unequal variances; exact when neither run varies).
                const an::difference r = an::rate_difference(shot.rec.spike_times_ms, diffusion.rec.spike_times_ms, shot.window,
                                                             a.confidence_level);
                out.differences.push_back({s.name, r.estimate, r.se, r.ci.low, r.ci.high, n});
                break;
            }
            case interval_method::bootstrap_percentile: {
                // Two-sample bootstrap over the trials of each mode, on per-trial rates or mergeable ISI moments.
                boot.seed = bootstrap_seed + out.differences.size();
                out.differences.push_back(s.name == "cv"
                                              ? bootstrap_difference(s.name, n, [&] { return an::cv_difference(shot_kept, diffusion_kept, boot); })
                                              : bootstrap_difference(s.name, n, [&] {
                                                    return an::rate_difference_bootstrap(shot.rec.spike_times_ms, diffusion.rec.spike_times_ms,
                                                                                         shot.window, boot);
                                                }));
                break;
            }
            default: {
                // Independent runs: the difference of two estimates has SE sqrt(se_a^2 + se_b^2).
                statistic diff{s.name, s.estimate - d->estimate, std::hypot(s.se, d->se), 0.0, 0.0, n};
                diff.ci_low = diff.estimate - z * diff.se;
                diff.ci_high = diff.estimate + z * diff.se;
                out.differences.push_back(diff);
            }
        }
    }
    out.ks_n_shot = static_cast<std::int64_t>(shot.pooled_isi_ms.size());
    out.ks_n_diffusion = static_cast<std::int64_t>(diffusion.pooled_isi_ms.size());
    if (!shot.pooled_isi_ms.empty() && !diffusion.pooled_isi_ms.empty()) {
        const Eigen::Map<const Eigen::VectorXd> ia(shot.pooled_isi_ms.data(), static_cast<Eigen::Index>(shot.pooled_isi_ms.size()));
        const Eigen::Map<const Eigen::VectorXd> ib(diffusion.pooled_isi_ms.data(), static_cast<Eigen::Index>(diffusion.pooled_isi_ms.size()));
        const an::ks_result ks = an::ks_two_sample(Eigen::VectorXd(ia), Eigen::VectorXd(ib));
        out.ks_statistic = ks.statistic;
        out.ks_p_value = ks.p_value;
    } else {
        out.ks_statistic = nan;
        out.ks_p_value = nan;
    }
    return out;
}

std::vector<scenario> point_modes(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair) {
    std::vector<scenario> modes{point_scenario(spec, index)};
    if (pair) modes.push_back(diffusion_variant(modes.front(), pair->diffusion));
    return modes;
}

namespace {
// Errors of a point's work name the point and the mode.
template <typename Work>
auto naming_the_point(const study_spec& spec, std::size_t index, const scenario& sc, Work&& work) {
    const std::string where = cat(point_label(spec, index), ", ", sc.input.kind == input_kind::diffusion ? "diffusion" : to_string(sc.input.kind), " input");
    try {
        return work();
    } catch (const numerics_error& e) {
        throw numerics_error(cat(where, ": ", e.what()));
    } catch (const input_error& e) {
        throw input_error(cat(where, ": ", e.what()));
    } catch (const std::bad_alloc&) {
        throw std::runtime_error(cat("out of memory while computing ", where, " (", sc.run.n_trials,
                                     " trials; the estimate beforehand excludes spike times, 8 bytes each)"));
    }
}
}  // namespace

std::vector<recording> simulate_unit(const study_spec& spec, const work_unit& unit, const std::optional<compare_pair>& pair, const run_hooks& hooks,
                                     const std::function<void(const std::string& stage, const scenario& sc)>& on_stage) {
    std::vector<recording> out;
    const auto in_unit = [&](std::vector<trial_index>& trials) {
        std::erase_if(trials, [&](trial_index k) { return k < unit.first_trial || k >= unit.first_trial + unit.n_trials; });
    };
    for (scenario sc : point_modes(spec, unit.point, pair)) {
        sc.run.first_trial = unit.first_trial;
        sc.run.n_trials = unit.n_trials;
        // Each piece records the traced, event and noise trials that fall in its range.
        in_unit(sc.record.trace_trials);
        in_unit(sc.record.event_trials);
        in_unit(sc.record.noise_trials);
        if (on_stage) on_stage(sc.input.kind == input_kind::diffusion ? "diffusion" : to_string(sc.input.kind), sc);
        out.push_back(naming_the_point(spec, unit.point, sc, [&] { return simulate(sc, hooks); }));
    }
    return out;
}

recording join_recordings(std::vector<recording> parts, const scenario& sc) {
    recording out;
    require(!parts.empty(), "join_recordings: no parts");
    out.n_steps = parts.front().n_steps;
    for (recording& part : parts) {
        for (std::vector<double>& train : part.spike_times_ms) out.spike_times_ms.push_back(std::move(train));
    }
    // Traces, events and noise in the order of the recording settings, as simulate() gives them.
    const auto gather = [&](const std::vector<trial_index>& wanted, auto member) {
        using item = typename std::decay_t<decltype(parts.front().*member)>::value_type;
        std::vector<item> all;
        for (const trial_index k : wanted) {
            if (std::any_of(all.begin(), all.end(), [&](const item& x) { return x.trial == k; })) continue;  // asked twice: kept once
            for (recording& part : parts) {
                auto& list = part.*member;
                const auto it = std::find_if(list.begin(), list.end(), [&](const item& x) { return x.trial == k; });
                if (it != list.end()) {
                    all.push_back(std::move(*it));
                    break;
                }
            }
        }
        return all;
    };
    out.traces = gather(sc.record.trace_trials, &recording::traces);
    out.events = gather(sc.record.event_trials, &recording::events);
    out.noise = gather(sc.record.noise_trials, &recording::noise);
    return out;
}

point_result analyse_point(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair, std::vector<recording> per_mode) {
    point_result p;
    p.index = index;
    p.values = point_values(spec, index);
    const std::vector<scenario> modes = point_modes(spec, index, pair);
    require(per_mode.size() == modes.size(), "analyse_point: one recording per input mode is needed");
    const std::uint64_t seed_base = mix(spec.base.run.seed ^ mix(index));
    const std::uint64_t seeds[] = {seed_base, mix(seed_base + 1)};
    for (std::size_t m = 0; m < modes.size(); ++m) {
        p.modes.push_back(naming_the_point(spec, index, modes[m], [&] { return analyse_mode(std::move(per_mode[m]), modes[m], spec.analysis, seeds[m]); }));
    }
    if (pair) p.comparison = compare_modes(p.modes[0], p.modes[1], spec.analysis, mix(seed_base + 2));
    return p;
}

point_result compute_point(const study_spec& spec, std::size_t index, const std::optional<compare_pair>& pair, const run_hooks& hooks,
                           const std::function<void(const std::string& stage, const scenario& sc)>& on_stage) {
    const work_unit whole{index, spec.base.run.first_trial, spec.base.run.n_trials};
    require_that(spec.base.run.n_trials >= 2, "run: trials = ", spec.base.run.n_trials, " is invalid for a study; must be >= 2 (standard errors)");
    return analyse_point(spec, index, pair, simulate_unit(spec, whole, pair, hooks, on_stage));
}

std::vector<work_unit> work_units(const study_spec& spec, const std::vector<std::size_t>& points, int workers) {
    std::vector<work_unit> out;
    if (points.empty()) return out;
    const auto w = static_cast<std::int64_t>(std::max(workers, 1));
    const auto count = static_cast<std::int64_t>(points.size());
    // Every worker gets as many units, of near-equal size: each point is cut into w / gcd(count, w)
    // trial ranges, count * w / gcd units in all (a multiple of w). With at least 8 points per
    // worker, whole points are kept (at most one point in 8 of imbalance, and nothing to join).
    std::int64_t pieces = count % w == 0 || count >= 8 * w ? 1 : w / std::gcd(count, w);
    const std::int64_t trials = spec.base.run.n_trials;
    pieces = std::min(pieces, trials);
    for (const std::size_t p : points) {
        // The first trials % pieces ranges take one trial more (no trials * j: it could overflow).
        const std::int64_t size = trials / pieces, extra = trials % pieces;
        for (std::int64_t j = 0; j < pieces; ++j) {
            const std::int64_t a = j * size + std::min(j, extra);
            out.push_back({p, spec.base.run.first_trial + a, size + (j < extra ? 1 : 0)});
        }
    }
    return out;
}

std::vector<work_unit> units_of(const std::vector<work_unit>& all, int workers, int worker) {
    std::vector<work_unit> out;
    for (std::size_t u = 0; u < all.size(); ++u) {
        if (static_cast<int>(u % static_cast<std::size_t>(std::max(workers, 1))) == worker) out.push_back(all[u]);
    }
    return out;
}

memory_estimate point_memory(const scenario& sc, const analysis_spec& a, int modes) {
    memory_estimate m = simulation_memory(sc);
    const double trials = static_cast<double>(std::max<std::int64_t>(sc.run.n_trials, 0));
    const double window_ms = std::max(0.0, sc.run.t_end_ms - a.transient_ms);
    const double resamples = static_cast<double>(std::max<std::int64_t>(a.bootstrap_resamples, 0));
    m.add("per-trial values and spike trains after the transient", trials, trials * (6 * 8.0 + sizeof(std::vector<double>)));
    // The bootstraps (rate; five ISI statistics at once): replicates, a resample, per-trial ISI sums.
    m.add("bootstrap replicates (6 statistics)", 6.0 * resamples, 6.0 * resamples * 8.0 + trials * (16.0 + sizeof(an::isi_sums)));
    double windows = 0.0;
    for (const double w : a.fano_windows_ms) windows = std::max(windows, w > 0 ? trials * std::floor(window_ms / w) : 0.0);
    if (windows > 0) m.add("Fano factor counting windows (trials x windows)", windows, windows * 8.0);
    if (a.spectrum && a.spectrum_bin_ms > 0) {
        const double bins = trials * std::ceil(window_ms / a.spectrum_bin_ms);
        m.add("spectrum bins of the binned spike trains", bins, bins * 8.0 + std::ceil(a.spectrum_segment_ms / a.spectrum_bin_ms) * 48.0);
    }
    if (a.isi_histogram && a.isi_bin_ms > 0) {
        const double bins = std::ceil(a.isi_max_ms / a.isi_bin_ms);
        m.add("ISI histogram bins", bins, bins * 24.0);
    }
    return m.times(modes);
}

}  // namespace hhsim
