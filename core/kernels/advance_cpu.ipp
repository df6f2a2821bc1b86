// The CPU implementation of the advance contract (core/advance.hpp), templated on the method, the
// real type and the group width W (group_cells<Real> lanes). Part of
// the kernel set's translation unit (kernel_set_cpu.cpp), in its namespace HH_KERNEL_NS, so each
// instruction set compiles its own copy. docs/architecture.md, "Inside the CPU advance".
//
// Why every cell's numbers are independent of its neighbours: every loop over cells runs in groups
// of exactly W lanes with the same vector instructions for each lane (the ensemble is padded to
// whole groups), cells that need extra work (event-exact sub-steps) are gathered into groups of
// their own, and a lane that has nothing to do in a group computes and discards (selects keep its
// state). IEEE operations per lane give the same numbers in any lane and any group, with 256- or
// 512-bit vectors, as long as the operations are the same (no reassociation, the same FMA
// contraction: the compiler decides both from the same vector code; scalar code may differ).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/advance.hpp"
#include "core/hh_cell.hpp"
#include "core/kernels/kernel_set_decl.hpp"
#include "core/spike_crossing.hpp"

// The vectorised loops are functions of their own: kept out of the loop over steps, their
// loop-invariant constants stay in registers instead of being hoisted over the whole chunk and
// spilled (measured: 1.8x on the Euler step), and tests/tools/check_vectorised.py finds them by name in the object code.
#define HH_VECTOR_KERNEL __attribute__((noinline))

