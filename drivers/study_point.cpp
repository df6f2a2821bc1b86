#include "drivers/study_point.hpp"

#include <cmath>
#include <exception>
#include <limits>

#include "analysis/isi.hpp"
#include "analysis/monte_carlo.hpp"
#include "analysis/rates.hpp"
#include "analysis/spectrum.hpp"
#include "analysis/two_sample.hpp"
#include "core/error.hpp"
#include "drivers/hdf5_io.hpp"

namespace hhsim::drivers {

namespace an = hhsim::analysis;

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double value_or_nan(const std::optional<double>& x) { return x ? *x : nan; }

statistic undefined(const std::string& name, std::int64_t n = 0) { return {name, nan, nan, nan, nan, n}; }

// Trials chosen by a bootstrap resample, as a new set of trains.
an::spike_trains pick(const an::spike_trains& trains, std::span<const std::size_t> picks) {
    an::spike_trains out;
    out.reserve(picks.size());
    for (const std::size_t i : picks) out.push_back(trains[i]);
    return out;
}

// A pooled ISI statistic with a bootstrap over whole trials (keeps serial correlations intact).
statistic isi_statistic(const std::string& name, const an::spike_trains& trains, std::int64_t n,
                        const std::function<std::optional<double>(const an::spike_trains&)>& f, const an::bootstrap_options& opt) {
    const std::optional<double> estimate = f(trains);
    if (!estimate) return undefined(name, n);
    const an::bootstrap_result b =
        an::bootstrap(trains.size(), [&](std::span<const std::size_t> picks) { return f(pick(trains, picks)); }, opt);
    return {name, *estimate, b.se, b.ci.low, b.ci.high, n};
}

std::optional<double> rho1_of(const an::spike_trains& trains) {
    try {
        return an::serial_correlations(trains, 1).rho[0];
    } catch (const input_error&) {
        return std::nullopt;  // no adjacent ISI pair, or no spread: undefined
    }
}

std::string fano_name(double window_ms) {
    return cat("fano_", window_ms, "ms");
}
}  // namespace

