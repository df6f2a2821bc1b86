# One-command entry points for a fresh Debian 12 machine (README.md). `make demo` and `make test`
# install the Debian packages they need (root, or sudo), configure, build and run.
BUILD ?= build
JOBS  ?= $(shell nproc)
DEBIAN_PACKAGES = build-essential cmake pkg-config catch2 libboost-dev libeigen3-dev libfftw3-dev \
                  librandom123-dev libcli11-dev libtoml11-dev libhdf5-dev python3-matplotlib python3-h5py \
                  pybind11-dev python3-dev python3-numpy python3-pytest python3-pandas python3-neo \
                  libopenmpi-dev openmpi-bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps configure build demo test test-no-openmp bench clean

deps:
	@if dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then echo "deps: all Debian packages present"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBIAN_PACKAGES); fi

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The main job: the classic single trial, then the built-in shot-vs-diffusion study (report.md,
# tables, figures in hhsim-demo/). Both replace their output folders from an earlier demo.
demo: build
	$(BUILD)/drivers/hhsim run --out hhsim-out --overwrite
	$(BUILD)/drivers/hhsim compare --demo --out hhsim-demo --overwrite

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The variant without OpenMP (one thread; `omp simd` hints kept), without MPI (it refuses to run
# under mpirun) and portable (HH_PORTABLE: the baseline, AVX2 and AVX-512 kernel sets, compared
# bitwise by a core test): hhsim and the core and driver tests, in its own build folder.
test-no-openmp: deps
	cmake -S . -B $(BUILD)-no-openmp -DCMAKE_BUILD_TYPE=Release -DHH_WITH_OPENMP=OFF -DHH_WITH_MPI=OFF -DHH_PORTABLE=ON $(CMAKE_ARGS)
	cmake --build $(BUILD)-no-openmp -j $(JOBS) --target hhsim hhsim_core_tests hhsim_driver_tests
	cd $(BUILD)-no-openmp && ctest --output-on-failure -j $(JOBS) -R '^(core|drivers|regression|cluster):'

bench: build
	$(BUILD)/drivers/hhsim bench

clean:
	rm -rf $(BUILD) $(BUILD)-no-openmp