namespace hhsim::HH_KERNEL_NS {

namespace {

/// One deterministic step of method M; dvdt_start receives dV/dt at s. stage_shift_v is SRA's
/// noise term in its second stage (0 without diffusion input; unused by the other methods).
template <method M, typename Real>
HH_INLINE cell_state<Real> step_one(const cell_state<Real>& s, const hh_params& p, Real dt, Real stage_shift_v, Real& dvdt_start) {
    if constexpr (M == method::rk4) {
        return rk4_step(s, p, dt, dvdt_start);
    } else if constexpr (M == method::expeuler) {
        return expeuler_step(s, p, dt, dvdt_start);
    } else if constexpr (M == method::sra) {
        return sra_step(s, p, dt, stage_shift_v, dvdt_start);
    } else {
        return euler_step(s, p, dt, dvdt_start);  // euler, euler_maruyama (noise arrives as a per-step increment)
    }
}

/// Whether a full lockstep step keeps dV/dt at its start for the spike-time interpolant. Forward
/// Euler's is its own secant, (V_end - V_start) / dt, recomputed for the rare crossing step instead
/// of stored in every one (Euler's step is cheap enough for the store to show).
template <method M>
constexpr bool stores_dvdt = M != method::euler && M != method::euler_maruyama;

// The state arrays of a view as local __restrict pointers (x_v, x_m, ...), and loads and stores of a
// cell through them, every member named (generated from HH_CELL_STATE). Loaded through e.x[var]
// inside the loop, GCC 12 turned the accesses into gathers and scatters; written through member
// pointers, it shaped the step differently and contracted one product into an FMA elsewhere (h of
// expeuler changed in the last bit). The plain form keeps the engine's earlier numbers and speed.
#define HH_SOA_POINTER(name, ...) Real* __restrict const x_##name = view.x[static_cast<int>(state_var::name)];
#define HH_SOA_POINTERS(view_expr)          \
    const ensemble_view<Real>& view = view_expr; \
    HH_CELL_STATE(HH_SOA_POINTER)
#define HH_SOA_LOAD_MEMBER(name, ...) x_##name[HH_SOA_INDEX],
#define HH_SOA_STORE_MEMBER(name, ...) x_##name[HH_SOA_INDEX] = HH_SOA_VALUE.name;

template <typename Real>
HH_INLINE cell_state<Real> load(const std::array<Real*, n_state_vars>& x, std::int64_t c) {
#define HH_LOAD_MEMBER(name, ...) x[static_cast<int>(state_var::name)][c],
    return cell_state<Real>{HH_CELL_STATE(HH_LOAD_MEMBER)};
#undef HH_LOAD_MEMBER
}

template <typename Real>
HH_INLINE void store(const std::array<Real*, n_state_vars>& x, std::int64_t c, const cell_state<Real>& s) {
#define HH_STORE_MEMBER(name, ...) x[static_cast<int>(state_var::name)][c] = s.name;
    HH_CELL_STATE(HH_STORE_MEMBER)
#undef HH_STORE_MEMBER
}

/// Scratch of one advance call, sized for n cells rounded up to whole groups.
template <typename Real>
struct workspace {
    using flag = flag_of<Real>;
    std::vector<Real> v_before, dvdt_before, h_first, zero_shift;
    std::vector<flag> crossed;
    // Event-exact bookkeeping per cell: next effect, its step, the time reached in the current step.
    std::vector<std::int64_t> pos, next_step, active, next_active;
    std::vector<double> t_reached;
    // Gathered cells of the event-exact pass: state, detector, times, and what the pass reports back.
    std::vector<Real> gv, gm, gh, gn, g_amount, g_h, g_v0, g_dvdt0;
    std::vector<flag> g_armed, g_jump_spike, g_piece_spike, g_blown;
    std::vector<double> g_t, g_next, g_h_ms;
    explicit workspace(std::int64_t padded) : v_before(padded), dvdt_before(padded), crossed(padded) {}
};

/// One full step of every cell (boundary timing or diffusion): the method's step, then the step's
/// kick, then the detector's test on V before and after. crossed[c] = 1 where an armed cell crossed;
/// returns whether any did.
template <method M, typename Real, std::int64_t W>
HH_VECTOR_KERNEL bool lockstep_full(const ensemble_view<Real>& e, const hh_params& p, Real dt, const Real* kick, const Real* shift, const spike_detector& det,
                   workspace<Real>& ws) {
    using flag = flag_of<Real>;
    Real* __restrict v_before = ws.v_before.data();
    Real* __restrict dvdt_before = ws.dvdt_before.data();
    flag* __restrict crossed = ws.crossed.data();
    flag* __restrict armed = e.armed;
    HH_SOA_POINTERS(e);
    flag any = 0;
    for (std::int64_t g = 0; g < e.n_cells; g += W) {
        // A fixed-length inner loop: every cell runs the same vector code whatever its position.
#pragma omp simd reduction(| : any)
        for (std::int64_t l = g; l < g + W; ++l) {
#define HH_SOA_INDEX l
            const cell_state<Real> s{HH_CELL_STATE(HH_SOA_LOAD_MEMBER)};
            Real dvdt0;
            Real stage_shift = Real(0);
            if constexpr (M == method::sra) stage_shift = shift[l];
            cell_state<Real> s1 = step_one<M>(s, p, dt, stage_shift, dvdt0);
            s1.v = s1.v + kick[l];
            v_before[l] = s.v;
            if constexpr (stores_dvdt<M>) dvdt_before[l] = dvdt0;
#define HH_SOA_VALUE s1
            HH_CELL_STATE(HH_SOA_STORE_MEMBER)
#undef HH_SOA_VALUE
#undef HH_SOA_INDEX
            const flag c = det.fires_flag(armed[l], s.v, s1.v);
            crossed[l] = c;
            any |= c;
        }
    }
    return any != 0;
}

/// Event-exact timing, first piece of every cell: a full step for cells without an effect in this
/// step (h_first = dt), the piece up to the first effect for the others; no kick. Pieces are never
/// empty here (an effect of step k lies after t_k by at least the grid snap), so there is no select
/// between the step and the old state: with one, GCC 12 contracted a product of the gate equations
/// differently and a full step in this pass no longer gave lockstep_full's numbers.
template <method M, typename Real, std::int64_t W>
HH_VECTOR_KERNEL bool lockstep_first_piece(const ensemble_view<Real>& e, const hh_params& p, const spike_detector& det, workspace<Real>& ws) {
    using flag = flag_of<Real>;
    const Real* __restrict h_first = ws.h_first.data();
    Real* __restrict v_before = ws.v_before.data();
    Real* __restrict dvdt_before = ws.dvdt_before.data();
    flag* __restrict crossed = ws.crossed.data();
    flag* __restrict armed = e.armed;
    HH_SOA_POINTERS(e);
    flag any = 0;
    for (std::int64_t g = 0; g < e.n_cells; g += W) {
#pragma omp simd reduction(| : any)
        for (std::int64_t l = g; l < g + W; ++l) {
#define HH_SOA_INDEX l
            const cell_state<Real> s{HH_CELL_STATE(HH_SOA_LOAD_MEMBER)};
            const Real h = h_first[l];
            Real dvdt0;
            const cell_state<Real> s1 = step_one<M>(s, p, h, Real(0), dvdt0);
            v_before[l] = s.v;
            dvdt_before[l] = dvdt0;
#define HH_SOA_VALUE s1
            HH_CELL_STATE(HH_SOA_STORE_MEMBER)
#undef HH_SOA_VALUE
#undef HH_SOA_INDEX
            const flag c = det.fires_flag(armed[l], s.v, s1.v);
            crossed[l] = c;
            any |= c;
        }
    }
    return any != 0;
}

/// 1 where V breaks the blow-up rule (|V| > blow_up_limit_mv or not finite: NaN fails the comparison).
template <typename Flag, typename Real>
HH_INLINE Flag out_of_range_flag(Real v) {
    return static_cast<Flag>(!(std::abs(v) <= Real(blow_up_limit_mv)));
}

template <typename Real>
HH_INLINE void push_spike(chunk_output& out, std::int64_t cell, double t_ms) {
    out.spikes[out.n_spikes++] = spike_record{cell, t_ms};
}

/// The times of the crossings the lockstep pass flagged, in cell order. A full step: without noise
/// V is smooth over the step and the crossing lies on the cubic Hermite interpolant of V and dV/dt
/// at both ends; if only the step's kick carried V over, the spike is at t_k+1; with diffusion input
/// the interpolation is linear. A first piece (event-exact): Hermite on the piece alone.
template <method M, typename Real>
__attribute__((noinline)) void locate_lockstep_crossings(const advance_params& ap, const ensemble_view<Real>& e, const Real* kick, std::int64_t k, const chunk_input<Real>& in,
                               workspace<Real>& ws, chunk_output& out) {
    const double dt = ap.dt_ms;
    const double t_k = static_cast<double>(k) * dt;
    const double thr = ap.detector.threshold_mv;
    const hh_params& p = ap.model;
    for (std::int64_t c = 0; c < e.n_cells; ++c) {
        if (!ws.crossed[c]) continue;
        const cell_state<Real> s = load(e.x, c);
        double t_spike;
        if (ap.diffusion) {
            t_spike = t_k + dt * linear_crossing(static_cast<double>(ws.v_before[c]), static_cast<double>(s.v), thr);
        } else if (ap.event_exact && ws.next_step[c] == k) {
            const double h = in.effects[ws.pos[c]].t_ms - t_k;
            const double dvdt1 = static_cast<double>(hh_derivatives(s, p).v);
            t_spike = t_k + h * hermite_crossing(static_cast<double>(ws.v_before[c]), static_cast<double>(ws.dvdt_before[c]), static_cast<double>(s.v),
                                                 dvdt1, h, thr);
        } else {
            const Real v_smooth = ap.event_exact ? s.v : s.v - kick[c];  // the end of the smooth step, before its jumps
            if (static_cast<double>(v_smooth) >= thr) {
                const double dvdt1 = static_cast<double>(hh_derivatives<Real>({v_smooth, s.m, s.h, s.n}, p).v);
                const double v0 = static_cast<double>(ws.v_before[c]);
                const double dvdt0 = stores_dvdt<M> ? static_cast<double>(ws.dvdt_before[c]) : (static_cast<double>(v_smooth) - v0) / dt;
                t_spike = t_k + dt * hermite_crossing(v0, dvdt0, static_cast<double>(v_smooth), dvdt1, dt, thr);
            } else {
                t_spike = static_cast<double>(k + 1) * dt;
            }
        }
        push_spike<Real>(out, c, t_spike);
        e.armed[c] = 0;
    }
}

/// Event-exact timing, the rest of step k for the cells with effects in it: each effect's jump at its
/// time, then the smooth piece to the next effect or to t_k+1. Iteration j handles the j-th effect of
/// every cell that has one, gathered into dense groups (cells without it take no part). The detector
/// runs on every jump (a jump over the threshold is a spike at the event time) and every piece
/// (Hermite on that piece alone, never across a jump).
template <method M, typename Real, std::int64_t W>
__attribute__((noinline)) void exact_rest_of_step(const advance_params& ap, const ensemble_view<Real>& e, const chunk_input<Real>& in, std::int64_t k, std::int64_t n_active,
                        workspace<Real>& ws, chunk_output& out) {
    using flag = flag_of<Real>;
    const hh_params& p = ap.model;
    const spike_detector det = ap.detector;
    const double t_end = static_cast<double>(k + 1) * ap.dt_ms;
    while (n_active > 0) {
        const std::int64_t padded = (n_active + W - 1) / W * W;
        for (std::int64_t i = 0; i < padded; ++i) {
            // Padding lanes repeat the first cell; what they compute is discarded.
            const std::int64_t c = ws.active[i < n_active ? i : 0];
            const std::int64_t at = ws.pos[c];
            const cell_state<Real> s = load(e.x, c);
            ws.gv[i] = s.v;
            ws.gm[i] = s.m;
            ws.gh[i] = s.h;
            ws.gn[i] = s.n;
            ws.g_armed[i] = e.armed[c];
            ws.g_amount[i] = static_cast<Real>(in.effects[at].amount);
            ws.g_t[i] = ws.t_reached[c];
            const bool more = at + 1 < in.effect_begin[c + 1] && in.effects[at + 1].step == k;
            ws.g_next[i] = more ? in.effects[at + 1].t_ms : t_end;
            ws.g_h_ms[i] = ws.g_next[i] - ws.g_t[i];
            ws.g_h[i] = static_cast<Real>(ws.g_h_ms[i]);
        }
        Real* __restrict gv = ws.gv.data();
        Real* __restrict gm = ws.gm.data();
        Real* __restrict gh = ws.gh.data();
        Real* __restrict gn = ws.gn.data();
        Real* __restrict g_v0 = ws.g_v0.data();
        Real* __restrict g_dvdt0 = ws.g_dvdt0.data();
        const Real* __restrict g_amount = ws.g_amount.data();
        flag* __restrict g_armed = ws.g_armed.data();
        flag* __restrict g_jump = ws.g_jump_spike.data();
        flag* __restrict g_piece = ws.g_piece_spike.data();
        flag* __restrict g_blown = ws.g_blown.data();
        const Real* __restrict g_h = ws.g_h.data();
        for (std::int64_t g = 0; g < padded; g += W) {
            // No reduction here (the flags are scanned below): with one, GCC 12 left this loop scalar
            // ("reduc op not supported").
#pragma omp simd
            for (std::int64_t l = g; l < g + W; ++l) {
                // Flags stay in the real type's width (no bool temporaries): GCC sizes a loop's vectors
                // by its narrowest type, and with bytes this loop ran in its scalar remainder.
                cell_state<Real> s{gv[l], gm[l], gh[l], gn[l]};
                flag armed = g_armed[l];
                // The jump (effect target V; the only target today).
                const Real v_pre = s.v;
                s.v = s.v + g_amount[l];
                const flag jump_spike = det.fires_flag(armed, v_pre, s.v);
                armed = det.rearmed_flag(armed & (jump_spike ^ 1), s.v);
                g_blown[l] = out_of_range_flag<flag>(s.v);  // the blow-up rule right after a jump
                // The smooth piece after it. An empty piece (h = 0: the next effect at the same time)
                // is stepped too and put right below: a select here left the f32 loop scalar.
                const Real h = g_h[l];
                Real dvdt0;
                const cell_state<Real> s1 = step_one<M>(s, p, h, Real(0), dvdt0);
                const flag piece_spike = det.fires_flag(armed, s.v, s1.v);  // never for an empty piece
                armed = det.rearmed_flag(armed & (piece_spike ^ 1), s1.v);
                g_v0[l] = s.v;
                g_dvdt0[l] = dvdt0;
                gv[l] = s1.v;
                gm[l] = s1.m;
                gh[l] = s1.h;
                gn[l] = s1.n;
                g_armed[l] = armed;
                g_jump[l] = jump_spike;
                g_piece[l] = piece_spike;
            }
        }
        // Empty pieces: the state after the jump alone (e.x and e.armed still hold the state before it).
        for (std::int64_t i = 0; i < n_active; ++i) {
            if (g_h[i] > Real(0)) continue;
            const std::int64_t c = ws.active[i];
            cell_state<Real> s = load(e.x, c);
            s.v = s.v + g_amount[i];
            const flag armed = det.rearmed_flag(e.armed[c] & (g_jump[i] ^ 1), s.v);
            gv[i] = s.v;
            gm[i] = s.m;
            gh[i] = s.h;
            gn[i] = s.n;
            g_v0[i] = s.v;
            g_armed[i] = armed;
            g_piece[i] = 0;
        }
        flag any = 0, blown = 0;
        for (std::int64_t i = 0; i < n_active; ++i) {
            any |= g_jump[i] | g_piece[i];
            blown |= g_blown[i];
        }
        for (std::int64_t i = 0; blown != 0 && out.blown_cell < 0 && i < n_active; ++i) {
            if (g_blown[i] != 0) {
                out.blown_cell = ws.active[i];
                out.blown_v_mv = static_cast<double>(load(e.x, ws.active[i]).v + g_amount[i]);
            }
        }
        if (any != 0) {
            for (std::int64_t i = 0; i < n_active; ++i) {
                const std::int64_t c = ws.active[i];
                if (g_jump[i]) push_spike<Real>(out, c, in.effects[ws.pos[c]].t_ms);
                if (g_piece[i]) {
                    const cell_state<Real> s1{gv[i], gm[i], gh[i], gn[i]};
                    const double dvdt1 = static_cast<double>(hh_derivatives(s1, p).v);
                    const double theta = hermite_crossing(static_cast<double>(g_v0[i]), static_cast<double>(g_dvdt0[i]), static_cast<double>(s1.v), dvdt1,
                                                          ws.g_h_ms[i], det.threshold_mv);
                    push_spike<Real>(out, c, ws.g_t[i] + ws.g_h_ms[i] * theta);
                }
            }
        }
        std::int64_t n_next = 0;
        for (std::int64_t i = 0; i < n_active; ++i) {
            const std::int64_t c = ws.active[i];
            store<Real>(e.x, c, {gv[i], gm[i], gh[i], gn[i]});
            e.armed[c] = g_armed[i];
            ws.t_reached[c] = std::max(ws.g_t[i], ws.g_next[i]);
            const std::int64_t at = ++ws.pos[c];
            const bool more = at < in.effect_begin[c + 1];
            ws.next_step[c] = more ? in.effects[at].step : INT64_MAX;
            if (more && in.effects[at].step == k) ws.next_active[n_next++] = c;
        }
        std::swap(ws.active, ws.next_active);
        n_active = n_next;
    }
}

template <method M, typename Real, std::int64_t W>
void advance_impl(const advance_params& ap, const ensemble_view<Real>& e, const chunk_input<Real>& in, chunk_output& out) {
    using flag = flag_of<Real>;
    const std::int64_t n = e.n_cells;
    const hh_params& p = ap.model;
    const spike_detector det = ap.detector;
    const Real dt = static_cast<Real>(ap.dt_ms);
    workspace<Real> ws(n);
    const Real* shift_row = nullptr;
    if constexpr (M == method::sra) {
        if (in.stage_shift == nullptr) ws.zero_shift.assign(n, Real(0));  // SRA without noise: its deterministic two-stage RK
    }
    if (ap.event_exact) {
        const std::int64_t padded = (n + W - 1) / W * W;
        ws.h_first.assign(n, dt);
        ws.pos.assign(in.effect_begin, in.effect_begin + n);
        ws.next_step.resize(n);
        for (std::int64_t c = 0; c < n; ++c) ws.next_step[c] = in.effect_begin[c] < in.effect_begin[c + 1] ? in.effects[in.effect_begin[c]].step : INT64_MAX;
        ws.active.resize(padded);
        ws.next_active.resize(padded);
        ws.t_reached.resize(n);
        for (auto* buf : {&ws.gv, &ws.gm, &ws.gh, &ws.gn, &ws.g_amount, &ws.g_h, &ws.g_v0, &ws.g_dvdt0}) buf->resize(padded);
        for (auto* buf : {&ws.g_armed, &ws.g_jump_spike, &ws.g_piece_spike, &ws.g_blown}) buf->resize(padded);
        for (auto* buf : {&ws.g_t, &ws.g_next, &ws.g_h_ms}) buf->resize(padded);
    }
    for (std::int64_t k = in.k0; k < in.k1; ++k) {
        const std::size_t row = static_cast<std::size_t>((k - in.k0) * n);
        const Real* kick = in.kick != nullptr ? in.kick + row : nullptr;
        if constexpr (M == method::sra) shift_row = in.stage_shift != nullptr ? in.stage_shift + row : ws.zero_shift.data();
        if (!ap.event_exact) {
            if (lockstep_full<M, Real, W>(e, p, dt, kick, shift_row, det, ws)) locate_lockstep_crossings<M>(ap, e, kick, k, in, ws, out);
        } else {
            const double t_k = static_cast<double>(k) * ap.dt_ms;
            std::int64_t n_active = 0;
            for (std::int64_t c = 0; c < n; ++c) {
                if (ws.next_step[c] != k) continue;
                const double t_first = in.effects[ws.pos[c]].t_ms;
                ws.h_first[c] = static_cast<Real>(std::max(t_first - t_k, 0.0));  // > 0 by the step rule; 0 would be a no-op step
                ws.t_reached[c] = std::max(t_k, t_first);
                ws.active[n_active++] = c;
            }
            if (lockstep_first_piece<M, Real, W>(e, p, det, ws)) locate_lockstep_crossings<M>(ap, e, kick, k, in, ws, out);
            if (n_active > 0) {
                for (std::int64_t i = 0; i < n_active; ++i) ws.h_first[ws.active[i]] = dt;
                // Re-arm after the first piece, then the cells with effects go on from there.
                flag* __restrict armed = e.armed;
                const Real* __restrict v = e.x[static_cast<int>(state_var::v)];
#pragma omp simd
                for (std::int64_t c = 0; c < n; ++c) armed[c] = det.rearmed_flag(armed[c], v[c]);
                exact_rest_of_step<M, Real, W>(ap, e, in, k, n_active, ws, out);
            }
        }
        // Hysteresis: a cell re-arms only once V has fallen below the re-arm level. The same pass
        // applies the blow-up rule at the step's end (one compare per cell, in registers).
        flag blown = 0;
        {
            flag* __restrict armed = e.armed;
            const Real* __restrict v = e.x[static_cast<int>(state_var::v)];
#pragma omp simd reduction(| : blown)
            for (std::int64_t c = 0; c < n; ++c) {
                armed[c] = det.rearmed_flag(armed[c], v[c]);
                blown |= out_of_range_flag<flag>(v[c]);
            }
        }
        if (blown != 0 || out.blown_cell >= 0) {
            // The lowest cell that broke the rule (at a jump of this step, else at its end).
            out.blown_t_ms = static_cast<double>(k + 1) * ap.dt_ms;
            if (out.blown_cell < 0 || blown != 0) {
                for (std::int64_t c = 0; c < n; ++c) {
                    const Real v = e.x[static_cast<int>(state_var::v)][c];
                    if (out_of_range_flag<flag>(v) != 0 && (out.blown_cell < 0 || c < out.blown_cell)) {
                        out.blown_cell = c;
                        out.blown_v_mv = static_cast<double>(v);
                        break;
                    }
                }
            }
            return;
        }
        if (out.n_sampled > 0 && (k + 1) % out.sample_every == 0) {
            double* row_out = out.samples + out.n_samples * out.n_sampled * static_cast<std::int64_t>(n_state_vars);
            for (std::int64_t i = 0; i < out.n_sampled; ++i) {
                for (std::size_t var = 0; var < n_state_vars; ++var) row_out[i * static_cast<std::int64_t>(n_state_vars) + static_cast<std::int64_t>(var)] = static_cast<double>(e.x[var][out.sampled_cells[i]]);
            }
            ++out.n_samples;
        }
    }
}

}  // namespace

/// The advance contract (core/advance.hpp) for this kernel set, in groups of group_cells<Real> lanes.
/// One trial alone runs in one group too: the same vector code as in any ensemble, so its numbers are
/// the same. (A scalar path for it was measured and dropped: GCC 12 contracts some products into
/// FMAs differently in scalar and in vector code, so a trial alone differed in the last bits from
/// the same trial in an ensemble; and the step of one cell is latency-bound, so the idle lanes cost
/// little time.)
template <typename Real>
void advance(const advance_params& ap, const ensemble_view<Real>& e, const chunk_input<Real>& in, chunk_output& out) {
    switch (ap.integrator) {
        case method::euler: advance_impl<method::euler, Real, group_cells<Real>>(ap, e, in, out); break;
        case method::rk4: advance_impl<method::rk4, Real, group_cells<Real>>(ap, e, in, out); break;
        case method::expeuler: advance_impl<method::expeuler, Real, group_cells<Real>>(ap, e, in, out); break;
        case method::euler_maruyama: advance_impl<method::euler_maruyama, Real, group_cells<Real>>(ap, e, in, out); break;
        case method::sra: advance_impl<method::sra, Real, group_cells<Real>>(ap, e, in, out); break;
    }
}

}  // namespace hhsim::HH_KERNEL_NS
