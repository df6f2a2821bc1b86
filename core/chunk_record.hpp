#pragma once
// The third of the engine's three steps: what advance wrote into the flat buffers of a chunk (spikes,
// state samples) and the chunk's input that is kept (per-step increments, the synaptic current of
// traces) turned into the recording. docs/architecture.md, "The engine".

#include <cstdint>
#include <memory>
#include <vector>

#include "core/advance.hpp"
#include "core/recording.hpp"
#include "core/scenario.hpp"

namespace hhsim {

/// One block's recorder: which of its cells are traced or have their increments kept, where those
/// go in the recording, and the buffers advance writes into.
struct block_recorder {
    std::int64_t cell0 = 0;                     ///< block cell 0 is recording trial index cell0
    std::int64_t real_cells = 0;                ///< cells [0, real_cells) are trials; the rest pad vector groups
    std::int64_t sample_every = 1;
    double dt_ms = 0.0;
    double c_m = 1.0;
    hh_params model;
    std::vector<std::int64_t> traced;           ///< block cells with a trace
    std::vector<trace*> traces;                 ///< their traces
    std::vector<double> syn_since_sample;       ///< their summed kicks since the last sample, mV
    std::vector<std::int64_t> noise_cells;      ///< block cells whose per-step increments are kept
    std::vector<noise_record*> noise;
    std::unique_ptr<spike_record[]> spikes;
    std::int64_t spike_capacity = 0;
    std::vector<double> samples;
};

/// A recorder for cells [0, real_cells) of a block that starts at recording trial index cell0;
/// trace_slot[i] and noise_slot[i] give trial i's index in out.traces and out.noise, or -1.
block_recorder start_block_recorder(const scenario& sc, std::int64_t cell0, std::int64_t real_cells, const std::vector<std::int64_t>& trace_slot,
                                    const std::vector<std::int64_t>& noise_slot, recording& out);

/// The first sample of every trace, at t = 0, from the start state.
void record_start(block_recorder& r, const hh_state& s0);

/// The output buffers for a chunk of steps [k0, k1) with n_effects event-exact effects, in an
/// ensemble of n_cells cells (room for every spike advance can find there).
chunk_output prepare_chunk_output(block_recorder& r, std::int64_t n_cells, std::int64_t k0, std::int64_t k1, std::int64_t n_effects);

/// Append what advance recorded over [in.k0, in.k1) to the recording.
template <typename Real>
void collect_chunk(block_recorder& r, const chunk_output& o, const chunk_input<Real>& in, std::int64_t n_cells, recording& out);

}  // namespace hhsim
