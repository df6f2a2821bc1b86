#pragma once
// Counter-based random numbers: Random123's Philox4x32-10, a pure function of (key, counter).
// Normative key/counter layout and the distributions: docs/rng.md. Trial k's numbers depend only on
// (seed, k, purpose, index), never on threads, block sizes, dt (for events) or the device.

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

#include "core/fast_math.hpp"
#include "core/host_device.hpp"

namespace hhsim::rng {

using philox = r123::Philox4x32;  // 10 rounds

/// What a stream of draws is for; part of the counter, so streams never overlap (docs/rng.md).
/// The 16-bit purpose code space: fixed purposes 0 and 1; three codes per population from 2 on,
/// keyed by the population's stable id (population::stream_id, default its position), not by its place in
/// the list, so inserting or reordering populations changes no other population's events; codes
/// from first_reserved_purpose up are kept for fixed purposes to come (channel noise, ...).
/// Population id i has: the event count of each time window, the event times inside it, and the
/// marks (source index, release) of each event.
enum class purpose : std::uint32_t { noise = 0, initial_state = 1 };
HH_INLINE std::uint32_t population_counts(std::uint32_t id) { return 2u + 3u * id; }
HH_INLINE std::uint32_t population_times(std::uint32_t id) { return 3u + 3u * id; }
HH_INLINE std::uint32_t population_marks(std::uint32_t id) { return 4u + 3u * id; }
constexpr std::uint32_t max_populations = 21000;  // population ids lie in [0, max_populations)
constexpr std::uint32_t first_reserved_purpose = 0xF800;  // 63488: above every population code (< 63002)
static_assert(4u + 3u * (max_populations - 1) < first_reserved_purpose, "population codes run into the reserved purposes");
/// Version of this key/counter layout and of the distributions drawn from it (docs/rng.md).
/// Outputs record it in their provenance; a change that alters any trial's numbers for the same
/// seed increments it. (Population ids kept version 1: the default id is the position, so every
/// stream of a scenario without explicit ids is unchanged.)
constexpr int layout_version = 1;
/// Events per window get index bits below the window index: (window << 10) | j.
constexpr unsigned window_event_bits = 10;
/// The noise purpose holds two streams: index j (< 2^46) gives the Euler–Maruyama normals of steps
/// 2j and 2j+1; index 2^47 + j gives the second, independent normals that SRA needs for I_(1,0).
HH_INLINE std::uint64_t second_noise_index(std::uint64_t pair) { return (std::uint64_t{1} << 47) | pair; }

struct words {
    std::uint32_t w[4];
};

/// The four 32-bit words for (seed, trial, purpose code, index). index < 2^48, purpose < 2^16.
HH_INLINE words draw(std::uint64_t seed, std::uint64_t trial, std::uint32_t purpose_code, std::uint64_t index) {
    const philox::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    const philox::ctr_type ctr = {{static_cast<std::uint32_t>(index),
                                   static_cast<std::uint32_t>((index >> 32) & 0xffffu) | (purpose_code << 16),
                                   static_cast<std::uint32_t>(trial), static_cast<std::uint32_t>(trial >> 32)}};
    const philox::ctr_type out = philox{}(ctr, key);
    return {{out[0], out[1], out[2], out[3]}};
}

/// Uniform on the open interval (0, 1) from two words: (j + 1/2) / 2^52 for 52 random bits j, so
/// the extremes are 2^-53 and 1 - 2^-53, both exact (with 53 bits the top value rounds to 1.0).
/// The conversion to double is done with the bits of 2^52 + j, minus 2^52 - 1/2 (both exact): the same
/// value as double(j) + 1/2, without an int64 -> double conversion (AVX2 has none in vector form).
HH_INLINE double u01_open(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t bits52 = (static_cast<std::uint64_t>(hi) << 20) ^ (lo >> 12);
    return (hh_bit_cast<double>(bits52 | 0x4330000000000000ull) - (0x1.0p52 - 0.5)) * 0x1.0p-52;
}

/// 64 random bits from two words.
HH_INLINE std::uint64_t bits64(std::uint32_t hi, std::uint32_t lo) {
    return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

/// Uniform integer in [0, n) by 64x64 -> high-64 multiplication (bias <= n / 2^64).
__extension__ using uint128 = unsigned __int128;  // GCC/Clang/nvcc extension, for the 64x64 -> 128 product
HH_INLINE std::uint64_t below(std::uint64_t random_bits, std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<uint128>(random_bits) * n) >> 64);
}

/// Exponential with mean 1, by inversion.
HH_INLINE double exponential(std::uint32_t hi, std::uint32_t lo) { return -hh_log(u01_open(hi, lo)); }

/// Two independent standard normals from four words (Box–Muller, no rejection). hhsim's own log
/// and sincos keep this branch-free, so loops over cells vectorise. The words come by value: a
/// reference kept them in memory and GCC 12 gave up on the loop ("control flow in loop").
HH_INLINE void normal_pair(words w, double& z0, double& z1) {
    const double radius = std::sqrt(-2.0 * hh_log(u01_open(w.w[0], w.w[1])));
    double c, s;
    hh_sincos_2pi(u01_open(w.w[2], w.w[3]), c, s);
    z0 = radius * c;
    z1 = radius * s;
}

}  // namespace hhsim::rng
