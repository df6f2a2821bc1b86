#!/usr/bin/env bash
# Issue 16 item 3 (part): the per-cell headers compile as CUDA device code, without warnings (nvcc
# warns where host-only code such as std::bit_cast is called from device code). Usage:
# device_headers.sh SOURCE_DIR. Exit 77 (ctest: skipped) with a message where nvcc is missing.
set -u
src=$1
if ! command -v nvcc >/dev/null 2>&1; then
    echo "SKIPPED: nvcc is not on PATH; the per-cell headers were not compiled for CUDA"
    exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# sm_80: the oldest architecture of CMAKE_CUDA_ARCHITECTURES in shared/STYLE.md; no GPU is needed.
if nvcc -std=c++20 -x cu -I"$src" -Werror all-warnings -arch=sm_80 -c "$src/tests/core/device_headers.cu" -o "$out/device_headers.o"; then
    echo "ok: core/hh_cell.hpp, hh_kinetics.hpp, fast_math.hpp, counter_rng.hpp, spike_detector.hpp and spike_crossing.hpp compile as device code ($(nvcc --version | tail -1))"
else
    echo "FAILED: the per-cell headers do not compile as device code (see nvcc's messages above)"
    exit 1
fi
