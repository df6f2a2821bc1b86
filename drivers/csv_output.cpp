#include "drivers/csv_output.hpp"

#include <ostream>

#include "core/error.hpp"
#include "core/counter_rng.hpp"
#include "drivers/build_info.hpp"
#include "drivers/config.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

void write_spikes_csv(const std::filesystem::path& path, const recording& rec, std::uint64_t first_trial) {
    new_file file(path);
    std::ostream& out = file.stream();
    out << "trial,t_ms\n";
    for (std::size_t k = 0; k < rec.spike_times_ms.size(); ++k) {
        for (const double t : rec.spike_times_ms[k]) out << first_trial + k << ',' << t << '\n';
    }
    file.close();
}

void write_traces_csv(const std::filesystem::path& path, const recording& rec) {
    new_file file(path);
    std::ostream& out = file.stream();
    // The columns of core/recording.hpp (the cell's state variables declared once, then the currents).
    out << "trial";
    for (const trace_column& col : trace_columns()) out << ',' << col.csv_header;
    out << '\n';
    for (const trace& tr : rec.traces) {
        for (std::size_t j = 0; j < tr.t_ms.size(); ++j) {
            out << tr.trial;
            for (const trace_column& col : trace_columns()) out << ',' << (tr.*col.values)[j];
            out << '\n';
        }
    }
    file.close();
}

void write_events_csv(const std::filesystem::path& path, const recording& rec) {
    new_file file(path);
    std::ostream& out = file.stream();
    out << "trial,t_ms,source,transmitted,jump_mV\n";
    for (const event_record& er : rec.events) {
        for (const input_event& ev : er.events) {
            out << er.trial << ',' << ev.t_ms << ',' << ev.source << ',' << (ev.transmitted ? 1 : 0) << ',' << ev.jump_mv << '\n';
        }
    }
    file.close();
}

void write_noise_csv(const std::filesystem::path& path, const recording& rec, double dt_ms) {
    new_file file(path);
    std::ostream& out = file.stream();
    out << "trial,step,t_ms,increment_mV\n";
    for (const noise_record& nr : rec.noise) {
        for (std::size_t k = 0; k < nr.increment_mv.size(); ++k) {
            out << nr.trial << ',' << k << ',' << static_cast<double>(k + 1) * dt_ms << ',' << nr.increment_mv[k] << '\n';
        }
    }
    file.close();
}

void write_run_parameters(const std::filesystem::path& folder, const scenario& sc, const std::string& command_line, bool reference) {
    study_spec spec;
    spec.base = sc;
    spec.analysis = analysis_for_run(sc.run);  // the defaults may not fit a short run
    spec.population_names.clear();
    std::string replay;
    if (sc.input.kind == input_kind::replay) {
        // The events as applied, beside the parameters: the run does not depend on the original file.
        replay = "replay_events.csv";
        write_text_file(folder / replay, replay_csv_text(sc.input.replay_events));
    }
    const campbell_moments cm = campbell(sc.input.populations);
    const std::string header = cat("# The parameters of this run (hhsim ", HHSIM_VERSION, ", git ", git_revision(), "); every one in force,\n",
                                   "# defaults included. `hhsim run --config parameters.toml` repeats the run",
                                   reference ? " (add --integrator reference: this run used the Boost.Odeint reference)" : "", ".\n",
                                   "# [analysis] is unused by a run: the defaults, fitted to its length, so that `hhsim study\n",
                                   "# parameters.toml` (2 or more trials) analyses it as a one-point study.\n",
                                   "# command: ", command_line, "\n",
                                   "# start state: ", describe(sc.start, sc.v0_mv, sc.model), "\n",
                                   "# Campbell's moments of the input: mu = ", cm.mu_mv_per_ms, " mV/ms, sigma^2 = ", cm.sigma2_mv2_per_ms, " mV^2/ms\n",
                                   "# replay events: ", sc.input.replay_events.size(), " (", events_after(sc.input.replay_events, sc.run),
                                   " after t_end, not applied)\n",
                                   "# random numbers: Random123 Philox4x32-10, stream layout version ", rng::layout_version, " (docs/rng.md)\n");
    write_text_file(folder / "parameters.toml", config_text(spec, replay, header));
}

}  // namespace hhsim::drivers
