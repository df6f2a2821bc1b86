#include "drivers/study_mpi.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "drivers/point_file.hpp"
#include "drivers/progress.hpp"
#include "drivers/signals.hpp"

namespace hhsim::drivers {

namespace {

// What the ranks tell each other. a, b, c: the integers of the message.
enum tag : int {
    tag_unit = 1,  ///< to a point's owner: a unit file image (a = point, b = first trial)
    tag_point,     ///< to rank 0: a point file image (a = point)
    tag_progress,  ///< to rank 0: a = neuron-steps done since the last report
    tag_failed,    ///< to rank 0: a = exit status, bytes = the error
    tag_done,      ///< to rank 0: this rank has nothing more to do or send (a = 1 if stopped, b = signal)
    tag_stop,      ///< from rank 0: stop now (a = the signal)
    tag_finish,    ///< from rank 0: every rank is done; end
};

// The exit status hhsim's main gives an exception, and its message.
int status_of(const std::exception_ptr& e, std::string& message) {
    try {
        std::rethrow_exception(e);
    } catch (const input_error& x) {
        message = x.what();
        return 2;
    } catch (const numerics_error& x) {
        message = x.what();
        return 3;
    } catch (const std::bad_alloc&) {
        message = "out of memory";
        return 4;
    } catch (const std::exception& x) {
        message = x.what();
        return 4;
    }
}

// Raise, at rank 0, the error of `status` (hhsim's main prints it and exits with that status).
[[noreturn]] void raise(int status, const std::string& message) {
    if (status == 2) throw input_error(message);
    if (status == 3) throw numerics_error(message);
    throw std::runtime_error(message);
}

// "rank R of N (pid P on HOST)": where an error happened.
std::string where_am_i(const mpi_world& world) {
    char host[256] = "?";
    ::gethostname(host, sizeof host - 1);
    return cat("rank ", world.rank(), " of ", world.size(), " (pid ", ::getpid(), " on ", host, ")");
}

std::vector<char> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

// The compute thread's work, in order: the rank's units, then the points whose pieces met here.
struct job {
    bool analyse = false;
    work_unit unit;
    std::vector<recording> per_mode;  ///< analyse: the joined recordings
};

class job_queue {
public:
    void push(job j) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            jobs_.push_back(std::move(j));
        }
        ready_.notify_one();
    }
    /// The next job; nothing once `stop` is set.
    std::optional<job> pop(const std::atomic<bool>& stop) {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !jobs_.empty() || stop.load(); });
        if (stop.load()) return std::nullopt;
        job j = std::move(jobs_.front());
        jobs_.pop_front();
        return j;
    }
    void wake() {
        { const std::lock_guard<std::mutex> lock(mutex_); }
        ready_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<job> jobs_;
};

// Messages the compute thread has for the main thread to send (only the main thread calls MPI).
class outbox {
public:
    void put(int to, int tag, std::int64_t a, std::int64_t b, std::vector<char> bytes) {
        const std::lock_guard<std::mutex> lock(mutex_);
        items_.push_back({to, tag, a, b, std::move(bytes)});
    }
    void send_all(mpi_world& world) {
        std::deque<item> now;
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            now.swap(items_);
        }
        for (item& it : now) world.send(it.to, it.tag, it.a, it.b, 0, std::move(it.bytes));
    }

private:
    struct item {
        int to, tag;
        std::int64_t a, b;
        std::vector<char> bytes;
    };
    std::mutex mutex_;
    std::deque<item> items_;
};

// The study as every rank knows it: the same specification, division and digest everywhere.
struct shared_study {
    const study_spec& spec;
    std::optional<compare_pair> pair;
    std::uint64_t digest = 0;
    std::vector<work_unit> units;                 ///< of the points to do, in order; unit u on rank u mod size
    std::map<std::size_t, int> owner;             ///< point -> the rank of its first unit
    std::map<std::size_t, std::size_t> pieces;    ///< point -> its number of units
};

shared_study divide(const study_spec& spec, const std::optional<compare_pair>& pair, std::uint64_t digest, const std::vector<std::size_t>& pending,
                    int size) {
    shared_study s{spec, pair, digest, work_units(spec, pending, size), {}, {}};
    for (std::size_t u = 0; u < s.units.size(); ++u) {
        s.owner.emplace(s.units[u].point, static_cast<int>(u % static_cast<std::size_t>(size)));
        ++s.pieces[s.units[u].point];
    }
    return s;
}

