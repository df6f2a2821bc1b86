#include "drivers/study_output.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/scenario_parameters.hpp"
#include "core/simulation.hpp"
#include "drivers/build_info.hpp"
#include "drivers/hdf5_io.hpp"
#include "drivers/text_files.hpp"
#include "study/study_parameters.hpp"

namespace hhsim::drivers {

namespace an = hhsim::analysis;

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The unit of a statistic, from the catalogue (not guessed from its name).
std::string unit_of(const study_spec& spec, const std::string& statistic) {
    const std::vector<statistic_kind> catalogue = statistic_catalogue(spec.analysis);
    const statistic_kind* k = find_statistic(catalogue, statistic);
    return k != nullptr ? k->unit : "";
}

an::cell number_or_missing(double x) { return std::isfinite(x) ? an::number_cell(x) : an::missing_cell(); }
an::cell with_se(double x, double se) {
    if (!std::isfinite(x)) return an::missing_cell();
    return std::isfinite(se) ? an::number_cell(x, se) : an::number_cell(x);
}

// One column per swept key (each axis, then its linked keys), headed by its label with unit.
std::vector<an::column> axis_columns(const study_spec& spec) {
    std::vector<an::column> cols;
    for (const sweep_axis& axis : spec.grid) {
        cols.push_back({axis.replicates() ? std::string("replicate seed") : axis_label(axis.key, spec.population_names), ""});
        for (const sweep_axis::linked_key& l : axis.linked) cols.push_back({axis_label(l.key, spec.population_names), ""});
    }
    return cols;
}

std::vector<an::cell> axis_cells(const study_spec& spec, std::size_t index) {
    std::vector<an::cell> cells;
    for (const auto& [key, value] : point_settings(spec, index)) cells.push_back(an::number_cell(value));
    return cells;
}

// What a table's caption says about the study: the input, the sweep and the sample.
std::string study_sentence(const study_context& ctx) {
    const study_spec& spec = ctx.spec;
    std::string swept;
    for (const sweep_axis& a : spec.grid) {
        swept += cat(swept.empty() ? "" : ", ", a.replicates() ? std::string("replicate seeds") : axis_label(a.key, spec.population_names));
    }
    return cat("Hodgkin-Huxley neuron, ", to_string(spec.base.input.kind), " input from ", spec.base.input.populations.size(),
               " presynaptic population(s), integrator ", to_string(spec.base.run.integrator), " at dt = ", spec.base.run.dt_ms, " ms; ",
               swept.empty() ? std::string("one grid point") : "swept over " + swept, "; ", spec.base.run.n_trials, " trials of ",
               spec.base.run.t_end_ms, " ms per point, spikes after ", spec.analysis.transient_ms, " ms.");
}
// A parameter's value as an attribute (true/false as 1/0); an optional parameter not set is left out.
void write_value(hid_t g, const std::string& key, const param_value& value) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return;
            } else if constexpr (std::is_same_v<T, bool>) {
                h5::set_attribute(g, key, static_cast<std::int64_t>(v));
            } else {
                h5::set_attribute(g, key, v);
            }
        },
        value);
}

// One attribute per parameter of a table, named SECTION.NAME as in a configuration file (units in
// the names): the values in force, defaults included.
template <typename Target>
void write_parameter_attributes(hid_t g, std::span<const parameter<Target>> table, const Target& target) {
    for (const parameter<Target>& p : table) write_value(g, p.key(), p.get(target));
}

