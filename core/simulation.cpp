#include "core/simulation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <string>
#include <tuple>

#if defined(_OPENMP)
#include <omp.h>
#endif

#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/spike_crossing.hpp"

namespace hhsim {

namespace {

constexpr std::int64_t lanes = 8;             // cells per vector group; blocks are whole groups
constexpr std::int64_t max_block_cells = 64;   // with chunk_steps: 512 KiB of kicks per block
constexpr std::int64_t chunk_steps = 1024;     // steps per input pass: long enough that windows rarely straddle

/// A transmitted jump that must be applied inside its step (event-exact timing).
struct exact_event {
    std::int64_t step;  // global step index k: the event lies in (t_k, t_k+1]
    double t_ms;
    double jump_mv;
};

/// Structure-of-arrays state of one block of cells (padded to whole lane groups). v_before and
/// dvdt_before hold V and dV/dt at the start of the current step, for the spike-time interpolant.
struct block_state {
    std::vector<double> v, m, h, n, v_before, dvdt_before;
    // 64-bit flags: the same width as the doubles, so the vector loop keeps 8 cells per group.
    std::vector<std::uint64_t> armed, crossed;
    block_state(std::int64_t cells, bool with_dvdt)
        : v(cells), m(cells), h(cells), n(cells), v_before(cells), dvdt_before(with_dvdt ? cells : 0), armed(cells), crossed(cells) {}
};

/// One deterministic step of method M; dvdt_start receives dV/dt at s. stage_shift_v is SRA's
/// noise term in its second stage (0 without diffusion input; unused by the other methods).
template <method M>
HH_INLINE hh_state step_one(const hh_state& s, const hh_params& p, double dt, double stage_shift_v, double& dvdt_start) {
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

/// Whether the lockstep loop keeps dV/dt at the start of the step for the spike-time interpolant.
/// Forward Euler's is its own secant, (V_end - V_start) / dt, recomputed for the rare crossing step
/// instead of stored in every one (Euler's step is cheap enough for the store to show).
template <method M>
constexpr bool stores_dvdt = M != method::euler && M != method::euler_maruyama;

/// One deterministic step of every cell in the block, then the step's kick (jumps or noise
/// increment), and the spike detector's test: crossed[l] = 1 where an armed cell went from below
/// the threshold to at or above it. Returns whether any cell crossed. `shift` is read by sra only.
template <method M>
bool step_block(block_state& b, std::int64_t cells, const hh_params& p, double dt, const double* kick, const double* shift, double thr) {
    double* __restrict v = b.v.data();
    double* __restrict m = b.m.data();
    double* __restrict h = b.h.data();
    double* __restrict n = b.n.data();
    double* __restrict v_before = b.v_before.data();
    double* __restrict dvdt_before = b.dvdt_before.data();
    const std::uint64_t* __restrict armed = b.armed.data();
    std::uint64_t* __restrict crossed = b.crossed.data();
    std::uint64_t any = 0;
    for (std::int64_t g = 0; g < cells; g += lanes) {
        // A fixed-length inner loop: every cell runs the same vector code whatever its position,
        // so a trial's numbers do not depend on the block it sits in.
#pragma omp simd reduction(| : any)
        for (std::int64_t l = g; l < g + lanes; ++l) {
            const hh_state s{v[l], m[l], h[l], n[l]};
            double dvdt0;
            double stage_shift = 0.0;
            if constexpr (M == method::sra) stage_shift = shift[l];
            const hh_state s1 = step_one<M>(s, p, dt, stage_shift, dvdt0);
            const double v_new = s1.v + kick[l];
            v_before[l] = s.v;
            if constexpr (stores_dvdt<M>) dvdt_before[l] = dvdt0;
            v[l] = v_new;
            m[l] = s1.m;
            h[l] = s1.h;
            n[l] = s1.n;
            const std::uint64_t c = armed[l] & static_cast<std::uint64_t>(s.v < thr) & static_cast<std::uint64_t>(v_new >= thr);
            crossed[l] = c;
            any |= c;
        }
    }
    return any != 0;
}

struct block_context {
    const scenario& sc;
    const input_plan& plan;
    const run_hooks& hooks;
    std::int64_t n_steps;
    std::vector<std::int64_t> trace_slot;  // per trial offset: index into recording::traces or -1
    std::vector<std::int64_t> event_slot;  // likewise for recording::events
    std::vector<std::int64_t> noise_slot;  // likewise for recording::noise
};

/// Events this close to a grid time t_j = j*dt, in steps, are at t_j: a replayed 0.07 ms and the
/// clock's 7 * 0.01 ms differ in the last bit. 1e-9 steps, or a few ulp of t/dt in very long runs;
/// far below any physical time scale either way.
double grid_snap_steps(double steps) { return std::max(1e-9, 8.0 * std::numeric_limits<double>::epsilon() * steps); }

/// The step of an event at q = t / dt steps (computed as t * (1/dt), a few ulp from t/dt: far inside
/// the snap tolerance): ceil(q) - 1, except that q up to the snap tolerance above a whole j (a grid
/// time that rounding pushed past j) belongs to step j - 1; just below j, ceil already gives j. Away
/// from grid times q is farther from an integer than its own rounding error, so ceil is exact.
inline std::int64_t step_of_scaled(double q) { return static_cast<std::int64_t>(std::ceil(q - grid_snap_steps(q))) - 1; }

/// step_of_event clamped to the chunk [k0, k1), with 1/dt computed once per run.
std::int64_t step_of(double t_ms, double inv_dt, std::int64_t k0, std::int64_t k1) {
    return std::clamp(step_of_scaled(t_ms * inv_dt), k0, k1 - 1);
}

template <method M>
void run_block(const block_context& ctx, std::int64_t cell0, std::int64_t real_cells, recording& out) {
    const scenario& sc = ctx.sc;
    const hh_params& p = sc.model;
    const double dt = sc.run.dt_ms;
    const double inv_dt = 1.0 / dt;
    const bool exact = sc.run.jumps == jump_timing::event_exact;
    const bool diffusion = ctx.plan.kind == input_kind::diffusion;
    const std::int64_t cells = (real_cells + lanes - 1) / lanes * lanes;
    const double thr = sc.record.spike_threshold_mv;
    const double rearm = sc.record.spike_rearm_mv;
    const std::int64_t every = sc.record.trace_every_steps;

    block_state b(cells, stores_dvdt<M>);
    const hh_state s0 = initial_state(sc.start, sc.v0_mv, p);
    std::fill(b.v.begin(), b.v.end(), s0.v);
    std::fill(b.m.begin(), b.m.end(), s0.m);
    std::fill(b.h.begin(), b.h.end(), s0.h);
    std::fill(b.n.begin(), b.n.end(), s0.n);
    std::fill(b.armed.begin(), b.armed.end(), static_cast<std::uint64_t>(s0.v < rearm));

    const auto trial_of = [&](std::int64_t c) { return static_cast<std::uint64_t>(sc.run.first_trial + cell0 + c); };
    std::vector<event_cursor> cursors;
    cursors.reserve(real_cells);
    for (std::int64_t c = 0; c < real_cells; ++c) {
        cursors.push_back(start_events(ctx.plan));
    }

    // Traced cells of this block and their synaptic charge since the last sample.
    std::vector<std::int64_t> traced;
    for (std::int64_t c = 0; c < real_cells; ++c) {
        if (ctx.trace_slot[cell0 + c] >= 0) traced.push_back(c);
    }
    std::vector<double> syn_since_sample(traced.size(), 0.0);
    const auto sample = [&](std::int64_t k_after) {
        for (std::size_t i = 0; i < traced.size(); ++i) {
            const std::int64_t c = traced[i];
            const double i_syn = k_after == 0 ? 0.0 : p.c_m * syn_since_sample[i] / (static_cast<double>(every) * dt);
            append_sample(out.traces[ctx.trace_slot[cell0 + c]], static_cast<double>(k_after) * dt, hh_state{b.v[c], b.m[c], b.h[c], b.n[c]}, p,
                          i_syn);
            syn_since_sample[i] = 0.0;
        }
    };
    sample(0);
    for (std::int64_t c = 0; c < real_cells; ++c) {
        if (ctx.noise_slot[cell0 + c] >= 0) out.noise[ctx.noise_slot[cell0 + c]].increment_mv.reserve(ctx.n_steps);
    }

    const campbell_moments& cm = ctx.plan.moments;
    const double noise_mean = cm.mu_mv_per_ms * dt;
    const double noise_sd = std::sqrt(cm.sigma2_mv2_per_ms * dt);
    // SRA's second-stage shift (3/4) mu dt + (3/2) sigma I_(1,0)/dt with I_(1,0)/dt =
    // sqrt(dt) (xi_1 + xi_2 / sqrt(3)) / 2: xi_1 is the step's Euler–Maruyama normal, xi_2 an
    // independent one from the second noise stream (docs/rng.md).
    const double shift_mean = 0.75 * noise_mean;
    const double shift_sd = 0.75 * noise_sd;
    constexpr double inv_sqrt3 = 0.57735026918962576;

    std::vector<double> kicks(static_cast<std::size_t>(chunk_steps * cells));
    std::vector<double> shifts(M == method::sra ? static_cast<std::size_t>(chunk_steps * cells) : 0);
    std::vector<double> noise_z0(cells), noise_z1(cells), noise_y0(M == method::sra ? cells : 0), noise_y1(M == method::sra ? cells : 0);
    std::vector<exact_event> exact_events;
    std::vector<std::size_t> exact_begin(cells + 1), exact_pos(cells);
    std::vector<std::pair<std::int64_t, hh_state>> saved;

    for (std::int64_t k0 = 0; k0 < ctx.n_steps; k0 += chunk_steps) {
        const std::int64_t k1 = std::min(k0 + chunk_steps, ctx.n_steps);
        const double t1 = static_cast<double>(k1) * dt;
        // Events up to t1 and those within the grid snap above it (they belong to step k1 - 1).
        const double t1_events = t1 + dt * grid_snap_steps(static_cast<double>(k1));
        std::fill(kicks.begin(), kicks.end(), 0.0);
        exact_events.clear();

        // Input pass: this chunk's events (or noise increments) of every real cell.
        if (diffusion) {
            // One draw gives the normals of steps 2j and 2j+1; the loop over cells vectorises.
            const std::uint64_t seed = ctx.plan.seed;
            const std::uint64_t first_trial = trial_of(0);
            const auto noise = static_cast<std::uint32_t>(rng::purpose::noise);
            for (std::int64_t pair = k0 >> 1; 2 * pair < k1; ++pair) {
                const std::int64_t k_even = 2 * pair;
                const std::size_t even_at = static_cast<std::size_t>((k_even - k0) * cells);
                const std::size_t odd_at = static_cast<std::size_t>((k_even + 1 - k0) * cells);
                const bool has_even = k_even >= k0;
                const bool has_odd = k_even + 1 < k1;
                double* z0 = noise_z0.data();
                double* z1 = noise_z1.data();
                // Whole groups of 8 over the padded block (idle cells draw too): every cell runs
                // the same vector code, so its numbers do not depend on its position.
                for (std::int64_t g = 0; g < cells; g += lanes) {
#pragma omp simd
                    for (std::int64_t c = g; c < g + lanes; ++c) {
                        rng::normal_pair(rng::draw(seed, first_trial + static_cast<std::uint64_t>(c), noise, static_cast<std::uint64_t>(pair)),
                                         z0[c], z1[c]);
                    }
                }
                for (const auto& [present, at, z] : {std::tuple{has_even, even_at, z0}, std::tuple{has_odd, odd_at, z1}}) {
                    if (!present) continue;
                    double* row = kicks.data() + at;
                    for (std::int64_t g = 0; g < cells; g += lanes) {
#pragma omp simd
                        for (std::int64_t c = g; c < g + lanes; ++c) row[c] = noise_mean + noise_sd * z[c];
                    }
                }
                if constexpr (M == method::sra) {
                    double* y0 = noise_y0.data();
                    double* y1 = noise_y1.data();
                    const std::uint64_t second = rng::second_noise_index(static_cast<std::uint64_t>(pair));
                    for (std::int64_t g = 0; g < cells; g += lanes) {
#pragma omp simd
                        for (std::int64_t c = g; c < g + lanes; ++c) {
                            rng::normal_pair(rng::draw(seed, first_trial + static_cast<std::uint64_t>(c), noise, second), y0[c], y1[c]);
                        }
                    }
                    for (const auto& [present, at, z, y] : {std::tuple{has_even, even_at, z0, y0}, std::tuple{has_odd, odd_at, z1, y1}}) {
                        if (!present) continue;
                        double* row = shifts.data() + at;
                        for (std::int64_t g = 0; g < cells; g += lanes) {
#pragma omp simd
                            for (std::int64_t c = g; c < g + lanes; ++c) row[c] = shift_mean + shift_sd * (z[c] + inv_sqrt3 * y[c]);
                        }
                    }
                }
            }
        } else if constexpr (M == method::sra) {
            std::fill(shifts.begin(), shifts.end(), 0.0);  // SRA without noise: its deterministic two-stage RK
        }
        for (std::int64_t c = 0; c < real_cells; ++c) {
            exact_begin[c] = exact_events.size();
            if (diffusion) continue;
            const std::uint64_t trial = trial_of(c);
            const std::int64_t slot = ctx.event_slot[cell0 + c];
            const std::size_t recorded_from = slot >= 0 ? out.events[slot].events.size() : 0;
            emit_events_until(ctx.plan, trial, cursors[c], t1_events, [&](const input_event& ev) {
                if (slot >= 0) out.events[slot].events.push_back(ev);
                if (!ev.transmitted) return;
                const std::int64_t k = step_of(ev.t_ms, inv_dt, k0, k1);
                kicks[(k - k0) * cells + c] += ev.jump_mv;
                if (exact) exact_events.push_back({k, ev.t_ms, ev.jump_mv});
            });
            // Populations arrive one after another; time order is needed for event-exact steps
            // and for the recorded events (chunks are consecutive, so sorting each chunk suffices).
            if (exact) {
                std::stable_sort(exact_events.begin() + static_cast<std::ptrdiff_t>(exact_begin[c]), exact_events.end(),
                                 [](const exact_event& x, const exact_event& y) { return x.t_ms < y.t_ms; });
            }
            if (slot >= 0) {
                auto& evs = out.events[slot].events;
                std::stable_sort(evs.begin() + static_cast<std::ptrdiff_t>(recorded_from), evs.end(),
                                 [](const input_event& x, const input_event& y) { return x.t_ms < y.t_ms; });
            }
        }
        exact_begin[real_cells] = exact_events.size();
        for (std::int64_t c = 0; c < real_cells; ++c) exact_pos[c] = exact_begin[c];
        for (std::int64_t c = 0; c < real_cells; ++c) {
            const std::int64_t slot = ctx.noise_slot[cell0 + c];
            if (slot < 0) continue;
            std::vector<double>& inc = out.noise[slot].increment_mv;
            for (std::int64_t k = k0; k < k1; ++k) inc.push_back(kicks[(k - k0) * cells + c]);
        }

        // Integration pass, lockstep over the block.
        for (std::int64_t k = k0; k < k1; ++k) {
            const double* kick = kicks.data() + (k - k0) * cells;
            const double* shift = M == method::sra ? shifts.data() + (k - k0) * cells : nullptr;
            const double t_k = static_cast<double>(k) * dt;
            if (exact) {
                saved.clear();
                for (std::int64_t c = 0; c < real_cells; ++c) {
                    if (exact_pos[c] < exact_begin[c + 1] && exact_events[exact_pos[c]].step == k) {
                        saved.push_back({c, hh_state{b.v[c], b.m[c], b.h[c], b.n[c]}});
                    }
                }
            }
            const bool any_crossed = step_block<M>(b, cells, p, dt, kick, shift, thr);
            if (exact) {
                // Redo the cells with events in this step: integrate up to each event, jump, go on.
                // The detector runs on every piece: a crossing inside a smooth sub-step is
                // interpolated on that sub-step alone (never across a jump), and a jump that carries
                // V over the threshold is a spike at the event time.
                for (auto& [c, s] : saved) {
                    double t = t_k;
                    bool armed = b.armed[c] != 0;
                    std::vector<double>& spikes = out.spike_times_ms[cell0 + c];
                    const auto smooth = [&](double h_ms) {
                        double dvdt0;
                        const hh_state s1 = step_one<M>(s, p, h_ms, 0.0, dvdt0);
                        if (armed && s.v < thr && s1.v >= thr) {
                            spikes.push_back(t + h_ms * hermite_crossing(s.v, dvdt0, s1.v, hh_derivatives(s1, p).v, h_ms, thr));
                            armed = false;
                        }
                        s = s1;
                        armed = armed || s.v < rearm;
                    };
                    std::size_t& e = exact_pos[c];
                    for (; e < exact_begin[c + 1] && exact_events[e].step == k; ++e) {
                        const double h_ms = exact_events[e].t_ms - t;
                        if (h_ms > 0) smooth(h_ms);
                        t = std::max(t, exact_events[e].t_ms);
                        const double v_pre = s.v;
                        s.v += exact_events[e].jump_mv;
                        if (armed && v_pre < thr && s.v >= thr) {
                            spikes.push_back(exact_events[e].t_ms);
                            armed = false;
                        }
                        armed = armed || s.v < rearm;
                    }
                    const double h_ms = static_cast<double>(k + 1) * dt - t;
                    if (h_ms > 0) smooth(h_ms);
                    b.v[c] = s.v;
                    b.m[c] = s.m;
                    b.h[c] = s.h;
                    b.n[c] = s.n;
                    b.armed[c] = armed ? 1 : 0;
                    b.crossed[c] = 0;  // detected above
                }
            }
            // Spikes of the lockstep step. Without noise, V is smooth over the step and its
            // crossing is found on the cubic Hermite interpolant of V and dV/dt at both ends; if
            // only the step's jumps (applied at t_k+1) carried V over, the spike is at t_k+1. With
            // diffusion input the interpolation is linear. Hysteresis: a cell re-arms only once V
            // has fallen below the re-arm level.
            if (any_crossed) {
                for (std::int64_t c = 0; c < real_cells; ++c) {
                    if (!b.crossed[c]) continue;
                    double t_spike;
                    if (diffusion) {
                        t_spike = t_k + dt * linear_crossing(b.v_before[c], b.v[c], thr);
                    } else {
                        const double v_smooth = b.v[c] - kick[c];  // the end of the smooth step, before its jumps
                        if (v_smooth >= thr) {
                            const double dvdt1 = hh_derivatives({v_smooth, b.m[c], b.h[c], b.n[c]}, p).v;
                            const double dvdt0 = stores_dvdt<M> ? b.dvdt_before[c] : (v_smooth - b.v_before[c]) / dt;
                            t_spike = t_k + dt * hermite_crossing(b.v_before[c], dvdt0, v_smooth, dvdt1, dt, thr);
                        } else {
                            t_spike = static_cast<double>(k + 1) * dt;
                        }
                    }
                    out.spike_times_ms[cell0 + c].push_back(t_spike);
                    b.armed[c] = 0;
                }
            }
#pragma omp simd
            for (std::int64_t c = 0; c < cells; ++c) {
                b.armed[c] |= static_cast<std::uint64_t>(b.v[c] < rearm);
            }
            if (!traced.empty()) {
                for (std::size_t i = 0; i < traced.size(); ++i) syn_since_sample[i] += kick[traced[i]];
                if ((k + 1) % every == 0) sample(k + 1);
            }
        }

        if (ctx.hooks.on_progress) ctx.hooks.on_progress(real_cells * (k1 - k0));
        if (ctx.hooks.stop_requested != nullptr && ctx.hooks.stop_requested->load(std::memory_order_relaxed)) {
            throw run_interrupted("simulation: stopped on request");
        }
        // Blow-up check once per chunk (NaN fails the comparison too).
        for (std::int64_t c = 0; c < real_cells; ++c) {
            if (!(std::abs(b.v[c]) <= blow_up_limit_mv)) {
                throw numerics_error(cat("numerics: trial ", trial_of(c), " blew up (V = ", b.v[c], " mV, |V| > ", blow_up_limit_mv,
                                         " mV or not finite) between t = ", static_cast<double>(k0) * dt, " and ", t1,
                                         " ms with integrator ", to_string(sc.run.integrator), " at dt_ms = ", dt, "; ",
                                         blow_up_remedy(sc.run.integrator)));
            }
        }
    }
}

template <method M>
void run_all_blocks(const block_context& ctx, recording& out) {
    const std::int64_t n_trials = ctx.sc.run.n_trials;
    const int threads = resolved_threads(ctx.sc.run.n_threads);
    // Blocks small enough to give every thread a few, large enough to fill the vector lanes.
    // The split changes nothing in the results: cells never interact.
    const std::int64_t per_block = (n_trials + 4 * threads - 1) / (4 * threads);
    const std::int64_t block_cells = std::clamp((per_block + lanes - 1) / lanes * lanes, lanes, max_block_cells);
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
            run_block<M>(ctx, cell0, std::min(block_cells, n_trials - cell0), out);
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

recording simulate(const scenario& sc, const run_hooks& hooks) {
    validate(sc);
    const input_plan plan = make_input_plan(sc.input, sc.run.seed);
    for (std::size_t q = 0; q < plan.pops.size(); ++q) {
        // Window indices share the 48-bit counter index with 10 bits of event index (docs/rng.md).
        const input_plan::pop& pp = plan.pops[q];
        require(!(pp.event_rate_per_ms > 0) || sc.run.t_end_ms / pp.window_ms < 0x1.0p38,
                cat("input: population ", q, " with ", pp.event_rate_per_ms, " events/ms over t_end_ms = ", sc.run.t_end_ms,
                    " ms needs more than 2^38 random-number windows; shorten the run or split it into trials"));
    }
    block_context ctx{sc, plan, hooks, step_count(sc.run), {}, {}, {}};

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
        // Exact sizes up front: no growth by doubling, and the memory estimate holds.
        for (std::vector<double>* column : {&tr.t_ms, &tr.v_mv, &tr.m, &tr.h, &tr.n, &tr.i_na, &tr.i_k, &tr.i_l, &tr.i_syn}) {
            column->reserve(samples);
        }
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

    switch (sc.run.integrator) {
        case method::euler: run_all_blocks<method::euler>(ctx, out); break;
        case method::rk4: run_all_blocks<method::rk4>(ctx, out); break;
        case method::expeuler: run_all_blocks<method::expeuler>(ctx, out); break;
        case method::euler_maruyama: run_all_blocks<method::euler_maruyama>(ctx, out); break;
        case method::sra: run_all_blocks<method::sra>(ctx, out); break;
    }
    return out;
}

}  // namespace hhsim
