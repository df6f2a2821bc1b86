#include "drivers/study_shards.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "core/error.hpp"
#include "drivers/config.hpp"
#include "drivers/output_folder.hpp"
#include "drivers/point_file.hpp"
#include "drivers/progress.hpp"
#include "drivers/signals.hpp"
#include "drivers/study_output.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace fs = std::filesystem;

fs::path shard_folder(const fs::path& folder, int shard, int shards) {
    const fs::path f = folder_path(folder);
    return f.parent_path() / cat(f.filename().string(), ".shard-", shard, "-of-", shards);
}

namespace {

std::vector<std::size_t> every_point(std::size_t n) {
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    return all;
}

std::vector<std::string> mode_names(const study_run& run) {
    std::vector<std::string> names;
    for (const scenario& sc : point_modes(run.spec(), 0, run.pair())) names.push_back(to_string(sc.input.kind));
    return names;
}

// A point of a merge: its file from the shard that computed it whole, or its trial ranges from the
// shards that shared it, joined and analysed here.
void merge_point(study_run& run, std::size_t i, const std::vector<work_unit>& units, const std::vector<fs::path>& shards) {
    std::vector<std::pair<work_unit, std::size_t>> parts;  // the point's units and the shard that has each
    for (std::size_t u = 0; u < units.size(); ++u) {
        if (units[u].point == i) parts.emplace_back(units[u], u % shards.size());
    }
    const auto shard_name = [&](std::size_t s) { return cat("shard ", s, " of ", shards.size(), " ('", shards[s].string(), "')"); };
    const auto missing = [&](std::size_t s, const fs::path& file, const std::string& what) {
        return cat(shard_name(s), " lacks ", file.filename().string(), " (grid point ", i + 1, what,
                   "); finish that shard (run it again with --resume) before merging");
    };
    if (parts.size() == 1) {
        const fs::path file = point_path(shards[parts.front().second], i);
        require(fs::exists(file), missing(parts.front().second, file, ""));
        const point_file_check check = check_point_file(file, run.origin(i));
        require(check.state == point_file_state::good, cat(shard_name(parts.front().second), ": ", check.message));
        copy_file_atomically(file, point_path(run.folder(), i));  // whole or absent, on a full disk too
        run.adopt_point_file(i);
        return;
    }
    const std::vector<scenario> modes = point_modes(run.spec(), i, run.pair());
    std::vector<std::vector<recording>> per_mode(modes.size());
    for (const auto& [unit, s] : parts) {
        const fs::path file = unit_path(shards[s], unit);
        require(fs::exists(file), missing(s, file, cat(", trials ", unit.first_trial, " to ", unit.first_trial + unit.n_trials - 1)));
        unit_file f = read_unit_file(file, run.origin(i), unit);
        for (std::size_t m = 0; m < modes.size(); ++m) per_mode[m].push_back(std::move(f.per_mode[m]));
    }
    std::vector<recording> joined;
    for (std::size_t m = 0; m < modes.size(); ++m) joined.push_back(join_recordings(std::move(per_mode[m]), modes[m]));
    run.add_point(i, analyse_point(run.spec(), i, run.pair(), std::move(joined)));
}

// One line of a shard's settings.txt: "shard = I/N".
struct shard_line {
    int index = -1;
    int count = 0;
    std::string rest;  ///< settings.txt without the line: the same for every shard of a study
};

shard_line read_shard_line(const fs::path& folder, const std::string& given) {
    const std::string text = read_text_file(folder / "settings.txt", cat("settings.txt of '", given, "'"));
    const std::string key = "shard = ";
    const std::size_t at = text.find("\n" + key);
    require(at != std::string::npos, cat("hhsim merge: '", given, "' is a study folder, not a shard of one (its settings.txt names no shard)"));
    const std::size_t end = text.find('\n', at + 1);
    const std::string value = text.substr(at + 1 + key.size(), end - at - 1 - key.size());
    const std::size_t slash = value.find('/');
    shard_line out;
    out.rest = text.substr(0, at + 1);
    try {
        out.index = std::stoi(value.substr(0, slash));
        out.count = std::stoi(value.substr(slash + 1));
    } catch (const std::exception&) {
        out.index = -1;
    }
    require(slash != std::string::npos && out.index >= 0 && out.count > out.index,
            cat("hhsim merge: the settings.txt of '", given, "' has a malformed shard line \"", key, value, "\""));
    return out;
}

}  // namespace

