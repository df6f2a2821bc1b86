#pragma once
// What a simulation returns: spike times always; traces, input events and per-step input increments
// for the trials asked for.

#include <cstdint>
#include <vector>

#include "core/hh_cell.hpp"
#include "core/input.hpp"

namespace hhsim {

/// Decimated state and currents of one trial. Sample j is at t_ms[j] = j * every * dt.
struct trace {
    std::int64_t trial = 0;
    std::vector<double> t_ms, v_mv, m, h, n;
    std::vector<double> i_na, i_k, i_l;  ///< ionic currents at the sample, uA/cm^2 (outward positive)
    std::vector<double> i_syn;           ///< mean synaptic current over the preceding sample interval,
                                         ///< C_m * (sum of jumps or noise increments) / interval, uA/cm^2
};

/// Append the sample of state s at t_ms: V, gates, ionic currents from p, and i_syn (uA/cm^2).
inline void append_sample(trace& tr, double t_ms, const hh_state& s, const hh_params& p, double i_syn) {
    const hh_currents c = ionic_currents(s, p);
    tr.t_ms.push_back(t_ms);
    tr.v_mv.push_back(s.v);
    tr.m.push_back(s.m);
    tr.h.push_back(s.h);
    tr.n.push_back(s.n);
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
