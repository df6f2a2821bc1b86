#include "drivers/study_output.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "drivers/build_info.hpp"
#include "drivers/hdf5_io.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace an = hhsim::analysis;

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string unit_of(const std::string& statistic) {
    if (statistic.rfind("rate_hz", 0) == 0) return "Hz";
    if (statistic.size() > 3 && statistic.compare(statistic.size() - 3, 3, "_ms") == 0) return "ms";
    return "";
}

an::cell number_or_missing(double x) { return std::isfinite(x) ? an::number_cell(x) : an::missing_cell(); }
an::cell with_se(double x, double se) {
    if (!std::isfinite(x)) return an::missing_cell();
    return std::isfinite(se) ? an::number_cell(x, se) : an::number_cell(x);
}

std::vector<an::column> axis_columns(const study_spec& spec) {
    std::vector<an::column> cols;
    for (const sweep_axis& axis : spec.grid) cols.push_back({axis.key, ""});
    return cols;
}

std::vector<an::cell> axis_cells(const study_spec& spec, std::size_t index) {
    std::vector<an::cell> cells;
    for (const double v : point_values(spec, index)) cells.push_back(an::number_cell(v));
    return cells;
}

// Every parameter of the base scenario and of the analysis, named like the config keys (units in
// the names), as attributes of /parameters: the values in force, defaults included.
void write_parameters_group(hid_t file, const study_spec& spec) {
    const h5::handle g = h5::create_group(file, "parameters");
    const scenario& sc = spec.base;
    std::vector<std::pair<std::string, double>> numbers = scalar_parameters(sc);
    const std::vector<std::pair<std::string, double>> analysis{
        {"analysis.transient_ms", spec.analysis.transient_ms},
        {"analysis.isi_bin_ms", spec.analysis.isi_bin_ms},
        {"analysis.isi_max_ms", spec.analysis.isi_max_ms},
        {"analysis.spectrum_bin_ms", spec.analysis.spectrum_bin_ms},
        {"analysis.spectrum_segment_ms", spec.analysis.spectrum_segment_ms},
        {"analysis.confidence_level", spec.analysis.confidence_level},
    };
    numbers.insert(numbers.end(), analysis.begin(), analysis.end());
    for (const auto& [key, value] : numbers) h5::set_attribute(g, key, value);
    h5::set_attribute(g, "run.trials", sc.run.n_trials);
    h5::set_attribute(g, "run.seed", sc.run.seed);  // uint64
    h5::set_attribute(g, "record.trace_every_steps", sc.record.trace_every_steps);
    h5::set_attribute(g, "analysis.bootstrap_resamples", spec.analysis.bootstrap_resamples);
    h5::set_attribute(g, "analysis.isi_histogram", static_cast<std::int64_t>(spec.analysis.isi_histogram));
    h5::set_attribute(g, "analysis.spectrum", static_cast<std::int64_t>(spec.analysis.spectrum));
    h5::set_attribute(g, "analysis.fano_windows_ms", spec.analysis.fano_windows_ms);
    h5::set_attribute(g, "run.integrator", to_string(sc.run.integrator));
    h5::set_attribute(g, "run.jumps", to_string(sc.run.jumps));
    h5::set_attribute(g, "input.kind", to_string(sc.input.kind));
    const compare_pair pair = compare_integrators(spec);
    h5::set_attribute(g, "compare.diffusion_integrator", to_string(pair.diffusion));
    h5::set_attribute(g, "compare.diffusion_integrator_given", spec.diffusion_integrator ? to_string(*spec.diffusion_integrator) : "auto");
    h5::set_attribute(g, "compare.allow_mixed_orders", static_cast<std::int64_t>(spec.allow_mixed_orders));
    h5::set_attribute(g, "compare.pair", pair.description);
    h5::set_attribute(g, "model.start", to_string(sc.start.kind));
    for (const auto& [name, gate] : {std::pair{"model.m0", sc.start.m0}, std::pair{"model.h0", sc.start.h0}, std::pair{"model.n0", sc.start.n0}}) {
        if (gate) h5::set_attribute(g, name, *gate);
    }
    const hh_state s0 = initial_state(sc.start, sc.v0_mv, sc.model);
    h5::set_attribute(g, "model.start_state", std::vector<double>{s0.v, s0.m, s0.h, s0.n});
    h5::set_attribute(g, "model.start_description", describe(sc.start, sc.v0_mv, sc.model));
    if (!sc.record.noise_trials.empty()) {
        h5::set_attribute(g, "record.noise_trials", std::vector<double>(sc.record.noise_trials.begin(), sc.record.noise_trials.end()));
    }
    h5::set_attribute(g, "input.replay_events", static_cast<std::int64_t>(sc.input.replay_events.size()));
    for (std::size_t q = 0; q < sc.input.populations.size(); ++q) {
        const population& pop = sc.input.populations[q];
        const std::string key = cat("input.population.", q, ".");
        h5::set_attribute(g, key + "count", pop.count);
        h5::set_attribute(g, key + "rate_hz", pop.rate_hz);
        h5::set_attribute(g, key + "release_probability", pop.release_probability);
        h5::set_attribute(g, key + "jump_mV", pop.jump_mv);
        if (!pop.source_rates_hz.empty()) h5::set_attribute(g, key + "source_rates_hz", pop.source_rates_hz);
    }
    const campbell_moments cm = campbell(sc.input.populations);
    h5::set_attribute(g, "campbell.mu_mV_per_ms", cm.mu_mv_per_ms);
    h5::set_attribute(g, "campbell.sigma2_mV2_per_ms", cm.sigma2_mv2_per_ms);
}

