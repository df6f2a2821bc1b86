# Every third-party dependency is found here, once. All are Debian 12 packages (see Makefile: deps).
find_package(Boost 1.74 REQUIRED)                 # odeint (reference integrator), random (off the hot path)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)       # analysis: vectors, small linear algebra
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3)   # analysis: every Fourier transform
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)   # counter-based RNG (header-only)
if(HH_WITH_OPENMP)
  find_package(OpenMP REQUIRED)
endif()
if(HH_BUILD_DRIVERS)
  find_package(CLI11 REQUIRED)
  find_package(toml11 REQUIRED)                    # study configuration files (drivers/config.cpp)
  find_package(HDF5 REQUIRED COMPONENTS C)         # study output (study.h5, points/*.h5)
endif()
if(HH_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  include(Catch)
endif()