int run_shard(const study_options& o, const std::string& kind) {
    const study_spec spec = load_spec(o, kind);
    const std::string study_name = spec.output_folder;
    // The merge will write the study folder: refuse now a place it never could ('.', '..', $HOME),
    // before any shard computes (and before a shard folder gets a name like "..shard-0-of-4").
    check_writable_location(study_name);
    study_run run(spec, o, kind, shard_folder(spec.output_folder, o.shard, o.shards).string(), cat("shard = ", o.shard, "/", o.shards, "\n"));
    // The division of the whole study (whatever is already done), so that every shard agrees on it.
    const std::vector<work_unit> mine = units_of(work_units(run.spec(), every_point(run.n_points()), o.shards), o.shards, o.shard);
    const std::int64_t all_trials = run.spec().base.run.n_trials;
    const std::vector<std::size_t> missing = run.missing_points();
    std::vector<work_unit> pending;
    for (const work_unit& u : mine) {
        if (u.n_trials == all_trials) {
            if (std::find(missing.begin(), missing.end(), u.point) == missing.end()) continue;  // kept by --resume
        } else if (run.resumed() && fs::exists(unit_path(run.folder(), u))) {
            const point_file_check check = check_unit_file(unit_path(run.folder(), u), run.origin(u.point), u);
            if (check.state == point_file_state::good) continue;
            // Another study's or another point's file is a mistake to show, not trials to recompute.
            require(check.state == point_file_state::unusable, cat("--resume: ", check.message));
            std::cerr << "hhsim: " << check.message << "; computing it again\n";
        }
        pending.push_back(u);
    }
    std::size_t done = mine.size() - pending.size();
    const auto status = [&](const std::string& note) {
        return done == mine.size() ? std::string("complete\n")
                                   : cat("incomplete: ", done, " of ", mine.size(), " work units of shard ", o.shard, " of ", o.shards, " finished",
                                         note.empty() ? "" : " (" + note + ")", "\n");
    };

    std::int64_t work = 0;
    for (const work_unit& u : pending) work += run.neuron_steps(u.n_trials);
    progress_meter progress(work, o.quiet);
    const stop_on_signals signals;
    run_hooks hooks;
    hooks.stop_requested = &stop_on_signals::flag();
    hooks.on_progress = [&progress](std::int64_t n) { progress.add(n); };
    const std::string running = cat("running, pid ", ::getpid());
    run.set_status(status(running));
    const std::vector<std::string> modes = mode_names(run);
    bool interrupted = false;
    try {
        for (const work_unit& u : pending) {
            const auto stage = [&](const std::string& mode, const scenario& sc) {
                progress.stage(cat("point ", u.point + 1, "/", run.n_points(), " trials ", u.first_trial, "-", u.first_trial + u.n_trials - 1, " ", mode),
                               sc.run.n_trials, step_count(sc.run));
            };
            if (u.n_trials == all_trials) {
                run.add_point(u.point, compute_point(run.spec(), u.point, run.pair(), hooks, stage));
            } else {
                write_unit_file(unit_path(run.folder(), u), u, modes, simulate_unit(run.spec(), u, run.pair(), hooks, stage), run.spec().base.run.dt_ms,
                                run.origin(u.point));
            }
            ++done;
            run.set_status(status(running));
            if ((interrupted = stop_on_signals::requested())) break;
        }
    } catch (const run_interrupted&) {
        interrupted = true;
    } catch (const std::exception& e) {
        progress.finish();
        run.set_status(cat("failed: ", e.what(), "\n", status("")));
        throw;
    }
    progress.finish();
    const int exit_status = run.finish_shard(interrupted, status(""));
    if (interrupted) {
        std::cerr << "hhsim: interrupted; " << done << " of " << mine.size() << " work units of shard " << o.shard << " of " << o.shards
                  << " are finished and kept in " << run.target().string() << "/. Continue with: " << resume_command(o.command_line) << "\n";
    } else if (!o.quiet) {
        std::cout << "hhsim " << kind << ": shard " << o.shard << " of " << o.shards << " (" << mine.size() << " work units) -> " << run.target().string()
                  << "/; when all " << o.shards << " shards are done: hhsim merge " << quoted(shard_folder(study_name, 0, o.shards).string()) << " ... "
                  << quoted(shard_folder(study_name, o.shards - 1, o.shards).string()) << "\n";
    }
    return exit_status;
}