const statistic* find(const std::vector<statistic>& stats, const std::string& name) {
    for (const statistic& s : stats) {
        if (s.name == name) return &s;
    }
    return nullptr;
}
}  // namespace

std::filesystem::path point_path(const std::filesystem::path& folder, std::size_t index) {
    std::ostringstream name;
    name << 'p' << std::setw(4) << std::setfill('0') << index << ".h5";
    return folder / "points" / name.str();
}

an::table summary_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    an::table t;
    t.caption = cat("Statistics per grid point and input mode: estimate +- standard error and ",
                    ctx.spec.analysis.confidence_level * 100, "% confidence interval; ", ctx.spec.base.run.n_trials,
                    " trials per point, spikes after ", ctx.spec.analysis.transient_ms, " ms.");
    t.columns = axis_columns(ctx.spec);
    for (const an::column& c : std::vector<an::column>{{"mode", ""}, {"statistic", ""}, {"unit", ""}, {"estimate", ""},
                                                        {"ci_low", ""}, {"ci_high", ""}, {"n", ""}}) {
        t.columns.push_back(c);
    }
    for (const auto& p : points) {
        if (!p) continue;
        for (const mode_result& m : p->modes) {
            for (const statistic& s : m.summary) {
                std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
                row.push_back(an::text_cell(m.mode));
                row.push_back(an::text_cell(s.name));
                row.push_back(an::text_cell(unit_of(s.name)));
                row.push_back(with_se(s.estimate, s.se));
                row.push_back(number_or_missing(s.ci_low));
                row.push_back(number_or_missing(s.ci_high));
                row.push_back(an::integer_cell(s.n));
                an::add_row(t, std::move(row));
            }
        }
    }
    return t;
}

