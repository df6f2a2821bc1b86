#include "drivers/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace hhsim::drivers {

progress_meter::progress_meter(std::int64_t total_neuron_steps, bool quiet, double delay_s)
    : active_(!quiet && ::isatty(STDERR_FILENO) != 0), delay_s_(delay_s), total_(total_neuron_steps),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void progress_meter::stage(const std::string& label, std::int64_t trials, std::int64_t steps) {
    const std::lock_guard<std::mutex> lock(mutex_);
    label_ = label;
    stage_start_ = done_.load(std::memory_order_relaxed);
    stage_trials_ = trials;
    stage_steps_ = steps > 0 ? steps : 1;
    if (active_) draw();
}

void progress_meter::add(std::int64_t neuron_steps) {
    done_.fetch_add(neuron_steps, std::memory_order_relaxed);
    if (!active_) return;
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);  // never make a worker wait for the terminal
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    draw();
}

void progress_meter::draw() {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < delay_s_) return;
    drawn_ = true;
    const auto done = static_cast<double>(done_.load(std::memory_order_relaxed));
    const double rate = elapsed > 0 ? done / elapsed : 0.0;
    const double fraction = total_ > 0 ? done / static_cast<double>(total_) : 0.0;
    const double eta = rate > 0 ? (static_cast<double>(total_) - done) / rate : 0.0;
    // Trials run in parallel blocks: "trials done" counts whole trials' worth of steps.
    const auto stage_trials_done = std::min(stage_trials_, (static_cast<std::int64_t>(done) - stage_start_) / stage_steps_);
    std::fprintf(stderr, "\r\033[K%s  trials %lld/%lld  %5.1f%%  %.3g neuron-steps/s  ETA %.0f s", label_.c_str(),
                 static_cast<long long>(stage_trials_done), static_cast<long long>(stage_trials_), 100.0 * fraction, rate, eta);
    std::fflush(stderr);
}

void progress_meter::finish() {
    if (!active_ || !drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

}  // namespace hhsim::drivers