// Every rank: its units computed in a thread of their own (OpenMP inside), the main thread
// passing messages. Rank 0 (`run`) writes the points as they arrive. Returns the signal that
// stopped the job (0 if none); a failure anywhere ends the job from rank 0 with MPI_Abort.
int execute(mpi_world& world, const shared_study& s, study_run* run, const study_options& o) {
    const int me = world.rank();
    const int size = world.size();
    const std::int64_t all_trials = s.spec.base.run.n_trials;
    const std::int64_t steps = step_count(s.spec.base.run);
    const int modes = s.pair ? 2 : 1;
    const std::vector<work_unit> mine = units_of(s.units, size, me);
    std::size_t expected_jobs = mine.size();
    for (const auto& [point, rank] : s.owner) {
        if (rank == me && s.pieces.at(point) > 1) ++expected_jobs;  // the analysis of a shared point
    }
    std::vector<std::string> mode_names;
    for (const scenario& sc : point_modes(s.spec, 0, s.pair)) mode_names.push_back(to_string(sc.input.kind));

    std::atomic<bool> stop{false};
    std::atomic<bool> computing{true};
    std::atomic<std::int64_t> steps_done{0};
    job_queue jobs;
    outbox out;
    for (const work_unit& u : mine) jobs.push({false, u, {}});

    // The compute thread. Errors name the rank (the point is named by the study library).
    std::thread compute([&] {
        run_hooks hooks;
        hooks.stop_requested = &stop;
        hooks.on_progress = [&](std::int64_t n) { steps_done.fetch_add(n, std::memory_order_relaxed); };
        try {
            for (std::size_t done = 0; done < expected_jobs; ++done) {
                std::optional<job> j = jobs.pop(stop);
                if (!j) break;
                const work_unit& u = j->unit;
                if (j->analyse) {
                    out.put(0, tag_point, static_cast<std::int64_t>(u.point), 0,
                            point_file_image(analyse_point(s.spec, u.point, s.pair, std::move(j->per_mode)), origin_of(s.spec, s.digest, u.point)));
                } else if (u.n_trials == all_trials) {
                    out.put(0, tag_point, static_cast<std::int64_t>(u.point), 0, point_file_image(compute_point(s.spec, u.point, s.pair, hooks), origin_of(s.spec, s.digest, u.point)));
                } else {
                    std::vector<recording> recs = simulate_unit(s.spec, u, s.pair, hooks);
                    out.put(s.owner.at(u.point), tag_unit, static_cast<std::int64_t>(u.point), u.first_trial,
                            unit_file_image(u, mode_names, recs, s.spec.base.run.dt_ms, origin_of(s.spec, s.digest, u.point)));
                }
            }
        } catch (const run_interrupted&) {
            // stopped: the main thread reports it
        } catch (...) {
            std::string message;
            const int status = status_of(std::current_exception(), message);
            out.put(0, tag_failed, status, 0, bytes_of(cat(where_am_i(world), ": ", message)));
        }
        computing = false;
    });

    // Rank 0's view of the whole job.
    std::optional<progress_meter> progress;
    if (me == 0) {
        progress.emplace(static_cast<std::int64_t>(s.owner.size()) * modes * all_trials * steps, o.quiet);
        progress->stage(cat(s.owner.size(), " grid point(s) over ", size, " MPI rank(s)"), static_cast<std::int64_t>(s.owner.size()) * modes * all_trials,
                        steps);
    }
    std::map<std::size_t, std::vector<unit_file>> gathering;  // shared points owned here: the pieces so far
    int ranks_done = 0;
    bool stopped = false;  // some rank stopped on a signal
    int stop_signal = 0;
    bool done_sent = false;
    bool finish = false;
    std::int64_t steps_reported = 0;
    auto last_report = std::chrono::steady_clock::now();

    const auto stop_everyone = [&](int signal) {
        if (stop.exchange(true)) return;
        stop_signal = stop_signal != 0 ? stop_signal : signal;
        jobs.wake();
        if (me == 0) {
            for (int r = 1; r < size; ++r) world.send(r, tag_stop, signal, 0, 0);
            // Said and written at once: mpirun kills the ranks about a second after a Ctrl-C.
            if (progress) progress->finish();
            std::cerr << "hhsim: signal " << signal << ": every rank stops at its next chunk of steps; finished points are kept, "
                         "unfinished trial ranges are computed again on --resume\n";
            run->mark_stopping(signal);
        }
    };
    // At rank 0, a failure anywhere: say where, leave STATUS saying it, end every rank.
    const auto fail = [&](int status, const std::string& message) {
        if (progress) progress->finish();
        std::cerr << "hhsim: error: " << message << "\n";
        if (run) run->mark_failed(message);
        std::cerr.flush();
        world.abort(status);
    };
    const auto handle = [&](mpi_message& m) {
        switch (m.tag) {
            case tag_unit: {
                const auto point = static_cast<std::size_t>(m.a);
                std::vector<unit_file>& parts = gathering[point];
                parts.push_back(read_unit_image(m.bytes, origin_of(s.spec, s.digest, point)));
                if (parts.size() < s.pieces.at(point)) break;
                // Every piece is here: joined in trial order, they are the point's recording.
                std::sort(parts.begin(), parts.end(), [](const unit_file& x, const unit_file& y) { return x.unit.first_trial < y.unit.first_trial; });
                job j{true, {point, s.spec.base.run.first_trial, all_trials}, {}};
                const std::vector<scenario> scenarios = point_modes(s.spec, point, s.pair);
                for (std::size_t k = 0; k < scenarios.size(); ++k) {
                    std::vector<recording> pieces;
                    for (unit_file& f : parts) pieces.push_back(std::move(f.per_mode[k]));
                    j.per_mode.push_back(join_recordings(std::move(pieces), scenarios[k]));
                }
                gathering.erase(point);
                jobs.push(std::move(j));
                break;
            }
            case tag_point:
                run->add_point_image(static_cast<std::size_t>(m.a), m.bytes);
                break;
            case tag_progress:
                progress->add(m.a);
                break;
            case tag_failed:
                fail(static_cast<int>(m.a), std::string(m.bytes.begin(), m.bytes.end()));
                break;
            case tag_done:
                ++ranks_done;
                if (m.a != 0) {
                    stopped = true;
                    stop_everyone(static_cast<int>(m.b));
                }
                break;
            case tag_stop:
                stop_everyone(static_cast<int>(m.a));
                break;
            case tag_finish:
                finish = true;
                break;
            default:
                throw std::runtime_error(cat("MPI: unexpected message tag ", m.tag, " from rank ", m.source));
        }
    };

    try {
        while (!finish) {
            bool busy = false;
            if (stop_on_signals::requested() && !stop) {
                if (me == 0) stopped = true;
                stop_everyone(stop_on_signals::signal_number());
            }
            out.send_all(world);
            mpi_message m;
            while (world.poll(m)) {
                handle(m);
                busy = true;
            }
            // Progress: rank 0 counts its own, the others report about 4 times a second.
            const auto now = std::chrono::steady_clock::now();
            const std::int64_t steps_now = steps_done.load(std::memory_order_relaxed);
            if (steps_now > steps_reported && (me == 0 || now - last_report > std::chrono::milliseconds(250))) {
                if (me == 0) {
                    progress->add(steps_now - steps_reported);
                } else {
                    world.send(0, tag_progress, steps_now - steps_reported, 0, 0);
                }
                steps_reported = steps_now;
                last_report = now;
            }
            // Done: the compute thread ended, everything it had to say is sent.
            if (!computing && !done_sent) {
                out.send_all(world);
                if (world.sends_done()) {
                    world.send(0, tag_done, stop ? 1 : 0, stop_signal, 0);
                    done_sent = true;
                }
            }
            if (me == 0 && ranks_done == size) {
                for (int r = 1; r < size; ++r) world.send(r, tag_finish, 0, 0, 0);
                finish = true;
            }
            world.sends_done();
            if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        while (!world.sends_done()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    } catch (...) {
        std::string message;
        const int status = status_of(std::current_exception(), message);
        message = cat(where_am_i(world), ": ", message);
        if (me == 0) fail(status, message);
        // Elsewhere: rank 0 says it and ends the job; if it cannot, this rank does.
        world.send(0, tag_failed, status, 0, 0, bytes_of(message));
        for (int waited = 0; waited < 10000 && !world.sends_done(); ++waited) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::seconds(5));
        std::cerr << "hhsim: error: " << message << "\n";
        world.abort(status);
    }
    compute.join();
    if (progress) progress->finish();
    if (stopped && me == 0 && !stop_on_signals::requested()) std::cerr << "hhsim: a rank was stopped by signal " << stop_signal << "\n";
    return stop ? (stop_signal != 0 ? stop_signal : SIGTERM) : 0;
}

}  // namespace

