#pragma once
// HH_HOST_DEVICE marks per-cell physics that a CUDA backend compiles for the device too.
#if defined(__CUDACC__)
#define HH_HOST_DEVICE __host__ __device__
#else
#define HH_HOST_DEVICE
#endif
#define HH_INLINE HH_HOST_DEVICE inline
