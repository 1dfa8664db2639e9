// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace embex::core {

/// Threads that live as long as the team, so a parallel loop costs one wake-up rather than a
/// thread start (an OpenMP team per SGD batch costs several times the batch on a loaded machine). Built on
/// std::mutex, std::condition_variable and std::atomic so ThreadSanitizer sees every hand-off;
/// Debian's libgomp is opaque to it.
///
/// A helper that finishes a run, and a caller waiting for the others, poll for a short while
/// (spinMicroseconds) before they sleep: waking a sleeping thread costs tens of microseconds on
/// a virtual machine (the idle vCPU has to be woken by the host), as long as a whole minibatch
/// of the neural models, whose trainers call run() once a batch. A bounded poll costs at most
/// that much CPU per run when nothing follows. The poll lasts 1 ms, longer than the caller's own
/// serial work between two runs (the loss bookkeeping and the next batch's start): a shorter
/// poll lets the helpers fall asleep there and adds a wake-up to every run, thousands an epoch
/// (`embex_bench FILE --only neural --profile-threads 1` shows the time lost beyond the critical path).
class WorkerTeam {
public:
    /// `threads` ≥ 1 counts the caller: run() works on the calling thread too.
    explicit WorkerTeam(int threads);
    ~WorkerTeam();
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    static constexpr int spinMicroseconds = 1000;

    int size() const { return static_cast<int>(m_helpers.size()) + 1; }

    /// Calls task(i) once for every i in [0, count), spread over the team, and returns when all
    /// have returned. Tasks must not throw. Not reentrant: one run at a time. Helpers run the
    /// tasks with the caller's floating-point control state (flush-to-zero, denormals-are-zero),
    /// so a result does not depend on which thread computed it.
    void run(std::size_t count, const std::function<void(std::size_t)>& task);

    /// CPU time of every team's runs while profiling is on (the benchmark's --profile-threads;
    /// off, it costs one relaxed load a run). Thread CPU time, unlike wall time, barely moves
    /// when other programs share the cores (wall time, and which thread runs which task, do),
    /// so critical + betweenRuns estimates the work's time on free cores.
    struct Profile {
        long runs = 0;
        double busy = 0;        ///< CPU seconds in tasks, over all threads
        double critical = 0;    ///< Σ over runs of the run's length on size() free cores, from its tasks' CPU seconds
        double betweenRuns = 0; ///< caller CPU seconds from one run's end to the same team's next run
    };
    static void setProfiling(bool on);
    /// The totals since the last call (or since profiling was switched on), then zero.
    static Profile takeProfile();

private:
    void runOnTeam(std::size_t count, const std::function<void(std::size_t)>& task);
    void helperLoop();
    void work();

    std::vector<std::jthread> m_helpers;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    const std::function<void(std::size_t)>* m_task = nullptr; // guarded by m_mutex
    std::size_t m_count = 0, m_next = 0;                      // guarded by m_mutex
    unsigned m_floatControl = 0;                              // guarded by m_mutex
    std::atomic<std::size_t> m_unfinished { 0 };              // tasks not yet returned
    std::atomic<unsigned long> m_generation { 0 };            // one more for every run
    bool m_quit = false;                                      // guarded by m_mutex
    std::vector<double> m_taskSeconds;                        // profiling: per task this run, guarded by m_mutex
    double m_lastRunEnd = -1;                                 // profiling: the caller's CPU clock then
};

/// Lets the tasks of one WorkerTeam::run(team.size(), task) wait for each other inside the run:
/// a phase that needs the previous one finished on every thread then costs a wait at the
/// barrier rather than a second run (a second hand-off through the team's lock). Every task
/// needs a thread of its own, so `count` is the team's size(). Waits like the team: polls for
/// WorkerTeam::spinMicroseconds, then sleeps.
class TeamBarrier {
public:
    explicit TeamBarrier(std::size_t count)
        : m_count(count)
    {
    }
    void arriveAndWait();

private:
    const std::size_t m_count;
    std::atomic<std::size_t> m_arrived { 0 };
    std::atomic<unsigned> m_phase { 0 };
};

} // namespace embex::core
