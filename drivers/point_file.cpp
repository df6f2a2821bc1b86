#include "drivers/point_file.hpp"

#include "core/error.hpp"
#include "drivers/hdf5_io.hpp"
#include "drivers/text_files.hpp"

#include <iomanip>
#include <sstream>

namespace hhsim::drivers {

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
// The recording of one mode under `g`: spikes (flat times + offsets), traces, noise increments and
// input events of the trials asked for. `dt_ms` labels the noise increments.
void write_recording(hid_t g, const recording& rec, const std::string& mode, double dt_ms) {
    std::vector<double> times;
    std::vector<std::int64_t> offsets{0};
    for (const auto& train : rec.spike_times_ms) {
        times.insert(times.end(), train.begin(), train.end());
        offsets.push_back(static_cast<std::int64_t>(times.size()));
    }
    h5::write(g, "spikes/times_ms", times);
    h5::write(g, "spikes/offsets", offsets);
    // Every kept trace under traces/trial_<k>; the first also as `trace` (the single-trial figure).
    for (std::size_t i = 0; i < rec.traces.size(); ++i) {
        const trace& tr = rec.traces[i];
        for (const std::string& where : i == 0 ? std::vector<std::string>{"trace", cat("traces/trial_", tr.trial)}
                                               : std::vector<std::string>{cat("traces/trial_", tr.trial)}) {
            for (const trace_column& col : trace_columns()) h5::write(g, cat(where, "/", col.hdf5_name), tr.*col.values);
            const h5::handle tg = h5::open_group(g, where);
            h5::set_attribute(tg, "trial", tr.trial);
        }
    }
    // Per-step input increments of record.noise_trials: step k's entry entered V over (t_k, t_k+1].
    for (const noise_record& nr : rec.noise) {
        const std::string where = cat("noise/trial_", nr.trial);
        h5::write(g, where + "/increment_mV", nr.increment_mv);
        const h5::handle ng = h5::open_group(g, where);
        h5::set_attribute(ng, "trial", nr.trial);
        h5::set_attribute(ng, "dt_ms", dt_ms);
        h5::set_attribute(ng, "what", std::string(mode == "diffusion" ? "mu*dt + sigma*dW per step (mV)" : "sum of the transmitted jumps of each step (mV)"));
    }
    for (const event_record& er : rec.events) {
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

// What write_recording wrote (traces in name order; join_recordings puts them in the study's order).
recording read_recording(hid_t g, std::int64_t n_steps) {
    recording rec;
    rec.n_steps = n_steps;
    const std::vector<double> times = h5::read_doubles(g, "spikes/times_ms");
    const std::vector<std::int64_t> offsets = h5::read_int64s(g, "spikes/offsets");
    for (std::size_t k = 0; k + 1 < offsets.size(); ++k) rec.spike_times_ms.emplace_back(times.begin() + offsets[k], times.begin() + offsets[k + 1]);
    const auto trial_of = [](const std::string& name) { return static_cast<trial_index>(std::stoll(name.substr(6))); };  // "trial_<k>"
    if (h5::exists(g, "traces")) {
        for (const std::string& name : h5::children(g, "traces")) {
            const std::string where = "traces/" + name;
            trace tr;
            tr.trial = trial_of(name);
            for (const trace_column& col : trace_columns()) tr.*col.values = h5::read_doubles(g, cat(where, "/", col.hdf5_name));
            rec.traces.push_back(std::move(tr));
        }
    }
    if (h5::exists(g, "noise")) {
        for (const std::string& name : h5::children(g, "noise")) rec.noise.push_back({trial_of(name), h5::read_doubles(g, "noise/" + name + "/increment_mV")});
    }
    if (h5::exists(g, "events")) {
        for (const std::string& name : h5::children(g, "events")) {
            const std::string where = "events/" + name;
            const std::vector<double> t = h5::read_doubles(g, where + "/t_ms");
            const std::vector<double> jump = h5::read_doubles(g, where + "/jump_mV");
            const std::vector<std::int64_t> source = h5::read_int64s(g, where + "/source");
            const std::vector<std::int64_t> released = h5::read_int64s(g, where + "/transmitted");
            event_record er{trial_of(name), {}};
            for (std::size_t e = 0; e < t.size(); ++e) er.events.push_back({t[e], jump[e], source[e], released[e] != 0});
            rec.events.push_back(std::move(er));
        }
    }
    return rec;
}

// The exact text of a point's own parameter values, one "key = value" a line with the value in
// hexadecimal floating point: equal texts, equal values bit for bit.
std::string values_text(const study_spec& spec, std::size_t index) {
    std::ostringstream text;
    text << std::hexfloat;
    for (const auto& [key, value] : point_settings(spec, index)) text << key << " = " << value << "\n";
    return text.str();
}

// What the file is and where it belongs (point_origin), as root attributes.
void stamp(const h5::handle& root, const point_origin& origin) {
    h5::set_attribute(root, "input_digest", origin.input_digest);
    h5::set_attribute(root, "index", static_cast<std::int64_t>(origin.index));
    h5::set_attribute(root, "point_digest", origin.values_digest);
    h5::set_attribute(root, "point_label", origin.label);
}

// The checks every point and trial file passes, in this order: finished, stamped, made from these
// inputs, unchanged since written (checksum), and holding the grid point its name says. `remedy`
// ends the message of a file that is only unusable (what is done about it).
point_file_check check_sealed(const h5::handle& file, const std::string& name, const point_origin& expected, const std::string& remedy) {
    const h5::handle root = h5::open_group(file, "/");
    if (!h5::has_attribute(root, "complete") || h5::int64_attribute(root, "complete") != 1) {
        return {point_file_state::unusable, cat(name, " is not finished (its writer was stopped); ", remedy)};
    }
    if (!h5::has_attribute(root, "input_digest") || !h5::has_attribute(root, checksum_attribute)) {
        return {point_file_state::unusable, cat(name, " has no checksum (an older hhsim made it); ", remedy)};
    }
    if (h5::uint64_attribute(root, "input_digest") != expected.input_digest) {
        return {point_file_state::foreign, cat(name, " was computed from other inputs than this study's (configuration, replay events, "
                                                     "trials, seed or hhsim version): it belongs to another study. Remove it to have it "
                                                     "recomputed, or resume the study it came from")};
    }
    if (h5::uint64_attribute(root, checksum_attribute) != h5::content_checksum(file, checksum_attribute)) {
        return {point_file_state::unusable, cat(name, " fails its checksum (its content changed after hhsim wrote it); ", remedy)};
    }
    if (!h5::has_attribute(root, "point_digest")) {
        return {point_file_state::unusable, cat(name, " does not say which grid point it holds (an older hhsim made it); ", remedy)};
    }
    const auto index = static_cast<std::size_t>(h5::int64_attribute(root, "index"));
    if (index != expected.index || h5::uint64_attribute(root, "point_digest") != expected.values_digest) {
        const std::string claimed = h5::has_attribute(root, "point_label") ? h5::string_attribute(root, "point_label") : cat("grid point ", index + 1);
        return {point_file_state::misplaced, cat(name, " holds ", claimed, ", but its name is that of ", expected.label,
                                                 " (a file copied or renamed over another); put the right file back, or remove it to have ",
                                                 "the point computed again")};
    }
    return {point_file_state::good, ""};
}

// A trial file also holds the trials its name says.
point_file_check check_trials(const h5::handle& file, const std::string& name, const point_origin& expected, const work_unit& unit) {
    const h5::handle root = h5::open_group(file, "/");
    const std::int64_t first = h5::int64_attribute(root, "first_trial");
    const std::int64_t last = first + h5::int64_attribute(root, "n_trials") - 1;
    const std::int64_t want_last = unit.first_trial + unit.n_trials - 1;
    if (first == unit.first_trial && last == want_last) return {point_file_state::good, ""};
    return {point_file_state::misplaced, cat(name, " holds trials ", first, " to ", last, " of ", expected.label, ", but its name is that of trials ",
                                             unit.first_trial, " to ", want_last, " (a file copied or renamed over another); put the right ",
                                             "file back, or remove it to have its trials computed again")};
}

const char* const point_remedy = "--resume recomputes it";
const char* const unit_remedy = "compute its trials again (a shard's --resume does)";

// The content of a point file (everything but the final checksum).
void fill_point(const h5::handle& file, const point_result& p, const point_origin& origin) {
    const h5::handle root = h5::open_group(file, "/");
    stamp(root, origin);
    h5::set_attribute(root, "values", p.values);
    std::vector<std::string> mode_names;
    for (const mode_result& m : p.modes) mode_names.push_back(m.mode);
    h5::write(root, "modes", mode_names);
    for (const mode_result& m : p.modes) {
        const h5::handle g = h5::create_group(file, m.mode);
        write_recording(g, m.rec, m.mode, m.rec.n_steps > 0 ? m.window.end_ms / static_cast<double>(m.rec.n_steps) : 0.0);
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
    }
    if (p.comparison) {
        const h5::handle c = h5::create_group(file, "comparison");
        write_statistics(c, p.comparison->differences);
        h5::set_attribute(c, "ks_statistic", p.comparison->ks_statistic);
        h5::set_attribute(c, "ks_p_value", p.comparison->ks_p_value);
        h5::set_attribute(c, "ks_n_shot", p.comparison->ks_n_shot);
        h5::set_attribute(c, "ks_n_diffusion", p.comparison->ks_n_diffusion);
    }
}

void fill_unit(const h5::handle& file, const work_unit& unit, const std::vector<std::string>& modes, const std::vector<recording>& per_mode,
               double dt_ms, const point_origin& origin) {
    const h5::handle root = h5::open_group(file, "/");
    stamp(root, origin);
    h5::set_attribute(root, "first_trial", unit.first_trial);
    h5::set_attribute(root, "n_trials", unit.n_trials);
    h5::write(root, "modes", modes);
    for (std::size_t m = 0; m < modes.size(); ++m) {
        const h5::handle g = h5::create_group(file, modes[m]);
        h5::set_attribute(g, "n_steps", per_mode[m].n_steps);
        write_recording(g, per_mode[m], modes[m], dt_ms);
    }
}

// Mark complete and store the checksum of everything else, last.
void seal(const h5::handle& file) {
    const h5::handle root = h5::open_group(file, "/");
    h5::set_attribute(root, "complete", std::int64_t{1});  // a point file without it is not finished
    h5::set_attribute(root, checksum_attribute, h5::content_checksum(file, checksum_attribute));
}

// Write a file through `path`.incomplete and a rename; `fill` gets the open file.
template <typename Fill>
void write_sealed(const std::filesystem::path& path, Fill&& fill) {
    const std::filesystem::path temporary = path.string() + ".incomplete";
    try {
        h5::handle file = h5::create_file(temporary);
        fill(file);
        seal(file);
        h5::flush(file);
        h5::close_file(file);
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error(cat("writing '", path.string(), "' failed: ", e.what()));
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error(cat("moving '", temporary.string(), "' to '", path.string(), "' failed: ", ec.message()));
    }
}

template <typename Fill>
std::vector<char> sealed_image(const std::string& name, Fill&& fill) {
    h5::handle file = h5::create_memory_file(name);
    fill(file);
    seal(file);
    return h5::file_image(file);
}

// The recordings of a trial file that passed its checks.
unit_file read_unit(const h5::handle& file) {
    const h5::handle root = h5::open_group(file, "/");
    unit_file out;
    out.unit.point = static_cast<std::size_t>(h5::int64_attribute(root, "index"));
    out.unit.first_trial = h5::int64_attribute(root, "first_trial");
    out.unit.n_trials = h5::int64_attribute(root, "n_trials");
    for (const std::string& mode : h5::read_strings(root, "modes")) {
        const h5::handle g = h5::open_group(file, mode);
        out.per_mode.push_back(read_recording(g, h5::int64_attribute(g, "n_steps")));
    }
    return out;
}
}  // namespace

point_origin origin_of(const study_spec& spec, std::uint64_t input_digest, std::size_t index) {
    return {input_digest, index, h5::checksum_of(values_text(spec, index)), point_label(spec, index)};
}

void write_point_file(const std::filesystem::path& path, const point_result& p, const point_origin& origin) {
    write_sealed(path, [&](const h5::handle& file) { fill_point(file, p, origin); });
}

std::vector<char> point_file_image(const point_result& p, const point_origin& origin) {
    return sealed_image(cat("point_", p.index), [&](const h5::handle& file) { fill_point(file, p, origin); });
}

void write_unit_file(const std::filesystem::path& path, const work_unit& unit, const std::vector<std::string>& modes,
                     const std::vector<recording>& per_mode, double dt_ms, const point_origin& origin) {
    write_sealed(path, [&](const h5::handle& file) { fill_unit(file, unit, modes, per_mode, dt_ms, origin); });
}

std::vector<char> unit_file_image(const work_unit& unit, const std::vector<std::string>& modes, const std::vector<recording>& per_mode,
                                  double dt_ms, const point_origin& origin) {
    return sealed_image(cat("unit_", unit.point, "_", unit.first_trial),
                        [&](const h5::handle& file) { fill_unit(file, unit, modes, per_mode, dt_ms, origin); });
}

point_file_check check_unit_file(const std::filesystem::path& path, const point_origin& origin, const work_unit& unit) {
    const std::string name = cat("'", path.string(), "'");
    try {
        const h5::handle file = h5::open_file(path);
        const point_file_check sealed = check_sealed(file, name, origin, unit_remedy);
        return sealed.state == point_file_state::good ? check_trials(file, name, origin, unit) : sealed;
    } catch (const std::exception& e) {
        return {point_file_state::unusable, cat(name, " is corrupt (not a readable trial file: ", e.what(), "); ", unit_remedy)};
    }
}

unit_file read_unit_file(const std::filesystem::path& path, const point_origin& origin, const work_unit& unit) {
    const point_file_check check = check_unit_file(path, origin, unit);
    require(check.state == point_file_state::good, check.message);
    try {
        return read_unit(h5::open_file(path));
    } catch (const std::exception& e) {
        throw input_error(cat("'", path.string(), "' is corrupt (not a readable trial file: ", e.what(), "); ", unit_remedy));
    }
}

unit_file read_unit_image(const std::vector<char>& bytes, const point_origin& origin) {
    const h5::handle file = h5::open_memory_file(bytes, "received trials");
    const point_file_check check = check_sealed(file, "received trials", origin, "a transfer error between MPI ranks");
    require(check.state == point_file_state::good, check.message);
    return read_unit(file);
}

void write_file_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
    write_text_file(path, std::string(bytes.begin(), bytes.end()));
}

std::filesystem::path unit_path(const std::filesystem::path& folder, const work_unit& unit) {
    std::ostringstream name;
    name << 'p' << std::setw(4) << std::setfill('0') << unit.point << ".trials-" << unit.first_trial << "-" << unit.first_trial + unit.n_trials - 1
         << ".h5";
    return folder / "points" / name.str();
}

point_file_check check_point_file(const std::filesystem::path& path, const point_origin& origin) {
    const std::string name = cat("'", path.string(), "'");
    try {
        return check_sealed(h5::open_file(path), name, origin, point_remedy);
    } catch (const std::exception& e) {
        return {point_file_state::unusable, cat(name, " is corrupt (not a readable HDF5 point file: ", e.what(), "); ", point_remedy)};
    }
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