mode_result run_mode(const scenario& sc_in, const analysis_spec& a, std::uint64_t bootstrap_seed, const run_hooks& hooks) {
    const scenario& sc = sc_in;  // traces and events as configured (record.trace_trials, event_trials)
    const double t_end = sc.run.t_end_ms;
    require(a.transient_ms >= 0 && a.transient_ms < t_end,
            cat("analysis: transient_ms = ", a.transient_ms, " ms is invalid; must lie in [0, t_end_ms = ", t_end, " ms)"));
    require(sc.run.n_trials >= 2, cat("run: trials = ", sc.run.n_trials, " is invalid for a study; must be >= 2 (standard errors)"));

    mode_result out;
    out.mode = to_string(sc.input.kind);
    out.rec = simulate(sc, hooks);
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

    // Summaries across trials.
    boot.seed = bootstrap_seed;
    const an::rate_summary rates = an::summarise_rates(kept, w, boot);
    out.summary.push_back({"rate_hz", rates.mean_hz, rates.se_hz, rates.t_ci_hz.low, rates.t_ci_hz.high, n_trials});
    out.summary.push_back({"rate_hz_bootstrap", rates.mean_hz, rates.se_hz, rates.bootstrap_ci_hz.low, rates.bootstrap_ci_hz.high, n_trials});

    const an::isi_stats pooled = an::isi_statistics(kept);
    const auto n_isi = static_cast<std::int64_t>(pooled.n_intervals);
    const auto n_pairs = static_cast<std::int64_t>(pooled.n_pairs);
    // The bootstraps of the ISI statistics are independent (each has its own seed): run them in
    // parallel; the results do not depend on the thread count.
    using isi_function = std::optional<double> (*)(const an::spike_trains&);
    struct isi_job {
        const char* name;
        std::int64_t n;
        isi_function f;
    };
    const std::vector<isi_job> jobs{
        {"mean_isi_ms", n_isi, [](const an::spike_trains& t) { return an::isi_statistics(t).mean_ms; }},
        {"cv", n_isi, [](const an::spike_trains& t) { return an::isi_statistics(t).cv; }},
        {"cv2", n_pairs, [](const an::spike_trains& t) { return an::isi_statistics(t).cv2; }},
        {"lv", n_pairs, [](const an::spike_trains& t) { return an::isi_statistics(t).lv; }},
        {"rho1", n_pairs, rho1_of},
    };
    std::vector<statistic> isi_results(jobs.size());
    std::vector<std::exception_ptr> errors(jobs.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(resolved_threads(sc.run.n_threads))
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        try {
            an::bootstrap_options job_boot = boot;
            job_boot.seed = bootstrap_seed + 1 + j;
            isi_results[j] = isi_statistic(jobs[j].name, kept, jobs[j].n, jobs[j].f, job_boot);
        } catch (...) {
            errors[j] = std::current_exception();  // exceptions must not leave an OpenMP region; rethrown as they were
        }
    }
    for (const std::exception_ptr& e : errors) {
        if (e) std::rethrow_exception(e);
    }
    out.summary.insert(out.summary.end(), isi_results.begin(), isi_results.end());

    for (const double window : a.fano_windows_ms) {
        require(window > 0 && window <= an::duration_ms(w) * (1 + 1e-12),  // the config's tolerance
                cat("analysis: fano_windows_ms contains ", window, " ms; must lie in (0, t_end_ms - transient_ms = ", an::duration_ms(w), " ms]"));
    }
    const std::vector<an::fano_point> fano = an::fano_factors(kept, w, a.fano_windows_ms);
    const double t_crit = an::t_quantile(0.5 + 0.5 * a.confidence_level, static_cast<double>(n_trials - 1));
    for (const an::fano_point& f : fano) {
        if (f.fano && f.se) {
            out.summary.push_back({fano_name(f.window_ms), *f.fano, *f.se, *f.fano - t_crit * *f.se, *f.fano + t_crit * *f.se, n_trials});
        } else {
            out.summary.push_back(undefined(fano_name(f.window_ms), n_trials));
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
        require(a.spectrum_segment_ms <= an::duration_ms(w) * (1 + 1e-12),
                cat("analysis: spectrum_segment_ms = ", a.spectrum_segment_ms, " ms is invalid; must be <= t_end_ms - transient_ms = ",
                    an::duration_ms(w), " ms"));
        an::welch_options welch;
        welch.segment_ms = a.spectrum_segment_ms;
        welch.convention = an::psd_convention::two_sided;
        const an::psd spec = an::spike_train_spectrum(kept, w, a.spectrum_bin_ms, welch);
        out.spectrum_frequency_hz.assign(spec.frequency_hz.data(), spec.frequency_hz.data() + spec.frequency_hz.size());
        out.spectrum_power.assign(spec.power.data(), spec.power.data() + spec.power.size());
    }
    return out;
}

comparison_result compare_modes(const mode_result& shot, const mode_result& diffusion, const analysis_spec& a) {
    comparison_result out;
    // Independent runs: the difference of two estimates has SE sqrt(se_a^2 + se_b^2); a normal
    // interval for statistics summarised by bootstrap or jackknife, Welch's t for the rate.
    const double z = an::t_quantile(0.5 + 0.5 * a.confidence_level, 1e9);  // normal quantile
    for (std::size_t i = 0; i < shot.summary.size() && i < diffusion.summary.size(); ++i) {
        const statistic& s = shot.summary[i];
        const statistic& d = diffusion.summary[i];
        statistic diff{s.name, s.estimate - d.estimate, std::hypot(s.se, d.se), 0.0, 0.0, std::min(s.n, d.n)};
        diff.ci_low = diff.estimate - z * diff.se;
        diff.ci_high = diff.estimate + z * diff.se;
        if (s.name == "rate_hz") {
            // Welch t on the per-trial rates (unequal variances; exact when neither run varies).
            const an::difference r = an::rate_difference(shot.rec.spike_times_ms, diffusion.rec.spike_times_ms, shot.window,
                                                         a.confidence_level);
            diff.estimate = r.estimate;
            diff.se = r.se;
            diff.ci_low = r.ci.low;
            diff.ci_high = r.ci.high;
        }
        out.differences.push_back(diff);
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

namespace {
void write_statistics(hid_t loc, const std::vector<statistic>& stats) {
    std::vector<std::string> names;
    std::vector<double> est, se, lo, hi;
    std::vector<std::int64_t> n;
    for (const statistic& s : stats) {
        names.push_back(s.name);
        est.push_back(s.estimate);
        se.push_back(s.se);
        lo.push_back(s.ci_low);
        hi.push_back(s.ci_high);
        n.push_back(s.n);
    }
    h5::write(loc, "statistics", names);
    h5::write(loc, "estimate", est);
    h5::write(loc, "se", se);
    h5::write(loc, "ci_low", lo);
    h5::write(loc, "ci_high", hi);
    h5::write(loc, "n", n);
}

std::vector<statistic> read_statistics(hid_t loc) {
    const std::vector<std::string> names = h5::read_strings(loc, "statistics");
    const std::vector<double> est = h5::read_doubles(loc, "estimate");
    const std::vector<double> se = h5::read_doubles(loc, "se");
    const std::vector<double> lo = h5::read_doubles(loc, "ci_low");
    const std::vector<double> hi = h5::read_doubles(loc, "ci_high");
    const std::vector<std::int64_t> n = h5::read_int64s(loc, "n");
    std::vector<statistic> out;
    for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], est[i], se[i], lo[i], hi[i], n[i]});
    return out;
}
}  // namespace

