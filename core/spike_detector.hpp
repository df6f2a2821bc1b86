#pragma once
// The spike rule, one value type for every engine (the ensemble kernels, per lane, and the odeint
// reference): an armed cell spikes when V goes from below the threshold to at or above it, over a
// smooth piece or by a jump; the spike disarms it, and it re-arms only once V has fallen below the
// re-arm level. The hysteresis keeps a jump on the falling phase of a spike from counting twice
// (docs/theory.md, "Spike detection"). Where inside a piece the crossing lies: spike_crossing.hpp.

#include "core/host_device.hpp"

namespace hhsim {

struct spike_detector {
    double threshold_mv = 0.0;
    double rearm_mv = -20.0;

    /// Whether a cell starting at v0 is armed at t = 0.
    HH_INLINE bool armed_at_start(double v0) const { return v0 < rearm_mv; }

    /// Whether V going from v0 to v1 (a smooth piece or a jump) is a spike of a cell that is `armed`.
    /// Written with & (no short circuit) so that vectorised loops evaluate it without branches.
    template <typename Real>
    HH_INLINE bool fires(bool armed, Real v0, Real v1) const {
        return armed & (v0 < Real(threshold_mv)) & (v1 >= Real(threshold_mv));
    }

    /// The armed state after V reached v: armed already, or v below the re-arm level.
    template <typename Real>
    HH_INLINE bool rearmed(bool armed, Real v) const {
        return armed | (v < Real(rearm_mv));
    }

    /// The same two rules on 0/1 flags of an integer type as wide as Real, for vectorised loops:
    /// GCC vectorises a comparison converted to such a flag, but not every use of a bool in between.
    template <typename Flag, typename Real>
    HH_INLINE Flag fires_flag(Flag armed, Real v0, Real v1) const {
        return armed & static_cast<Flag>(v0 < Real(threshold_mv)) & static_cast<Flag>(v1 >= Real(threshold_mv));
    }
    template <typename Flag, typename Real>
    HH_INLINE Flag rearmed_flag(Flag armed, Real v) const {
        return armed | static_cast<Flag>(v < Real(rearm_mv));
    }
};

}  // namespace hhsim
