#pragma once
// Progress of long work: what is running, neuron-steps per second, ETA. On a terminal, one line
// redrawn in place; otherwise (a batch job, `2>log`) a full line every few seconds, so that logs
// show a study's progress without filling up. Silent when asked to be quiet, and short work stays
// silent in logs.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace hhsim::drivers {

/// Seconds between two progress lines when stderr is not a terminal (docs/output.md, "Progress").
inline constexpr double progress_log_interval_s = 5.0;

class progress_meter {
public:
    /// total_neuron_steps: all the work that will be reported through add(). Nothing is drawn
    /// before `delay_s` seconds have passed (short work stays silent), and in a log not before
    /// progress_log_interval_s.
    progress_meter(std::int64_t total_neuron_steps, bool quiet, double delay_s = 0.0);
    /// Name the current stage, e.g. "point 3/5 shot", of `trials` trials of `steps` steps each.
    void stage(const std::string& label, std::int64_t trials, std::int64_t steps);
    /// Thread-safe: count work done; redraws at most every 0.2 s (a log line every progress_log_interval_s).
    void add(std::int64_t neuron_steps);
    /// Clear the line (terminal).
    void finish();
    bool active() const { return mode_ != mode::silent; }

private:
    enum class mode { silent, terminal, log };
    void draw();
    mode mode_;
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

/// Say what a command is doing now that has no steps to count (writing tables, drawing figures):
/// on a terminal at once, in a log only once the command has run for progress_log_interval_s
/// since `started`. Nothing when quiet.
void announce_stage(const std::string& what, bool quiet, std::chrono::steady_clock::time_point started);
/// Clear the terminal line an announce_stage left (nothing in a log or when quiet).
void end_stages(bool quiet);

}  // namespace hhsim::drivers
