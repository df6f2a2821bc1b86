#pragma once
// The closed set of fixed-step integrators and the two ways of applying input jumps.
// Orders and the meaning of each combination: docs/theory.md, "Integrators"; measured accuracy per
// cost: docs/numerics.md.

#include <array>
#include <string>

#include "core/enum_names.hpp"

namespace hhsim {

enum class method {
    euler,           ///< forward Euler, order 1
    rk4,             ///< classic Runge–Kutta, order 4 between jumps
    expeuler,        ///< exponential Euler: gates and V each relax exponentially with the others frozen; order 1
    euler_maruyama,  ///< forward Euler with additive noise on V (diffusion input); Euler plus jumps otherwise
    sra,             ///< Rößler's SRA1 for additive noise (strong 1.5, weak 2); its 2-stage RK of order 2 otherwise
};

enum class jump_timing {
    step_boundary,  ///< jumps of events in (t_k, t_k+1] are added at t_k+1 (lockstep, fast; order 1 in time)
    event_exact,    ///< the step is split at each event time (keeps the method's order)
};

/// The real type of the fixed-step kernels: state and arithmetic in double (f64) or float (f32). Event
/// times, spike times and random draws stay double in both (docs/numerics.md, "Precision").
enum class precision {
    f64,
    f32,
};

/// The vector instruction set of the kernels a run uses. Results do not depend on it (docs/performance.md,
/// "AVX2 and AVX-512"); a portable build (HH_PORTABLE) holds several and picks the best by default.
enum class kernel_isa {
    automatic,  ///< the best kernel set this build holds that this CPU supports
    baseline,   ///< x86-64 without AVX (portable builds only)
    avx2,       ///< x86-64-v3: AVX2 + FMA
    avx512,     ///< x86-64-v4: AVX-512 F, BW, CD, DQ, VL
    native,     ///< the one kernel set of a non-portable build (-march=native)
};

/// The names of each enum's values, written once (core/enum_names.hpp).
inline constexpr std::array<enum_name<method>, 5> method_names{{{method::euler, "euler"},
                                                                 {method::rk4, "rk4"},
                                                                 {method::expeuler, "expeuler"},
                                                                 {method::euler_maruyama, "euler-maruyama"},
                                                                 {method::sra, "sra"}}};
inline constexpr std::array<enum_name<jump_timing>, 2> jump_timing_names{{{jump_timing::step_boundary, "boundary"},
                                                                          {jump_timing::event_exact, "event-exact"}}};
inline constexpr std::array<enum_name<precision>, 2> precision_names{{{precision::f64, "f64"}, {precision::f32, "f32"}}};
inline constexpr std::array<enum_name<kernel_isa>, 5> kernel_isa_names{{{kernel_isa::automatic, "auto"},
                                                                        {kernel_isa::baseline, "baseline"},
                                                                        {kernel_isa::avx2, "avx2"},
                                                                        {kernel_isa::avx512, "avx512"},
                                                                        {kernel_isa::native, "native"}}};

method parse_method(const std::string& name);
std::string to_string(method m);
jump_timing parse_jump_timing(const std::string& name);
std::string to_string(jump_timing j);

precision parse_precision(const std::string& name);
std::string to_string(precision p);
kernel_isa parse_kernel_isa(const std::string& name);
std::string to_string(kernel_isa isa);

/// What to try when method m blew up (|V| beyond blow_up_limit_mv or not finite): never m itself.
std::string blow_up_remedy(method m);

/// The diffusion-input scheme of the same order as a shot-noise scheme, for comparing shot noise
/// with its diffusion approximation without mixing in an integrator difference: euler and
/// euler-maruyama -> euler-maruyama, rk4 and sra -> sra, expeuler -> expeuler.
method diffusion_partner(method shot_integrator);

}  // namespace hhsim