void write_point_file(const std::filesystem::path& path, const point_result& p, std::uint64_t input_digest) {
    const std::filesystem::path temporary = path.string() + ".incomplete";
    try {
        h5::handle file = h5::create_file(temporary);
        h5::handle root = h5::open_group(file, "/");
        h5::set_attribute(root, "input_digest", input_digest);
        h5::set_attribute(root, "index", static_cast<std::int64_t>(p.index));
        h5::set_attribute(root, "values", p.values);
        std::vector<std::string> mode_names;
        for (const mode_result& m : p.modes) mode_names.push_back(m.mode);
        h5::write(root, "modes", mode_names);
        for (const mode_result& m : p.modes) {
            const h5::handle g = h5::create_group(file, m.mode);
            std::vector<double> times;
            std::vector<std::int64_t> offsets{0};
            for (const auto& train : m.rec.spike_times_ms) {
                times.insert(times.end(), train.begin(), train.end());
                offsets.push_back(static_cast<std::int64_t>(times.size()));
            }
            h5::write(g, "spikes/times_ms", times);
            h5::write(g, "spikes/offsets", offsets);
            h5::write(g, "per_trial/rate_hz", m.per_trial.rate_hz);
            h5::write(g, "per_trial/n_spikes", m.per_trial.n_spikes);
            h5::write(g, "per_trial/cv", m.per_trial.cv);
            h5::write(g, "per_trial/cv2", m.per_trial.cv2);
            h5::write(g, "per_trial/lv", m.per_trial.lv);
            h5::write(g, "per_trial/first_spike_ms", m.per_trial.first_spike_ms);
            const h5::handle s = h5::create_group(g, "summary");
            write_statistics(s, m.summary);
            if (!m.isi_edges_ms.empty()) {
                h5::write(g, "isi_histogram/edges_ms", m.isi_edges_ms);
                h5::write(g, "isi_histogram/density_per_ms", m.isi_density_per_ms);
            }
            if (!m.spectrum_frequency_hz.empty()) {
                h5::write(g, "spectrum/frequency_hz", m.spectrum_frequency_hz);
                h5::write(g, "spectrum/power_hz2_per_hz", m.spectrum_power);
                const h5::handle spectrum = h5::open_group(g, "spectrum");
                h5::set_attribute(spectrum, "convention", std::string("two-sided"));
            }
            // Every kept trace under traces/trial_<k>; the first also as `trace` (the single-trial figure).
            for (std::size_t i = 0; i < m.rec.traces.size(); ++i) {
                const trace& tr = m.rec.traces[i];
                for (const std::string& where : i == 0 ? std::vector<std::string>{"trace", cat("traces/trial_", tr.trial)}
                                                       : std::vector<std::string>{cat("traces/trial_", tr.trial)}) {
                    h5::write(g, where + "/t_ms", tr.t_ms);
                    h5::write(g, where + "/v_mV", tr.v_mv);
                    h5::write(g, where + "/m", tr.m);
                    h5::write(g, where + "/h", tr.h);
                    h5::write(g, where + "/n", tr.n);
                    h5::write(g, where + "/i_na_uA_per_cm2", tr.i_na);
                    h5::write(g, where + "/i_k_uA_per_cm2", tr.i_k);
                    h5::write(g, where + "/i_l_uA_per_cm2", tr.i_l);
                    h5::write(g, where + "/i_syn_uA_per_cm2", tr.i_syn);
                    const h5::handle tg = h5::open_group(g, where);
                    h5::set_attribute(tg, "trial", tr.trial);
                }
            }
            // Per-step input increments of record.noise_trials: step k's entry entered V over (t_k, t_k+1].
            for (const noise_record& nr : m.rec.noise) {
                const std::string where = cat("noise/trial_", nr.trial);
                h5::write(g, where + "/increment_mV", nr.increment_mv);
                const h5::handle ng = h5::open_group(g, where);
                h5::set_attribute(ng, "trial", nr.trial);
                h5::set_attribute(ng, "dt_ms", m.window.end_ms / static_cast<double>(m.rec.n_steps));
                h5::set_attribute(ng, "what", std::string(m.mode == "diffusion" ? "mu*dt + sigma*dW per step (mV)"
                                                                                : "sum of the transmitted jumps of each step (mV)"));
            }
            for (const event_record& er : m.rec.events) {
                std::vector<double> t, jump;
                std::vector<std::int64_t> source;
                std::vector<std::int8_t> released;
                for (const input_event& ev : er.events) {
                    t.push_back(ev.t_ms);
                    jump.push_back(ev.jump_mv);
                    source.push_back(ev.source);
                    released.push_back(ev.transmitted ? 1 : 0);
                }
                const std::string where = cat("events/trial_", er.trial);
                h5::write(g, where + "/t_ms", t);
                h5::write(g, where + "/jump_mV", jump);
                h5::write(g, where + "/source", source);
                h5::write(g, where + "/transmitted", released);
            }
        }
        if (p.comparison) {
            const h5::handle c = h5::create_group(file, "comparison");
            write_statistics(c, p.comparison->differences);
            h5::set_attribute(c, "ks_statistic", p.comparison->ks_statistic);
            h5::set_attribute(c, "ks_p_value", p.comparison->ks_p_value);
            h5::set_attribute(c, "ks_n_shot", p.comparison->ks_n_shot);
            h5::set_attribute(c, "ks_n_diffusion", p.comparison->ks_n_diffusion);
        }
        h5::set_attribute(root, "complete", std::int64_t{1});  // a point file without it is not finished
        // Last: the checksum of everything above, verified by --resume.
        h5::set_attribute(root, checksum_attribute, h5::content_checksum(file, checksum_attribute));
        h5::flush(file);
        root.close();
        h5::close_file(file);
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error(cat("writing '", path.string(), "' failed: ", e.what()));
    }
    std::filesystem::rename(temporary, path);
}

