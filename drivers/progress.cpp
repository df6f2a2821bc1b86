#include "drivers/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace hhsim::drivers {

namespace {
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }
double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

progress_meter::progress_meter(std::int64_t total_neuron_steps, bool quiet, double delay_s)
    : mode_(quiet ? mode::silent : stderr_is_terminal() ? mode::terminal : mode::log), delay_s_(delay_s), total_(total_neuron_steps),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void progress_meter::stage(const std::string& label, std::int64_t trials, std::int64_t steps) {
    const std::lock_guard<std::mutex> lock(mutex_);
    label_ = label;
    stage_start_ = done_.load(std::memory_order_relaxed);
    stage_trials_ = trials;
    stage_steps_ = steps > 0 ? steps : 1;
    if (mode_ == mode::terminal) draw();  // a log gets its lines on its own cadence, not one per stage
}

void progress_meter::add(std::int64_t neuron_steps) {
    done_.fetch_add(neuron_steps, std::memory_order_relaxed);
    if (mode_ == mode::silent) return;
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);  // never make a worker wait for the terminal
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    const auto interval = mode_ == mode::terminal ? std::chrono::duration<double>(0.2) : std::chrono::duration<double>(progress_log_interval_s);
    if (now - last_draw_ < interval) return;
    last_draw_ = now;
    draw();
}

void progress_meter::draw() {
    const double elapsed = seconds_since(start_);
    if (elapsed < delay_s_) return;
    drawn_ = true;
    const auto done = static_cast<double>(done_.load(std::memory_order_relaxed));
    const double rate = elapsed > 0 ? done / elapsed : 0.0;
    const double fraction = total_ > 0 ? done / static_cast<double>(total_) : 0.0;
    const double eta = rate > 0 ? (static_cast<double>(total_) - done) / rate : 0.0;
    // Trials run in parallel blocks: "trials done" counts whole trials' worth of steps.
    const auto stage_trials_done = std::min(stage_trials_, (static_cast<std::int64_t>(done) - stage_start_) / stage_steps_);
    if (mode_ == mode::terminal) {
        std::fprintf(stderr, "\r\033[K%s  trials %lld/%lld  %5.1f%%  %.3g neuron-steps/s  ETA %.0f s", label_.c_str(),
                     static_cast<long long>(stage_trials_done), static_cast<long long>(stage_trials_), 100.0 * fraction, rate, eta);
    } else {
        std::fprintf(stderr, "hhsim: %s  trials %lld/%lld  %.1f%%  %.3g neuron-steps/s  elapsed %.0f s  ETA %.0f s\n", label_.c_str(),
                     static_cast<long long>(stage_trials_done), static_cast<long long>(stage_trials_), 100.0 * fraction, rate, elapsed, eta);
    }
    std::fflush(stderr);
}

void progress_meter::finish() {
    if (mode_ != mode::terminal || !drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

void announce_stage(const std::string& what, bool quiet, std::chrono::steady_clock::time_point started) {
    if (quiet) return;
    if (stderr_is_terminal()) {
        std::fprintf(stderr, "\r\033[Khhsim: %s ...", what.c_str());
    } else if (seconds_since(started) >= progress_log_interval_s) {
        std::fprintf(stderr, "hhsim: %s (elapsed %.0f s)\n", what.c_str(), seconds_since(started));
    } else {
        return;
    }
    std::fflush(stderr);
}

void end_stages(bool quiet) {
    if (quiet || !stderr_is_terminal()) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

}  // namespace hhsim::drivers
