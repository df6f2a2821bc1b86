#include "drivers/csv_output.hpp"

#include <cerrno>
#include <fstream>

#include "core/error.hpp"
#include "drivers/build_info.hpp"
#include "drivers/replay_csv.hpp"
#include "drivers/text_files.hpp"

namespace hhsim::drivers {

namespace {
std::ofstream open_for_writing(const std::filesystem::path& path) {
    errno = 0;
    std::ofstream out(path);
    if (!out) throw std::runtime_error(io_failure(path, "creating"));
    out.precision(17);  // round-trips doubles
    return out;
}
void close_checked(std::ofstream& out, const std::filesystem::path& path) {
    // errno still holds the reason of the write that failed (the stream stops writing after it).
    out.close();
    if (!out) throw std::runtime_error(io_failure(path, "writing"));
}
}  // namespace

void write_spikes_csv(const std::filesystem::path& path, const recording& rec, std::uint64_t first_trial) {
    std::ofstream out = open_for_writing(path);
    out << "trial,t_ms\n";
    for (std::size_t k = 0; k < rec.spike_times_ms.size(); ++k) {
        for (const double t : rec.spike_times_ms[k]) out << first_trial + k << ',' << t << '\n';
    }
    close_checked(out, path);
}

void write_traces_csv(const std::filesystem::path& path, const recording& rec) {
    std::ofstream out = open_for_writing(path);
    out << "trial,t_ms,V_mV,m,h,n,I_Na_uA_per_cm2,I_K_uA_per_cm2,I_L_uA_per_cm2,I_syn_uA_per_cm2\n";
    for (const trace& tr : rec.traces) {
        for (std::size_t j = 0; j < tr.t_ms.size(); ++j) {
            out << tr.trial << ',' << tr.t_ms[j] << ',' << tr.v_mv[j] << ',' << tr.m[j] << ',' << tr.h[j] << ',' << tr.n[j] << ','
                << tr.i_na[j] << ',' << tr.i_k[j] << ',' << tr.i_l[j] << ',' << tr.i_syn[j] << '\n';
        }
    }
    close_checked(out, path);
}

void write_events_csv(const std::filesystem::path& path, const recording& rec) {
    std::ofstream out = open_for_writing(path);
    out << "trial,t_ms,source,transmitted,jump_mV\n";
    for (const event_record& er : rec.events) {
        for (const input_event& ev : er.events) {
            out << er.trial << ',' << ev.t_ms << ',' << ev.source << ',' << (ev.transmitted ? 1 : 0) << ',' << ev.jump_mv << '\n';
        }
    }
    close_checked(out, path);
}

void write_noise_csv(const std::filesystem::path& path, const recording& rec, double dt_ms) {
    std::ofstream out = open_for_writing(path);
    out << "trial,step,t_ms,increment_mV\n";
    for (const noise_record& nr : rec.noise) {
        for (std::size_t k = 0; k < nr.increment_mv.size(); ++k) {
            out << nr.trial << ',' << k << ',' << static_cast<double>(k + 1) * dt_ms << ',' << nr.increment_mv[k] << '\n';
        }
    }
    close_checked(out, path);
}

void write_parameters(const std::filesystem::path& path, const scenario& sc, const std::string& command_line,
                      const std::string& integrator) {
    std::ofstream out = open_for_writing(path);
    const hh_params& p = sc.model;
    out << "# hhsim " << HHSIM_VERSION << ", git " << git_revision() << "\n"
        << "command = " << command_line << "\n"
        << "c_m_uF_per_cm2 = " << p.c_m << "\ng_na_mS_per_cm2 = " << p.g_na << "\ng_k_mS_per_cm2 = " << p.g_k
        << "\ng_l_mS_per_cm2 = " << p.g_l << "\ne_na_mV = " << p.e_na << "\ne_k_mV = " << p.e_k << "\ne_l_mV = " << p.e_l
        << "\ni_app_uA_per_cm2 = " << p.i_app << "\nv0_mV = " << sc.v0_mv << "\nstart = " << to_string(sc.start.kind);
    for (const auto& [name, gate] : {std::pair{"m0", sc.start.m0}, std::pair{"h0", sc.start.h0}, std::pair{"n0", sc.start.n0}}) {
        if (gate) out << "\n" << name << " = " << *gate;
    }
    out << "\nstart_state = " << describe(sc.start, sc.v0_mv, p) << "\ninput = " << to_string(sc.input.kind) << "\n";
    for (std::size_t q = 0; q < sc.input.populations.size(); ++q) {
        const population& pop = sc.input.populations[q];
        out << "population_" << q << " = count " << pop.count << ", rate_hz " << pop.rate_hz << ", release_probability "
            << pop.release_probability << ", jump_mV " << pop.jump_mv << (pop.source_rates_hz.empty() ? "" : ", per-source rates") << "\n";
    }
    const campbell_moments cm = campbell(sc.input.populations);
    out << "campbell_mu_mV_per_ms = " << cm.mu_mv_per_ms << "\ncampbell_sigma2_mV2_per_ms = " << cm.sigma2_mv2_per_ms << "\n"
        << "replay_events = " << sc.input.replay_events.size() << "\n"
        << "replay_events_after_t_end = " << events_after(sc.input.replay_events, sc.run.t_end_ms) << "\n"
        << "dt_ms = " << sc.run.dt_ms << "\nt_end_ms = " << sc.run.t_end_ms << "\nn_trials = " << sc.run.n_trials
        << "\nfirst_trial = " << sc.run.first_trial << "\nseed = " << sc.run.seed << "\nintegrator = " << (integrator.empty() ? to_string(sc.run.integrator) : integrator)
        << "\njumps = " << to_string(sc.run.jumps) << "\nrng = Random123 Philox4x32-10 (docs/rng.md)"
        << "\nspike_threshold_mV = " << sc.record.spike_threshold_mv << "\nspike_rearm_mV = " << sc.record.spike_rearm_mv
        << "\ntrace_every_steps = " << sc.record.trace_every_steps << "\n";
    if (!sc.record.noise_trials.empty()) out << "noise_trials = " << sc.record.noise_trials.size() << " trial(s), noise.csv\n";
    close_checked(out, path);
}

}  // namespace hhsim::drivers
