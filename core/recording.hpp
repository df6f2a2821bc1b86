#pragma once
// What a simulation returns: spike times always; traces, input events and per-step input increments
// for the trials asked for.

#include <array>
#include <cstdint>
#include <vector>

#include "core/cell_state.hpp"
#include "core/hh_cell.hpp"
#include "core/input.hpp"

namespace hhsim {

/// Decimated state and currents of one trial. Sample j is at t_ms[j] = j * every * dt. One column
/// per state variable of HH_CELL_STATE (v_mv, m, h, n), then the ionic currents and i_syn.
struct trace {
    std::int64_t trial = 0;
    std::vector<double> t_ms;
#define HH_TRACE_MEMBER(name, trace_member, ...) std::vector<double> trace_member;
    HH_CELL_STATE(HH_TRACE_MEMBER)
#undef HH_TRACE_MEMBER
    std::vector<double> i_na, i_k, i_l;  ///< ionic currents at the sample, uA/cm^2 (outward positive)
    std::vector<double> i_syn;           ///< mean synaptic current over the preceding sample interval,
                                         ///< C_m * (sum of jumps or noise increments) / interval, uA/cm^2
};

/// One column of a trace as the writers name it (traces.csv header, HDF5 dataset).
struct trace_column {
    const char* csv_header;
    const char* hdf5_name;
    std::vector<double> trace::* values;
};

/// Every column of a trace in output order: time, the state variables, the currents, i_syn.
inline const std::vector<trace_column>& trace_columns() {
    static const std::vector<trace_column> columns{
        {"t_ms", "t_ms", &trace::t_ms},
#define HH_TRACE_COLUMN(name, trace_member, unit, csv, hdf5, ...) {csv, hdf5, &trace::trace_member},
        HH_CELL_STATE(HH_TRACE_COLUMN)
#undef HH_TRACE_COLUMN
        {"I_Na_uA_per_cm2", "i_na_uA_per_cm2", &trace::i_na},
        {"I_K_uA_per_cm2", "i_k_uA_per_cm2", &trace::i_k},
        {"I_L_uA_per_cm2", "i_l_uA_per_cm2", &trace::i_l},
        {"I_syn_uA_per_cm2", "i_syn_uA_per_cm2", &trace::i_syn},
    };
    return columns;
}

/// Reserve room for `samples` samples in every column (exact sizes up front: no growth by doubling).
inline void reserve_samples(trace& tr, std::size_t samples) {
    for (const trace_column& col : trace_columns()) (tr.*col.values).reserve(samples);
}

/// Append the sample of state s at t_ms: the state variables, ionic currents from p, and i_syn (uA/cm^2).
inline void append_sample(trace& tr, double t_ms, const hh_state& s, const hh_params& p, double i_syn) {
    const hh_currents c = ionic_currents(s, p);
    tr.t_ms.push_back(t_ms);
#define HH_TRACE_APPEND(name, trace_member, ...) tr.trace_member.push_back(s.name);
    HH_CELL_STATE(HH_TRACE_APPEND)
#undef HH_TRACE_APPEND
    tr.i_na.push_back(c.i_na);
    tr.i_k.push_back(c.i_k);
    tr.i_l.push_back(c.i_l);
    tr.i_syn.push_back(i_syn);
}

/// All input events of one trial in time order (per-source: including failed releases).
struct event_record {
    std::int64_t trial = 0;
    std::vector<input_event> events;
};

/// The input of one trial as it entered V, step by step: increment_mv[k] is what step k (from t_k to
/// t_k+1) added to V on top of the membrane dynamics, in mV. Diffusion input: mu dt + sigma dW_k;
/// shot, per-source and replay input: the sum of the jumps of the events in (t_k, t_k+1].
struct noise_record {
    std::int64_t trial = 0;
    std::vector<double> increment_mv;  ///< one per step, n_steps in all
};

struct recording {
    std::int64_t n_steps = 0;
    std::vector<std::vector<double>> spike_times_ms;  ///< [trial - first_trial][spike], ms
    std::vector<trace> traces;                        ///< in the order of recording_params::trace_trials
    std::vector<event_record> events;                 ///< in the order of recording_params::event_trials
    std::vector<noise_record> noise;                  ///< in the order of recording_params::noise_trials
};

}  // namespace hhsim
