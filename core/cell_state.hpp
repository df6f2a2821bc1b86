#pragma once
// The cell's state variables, declared once. HH_CELL_STATE lists them; the state struct, the index
// enum, the table of names and units, the structure-of-arrays storage, trace columns and the CSV and
// HDF5 column names are all generated from it, so a model with more variables (g_e, g_i) adds a line
// here and its physics in hh_cell.hpp. (C++20 has no reflection: a list macro is the one way to give
// several structs the same named members from a single declaration.)

#include <array>
#include <cstddef>
#include <utility>

#include "core/host_device.hpp"

namespace hhsim {

// X(name, trace member, unit, CSV column, HDF5 dataset, initial value, meaning)
#define HH_CELL_STATE(X)                                                                                          \
    X(v, v_mv, "mV", "V_mV", "v_mV", "V0 (or the rest potential)", "membrane potential")                          \
    X(m, m, "1", "m", "m", "steady state at V0 (or given)", "Na activation")                                      \
    X(h, h, "1", "h", "h", "steady state at V0 (or given)", "Na inactivation")                                    \
    X(n, n, "1", "n", "n", "steady state at V0 (or given)", "K activation")

/// One cell's state in the kernels' real type (double, or float for the f32 kernels).
template <typename Real>
struct cell_state {
#define HH_STATE_MEMBER(name, trace_member, unit, csv, hdf5, initial, meaning) Real name;
    HH_CELL_STATE(HH_STATE_MEMBER)
#undef HH_STATE_MEMBER
};
using hh_state = cell_state<double>;

/// Index of each state variable in HH_CELL_STATE order (SoA arrays, trace columns).
enum class state_var : int {
#define HH_STATE_ENUM(name, ...) name,
    HH_CELL_STATE(HH_STATE_ENUM)
#undef HH_STATE_ENUM
};

struct state_variable_info {
    const char* name;         ///< as in the equations (docs/theory.md)
    const char* unit;         ///< "1" for dimensionless
    const char* csv_column;   ///< traces.csv header
    const char* hdf5_name;    ///< dataset under traces/trial_<k> in point files
    const char* initial;      ///< where its value at t = 0 comes from (docs/theory.md, "Start state")
    const char* meaning;
};

inline constexpr std::array state_variables{
#define HH_STATE_INFO(name, trace_member, unit, csv, hdf5, initial, meaning) state_variable_info{#name, unit, csv, hdf5, initial, meaning},
    HH_CELL_STATE(HH_STATE_INFO)
#undef HH_STATE_INFO
};
inline constexpr std::size_t n_state_vars = state_variables.size();
static_assert(sizeof(cell_state<double>) == n_state_vars * sizeof(double), "HH_CELL_STATE and cell_state disagree");

/// Pointer to the member of cell_state<Real> for state variable I (compile-time index).
template <typename Real, std::size_t I>
constexpr Real cell_state<Real>::* state_member() {
    constexpr std::array<Real cell_state<Real>::*, n_state_vars> members{
#define HH_STATE_POINTER(name, ...) &cell_state<Real>::name,
        HH_CELL_STATE(HH_STATE_POINTER)
#undef HH_STATE_POINTER
    };
    return members[I];
}

/// Calls f(std::integral_constant<std::size_t, I>) for every state variable I, unrolled at compile time
/// (the kernels load and store cells through it inside vectorised loops).
template <typename F>
HH_INLINE void for_each_state_var(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (f(std::integral_constant<std::size_t, I>{}), ...); }(std::make_index_sequence<n_state_vars>{});
}

}  // namespace hhsim
