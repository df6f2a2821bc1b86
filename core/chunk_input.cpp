#include "core/chunk_input.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hhsim {

double grid_snap_steps(double steps) { return std::max(1e-9, 8.0 * std::numeric_limits<double>::epsilon() * steps); }

// ceil(q) - 1, except that q up to the snap tolerance above a whole j (a grid time that rounding
// pushed past j) belongs to step j - 1; just below j, ceil already gives j. Away from grid times q is
// farther from an integer than its own rounding error, so ceil is exact.
double last_applied_event_ms(std::int64_t n_steps, double dt_ms) {
    return static_cast<double>(n_steps) * dt_ms + dt_ms * grid_snap_steps(static_cast<double>(n_steps));
}

std::int64_t step_of_scaled(double q) { return static_cast<std::int64_t>(std::ceil(q - grid_snap_steps(q))) - 1; }

template <typename Real>
block_input<Real> start_block_input(const input_plan& plan, const scenario& sc, std::int64_t n_cells, std::int64_t real_cells,
                                    std::uint64_t first_trial, bool need_kicks) {
    block_input<Real> in;
    in.plan = &plan;
    in.n_cells = n_cells;
    in.real_cells = real_cells;
    in.first_trial = first_trial;
    in.dt_ms = sc.run.dt_ms;
    in.event_exact = sc.run.jumps == jump_timing::event_exact;
    in.need_kicks = !in.event_exact || need_kicks;
    in.cursors.assign(static_cast<std::size_t>(real_cells), start_events(plan));
    if (plan.kind == input_kind::diffusion) {
        const campbell_moments& cm = plan.moments;
        const double dt = sc.run.dt_ms;
        in.noise.seed = plan.seed;
        in.noise.first_trial = first_trial;
        in.noise.n_cells = n_cells;
        in.noise.mean_mv = cm.mu_mv_per_ms * dt;
        in.noise.sd_mv = std::sqrt(cm.sigma2_mv2_per_ms * dt);
        in.noise.sra = sc.run.integrator == method::sra;
        // SRA's second-stage shift (3/4) mu dt + (3/2) sigma I_(1,0)/dt (core/kernels/noise_cpu.ipp).
        in.noise.shift_mean_mv = 0.75 * in.noise.mean_mv;
        in.noise.shift_sd_mv = 0.75 * in.noise.sd_mv;
    }
    in.effect_begin.assign(static_cast<std::size_t>(n_cells + 1), 0);
    return in;
}

template <typename Real>
void fill_chunk_input(block_input<Real>& in, const kernel_set& kernels, std::int64_t k0, std::int64_t k1,
                      const std::vector<std::vector<input_event>*>& recorded) {
    const input_plan& plan = *in.plan;
    const std::int64_t n = in.n_cells;
    const std::size_t size = static_cast<std::size_t>((k1 - k0) * n);
    const double dt = in.dt_ms;
    const double inv_dt = 1.0 / dt;
    const bool diffusion = plan.kind == input_kind::diffusion;
    in.chunk = chunk_input<Real>{};
    in.chunk.k0 = k0;
    in.chunk.k1 = k1;
    if (in.need_kicks || diffusion) {
        in.kick.assign(size, Real(0));
        in.chunk.kick = in.kick.data();
    }
    if (diffusion) {
        if (in.noise.sra) {
            in.stage_shift.resize(size);
            in.chunk.stage_shift = in.stage_shift.data();
        }
        kernels.noise<Real>()(in.noise, k0, k1, in.kick.data(), in.noise.sra ? in.stage_shift.data() : nullptr);
        return;
    }
    // Events up to t1 and those within the grid snap above it (they belong to step k1 - 1).
    const double t1_events = last_applied_event_ms(k1, dt);
    in.effects.clear();
    Real* kick = in.need_kicks ? in.kick.data() : nullptr;
    for (std::int64_t c = 0; c < in.real_cells; ++c) {
        in.effect_begin[c] = static_cast<std::int64_t>(in.effects.size());
        std::vector<input_event>* rec = recorded[static_cast<std::size_t>(c)];
        const std::size_t recorded_from = rec != nullptr ? rec->size() : 0;
        emit_events_until(plan, in.first_trial + static_cast<std::uint64_t>(c), in.cursors[c], t1_events, rec != nullptr, [&](const input_event& ev) {
            if (rec != nullptr) rec->push_back(ev);
            if (!ev.transmitted) return;
            const std::int64_t k = std::clamp(step_of_scaled(ev.t_ms * inv_dt), k0, k1 - 1);
            if (kick != nullptr) kick[(k - k0) * n + c] += static_cast<Real>(ev.jump_mv);
            if (in.event_exact) in.effects.push_back({k, ev.t_ms, effect_target::v, ev.jump_mv});
        });
        // Populations arrive one after another; time order is needed for event-exact steps and for
        // the recorded events (chunks are consecutive, so sorting each chunk suffices).
        if (in.event_exact) {
            std::stable_sort(in.effects.begin() + in.effect_begin[c], in.effects.end(),
                             [](const input_effect& x, const input_effect& y) { return x.t_ms < y.t_ms; });
        }
        if (rec != nullptr) {
            std::stable_sort(rec->begin() + static_cast<std::ptrdiff_t>(recorded_from), rec->end(),
                             [](const input_event& x, const input_event& y) { return x.t_ms < y.t_ms; });
        }
    }
    for (std::int64_t c = in.real_cells; c <= n; ++c) in.effect_begin[c] = static_cast<std::int64_t>(in.effects.size());
    if (in.event_exact) {
        in.chunk.effects = in.effects.data();
        in.chunk.effect_begin = in.effect_begin.data();
    }
}

template block_input<double> start_block_input<double>(const input_plan&, const scenario&, std::int64_t, std::int64_t, std::uint64_t, bool);
template block_input<float> start_block_input<float>(const input_plan&, const scenario&, std::int64_t, std::int64_t, std::uint64_t, bool);
template void fill_chunk_input<double>(block_input<double>&, const kernel_set&, std::int64_t, std::int64_t, const std::vector<std::vector<input_event>*>&);
template void fill_chunk_input<float>(block_input<float>&, const kernel_set&, std::int64_t, std::int64_t, const std::vector<std::vector<input_event>*>&);

}  // namespace hhsim
