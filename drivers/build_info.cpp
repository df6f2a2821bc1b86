#include "drivers/build_info.hpp"

#include <CLI/Version.hpp>
#include <H5public.h>
#include <boost/version.hpp>

#include <Eigen/Core>

#include "analysis/spectrum.hpp"
#include "core/counter_rng.hpp"
#include "core/error.hpp"
#include "core/kernels.hpp"
#include "drivers/mpi_world.hpp"

namespace hhsim::drivers {

std::string vector_isa() {
    // The kernels' instruction set, not this file's: in a portable build the drivers are compiled
    // for x86-64 and the kernel set is chosen at run time.
    return kernels(kernel_isa::automatic).name;
}

/// The kernel sets this build holds and the one a run uses by default ("native: AVX-512 ...").
std::string kernel_sets_text() {
    std::string held;
    for (const kernel_isa isa : available_kernels()) held += (held.empty() ? "" : ", ") + to_string(isa);
    const kernel_set& chosen = kernels(kernel_isa::automatic);
    return cat(held, "; default on this CPU: ", to_string(chosen.isa), " (", chosen.name, ")");
}

std::string version_text() {
#if defined(_OPENMP)
    const std::string openmp = cat("on (OpenMP ", _OPENMP, ")");
#else
    const std::string openmp = "off";
#endif
#if defined(__clang__)
    const std::string compiler = cat("clang ", __clang_major__, ".", __clang_minor__, ".", __clang_patchlevel__);
#elif defined(__GNUC__)
    const std::string compiler = cat("g++ ", __VERSION__);
#else
    const std::string compiler = "unknown";
#endif
    return cat("hhsim ", HHSIM_VERSION, "\n",
               "git revision:     ", git_revision(), "\n",
               "compiler:         ", compiler, ", ", HHSIM_BUILD_TYPE, " build, flags ", HHSIM_ARCH_FLAGS, "\n",
               "vector ISA:       ", vector_isa(), "\n",
               "OpenMP:           ", openmp, "\n",
               "MPI:              ", mpi_library(), "\n",
               "HDF5:             ", H5_VERS_MAJOR, ".", H5_VERS_MINOR, ".", H5_VERS_RELEASE, "\n",
               "FFT:              ", analysis::fft_library_version(), "\n",
               "Boost:            ", BOOST_VERSION / 100000, ".", BOOST_VERSION / 100 % 1000, ".", BOOST_VERSION % 100, "\n",
               "Eigen:            ", EIGEN_WORLD_VERSION, ".", EIGEN_MAJOR_VERSION, ".", EIGEN_MINOR_VERSION, "\n",
               "CLI11:            ", CLI11_VERSION, "\n",
               "kernels:          ", kernel_sets_text(), "\n",
               "random numbers:   Random123 Philox4x32-10, stream layout version ", rng::layout_version, " (docs/rng.md)\n");
}

}  // namespace hhsim::drivers
