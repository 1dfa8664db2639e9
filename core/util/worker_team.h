// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace embex::core {

/// Threads that live as long as the team, so a parallel loop costs one wake-up rather than a
/// thread start (an OpenMP team per SGD batch cost 8× on a loaded 2-core machine). Built on
/// std::mutex and std::condition_variable so ThreadSanitizer sees every hand-off; Debian's
/// libgomp is opaque to it.
class WorkerTeam {
public:
    /// `threads` ≥ 1 counts the caller: run() works on the calling thread too.
    explicit WorkerTeam(int threads);
    ~WorkerTeam();
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    int size() const { return static_cast<int>(m_helpers.size()) + 1; }

    /// Calls task(i) once for every i in [0, count), spread over the team, and returns when all
    /// have returned. Tasks must not throw. Not reentrant: one run at a time.
    void run(std::size_t count, const std::function<void(std::size_t)>& task);

private:
    void helperLoop();
    void work();

    std::vector<std::jthread> m_helpers;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    const std::function<void(std::size_t)>* m_task = nullptr; // guarded by m_mutex
    std::size_t m_count = 0, m_next = 0;                      // guarded by m_mutex
    std::size_t m_unfinished = 0;                             // tasks not yet returned
    unsigned long m_generation = 0;
    bool m_quit = false;
};

} // namespace embex::core