point_file_check check_point_file(const std::filesystem::path& path, std::uint64_t input_digest) {
    const std::string name = cat("'", path.string(), "'");
    try {
        const h5::handle file = h5::open_file(path);
        const h5::handle root = h5::open_group(file, "/");
        if (!h5::has_attribute(root, "complete") || h5::int64_attribute(root, "complete") != 1) {
            return {point_file_state::unusable, cat(name, " is not a finished grid point (its writer was stopped); --resume recomputes it")};
        }
        if (!h5::has_attribute(root, "input_digest") || !h5::has_attribute(root, checksum_attribute)) {
            return {point_file_state::unusable, cat(name, " has no checksum (an older hhsim made it); --resume recomputes it")};
        }
        if (h5::uint64_attribute(root, "input_digest") != input_digest) {
            return {point_file_state::foreign, cat(name, " was computed from other inputs than this study's (configuration, replay events, "
                                                         "trials, seed or hhsim version): it belongs to another study. Remove it to have it "
                                                         "recomputed, or resume the study it came from")};
        }
        if (h5::uint64_attribute(root, checksum_attribute) != h5::content_checksum(file, checksum_attribute)) {
            return {point_file_state::unusable,
                    cat(name, " fails its checksum (its content changed after hhsim wrote it); --resume recomputes it")};
        }
    } catch (const std::exception& e) {
        return {point_file_state::unusable, cat(name, " is corrupt (not a readable HDF5 point file: ", e.what(), "); --resume recomputes it")};
    }
    return {point_file_state::good, ""};
}