// Every parameter in force at the base point (the tables of core/scenario_parameters.hpp and
// study/study_parameters.hpp), the populations, and what is derived from them.
void write_parameters_group(hid_t file, const study_spec& spec) {
    const h5::handle g = h5::create_group(file, "parameters");
    const scenario& sc = spec.base;
    write_parameter_attributes(g, scenario_parameters(), sc);
    write_parameter_attributes(g, study_parameters(), spec);
    const compare_pair pair = compare_integrators(spec);
    h5::set_attribute(g, "compare.diffusion_integrator_used", to_string(pair.diffusion));
    h5::set_attribute(g, "compare.pair", pair.description);
    const hh_state s0 = initial_state(sc.start, sc.v0_mv, sc.model);
    h5::set_attribute(g, "model.start_state", std::vector<double>{s0.v, s0.m, s0.h, s0.n});
    h5::set_attribute(g, "model.start_description", describe(sc.start, sc.v0_mv, sc.model));
    h5::set_attribute(g, "input.replay_events", static_cast<std::int64_t>(sc.input.replay_events.size()));
    for (std::size_t q = 0; q < sc.input.populations.size(); ++q) {
        const population& pop = sc.input.populations[q];
        const std::string key = cat("input.population.", q, ".");
        if (q < spec.population_names.size() && !spec.population_names[q].empty()) h5::set_attribute(g, key + "name", spec.population_names[q]);
        for (const parameter<population>& f : population_fields()) write_value(g, key + std::string(f.name), f.get(pop));
        if (!pop.source_rates_hz.empty()) h5::set_attribute(g, key + "source_rates_hz", pop.source_rates_hz);
    }
    const campbell_moments cm = campbell(sc.input.populations);
    h5::set_attribute(g, "campbell.mu_mV_per_ms", cm.mu_mv_per_ms);
    h5::set_attribute(g, "campbell.sigma2_mV2_per_ms", cm.sigma2_mv2_per_ms);
    h5::set_attribute(g, "rng.layout_version", static_cast<std::int64_t>(rng::layout_version));
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
                    ctx.spec.analysis.confidence_level * 100, "% confidence interval. ", study_sentence(ctx));
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
                row.push_back(an::text_cell(unit_of(ctx.spec, s.name)));
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
                    ctx.spec.analysis.confidence_level * 100, "% confidence interval, and the two-sample KS test of the pooled ISIs. ",
                    study_sentence(ctx));
    t.columns = axis_columns(ctx.spec);
    for (const an::column& c : std::vector<an::column>{{"statistic", ""}, {"unit", ""}, {"shot", ""}, {"diffusion", ""},
                                                        {"difference", ""}, {"ci_low", ""}, {"ci_high", ""}}) {
        t.columns.push_back(c);
    }
    for (const auto& p : points) {
        if (!p || !p->comparison || p->modes.size() != 2) continue;
        const comparison_result& c = *p->comparison;
        for (const statistic& d : c.differences) {
            const statistic* a = find_statistic(p->modes[0].summary, d.name);
            const statistic* b = find_statistic(p->modes[1].summary, d.name);
            std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
            row.push_back(an::text_cell(d.name));
            row.push_back(an::text_cell(unit_of(ctx.spec, d.name)));
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

an::table compact_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    an::table t;
    t.caption = cat("Output rate and ISI coefficient of variation per grid point (estimate +- standard error). ", study_sentence(ctx));
    t.columns = axis_columns(ctx.spec);
    std::vector<std::string> modes;
    for (const auto& p : points) {
        if (!p) continue;
        for (const mode_result& m : p->modes) modes.push_back(m.mode);
        break;
    }
    const bool several = modes.size() > 1;
    for (const std::string& mode : modes) t.columns.push_back({several ? "output rate, " + mode : std::string("output rate"), "Hz"});
    for (const std::string& mode : modes) t.columns.push_back({several ? "CV, " + mode : std::string("CV"), ""});
    for (const auto& p : points) {
        if (!p) continue;
        std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
        for (const char* name : {"rate_hz", "cv"}) {
            for (std::size_t mi = 0; mi < modes.size(); ++mi) {
                const statistic* s = mi < p->modes.size() ? find_statistic(p->modes[mi].summary, name) : nullptr;
                row.push_back(s != nullptr ? with_se(s->estimate, s->se) : an::missing_cell());
            }
        }
        an::add_row(t, std::move(row));
    }
    return t;
}

an::table headline_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    an::table t;
    t.caption = "Mean rate, ISI irregularity and serial correlation (estimate +- SE).";
    t.columns = axis_columns(ctx.spec);
    const std::vector<std::pair<std::string, std::string>> shown{{"rate_hz", "Hz"}, {"cv", ""}, {"cv2", ""}, {"lv", ""}, {"rho1", ""}};
    t.columns.push_back({"mode", ""});
    for (const auto& [name, unit] : shown) t.columns.push_back({name == "rate_hz" ? "output rate" : name, unit});
    for (const auto& p : points) {
        if (!p) continue;
        for (const mode_result& m : p->modes) {
            std::vector<an::cell> row = axis_cells(ctx.spec, p->index);
            row.push_back(an::text_cell(m.mode));
            for (const auto& shown_stat : shown) {
                const statistic* s = find_statistic(m.summary, shown_stat.first);
                row.push_back(s != nullptr ? with_se(s->estimate, s->se) : an::missing_cell());
            }
            an::add_row(t, std::move(row));
        }
    }
    return t;
}

