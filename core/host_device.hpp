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
