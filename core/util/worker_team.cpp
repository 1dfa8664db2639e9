// SPDX-License-Identifier: MIT
#include "core/util/worker_team.h"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace embex::core {

WorkerTeam::WorkerTeam(int threads)
{
    for (int t = 1; t < threads; ++t)
        m_helpers.emplace_back([this] { helperLoop(); });
}

WorkerTeam::~WorkerTeam()
{
    {
        const std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    m_helpers.clear(); // joins
}

void WorkerTeam::run(std::size_t count, const std::function<void(std::size_t)>& task)
{
    if (count == 0)
        return;
    if (m_helpers.empty() || count == 1) {
        for (std::size_t i = 0; i < count; ++i)
            task(i);
        return;
    }
    {
        const std::lock_guard lock(m_mutex);
        m_task = &task;
        m_count = count;
        m_next = 0;
        m_unfinished = count;
        ++m_generation;
    }
    m_wake.notify_all();
    work();
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_unfinished == 0; });
    m_task = nullptr;
}

void WorkerTeam::helperLoop()
{
#if defined(_OPENMP)
    // A helper is already one of the team's threads: an Eigen product inside a task must not
    // fork an OpenMP team of its own (the main thread's limit of 1 is not inherited), or the
    // team's threads would spin in libgomp waiting for each other.
    omp_set_num_threads(1);
#endif
    unsigned long seen = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_quit || m_generation != seen; });
            if (m_quit)
                return;
            seen = m_generation;
        }
        work();
    }
}

// Tasks are handed out one at a time under the lock: tasks are coarse (a block of ratings,
// milliseconds), so the lock costs nothing and keeps the bookkeeping obviously right.
void WorkerTeam::work()
{
    std::unique_lock lock(m_mutex);
    while (m_task && m_next < m_count) {
        const std::size_t i = m_next++;
        const auto* task = m_task;
        lock.unlock();
        (*task)(i);
        lock.lock();
        if (--m_unfinished == 0)
            m_done.notify_all();
    }
}

} // namespace embex::core
