// hhsim._core: the Python face of hhsim (docs/python.md). Scenarios are built from keywords that
// are exactly the parameter table's names (core/scenario_parameters.hpp) and validated on
// construction; runs and studies execute on a C++ thread with the GIL released while the calling
// thread watches for Ctrl-C (KeyboardInterrupt within ~50 ms) and forwards progress; results are
// numpy arrays that own the C++ buffers (no copies of spike times or traces).
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

#include "analysis/isi.hpp"
#include "analysis/monte_carlo.hpp"
#include "analysis/rates.hpp"
#include "analysis/spectrum.hpp"
#include "analysis/two_sample.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/scenario_parameters.hpp"
#include "core/simulation.hpp"
#include "drivers/config.hpp"
#include "drivers/memory_budget.hpp"
#include "drivers/scenario_options.hpp"
#include "study/point.hpp"
#include "study/study_parameters.hpp"
#include "python/py_scenario.hpp"
#include "python/py_values.hpp"

namespace py = pybind11;
namespace an = hhsim::analysis;
using namespace hhsim;

namespace {

// What a Python caller can change when work does not fit (there is no --max-memory here).
constexpr const char* python_memory_remedy = "use fewer trials, a shorter run, or fewer traced or recorded trials";

// ------------------------------------------------------------------------------------------------
// numpy arrays that own a C++ vector (moved, never copied).

template <typename T>
py::array_t<T> owned(std::vector<T>&& data, std::vector<py::ssize_t> shape = {}) {
    auto* heap = new std::vector<T>(std::move(data));
    const py::capsule free_when_done(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    if (shape.empty()) shape = {static_cast<py::ssize_t>(heap->size())};
    std::vector<py::ssize_t> strides(shape.size());
    py::ssize_t stride = sizeof(T);
    for (std::size_t i = shape.size(); i-- > 0;) {
        strides[i] = stride;
        stride *= shape[i];
    }
    return py::array_t<T>(shape, strides, heap->data(), free_when_done);
}

// Spike trains as flat times plus per-trial offsets (NWB's Units table, neo's SpikeTrainList).
py::dict spike_arrays(const std::vector<std::vector<double>>& trains) {
    std::vector<double> times;
    std::vector<std::int64_t> offsets{0};
    std::size_t total = 0;
    for (const auto& t : trains) total += t.size();
    times.reserve(total);
    for (const auto& t : trains) {
        times.insert(times.end(), t.begin(), t.end());
        offsets.push_back(static_cast<std::int64_t>(times.size()));
    }
    py::dict d;
    d["times_ms"] = owned(std::move(times));
    d["offsets"] = owned(std::move(offsets));
    return d;
}

using times_array = py::array_t<double, py::array::c_style | py::array::forcecast>;
using offsets_array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

an::spike_trains trains_of(const times_array& times, const offsets_array& offsets) {
    require(offsets.ndim() == 1 && offsets.size() >= 1, "offsets must be a 1-d array of n_trials + 1 indices into times_ms");
    const auto t = times.unchecked<1>();
    const auto o = offsets.unchecked<1>();
    an::spike_trains out;
    for (py::ssize_t k = 0; k + 1 < o.shape(0); ++k) {
        require_that(o(k) >= 0 && o(k) <= o(k + 1) && o(k + 1) <= t.shape(0), "offsets[", k, "..", k + 1, "] = ", o(k), ", ", o(k + 1),
                     " is invalid; offsets must be non-decreasing indices into times_ms (", t.shape(0), " values)");
        out.emplace_back(&t(o(k)), &t(o(k)) + (o(k + 1) - o(k)));
    }
    return out;
}

py::object to_python(const param_value& v) {
    return std::visit([](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return py::none();
        else return py::cast(x);
    }, v);
}

py::dict scenario_to_dict(const scenario& sc) {
    py::dict d;
    for (const parameter<scenario>& p : scenario_parameters()) d[py::str(std::string(p.name))] = to_python(p.get(sc));
    py::list pops;
    for (const population& pop : sc.input.populations) {
        py::dict q;
        q["count"] = pop.count;
        q["rate_hz"] = pop.rate_hz;
        q["release_probability"] = pop.release_probability;
        q["jump_mV"] = pop.jump_mv;
        if (!pop.source_rates_hz.empty()) q["source_rates_hz"] = pop.source_rates_hz;
        if (pop.stream_id) q["stream_id"] = *pop.stream_id;
        pops.append(q);
    }
    d["populations"] = pops;
    return d;
}

/// The registry as dicts, with each parameter's default: that of `hhsim run` for the scenario's,
/// that of a study configuration for the study's (analysis.transient_ms: the analysis default).
py::list parameter_table() {
    py::list out;
    const auto add = [&](const auto& p, const py::object& default_value) {
        py::dict d;
        d["section"] = std::string(p.section);
        d["name"] = std::string(p.name);
        d["key"] = p.key();
        d["unit"] = std::string(p.unit);
        d["label"] = std::string(p.label);
        d["help"] = std::string(p.help);
        d["rule"] = describe_rule(p);
        d["default"] = default_value;
        out.append(d);
    };
    const scenario run_defaults = drivers::scenario_options::run_defaults();
    const study_spec study_defaults;
    for (const parameter<scenario>& p : scenario_parameters()) add(p, to_python(p.get(run_defaults)));
    for (const parameter<study_spec>& p : study_parameters()) add(p, to_python(p.get(study_defaults)));
    for (const parameter<population>& p : population_fields()) add(p, py::none());
    add(source_rates_field(), py::none());
    return out;
}

// ------------------------------------------------------------------------------------------------
// Long work on a C++ thread; the Python thread polls for signals and forwards progress.

template <typename Work>
auto run_interruptible(Work&& work, const py::object& progress, std::int64_t total) {
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> done{0};
    run_hooks hooks;
    hooks.stop_requested = &stop;
    hooks.on_progress = [&done](std::int64_t n) { done.fetch_add(n, std::memory_order_relaxed); };
    using result_t = decltype(work(hooks));
    std::optional<result_t> result;
    std::exception_ptr error;
    std::atomic<bool> finished{false};
    std::thread worker([&] {
        try {
            result.emplace(work(hooks));
        } catch (...) {
            error = std::current_exception();
        }
        finished.store(true);
    });
    std::int64_t reported = -1;
    bool interrupted = false;
    while (!finished.load()) {
        {
            py::gil_scoped_release release;
            for (int i = 0; i < 10 && !finished.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (PyErr_CheckSignals() != 0) {  // Ctrl-C: stop the workers at their next chunk
            stop.store(true);
            interrupted = true;
            break;
        }
        const std::int64_t now = done.load(std::memory_order_relaxed);
        if (!progress.is_none() && now != reported) {
            reported = now;
            try {
                progress(now, total);
            } catch (py::error_already_set&) {
                stop.store(true);
                {
                    py::gil_scoped_release release;
                    worker.join();
                }
                throw;
            }
        }
    }
    {
        py::gil_scoped_release release;
        worker.join();
    }
    if (interrupted) throw py::error_already_set();  // the KeyboardInterrupt PyErr_CheckSignals set
    if (error) std::rethrow_exception(error);
    if (!progress.is_none()) progress(done.load(), total);
    return std::move(*result);
}

py::dict recording_arrays(recording&& rec, const scenario& sc) {
    py::dict out;
    out["spikes"] = spike_arrays(rec.spike_times_ms);
    out["n_steps"] = rec.n_steps;
    out["first_trial"] = sc.run.first_trial;
    if (!rec.traces.empty()) {
        const auto n = static_cast<py::ssize_t>(rec.traces.size());
        const auto samples = static_cast<py::ssize_t>(rec.traces.front().t_ms.size());
        py::dict traces;
        std::vector<std::int64_t> trials;
        for (const trace& tr : rec.traces) trials.push_back(tr.trial);
        traces["trials"] = owned(std::move(trials));
        traces["t_ms"] = owned(std::vector<double>(rec.traces.front().t_ms));
        // The columns of core/recording.hpp (HDF5 names: v_mV, m, h, n, the currents), t_ms given above.
        for (const trace_column& col : trace_columns()) {
            if (col.values == &trace::t_ms) continue;
            const char* name = col.hdf5_name;
            std::vector<double> trace::*member = col.values;
            std::vector<double> flat;
            flat.reserve(static_cast<std::size_t>(n * samples));
            for (trace& tr : rec.traces) {
                flat.insert(flat.end(), (tr.*member).begin(), (tr.*member).end());
                std::vector<double>().swap(tr.*member);  // freed as it is copied in
            }
            traces[name] = owned(std::move(flat), {n, samples});
        }
        out["traces"] = traces;
    }
    if (!rec.events.empty()) {
        std::vector<std::int64_t> trials, offsets{0}, source;
        std::vector<double> t, jump;
        std::vector<std::uint8_t> transmitted;
        for (const event_record& er : rec.events) {
            trials.push_back(er.trial);
            for (const input_event& ev : er.events) {
                t.push_back(ev.t_ms);
                jump.push_back(ev.jump_mv);
                source.push_back(ev.source);
                transmitted.push_back(ev.transmitted ? 1 : 0);
            }
            offsets.push_back(static_cast<std::int64_t>(t.size()));
        }
        py::dict events;
        events["trials"] = owned(std::move(trials));
        events["offsets"] = owned(std::move(offsets));
        events["t_ms"] = owned(std::move(t));
        events["jump_mV"] = owned(std::move(jump));
        events["source"] = owned(std::move(source));
        events["transmitted"] = owned(std::move(transmitted)).attr("astype")("bool");
        out["events"] = events;
    }
    if (!rec.noise.empty()) {
        const auto n = static_cast<py::ssize_t>(rec.noise.size());
        const auto steps = static_cast<py::ssize_t>(rec.noise.front().increment_mv.size());
        std::vector<std::int64_t> trials;
        std::vector<double> flat;
        flat.reserve(static_cast<std::size_t>(n * steps));
        for (noise_record& nr : rec.noise) {
            trials.push_back(nr.trial);
            flat.insert(flat.end(), nr.increment_mv.begin(), nr.increment_mv.end());
            std::vector<double>().swap(nr.increment_mv);
        }
        py::dict noise;
        noise["trials"] = owned(std::move(trials));
        noise["increment_mV"] = owned(std::move(flat), {n, steps});
        out["noise"] = noise;
    }
    return out;
}

py::dict run(const py::dict& keywords, const py::handle& trials, const py::handle& seed, const py::handle& first_trial, const py::handle& threads,
             const py::dict& record, const py::object& progress) {
    const scenario sc = python::with_run_arguments(python::scenario_from(keywords), trials, seed, first_trial, threads, record);
    // Refused before any work, as `hhsim run` refuses it (drivers/memory_budget.hpp).
    drivers::check_memory(simulation_memory(sc), drivers::memory_available(std::nullopt, ""), "this run", python_memory_remedy);
    const std::int64_t total = sc.run.n_trials * step_count(sc.run);
    recording rec = run_interruptible([&](const run_hooks& hooks) { return simulate(sc, hooks); }, progress, total);
    py::dict out = recording_arrays(std::move(rec), sc);
    out["scenario"] = scenario_to_dict(sc);
    return out;
}

py::dict statistics_arrays(const std::vector<statistic>& stats, const std::vector<statistic_kind>& catalogue) {
    std::vector<double> est, se, lo, hi;
    std::vector<std::int64_t> n;
    std::vector<std::string> names;
    for (const statistic_kind& k : catalogue) {
        const statistic* s = find_statistic(stats, k.name);
        names.push_back(k.name);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        est.push_back(s ? s->estimate : nan);
        se.push_back(s ? s->se : nan);
        lo.push_back(s ? s->ci_low : nan);
        hi.push_back(s ? s->ci_high : nan);
        n.push_back(s ? s->n : 0);
    }
    py::dict d;
    d["estimate"] = owned(std::move(est));
    d["se"] = owned(std::move(se));
    d["ci_low"] = owned(std::move(lo));
    d["ci_high"] = owned(std::move(hi));
    d["n"] = owned(std::move(n));
    return d;
}

py::dict study(const std::string& toml_text, const std::string& origin, bool compare, int threads, const py::object& progress) {
    drivers::config_options options;
    study_spec spec = drivers::parse_study_config(toml_text, origin, options);
    if (threads >= 0) spec.base.run.n_threads = threads;
    std::optional<compare_pair> pair;
    if (compare) {
        require(spec.base.input.kind == input_kind::shot || spec.base.input.kind == input_kind::per_source,
                cat("compare: input.kind = \"", to_string(spec.base.input.kind), "\" cannot be compared with its diffusion approximation"));
        pair = compare_integrators(spec);
    }
    const std::size_t n_points = point_count(spec);
    // Every point's results stay in memory until the study returns: the sum over the points must
    // fit, checked before any work as `hhsim study` checks its largest point.
    memory_estimate need;
    for_each_point(spec, [&](std::size_t, const scenario& sc) {
        for (const memory_item& item : point_memory(sc, spec.analysis, compare ? 2 : 1).items) need.add(item.what, item.count, item.bytes);
    });
    drivers::check_memory(need, drivers::memory_available(std::nullopt, ""), cat("this study (", n_points, " grid points)"), python_memory_remedy);
    const std::int64_t total = static_cast<std::int64_t>(n_points) * (compare ? 2 : 1) * spec.base.run.n_trials * step_count(spec.base.run);
    std::vector<point_result> points = run_interruptible(
        [&](const run_hooks& hooks) {
            std::vector<point_result> out;
            for (std::size_t i = 0; i < n_points; ++i) out.push_back(compute_point(spec, i, pair, hooks));
            return out;
        },
        progress, total);

    const std::vector<statistic_kind> catalogue = statistic_catalogue(spec.analysis);
    py::dict out;
    py::list stat_names, stat_units, stat_labels;
    for (const statistic_kind& k : catalogue) {
        stat_names.append(k.name);
        stat_units.append(k.unit);
        stat_labels.append(k.label);
    }
    out["statistics"] = stat_names;
    out["units"] = stat_units;
    out["labels"] = stat_labels;
    py::list axes, labels, values_rows;
    for (const sweep_axis& a : spec.grid) {
        axes.append(a.key);
        labels.append(a.replicates() ? std::string("replicate seed") : axis_label(a.key, spec.population_names));
    }
    out["grid_keys"] = axes;
    out["grid_labels"] = labels;
    std::vector<double> grid_values;
    for (std::size_t i = 0; i < n_points; ++i) {
        for (const double v : point_values(spec, i)) grid_values.push_back(v);
    }
    out["grid_values"] = owned(std::move(grid_values), {static_cast<py::ssize_t>(n_points), static_cast<py::ssize_t>(spec.grid.size())});
    py::list modes;
    for (const mode_result& m : points.front().modes) modes.append(m.mode);
    out["modes"] = modes;
    py::list per_point;
    for (point_result& p : points) {
        py::dict point;
        point["index"] = p.index;
        point["values"] = p.values;
        py::dict by_mode;
        for (mode_result& m : p.modes) {
            py::dict mode = statistics_arrays(m.summary, catalogue);
            mode["spikes"] = spike_arrays(m.rec.spike_times_ms);
            mode["window_ms"] = py::make_tuple(m.window.start_ms, m.window.end_ms);  // what the statistics saw
            mode["isi_edges_ms"] = owned(std::move(m.isi_edges_ms));
            mode["isi_density_per_ms"] = owned(std::move(m.isi_density_per_ms));
            mode["spectrum_frequency_hz"] = owned(std::move(m.spectrum_frequency_hz));
            mode["spectrum_power"] = owned(std::move(m.spectrum_power));
            by_mode[py::str(m.mode)] = mode;
        }
        point["modes"] = by_mode;
        if (p.comparison) {
            py::dict c = statistics_arrays(p.comparison->differences, catalogue);
            c["ks_statistic"] = p.comparison->ks_statistic;
            c["ks_p_value"] = p.comparison->ks_p_value;
            point["comparison"] = c;
        }
        per_point.append(point);
    }
    out["points"] = per_point;
    out["trials_per_point"] = spec.base.run.n_trials;
    out["seed"] = spec.base.run.seed;
    if (pair) out["integrator_pair"] = pair->description;
    return out;
}

an::time_window window_of(double start_ms, double end_ms) { return an::time_window{start_ms, end_ms}; }

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "hhsim's C++ core: Hodgkin-Huxley neurons driven by Poisson spike trains (docs/python.md)";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const input_error& e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        } catch (const numerics_error& e) {
            PyErr_SetString(PyExc_FloatingPointError, e.what());
        } catch (const run_interrupted& e) {
            PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
        }
    });
    m.def("parameter_table", &parameter_table, "every parameter: section, name, key, unit, label, help, rule");
    m.def("check_scenario", [](const py::dict& kw) { return scenario_to_dict(python::scenario_from(kw)); },
          "validate keywords as a scenario; returns every parameter's value (ValueError names a bad one)");
    m.def("run", &run, py::arg("keywords"), py::arg("trials"), py::arg("seed"), py::arg("first_trial"), py::arg("threads"), py::arg("record"),
          py::arg("progress"));
    m.def("study", &study, py::arg("toml_text"), py::arg("origin"), py::arg("compare"), py::arg("threads"), py::arg("progress"));
    m.def("version", [] { return std::string(HHSIM_VERSION); });

