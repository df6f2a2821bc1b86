#include "core/chunk_record.hpp"

#include "core/scenario.hpp"

namespace hhsim {

block_recorder start_block_recorder(const scenario& sc, std::int64_t cell0, std::int64_t real_cells, const std::vector<std::int64_t>& trace_slot,
                                    const std::vector<std::int64_t>& noise_slot, recording& out) {
    block_recorder r;
    r.cell0 = cell0;
    r.real_cells = real_cells;
    r.sample_every = sc.record.trace_every_steps;
    r.dt_ms = sc.run.dt_ms;
    r.model = sc.model;
    for (std::int64_t c = 0; c < real_cells; ++c) {
        if (trace_slot[cell0 + c] >= 0) {
            r.traced.push_back(c);
            r.traces.push_back(&out.traces[trace_slot[cell0 + c]]);
        }
        if (noise_slot[cell0 + c] >= 0) {
            r.noise_cells.push_back(c);
            r.noise.push_back(&out.noise[noise_slot[cell0 + c]]);
            r.noise.back()->increment_mv.reserve(static_cast<std::size_t>(out.n_steps));
        }
    }
    r.syn_since_sample.assign(r.traced.size(), 0.0);
    return r;
}

void record_start(block_recorder& r, const hh_state& s0) {
    for (trace* tr : r.traces) append_sample(*tr, 0.0, s0, r.model, 0.0);
}

chunk_output prepare_chunk_output(block_recorder& r, std::int64_t n_cells, std::int64_t k0, std::int64_t k1, std::int64_t n_effects) {
    // At most one spike per cell and step in the lockstep pass, and one per jump and per piece after it.
    const std::int64_t capacity = n_cells * (k1 - k0) + 2 * n_effects;
    if (capacity > r.spike_capacity) {
        r.spikes = std::make_unique_for_overwrite<spike_record[]>(static_cast<std::size_t>(capacity));
        r.spike_capacity = capacity;
    }
    chunk_output o;
    o.spikes = r.spikes.get();
    o.spike_capacity = r.spike_capacity;
    o.sampled_cells = r.traced.data();
    o.n_sampled = static_cast<std::int64_t>(r.traced.size());
    o.sample_every = r.sample_every;
    if (o.n_sampled > 0) {
        const std::int64_t max_samples = (k1 - k0) / r.sample_every + 1;
        r.samples.resize(static_cast<std::size_t>(max_samples * o.n_sampled * static_cast<std::int64_t>(n_state_vars)));
        o.samples = r.samples.data();
    }
    return o;
}

template <typename Real>
void collect_chunk(block_recorder& r, const chunk_output& o, const chunk_input<Real>& in, std::int64_t n_cells, recording& out) {
    for (std::int64_t i = 0; i < o.n_spikes; ++i) {
        const spike_record& sp = o.spikes[i];
        if (sp.cell < r.real_cells) out.spike_times_ms[r.cell0 + sp.cell].push_back(sp.t_ms);  // padding cells are not trials
    }
    for (std::size_t j = 0; j < r.noise_cells.size(); ++j) {
        std::vector<double>& inc = r.noise[j]->increment_mv;
        for (std::int64_t k = in.k0; k < in.k1; ++k) inc.push_back(static_cast<double>(in.kick[(k - in.k0) * n_cells + r.noise_cells[j]]));
    }
    if (r.traced.empty()) return;
    // The synaptic current of a sample: C_m times the kicks of its interval, over the interval.
    std::int64_t j = 0;
    for (std::int64_t k = in.k0; k < in.k1; ++k) {
        for (std::size_t i = 0; i < r.traced.size(); ++i) r.syn_since_sample[i] += static_cast<double>(in.kick[(k - in.k0) * n_cells + r.traced[i]]);
        if ((k + 1) % r.sample_every != 0) continue;
        for (std::size_t i = 0; i < r.traced.size(); ++i) {
            const double* x = o.samples + (j * o.n_sampled + static_cast<std::int64_t>(i)) * static_cast<std::int64_t>(n_state_vars);
            hh_state s;
            for_each_state_var([&](auto v) { s.*state_member<double, v>() = x[v]; });
            const double i_syn = r.model.c_m * r.syn_since_sample[i] / (static_cast<double>(r.sample_every) * r.dt_ms);
            append_sample(*r.traces[i], static_cast<double>(k + 1) * r.dt_ms, s, r.model, i_syn);
            r.syn_since_sample[i] = 0.0;
        }
        ++j;
    }
}

template void collect_chunk<double>(block_recorder&, const chunk_output&, const chunk_input<double>&, std::int64_t, recording&);
template void collect_chunk<float>(block_recorder&, const chunk_output&, const chunk_input<float>&, std::int64_t, recording&);

}  // namespace hhsim
