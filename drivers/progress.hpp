#pragma once
// Progress of long work on the terminal: what is running, neuron-steps per second, ETA.
// Silent when stderr is not a terminal or when asked to be quiet.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace hhsim::drivers {

class progress_meter {
public:
    /// total_neuron_steps: all the work that will be reported through add(). Nothing is drawn
    /// before `delay_s` seconds have passed (short work stays silent).
    progress_meter(std::int64_t total_neuron_steps, bool quiet, double delay_s = 0.0);
    /// Name the current stage, e.g. "point 3/5 shot", of `trials` trials of `steps` steps each.
    void stage(const std::string& label, std::int64_t trials, std::int64_t steps);
    /// Thread-safe: count work done; redraws at most every 0.2 s.
    void add(std::int64_t neuron_steps);
    /// Clear the line.
    void finish();
    bool active() const { return active_; }

private:
    void draw();
    bool active_;
    double delay_s_;
    bool drawn_ = false;
    std::int64_t total_;
    std::atomic<std::int64_t> done_{0};
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
    std::string label_;
    std::int64_t stage_start_ = 0;   // work done when the stage began
    std::int64_t stage_trials_ = 0;
    std::int64_t stage_steps_ = 1;
    std::mutex mutex_;
};

}  // namespace hhsim::drivers
