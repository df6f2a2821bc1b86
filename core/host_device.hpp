#pragma once
// HH_HOST_DEVICE marks per-cell physics that a CUDA backend compiles for the device too.
#if defined(__CUDACC__)
#define HH_HOST_DEVICE __host__ __device__
#else
#define HH_HOST_DEVICE
#endif
// Per-cell functions must be inlined into the ensemble loops, or those loops do not vectorise.
#if defined(__GNUC__)
#define HH_INLINE HH_HOST_DEVICE inline __attribute__((always_inline))
#else
#define HH_INLINE HH_HOST_DEVICE inline
#endif

// The bits of a value as another type of the same size, callable on host and device alike:
// std::bit_cast is a host-only constexpr function for nvcc, while the builtin it is made of
// (GCC, Clang and nvcc all have it) compiles for both and gives the same code on the host.
template <typename To, typename From>
HH_INLINE To hh_bit_cast(const From& x) {
    static_assert(sizeof(To) == sizeof(From), "hh_bit_cast: sizes differ");
    return __builtin_bit_cast(To, x);
}
