#pragma once
// `mpirun -np N hhsim study|compare CONFIG`: the study's work (work_units) divided statically among
// the ranks; each rank simulates its units (OpenMP inside), the trial ranges of a shared point
// meet at the point's owner (the rank of its first range), which joins and analyses them; rank 0
// writes the study folder. The numbers are those of one process, bitwise. docs/cluster.md.

#include <string>

#include "drivers/mpi_world.hpp"
#include "drivers/study_run.hpp"

namespace hhsim::drivers {

/// Run the study over the ranks of `world` (every rank calls it). Errors are raised at rank 0
/// (naming the rank they happened on); the other ranks return the same exit status silently.
int run_study_mpi(const study_options& o, const std::string& kind, mpi_world& world);

}  // namespace hhsim::drivers