memory_estimate point_memory(const scenario& sc, const analysis_spec& a, int modes) {
    memory_estimate m = simulation_memory(sc);
    const double trials = static_cast<double>(std::max<std::int64_t>(sc.run.n_trials, 0));
    const double window_ms = std::max(0.0, sc.run.t_end_ms - a.transient_ms);
    const double resamples = static_cast<double>(std::max<std::int64_t>(a.bootstrap_resamples, 0));
    m.add("per-trial values and spike trains after the transient", trials, trials * (6 * 8.0 + sizeof(std::vector<double>)));
    // Six bootstraps (rate and five ISI statistics) at once: their replicates and a resample of the trials each.
    m.add("bootstrap replicates (6 statistics)", 6.0 * resamples, 6.0 * (resamples * 8.0 + trials * (8.0 + sizeof(std::vector<double>))));
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

point_result read_point_summary(const std::filesystem::path& path) {
    const h5::handle file = h5::open_file(path);
    const h5::handle root = h5::open_group(file, "/");
    if (!h5::has_attribute(root, "complete") || h5::int64_attribute(root, "complete") != 1) {
        throw std::runtime_error(cat("'", path.string(), "' is not a finished grid point"));
    }
    point_result p;
    p.index = static_cast<std::size_t>(h5::int64_attribute(root, "index"));
    for (const std::string& mode : h5::read_strings(root, "modes")) {
        mode_result m;
        m.mode = mode;
        const h5::handle s = h5::open_group(file, mode + "/summary");
        m.summary = read_statistics(s);
        p.modes.push_back(std::move(m));
    }
    if (h5::exists(file, "comparison")) {
        const h5::handle c = h5::open_group(file, "comparison");
        comparison_result cmp;
        cmp.differences = read_statistics(c);
        cmp.ks_statistic = h5::double_attribute(c, "ks_statistic");
        cmp.ks_p_value = h5::double_attribute(c, "ks_p_value");
        cmp.ks_n_shot = h5::int64_attribute(c, "ks_n_shot");
        cmp.ks_n_diffusion = h5::int64_attribute(c, "ks_n_diffusion");
        p.comparison = cmp;
    }
    return p;
}

}  // namespace hhsim::drivers
