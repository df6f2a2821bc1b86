#pragma once
// Cooperative stop on SIGINT, SIGTERM and SIGHUP while long work runs: the first signal sets a flag
// that the simulation polls between chunks (so temporaries are removed and finished work is kept)
// and restores the default action, so a second signal ends the process at once. SIGHUP is left
// alone when it was ignored on entry (nohup). Exit status after a stop: 128 + the signal number
// (SIGHUP 129, SIGINT 130, SIGTERM 143).

#include <atomic>

namespace hhsim::drivers {

class stop_on_signals {
public:
    stop_on_signals();
    ~stop_on_signals();
    stop_on_signals(const stop_on_signals&) = delete;
    stop_on_signals& operator=(const stop_on_signals&) = delete;

    /// Set once a signal arrived (for run_hooks::stop_requested).
    static const std::atomic<bool>& flag();
    /// Whether a stop was requested, the signal, and the exit status it calls for (0 if none).
    static bool requested();
    static int signal_number();
    static int exit_status();
};

}  // namespace hhsim::drivers