an::table comparison_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    an::table t;
    t.caption = cat("Shot noise against its diffusion approximation: estimates +- SE, their difference (shot minus diffusion) with ",
                    ctx.spec.analysis.confidence_level * 100, "% confidence interval, and the two-sample KS test of the pooled ISIs.");
    t.columns = axis_columns(ctx.spec);
    for (const an::column& c : std::vector<an::column>{{"statistic", ""}, {"unit", ""}, {"shot", ""}, {"diffusion", ""},
                                                        {"difference", ""}, {"ci_low", ""}, {"ci_high", ""}}) {
        t.columns.push_back(c);
    }
    for (const auto& p : points) {
        if (!p || !p->comparison || p->modes.size() != 2) continue;
        const comparison_result& c = *p->comparison;
        for (const statistic& d : c.differences) {
            const statistic* a = find(p->modes[0].summary, d.name);
            const statistic* b = find(p->modes[1].summary, d.name);
            std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
            row.push_back(an::text_cell(d.name));
            row.push_back(an::text_cell(unit_of(d.name)));
            row.push_back(a != nullptr ? with_se(a->estimate, a->se) : an::missing_cell());
            row.push_back(b != nullptr ? with_se(b->estimate, b->se) : an::missing_cell());
            row.push_back(with_se(d.estimate, d.se));
            row.push_back(number_or_missing(d.ci_low));
            row.push_back(number_or_missing(d.ci_high));
            an::add_row(t, std::move(row));
        }
        for (const auto& [name, value] : {std::pair<std::string, double>{"isi_ks_statistic", c.ks_statistic}, {"isi_ks_p_value", c.ks_p_value}}) {
            std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
            row.push_back(an::text_cell(name));
            row.push_back(an::text_cell(""));
            row.push_back(an::missing_cell());
            row.push_back(an::missing_cell());
            row.push_back(number_or_missing(value));
            row.push_back(an::missing_cell());
            row.push_back(an::missing_cell());
            an::add_row(t, std::move(row));
        }
    }
    return t;
}

an::table headline_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    an::table t;
    t.caption = "Mean rate, ISI irregularity and serial correlation (estimate +- SE).";
    t.columns = axis_columns(ctx.spec);
    const std::vector<std::pair<std::string, std::string>> shown{{"rate_hz", "Hz"}, {"cv", ""}, {"cv2", ""}, {"lv", ""}, {"rho1", ""}};
    t.columns.push_back({"mode", ""});
    for (const auto& [name, unit] : shown) t.columns.push_back({name == "rate_hz" ? "rate" : name, unit});
    for (const auto& p : points) {
        if (!p) continue;
        for (const mode_result& m : p->modes) {
            std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
            row.push_back(an::text_cell(m.mode));
            for (const auto& shown_stat : shown) {
                const statistic* s = find(m.summary, shown_stat.first);
                row.push_back(s != nullptr ? with_se(s->estimate, s->se) : an::missing_cell());
            }
            an::add_row(t, std::move(row));
        }
    }
    return t;
}

void write_table_files(const std::filesystem::path& folder, const std::string& name, const an::table& t) {
    std::filesystem::create_directories(folder / "tables");
    write_text_file(folder / "tables" / (name + ".csv"), an::to_csv(t));
    write_text_file(folder / "tables" / (name + ".md"), an::to_markdown(t));
    write_text_file(folder / "tables" / (name + ".tex"), an::to_latex(t));
}

