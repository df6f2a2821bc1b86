#pragma once
// What this build of hhsim is: version, git revision (captured at build time), compiler, the
// vector instruction set the kernels were compiled for, and the options and libraries built in.

#include <string>

namespace hhsim::drivers {

/// The source tree's git revision when this binary was built ("-dirty" if it had local changes).
const char* git_revision();

/// The vector instruction set of the kernels a run uses by default here, e.g. "AVX-512 (F, DQ, BW, VL) + FMA".
std::string vector_isa();

/// The text `hhsim --version` prints.
std::string version_text();

}  // namespace hhsim::drivers