int run_merge(const study_options& o_in, const std::vector<std::string>& folders) {
    require(!folders.empty(), "hhsim merge needs the shard folders: hhsim merge FOLDER.shard-0-of-N ... FOLDER.shard-(N-1)-of-N");
    // Every shard folder must come from the same study with the same number of shards, and each be complete.
    std::string kind, config, settings;
    int count = 0;
    std::map<int, fs::path> by_index;
    for (const std::string& given : folders) {
        const fs::path folder = folder_path(given);
        const std::string marker = marker_kind(folder);
        require(!marker.empty(), cat("hhsim merge: '", given, "' is not a folder hhsim wrote (no ", output_marker, ")"));
        const shard_line line = read_shard_line(folder, given);
        const std::string this_config = read_text_file(folder / "config.toml", cat("config.toml of '", given, "'"));
        if (kind.empty()) {
            kind = marker;
            config = this_config;
            settings = line.rest;
            count = line.count;
        }
        require(marker == kind && this_config == config && line.rest == settings && line.count == count,
                cat("hhsim merge: '", given, "' is a shard of another study than '", folders.front(), "' (its ",
                    marker != kind ? "kind" : this_config != config ? "config.toml" : line.count != count ? "shard count" : "settings.txt", " differs)"));
        require(by_index.emplace(line.index, folder).second, cat("hhsim merge: shard ", line.index, " of ", count, " is given twice"));
        std::string status;
        try {
            status = read_text_file(folder / "STATUS", "STATUS");
        } catch (const input_error&) {
            status = "missing";
        }
        require(status.rfind("complete", 0) == 0, cat("hhsim merge: shard ", line.index, " of ", count, " ('", given, "') is not finished (STATUS: ",
                                                      status.substr(0, status.find('\n')), "); run it again with --resume"));
    }
    // The study's folder: a shard's folder is NAME.shard-I-of-N.
    const fs::path any = by_index.begin()->second;
    const std::string any_name = any.filename().string();
    const fs::path study_name = any.parent_path() / any_name.substr(0, any_name.rfind(".shard-"));
    for (int i = 0; i < count; ++i) {
        require(by_index.count(i) == 1, cat("hhsim merge: shard ", i, " of ", count, " is missing: give its folder ",
                                            quoted(shard_folder(study_name, i, count).string()), " too (all ", count, " are needed)"));
    }
    // The study itself from shard 0's parameters.toml (every parameter in force, replay events
    // beside it) with the configuration text the shards were started from (the digest covers it).
    const fs::path first = by_index.at(0);
    study_options o = o_in;
    o.config_path = (first / "parameters.toml").string();
    study_spec spec = parse_study_config(read_text_file(o.config_path, "parameters.toml"), o.config_path, static_cast<std::size_t>(o.max_grid_points));
    spec.config_text = config;
    spec.output_folder = o.out.empty() ? study_name.string() : o.out;
    o.out = spec.output_folder;

    // All or nothing, like a study replacing another: a merge that fails leaves no folder that
    // looks like a study, and an existing one stays as it was.
    study_run run(spec, o, kind, "", "", folder_writing::all_or_nothing);
    require(inputs_of(run.spec(), kind).settings == settings,
            cat("hhsim merge: the shards were computed with other settings than their parameters.toml gives (settings.txt of '", first.string(), "')"));
    std::vector<fs::path> shards;
    for (int i = 0; i < count; ++i) shards.push_back(by_index.at(i));
    const std::vector<work_unit> units = work_units(run.spec(), every_point(run.n_points()), count);
    const stop_on_signals signals;
    bool interrupted = false;
    run.mark_running();
    try {
        for (const std::size_t i : run.missing_points()) {
            merge_point(run, i, units, shards);
            if ((interrupted = stop_on_signals::requested())) break;
        }
    } catch (const std::exception& e) {
        run.mark_failed(e.what());
        throw;
    }
    return run.finish(interrupted, resume_command(o.command_line));
}

}  // namespace hhsim::drivers