void write_study_file(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    const std::filesystem::path final_path = ctx.folder / "study.h5";
    const std::filesystem::path temporary = final_path.string() + ".incomplete";
    const study_spec& spec = ctx.spec;
    std::size_t finished = 0;
    for (const auto& p : points) finished += p ? 1 : 0;
    try {
        h5::handle file = h5::create_file(temporary);
        h5::handle root = h5::open_group(file, "/");
        h5::set_attribute(root, "hhsim_version", std::string(HHSIM_VERSION));
        h5::set_attribute(root, "git_revision", std::string(git_revision()));
        h5::set_attribute(root, "command_line", ctx.command_line);
        h5::set_attribute(root, "kind", ctx.kind);
        h5::set_attribute(root, "seed", spec.base.run.seed);  // uint64
        h5::set_attribute(root, "trials_per_point", spec.base.run.n_trials);
        h5::set_attribute(root, "complete", static_cast<std::int64_t>(finished == ctx.n_points ? 1 : 0));
        h5::set_attribute(root, "config_toml", spec.config_text);
        h5::set_attribute(root, "rng", std::string("Random123 Philox4x32-10, docs/rng.md"));
        write_parameters_group(file, spec);

        std::vector<std::string> names;
        for (const sweep_axis& a : spec.grid) names.push_back(a.key);
        std::vector<double> values;
        std::vector<std::int8_t> complete;
        for (std::size_t i = 0; i < ctx.n_points; ++i) {
            for (const double v : point_values(spec, i)) values.push_back(v);
            complete.push_back(points[i] ? 1 : 0);
        }
        h5::write(file, "grid/names", names);
        h5::write(file, "grid/values", values, {static_cast<hsize_t>(ctx.n_points), static_cast<hsize_t>(names.size())});
        h5::write(file, "grid/complete", complete);

        // Summaries as [point, statistic] arrays per mode; NaN rows for points not computed.
        std::vector<std::string> modes;
        std::vector<std::string> stat_names;
        std::vector<std::string> cmp_names;
        for (const auto& p : points) {
            if (!p) continue;
            if (modes.empty()) {
                for (const mode_result& m : p->modes) modes.push_back(m.mode);
                for (const statistic& s : p->modes.front().summary) stat_names.push_back(s.name);
                if (p->comparison) {
                    for (const statistic& s : p->comparison->differences) cmp_names.push_back(s.name);
                }
            }
        }
        const auto n_stats = stat_names.size();
        const std::vector<hsize_t> dims{static_cast<hsize_t>(ctx.n_points), static_cast<hsize_t>(n_stats)};
        for (std::size_t mi = 0; mi < modes.size(); ++mi) {
            std::vector<double> est(ctx.n_points * n_stats, nan), se = est, lo = est, hi = est;
            std::vector<std::int64_t> n(ctx.n_points * n_stats, 0);
            for (const auto& p : points) {
                if (!p) continue;
                const auto& stats = p->modes[mi].summary;
                for (std::size_t j = 0; j < n_stats && j < stats.size(); ++j) {
                    const std::size_t at = p->index * n_stats + j;
                    est[at] = stats[j].estimate;
                    se[at] = stats[j].se;
                    lo[at] = stats[j].ci_low;
                    hi[at] = stats[j].ci_high;
                    n[at] = stats[j].n;
                }
            }
            const h5::handle g = h5::create_group(file, "summary/" + modes[mi]);
            h5::set_attribute(g, "level", spec.analysis.confidence_level);
            h5::write(g, "statistics", stat_names);
            h5::write(g, "estimate", est, dims);
            h5::write(g, "se", se, dims);
            h5::write(g, "ci_low", lo, dims);
            h5::write(g, "ci_high", hi, dims);
            h5::write(g, "n", n, dims);
        }
        if (!cmp_names.empty()) {
            const auto n_cmp = cmp_names.size();
            std::vector<double> diff(ctx.n_points * n_cmp, nan), lo = diff, hi = diff;
            std::vector<double> ks_d(ctx.n_points, nan), ks_p(ctx.n_points, nan);
            for (const auto& p : points) {
                if (!p || !p->comparison) continue;
                const auto& d = p->comparison->differences;
                for (std::size_t j = 0; j < n_cmp && j < d.size(); ++j) {
                    diff[p->index * n_cmp + j] = d[j].estimate;
                    lo[p->index * n_cmp + j] = d[j].ci_low;
                    hi[p->index * n_cmp + j] = d[j].ci_high;
                }
                ks_d[p->index] = p->comparison->ks_statistic;
                ks_p[p->index] = p->comparison->ks_p_value;
            }
            const std::vector<hsize_t> cdims{static_cast<hsize_t>(ctx.n_points), static_cast<hsize_t>(n_cmp)};
            const h5::handle g = h5::create_group(file, "comparison");
            h5::set_attribute(g, "level", spec.analysis.confidence_level);
            h5::write(g, "statistics", cmp_names);
            h5::write(g, "difference", diff, cdims);
            h5::write(g, "ci_low", lo, cdims);
            h5::write(g, "ci_high", hi, cdims);
            h5::write(g, "ks_statistic", ks_d);
            h5::write(g, "ks_p_value", ks_p);
        }
        // The finished points, copied whole from their files.
        for (const auto& p : points) {
            if (!p) continue;
            const std::filesystem::path src_path = point_path(ctx.folder, p->index);
            const h5::handle src = h5::open_file(src_path);
            h5::copy_file_into(src, file, "points/" + src_path.stem().string());
        }
        h5::flush(file);
        root.close();
        h5::close_file(file);
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error(cat("writing '", final_path.string(), "' failed: ", e.what()));
    }
    std::filesystem::rename(temporary, final_path);
}