    // The analysis library on (times_ms, offsets) spike arrays; times in ms, rates in Hz.
    m.def(
        "isi_statistics",
        [](const times_array& t, const offsets_array& o, double start_ms, double end_ms) {
            const an::isi_stats s = an::isi_statistics(an::restrict_to(trains_of(t, o), window_of(start_ms, end_ms)));
            py::dict d;
            d["n_trials"] = s.n_trials;
            d["n_excluded"] = s.n_excluded;
            d["n_intervals"] = s.n_intervals;
            d["n_pairs"] = s.n_pairs;
            d["mean_ms"] = s.mean_ms;
            d["sd_ms"] = s.sd_ms;
            d["cv"] = s.cv;
            d["cv2"] = s.cv2;
            d["lv"] = s.lv;
            return d;
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("start_ms"), py::arg("end_ms"));
    m.def(
        "serial_correlations",
        [](const times_array& t, const offsets_array& o, std::size_t max_lag) {
            const an::serial_correlation s = an::serial_correlations(trains_of(t, o), max_lag);
            return py::make_tuple(Eigen::VectorXd(s.rho), s.n_pairs);
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("max_lag"));
    m.def(
        "rates",
        [](const times_array& t, const offsets_array& o, double start_ms, double end_ms, double level, std::size_t resamples,
           std::uint64_t seed) {
            an::bootstrap_options b;
            b.level = level;
            b.n_resamples = resamples;
            b.seed = seed;
            const an::rate_summary r = an::summarise_rates(trains_of(t, o), window_of(start_ms, end_ms), b);
            py::dict d;
            d["n_trials"] = r.n_trials;
            d["mean_hz"] = r.mean_hz;
            d["sd_hz"] = r.sd_hz;
            d["se_hz"] = r.se_hz;
            d["t_ci_hz"] = py::make_tuple(r.t_ci_hz.low, r.t_ci_hz.high);
            d["bootstrap_ci_hz"] = py::make_tuple(r.bootstrap_ci_hz.low, r.bootstrap_ci_hz.high);
            d["level"] = r.level;
            return d;
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("start_ms"), py::arg("end_ms"), py::arg("level"), py::arg("resamples"), py::arg("seed"));
    m.def(
        "fano_factors",
        [](const times_array& t, const offsets_array& o, double start_ms, double end_ms, const std::vector<double>& windows) {
            py::list out;
            for (const an::fano_point& f : an::fano_factors(trains_of(t, o), window_of(start_ms, end_ms), windows)) {
                py::dict d;
                d["window_ms"] = f.window_ms;
                d["n_windows"] = f.n_windows;
                d["mean_count"] = f.mean_count;
                d["fano"] = f.fano;
                d["se"] = f.se;
                out.append(d);
            }
            return out;
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("start_ms"), py::arg("end_ms"), py::arg("windows_ms"));
    m.def(
        "psth",
        [](const times_array& t, const offsets_array& o, double start_ms, double end_ms, double bin_ms) {
            const an::psth p = an::make_psth(trains_of(t, o), window_of(start_ms, end_ms), bin_ms);
            return py::make_tuple(Eigen::VectorXd(p.edges_ms), Eigen::VectorXd(p.rate_hz), Eigen::VectorXd(p.se_hz));
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("start_ms"), py::arg("end_ms"), py::arg("bin_ms"));
    m.def(
        "spike_train_spectrum",
        [](const times_array& t, const offsets_array& o, double start_ms, double end_ms, double bin_ms, double segment_ms) {
            an::welch_options w;
            w.segment_ms = segment_ms;
            const an::psd p = an::spike_train_spectrum(trains_of(t, o), window_of(start_ms, end_ms), bin_ms, w);
            return py::make_tuple(Eigen::VectorXd(p.frequency_hz), Eigen::VectorXd(p.power), Eigen::VectorXd(p.se));
        },
        py::arg("times_ms"), py::arg("offsets"), py::arg("start_ms"), py::arg("end_ms"), py::arg("bin_ms"), py::arg("segment_ms"));
    m.def(
        "coherence",
        [](const std::vector<Eigen::VectorXd>& x, const std::vector<Eigen::VectorXd>& y, double dt_ms, double segment_ms) {
            an::welch_options w;
            w.segment_ms = segment_ms;
            const an::csd c = an::cross_spectrum(x, y, dt_ms, w);
            return py::make_tuple(Eigen::VectorXd(c.frequency_hz), Eigen::VectorXd(c.coherence), Eigen::VectorXd(c.power_x),
                                  Eigen::VectorXd(c.power_y));
        },
        py::arg("x"), py::arg("y"), py::arg("dt_ms"), py::arg("segment_ms"));
    m.def(
        "ks_two_sample",
        [](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
            const an::ks_result r = an::ks_two_sample(a, b);
            return py::make_tuple(r.statistic, r.p_value);
        },
        py::arg("a"), py::arg("b"));
    m.def(
        "rate_difference",
        [](const times_array& ta, const offsets_array& oa, const times_array& tb, const offsets_array& ob,
           double start_ms, double end_ms, double level) {
            const an::difference d = an::rate_difference(trains_of(ta, oa), trains_of(tb, ob), window_of(start_ms, end_ms), level);
            return py::make_tuple(d.estimate, d.se, d.ci.low, d.ci.high);
        },
        py::arg("times_a"), py::arg("offsets_a"), py::arg("times_b"), py::arg("offsets_b"), py::arg("start_ms"), py::arg("end_ms"), py::arg("level"));
    m.def(
        "cv_difference",
        [](const times_array& ta, const offsets_array& oa, const times_array& tb, const offsets_array& ob,
           double level, std::size_t resamples, std::uint64_t seed) {
            an::bootstrap_options b;
            b.level = level;
            b.n_resamples = resamples;
            b.seed = seed;
            const an::bootstrap_result r = an::cv_difference(trains_of(ta, oa), trains_of(tb, ob), b);
            return py::make_tuple(r.estimate, r.se, r.ci.low, r.ci.high);
        },
        py::arg("times_a"), py::arg("offsets_a"), py::arg("times_b"), py::arg("offsets_b"), py::arg("level"), py::arg("resamples"), py::arg("seed"));
}
