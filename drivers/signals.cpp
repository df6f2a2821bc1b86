#include "drivers/signals.hpp"

#include <csignal>

namespace hhsim::drivers {

namespace {
std::atomic<bool> stop_flag{false};
std::atomic<int> stop_signal{0};
constexpr int handled[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction previous[3];
bool installed[3] = {false, false, false};

extern "C" void on_stop_signal(int sig) {
    stop_signal.store(sig);
    stop_flag.store(true);
}
}  // namespace

stop_on_signals::stop_on_signals() {
    stop_flag.store(false);
    stop_signal.store(0);
    for (int i = 0; i < 3; ++i) {
        struct sigaction old {};
        sigaction(handled[i], nullptr, &old);
        if (handled[i] == SIGHUP && old.sa_handler == SIG_IGN) continue;  // nohup
        struct sigaction act {};
        act.sa_handler = on_stop_signal;
        sigemptyset(&act.sa_mask);
        act.sa_flags = SA_RESETHAND;  // a second signal takes the default action
        installed[i] = sigaction(handled[i], &act, &previous[i]) == 0;
    }
}

stop_on_signals::~stop_on_signals() {
    for (int i = 0; i < 3; ++i) {
        if (installed[i]) sigaction(handled[i], &previous[i], nullptr);
        installed[i] = false;
    }
}

const std::atomic<bool>& stop_on_signals::flag() { return stop_flag; }
bool stop_on_signals::requested() { return stop_flag.load(); }
int stop_on_signals::signal_number() { return stop_signal.load(); }
int stop_on_signals::exit_status() { return requested() ? 128 + signal_number() : 0; }

}  // namespace hhsim::drivers