void write_status(const std::filesystem::path& folder, std::size_t finished, std::size_t total, const std::string& note) {
    write_text_file(folder / "STATUS", finished == total ? std::string("complete\n")
                                                         : cat("incomplete: ", finished, " of ", total, " grid points finished",
                                                               note.empty() ? "" : " (" + note + ")", "\n"));
}

void write_failed_status(const std::filesystem::path& folder, std::size_t finished, std::size_t total, const std::string& what) {
    write_text_file(folder / "STATUS", cat("failed: ", what, "\n", finished, " of ", total, " grid points finished and kept\n"));
}

void write_report(const study_context& ctx, const std::vector<std::optional<point_result>>& points, bool complete,
                  const std::string& figures_note) {
    const study_spec& spec = ctx.spec;
    std::size_t finished = 0;
    for (const auto& p : points) finished += p ? 1 : 0;
    std::ostringstream r;
    r << "# hhsim " << ctx.kind << "\n\n";
    if (!complete) {
        r << "**Incomplete:** " << finished << " of " << ctx.n_points << " grid points finished. Continue with `"
          << ctx.command_line << " --resume`.\n\n";
    }
    const campbell_moments cm = campbell(spec.base.input.populations);
    r << "## What was run\n\n"
      << "- command: `" << ctx.command_line << "`\n"
      << "- hhsim " << HHSIM_VERSION << " (git " << git_revision() << "), seed " << spec.base.run.seed << ", "
      << spec.base.run.n_trials << " trials per grid point and input mode\n"
      << "- model: Hodgkin-Huxley, I_app = " << spec.base.model.i_app << " uA/cm^2, dt = " << spec.base.run.dt_ms << " ms, T = "
      << spec.base.run.t_end_ms << " ms; statistics use spikes after " << spec.analysis.transient_ms << " ms\n";
    for (std::size_t q = 0; q < spec.base.input.populations.size(); ++q) {
        const population& pop = spec.base.input.populations[q];
        r << "- population " << q << ": " << pop.count << " sources at " << pop.rate_hz << " Hz, release probability "
          << pop.release_probability << ", jump " << pop.jump_mv << " mV\n";
    }
    r << "- start: " << describe(spec.base.start, spec.base.v0_mv, spec.base.model) << "\n";
    r << "- input: " << to_string(spec.base.input.kind) << " with integrator " << to_string(spec.base.run.integrator) << " (jumps "
      << to_string(spec.base.run.jumps) << ")";
    if (ctx.kind == "compare") {
        r << "; diffusion approximation with integrator " << to_string(compare_integrators(spec).diffusion) << "; integrator pair: "
          << compare_integrators(spec).description << "; Campbell's mu = "
          << cm.mu_mv_per_ms << " mV/ms and sigma^2 = " << cm.sigma2_mv2_per_ms << " mV^2/ms at the base parameters";
    }
    r << "\n";
    if (spec.grid.empty()) {
        r << "- no sweep: one grid point\n";
    } else {
        for (const sweep_axis& a : spec.grid) {
            r << "- sweep `" << a.key << "`:";
            for (const double v : a.values) r << ' ' << v;
            r << "\n";
        }
    }
    r << "\n## Results\n\n" << an::to_markdown(headline_table(ctx, points)) << "\n";
    r << "Full tables: [summary](tables/summary.md) ([CSV](tables/summary.csv), [LaTeX](tables/summary.tex))";
    if (ctx.kind == "compare") {
        r << ", [shot vs diffusion](tables/comparison.md) ([CSV](tables/comparison.csv), [LaTeX](tables/comparison.tex))";
    }
    r << ". Every number, per-trial value and spike time is in `study.h5` (docs/output.md).\n\n";
    r << "## Figures\n\n" << figures_note << "\n";
    write_text_file(ctx.folder / "report.md", r.str());
}

}  // namespace hhsim::drivers