namespace {
// Value and SE rounded together: the SE to 2 significant digits, the value to the same decimal place.
std::pair<std::string, std::string> rounded_pair(double value, double se) {
    if (!std::isfinite(se) || se <= 0) return {cat(std::setprecision(4), value), ""};
    const int decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(se))));
    std::ostringstream v, e;
    v << std::fixed << std::setprecision(decimals) << value;
    e << std::fixed << std::setprecision(decimals) << se;
    return {v.str(), e.str()};
}

std::string latex_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '_' || c == '%' || c == '&' || c == '#' || c == '$') out += '\\';
        if (c == '^') {
            out += "\\textasciicircum{}";
            continue;
        }
        out += c;
    }
    return out;
}
}  // namespace

std::string paper_table(const study_context& ctx, const std::vector<std::optional<point_result>>& points) {
    const study_spec& spec = ctx.spec;
    const std::vector<statistic_kind> catalogue = statistic_catalogue(spec.analysis);
    const std::vector<std::string> columns = paper_columns(spec);
    // Replicate axes (run.seed) are pooled: a row per combination of the other axes and mode.
    std::vector<std::size_t> shown_axes;
    std::size_t replicates = 1;
    for (std::size_t a = 0; a < spec.grid.size(); ++a) {
        if (spec.grid[a].replicates()) {
            replicates *= spec.grid[a].values.size();
        } else {
            shown_axes.push_back(a);
        }
    }
    struct row_key {
        std::vector<double> values;
        std::string mode;
        bool operator<(const row_key& o) const { return values != o.values ? values < o.values : mode < o.mode; }
    };
    std::map<row_key, std::vector<std::vector<const statistic*>>> rows;  // per row: per statistic, one per replicate
    std::vector<row_key> order;
    for (const auto& p : points) {
        if (!p) continue;
        const std::vector<double> values = point_values(spec, p->index);
        for (const mode_result& m : p->modes) {
            row_key key{{}, m.mode};
            for (const std::size_t a : shown_axes) key.values.push_back(values[a]);
            auto [it, inserted] = rows.try_emplace(key, columns.size());
            if (inserted) order.push_back(key);
            for (std::size_t j = 0; j < columns.size(); ++j) it->second[j].push_back(find_statistic(m.summary, columns[j]));
        }
    }
    std::ostringstream t;
    t << "% hhsim paper table (tables/paper.tex): needs \\usepackage{booktabs} and \\usepackage{siunitx}.\n"
      << "\\begin{table}\n\\centering\n\\caption{";
    t << (replicates > 1 ? cat("Mean over ", replicates, " replicates (independent seeds) $\\pm$ the standard error across replicates")
                         : std::string("Estimate $\\pm$ standard error"))
      << " per grid point and input mode; " << spec.base.run.n_trials << " trials of " << spec.base.run.t_end_ms
      << "~ms per point, statistics from the spikes after " << spec.analysis.transient_ms << "~ms.}\n";
    t << "\\begin{tabular}{";
    for (std::size_t i = 0; i < shown_axes.size(); ++i) t << "r";
    t << "l";
    for (std::size_t j = 0; j < columns.size(); ++j) t << "S[separate-uncertainty=true, table-format=3.3(3)]";
    t << "}\n\\toprule\n";
    for (const std::size_t a : shown_axes) t << latex_escaped(axis_label(spec.grid[a].key, spec.population_names)) << " & ";
    t << "input";
    for (const std::string& name : columns) {
        const statistic_kind* k = find_statistic(catalogue, name);
        t << " & {" << latex_escaped(k != nullptr ? k->label : name) << "}";
    }
    t << " \\\\\n\\midrule\n";
    for (const row_key& key : order) {
        for (const double v : key.values) t << cat(v) << " & ";
        t << key.mode;
        for (const std::vector<const statistic*>& reps : rows.at(key)) {
            double sum = 0, sum2 = 0, n = 0;
            for (const statistic* st : reps) {
                if (st == nullptr || !std::isfinite(st->estimate)) continue;
                sum += st->estimate;
                sum2 += st->estimate * st->estimate;
                n += 1;
            }
            if (n == 0) {
                t << " & {--}";
                continue;
            }
            const double mean = sum / n;
            const double se = reps.size() > 1 ? (n >= 2 ? std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1)) / n) : NAN)
                                              : (reps.front() != nullptr ? reps.front()->se : NAN);
            const auto [value_text, se_text] = rounded_pair(mean, se);
            t << " & " << value_text << (se_text.empty() ? "" : " \\pm " + se_text);
        }
        t << " \\\\\n";
    }
    t << "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
    return t.str();
}