int run_study_mpi(const study_options& o, const std::string& kind, mpi_world& world) {
    const stop_on_signals signals;
    // Every rank reads and checks the study (its memory is its own); rank 0 also opens the folder.
    std::optional<study_spec> spec;
    std::optional<compare_pair> pair;
    std::unique_ptr<study_run> run;
    int status = 0;
    std::string message;
    try {
        spec = load_spec(o, kind);
        if (world.rank() == 0) {
            run = std::make_unique<study_run>(*spec, o, kind);
            pair = run->pair();
        } else {
            pair = check_study(*spec, o, kind);
        }
    } catch (...) {
        status = status_of(std::current_exception(), message);
    }
    const mpi_world::outcome agreed = world.agree(status, message);
    if (agreed.status != 0) {
        if (world.rank() == 0) raise(agreed.status, agreed.rank == 0 ? agreed.message : cat("rank ", agreed.rank, ": ", agreed.message));
        return agreed.status;
    }
    // What is left to do, as rank 0 found it (resume), and the division of it.
    std::vector<std::int64_t> pending;
    if (world.rank() == 0) {
        for (const std::size_t i : run->missing_points()) pending.push_back(static_cast<std::int64_t>(i));
        run->mark_running();
    }
    pending = world.broadcast(std::move(pending));
    std::vector<std::size_t> points(pending.begin(), pending.end());
    const std::uint64_t digest = inputs_of(*spec, kind).digest;
    const shared_study s = divide(*spec, pair, digest, points, world.size());

    const int stop_signal = execute(world, s, run.get(), o);
    if (world.rank() != 0) return stop_signal != 0 ? 128 + stop_signal : 0;
    return run->finish(stop_signal != 0 || run->n_finished() < run->n_points(), cat("mpirun -np N ", resume_command(o.command_line), " (any N)"),
                       stop_signal);
}

}  // namespace hhsim::drivers
