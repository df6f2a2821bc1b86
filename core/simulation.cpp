#include "core/simulation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>

#if defined(_OPENMP)
#include <omp.h>
#endif

#include "core/advance.hpp"
#include "core/chunk_input.hpp"
#include "core/chunk_record.hpp"
#include "core/error.hpp"
#include "core/kernels.hpp"
#include "core/limits.hpp"

namespace hhsim {

namespace {

constexpr std::int64_t max_block_groups = 8;   // with chunk_steps: 512 KiB of kicks per block
constexpr std::int64_t chunk_steps = 1024;     // steps per input pass: long enough that windows rarely straddle

struct engine_context {
    const scenario& sc;
    const input_plan& plan;
    const run_hooks& hooks;
    const kernel_set& kernels;
    std::int64_t n_steps;
    std::vector<std::int64_t> trace_slot;  // per trial offset: index into recording::traces or -1
    std::vector<std::int64_t> event_slot;  // likewise for recording::events
    std::vector<std::int64_t> noise_slot;  // likewise for recording::noise
};

/// The SoA state of one block, owning its arrays; view() is what advance works on.
template <typename Real>
struct block_state {
    std::array<std::vector<Real>, n_state_vars> x;
    std::vector<flag_of<Real>> armed;
    block_state(std::int64_t cells, const hh_state& s0, bool armed0) : armed(static_cast<std::size_t>(cells), armed0 ? 1 : 0) {
        for_each_state_var([&](auto i) { x[i].assign(static_cast<std::size_t>(cells), static_cast<Real>(s0.*state_member<double, i>())); });
    }
    ensemble_view<Real> view() {
        ensemble_view<Real> e;
        e.n_cells = static_cast<std::int64_t>(armed.size());
        for (std::size_t i = 0; i < n_state_vars; ++i) e.x[i] = x[i].data();
        e.armed = armed.data();
        return e;
    }
};

/// One block of trials, all its chunks: fill the input, advance, record; then progress, stop
/// requests and the blow-up check.
template <typename Real>
void run_block(const engine_context& ctx, std::int64_t cell0, std::int64_t real_cells, recording& out) {
    const scenario& sc = ctx.sc;
    const double dt = sc.run.dt_ms;
    // Padded to whole vector groups (one trial alone too: core/kernels/advance_cpu.ipp says why).
    const std::int64_t n = (real_cells + group_cells<Real> - 1) / group_cells<Real> * group_cells<Real>;
    const auto first_trial = static_cast<std::uint64_t>(sc.run.first_trial + cell0);

    const spike_detector det = detector_of(sc.record);
    const hh_state s0 = initial_state(sc.start, sc.v0_mv, sc.model);
    block_state<Real> state(n, s0, det.armed_at_start(s0.v));
    const ensemble_view<Real> view = state.view();

    block_recorder rec = start_block_recorder(sc, cell0, real_cells, ctx.trace_slot, ctx.noise_slot, out);
    record_start(rec, s0);
    std::vector<std::vector<input_event>*> recorded(static_cast<std::size_t>(real_cells), nullptr);
    for (std::int64_t c = 0; c < real_cells; ++c) {
        if (ctx.event_slot[cell0 + c] >= 0) recorded[c] = &out.events[ctx.event_slot[cell0 + c]].events;
    }
    block_input<Real> in = start_block_input<Real>(ctx.plan, sc, n, real_cells, first_trial, !rec.traced.empty() || !rec.noise_cells.empty());

    advance_params ap;
    ap.integrator = sc.run.integrator;
    ap.event_exact = sc.run.jumps == jump_timing::event_exact;
    ap.diffusion = ctx.plan.kind == input_kind::diffusion;
    ap.dt_ms = dt;
    ap.detector = det;
    ap.model = sc.model;
    const advance_fn<Real> advance = ctx.kernels.advance<Real>();

    for (std::int64_t k0 = 0; k0 < ctx.n_steps; k0 += chunk_steps) {
        const std::int64_t k1 = std::min(k0 + chunk_steps, ctx.n_steps);
        fill_chunk_input(in, ctx.kernels, k0, k1, recorded);
        chunk_output o = prepare_chunk_output(rec, n, k0, k1, static_cast<std::int64_t>(in.effects.size()));
        advance(ap, view, in.chunk, o);
        // The blow-up rule (core/advance.hpp, chunk_output): checked by advance at every step's end
        // and after every jump, as the reference checks it after every step and jump.
        if (o.blown_cell >= real_cells) {
            // A padding lane (no input, the start state): the model blows up by itself.
            throw numerics_error(cat("numerics: the cell blew up without any input (V = ", o.blown_v_mv, " mV by t = ", o.blown_t_ms,
                                     " ms with integrator ", to_string(sc.run.integrator), " at dt_ms = ", dt, "): check i_app and the model; ",
                                     blow_up_remedy(sc.run.integrator)));
        }
        if (o.blown_cell >= 0) {
            throw numerics_error(cat("numerics: trial ", first_trial + static_cast<std::uint64_t>(o.blown_cell), " blew up (V = ", o.blown_v_mv,
                                     " mV, |V| > ", blow_up_limit_mv, " mV or not finite) by t = ", o.blown_t_ms, " ms with integrator ",
                                     to_string(sc.run.integrator), sc.run.real == precision::f32 ? " (f32)" : "", " at dt_ms = ", dt, "; ",
                                     blow_up_remedy(sc.run.integrator)));
        }
        collect_chunk(rec, o, in.chunk, n, out);

        if (ctx.hooks.on_progress) ctx.hooks.on_progress(real_cells * (k1 - k0));
        if (ctx.hooks.stop_requested != nullptr && ctx.hooks.stop_requested->load(std::memory_order_relaxed)) {
            throw run_interrupted("simulation: stopped on request");
        }
    }
}

template <typename Real>
void run_all_blocks(const engine_context& ctx, recording& out) {
    const std::int64_t n_trials = ctx.sc.run.n_trials;
    const int threads = resolved_threads(ctx.sc.run.n_threads);
    constexpr std::int64_t lanes = group_cells<Real>;
    // Blocks small enough to give every thread a few, large enough to fill the vector lanes.
    // The split changes nothing in the results: cells never interact.
    const std::int64_t per_block = (n_trials + 4 * threads - 1) / (4 * threads);
    const std::int64_t block_cells = std::clamp((per_block + lanes - 1) / lanes * lanes, lanes, max_block_groups * lanes);
    const std::int64_t n_blocks = (n_trials + block_cells - 1) / block_cells;

    // The failure of the lowest failing block is rethrown as it was thrown (its type intact),
    // whatever the thread count: exceptions must not leave an OpenMP region.
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::int64_t error_block = n_blocks;
    std::exception_ptr error;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (std::int64_t blk = 0; blk < n_blocks; ++blk) {
        if (failed.load(std::memory_order_relaxed)) continue;
        try {
            const std::int64_t cell0 = blk * block_cells;
            run_block<Real>(ctx, cell0, std::min(block_cells, n_trials - cell0), out);
        } catch (...) {
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (blk < error_block) {
                error_block = blk;
                error = std::current_exception();
            }
            failed.store(true, std::memory_order_relaxed);
        }
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace

int resolved_threads(int n_threads) {
#if defined(_OPENMP)
    return n_threads > 0 ? n_threads : std::clamp(omp_get_max_threads(), 1, max_threads());
#else
    (void)n_threads;
    return 1;
#endif
}

std::int64_t step_of_event(double t_ms, double dt_ms) { return step_of_scaled(t_ms * (1.0 / dt_ms)); }

hh_state initial_state(double v0_mv) { return initial_state(start_spec{}, v0_mv, hh_params{}); }

recording simulate(const scenario& sc, const run_hooks& hooks) { return simulate(validate(sc), hooks); }

recording simulate(const validated_scenario& vs, const run_hooks& hooks) {
    const scenario& sc = vs.value();
    const input_plan plan = make_input_plan(sc.input, sc.run.seed);
    engine_context ctx{sc, plan, hooks, kernels(sc.run.isa), step_count(sc.run), {}, {}, {}};

    recording out;
    out.n_steps = ctx.n_steps;
    const std::int64_t n = sc.run.n_trials;
    out.spike_times_ms.resize(n);
    ctx.trace_slot.assign(n, -1);
    ctx.event_slot.assign(n, -1);
    ctx.noise_slot.assign(n, -1);
    const trial_index first = sc.run.first_trial;
    const auto samples = static_cast<std::size_t>(ctx.n_steps / sc.record.trace_every_steps + 1);
    for (const trial_index k : sc.record.trace_trials) {
        if (ctx.trace_slot[k - first] >= 0) continue;  // asked twice: one trace
        ctx.trace_slot[k - first] = static_cast<std::int64_t>(out.traces.size());
        trace& tr = out.traces.emplace_back();
        tr.trial = k;
        reserve_samples(tr, samples);  // exact sizes up front: the memory estimate holds
    }
    for (const trial_index k : sc.record.event_trials) {
        if (ctx.event_slot[k - first] >= 0) continue;
        ctx.event_slot[k - first] = static_cast<std::int64_t>(out.events.size());
        out.events.push_back(event_record{k, {}});
    }
    for (const std::int64_t k : sc.record.noise_trials) {
        if (ctx.noise_slot[k - first] >= 0) continue;
        ctx.noise_slot[k - first] = static_cast<std::int64_t>(out.noise.size());
        out.noise.push_back(noise_record{k, {}});
    }
    if (sc.run.real == precision::f64) {
        run_all_blocks<double>(ctx, out);
    } else {
        run_all_blocks<float>(ctx, out);
    }
    return out;
}

}  // namespace hhsim