void write_table_files(const std::filesystem::path& folder, const std::string& name, const an::table& t) {
    std::filesystem::create_directories(folder / "tables");
    write_text_file(folder / "tables" / (name + ".csv"), an::to_csv(t));
    write_text_file(folder / "tables" / (name + ".md"), an::to_markdown(t));
    write_text_file(folder / "tables" / (name + ".tex"), an::to_latex(t));
}

void write_study_file(const study_context& ctx, const std::vector<std::optional<point_result>>& points, const std::atomic<bool>* stop) {
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
        h5::set_attribute(root, "rng_layout_version", static_cast<std::int64_t>(rng::layout_version));
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
        // For figures and tables: each axis's label with its unit, and which axis holds replicates.
        std::vector<std::string> labels;
        std::vector<std::int8_t> replicates;
        for (const sweep_axis& a : spec.grid) {
            labels.push_back(a.replicates() ? std::string("replicate seed") : axis_label(a.key, spec.population_names));
            replicates.push_back(a.replicates() ? 1 : 0);
        }
        h5::write(file, "grid/labels", labels);
        h5::write(file, "grid/replicates", replicates);

        // Summaries as [point, statistic] arrays per mode, the statistics of the catalogue in its
        // order, each point's matched by name; NaN rows for points not computed.
        std::vector<std::string> modes;
        bool compared = false;
        for (const auto& p : points) {
            if (!p) continue;
            if (modes.empty()) {
                for (const mode_result& m : p->modes) modes.push_back(m.mode);
            }
            compared = compared || p->comparison.has_value();
        }
        const std::vector<statistic_kind> catalogue = statistic_catalogue(spec.analysis);
        std::vector<std::string> stat_names, stat_units, stat_labels;
        for (const statistic_kind& k : catalogue) {
            stat_names.push_back(k.name);
            stat_units.push_back(k.unit);
            stat_labels.push_back(k.label);
        }
        const std::vector<std::string>& cmp_names = stat_names;
        const auto n_stats = stat_names.size();
        const std::vector<hsize_t> dims{static_cast<hsize_t>(ctx.n_points), static_cast<hsize_t>(n_stats)};
        for (std::size_t mi = 0; mi < modes.size(); ++mi) {
            std::vector<double> est(ctx.n_points * n_stats, nan), se = est, lo = est, hi = est;
            std::vector<std::int64_t> n(ctx.n_points * n_stats, 0);
            for (const auto& p : points) {
                if (!p || mi >= p->modes.size()) continue;
                for (std::size_t j = 0; j < n_stats; ++j) {
                    const statistic* st = find_statistic(p->modes[mi].summary, stat_names[j]);
                    if (st == nullptr) continue;
                    const std::size_t at = p->index * n_stats + j;
                    est[at] = st->estimate;
                    se[at] = st->se;
                    lo[at] = st->ci_low;
                    hi[at] = st->ci_high;
                    n[at] = st->n;
                }
            }
            const h5::handle g = h5::create_group(file, "summary/" + modes[mi]);
            h5::set_attribute(g, "level", spec.analysis.confidence_level);
            h5::write(g, "statistics", stat_names);
            h5::write(g, "units", stat_units);
            h5::write(g, "labels", stat_labels);
            h5::write(g, "estimate", est, dims);
            h5::write(g, "se", se, dims);
            h5::write(g, "ci_low", lo, dims);
            h5::write(g, "ci_high", hi, dims);
            h5::write(g, "n", n, dims);
        }
        if (compared) {
            const auto n_cmp = cmp_names.size();
            std::vector<double> diff(ctx.n_points * n_cmp, nan), lo = diff, hi = diff;
            std::vector<double> ks_d(ctx.n_points, nan), ks_p(ctx.n_points, nan);
            for (const auto& p : points) {
                if (!p || !p->comparison) continue;
                for (std::size_t j = 0; j < n_cmp; ++j) {
                    const statistic* d = find_statistic(p->comparison->differences, cmp_names[j]);
                    if (d == nullptr) continue;
                    diff[p->index * n_cmp + j] = d->estimate;
                    lo[p->index * n_cmp + j] = d->ci_low;
                    hi[p->index * n_cmp + j] = d->ci_high;
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
            if (stop != nullptr && stop->load(std::memory_order_relaxed)) throw run_interrupted("writing study.h5: stopped on request");
            const std::filesystem::path src_path = point_path(ctx.folder, p->index);
            const h5::handle src = h5::open_file(src_path);
            h5::copy_file_into(src, file, "points/" + src_path.stem().string());
        }
        h5::flush(file);
        root.close();
        h5::close_file(file);
    } catch (const run_interrupted&) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error(cat("writing '", final_path.string(), "' failed: ", e.what()));
    }
    std::filesystem::rename(temporary, final_path);
}

void write_status(const std::filesystem::path& folder, std::size_t finished, std::size_t total, const std::string& note) {
    // "complete" only without a note: a running study whose last point is done is still writing
    // its tables, study.h5, figures and report (issue 15 item 2).
    write_text_file(folder / "STATUS", finished == total && note.empty() ? std::string("complete\n")
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
      << spec.base.run.t_end_ms << " ms\n"
      << "- statistics use the spikes in the window [" << spec.analysis.transient_ms << ", " << spec.base.run.t_end_ms
      << ") ms (the first " << spec.analysis.transient_ms << " ms are a transient); the first-spike latency is measured from t = 0, "
      << "the onset of the input\n";
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
            r << "- " << (a.replicates() ? "replicates over `" : "sweep `") << a.key << "`:";
            for (const double v : a.values) r << ' ' << v;
            for (const sweep_axis::linked_key& l : a.linked) {
                r << "; linked with `" << l.key << "`:";
                for (const double v : l.values) r << ' ' << v;
            }
            r << "\n";
        }
    }
    r << "\n## Results\n\n" << an::to_markdown(headline_table(ctx, points)) << "\n";
    r << "Full tables: [summary](tables/summary.md) ([CSV](tables/summary.csv), [LaTeX](tables/summary.tex))";
    if (ctx.kind == "compare") {
        r << ", [shot vs diffusion](tables/comparison.md) ([CSV](tables/comparison.csv), [LaTeX](tables/comparison.tex))";
    }
    r << ", [paper table](tables/paper.tex) (LaTeX, booktabs and siunitx). Every number, per-trial value and spike time is in "
      << "`study.h5` (docs/output.md); `parameters.toml` reproduces the study.\n\n";
    r << "## Figures\n\n" << figures_note << "\n";
    write_text_file(ctx.folder / "report.md", r.str());
}

}  // namespace hhsim::drivers
