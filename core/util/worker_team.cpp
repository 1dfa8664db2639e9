// SPDX-License-Identifier: MIT
#include "core/util/worker_team.h"

#include <chrono>

#if defined(_OPENMP)
#include <omp.h>
#endif
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace embex::core {
namespace {

    unsigned floatControl()
    {
#if defined(__SSE__)
        return _mm_getcsr();
#else
        return 0;
#endif
    }

    void setFloatControl([[maybe_unused]] unsigned value)
    {
#if defined(__SSE__)
        if (_mm_getcsr() != value)
            _mm_setcsr(value);
#endif
    }

    /// Polls `ready` for up to WorkerTeam::spinMicroseconds; true when it turned true.
    template <class Ready>
    bool pollFor(const Ready& ready)
    {
        using Clock = std::chrono::steady_clock;
        const auto deadline = Clock::now() + std::chrono::microseconds(WorkerTeam::spinMicroseconds);
        for (;;) {
            for (int k = 0; k < 64; ++k) {
                if (ready())
                    return true;
#if defined(__SSE2__)
                _mm_pause();
#endif
            }
            if (Clock::now() > deadline)
                return ready();
            // On a busy machine the thread being waited for may need this core: let it run.
            std::this_thread::yield();
        }
    }

} // namespace

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
        m_floatControl = floatControl();
        m_unfinished.store(count, std::memory_order_relaxed);
        m_generation.fetch_add(1, std::memory_order_release);
    }
    m_wake.notify_all(); // no system call when every helper is still polling
    work();
    if (!pollFor([this] { return m_unfinished.load(std::memory_order_acquire) == 0; })) {
        std::unique_lock lock(m_mutex);
        m_done.wait(lock, [this] { return m_unfinished.load(std::memory_order_acquire) == 0; });
    }
    const std::lock_guard lock(m_mutex);
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
        if (!pollFor([&] { return m_generation.load(std::memory_order_acquire) != seen; })) {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_quit || m_generation.load(std::memory_order_acquire) != seen; });
            if (m_quit)
                return;
        }
        seen = m_generation.load(std::memory_order_acquire);
        work();
    }
}

// Tasks are handed out one at a time under the lock: tasks are coarse (a block of ratings, a
// slice of a minibatch), so the lock costs little and keeps the bookkeeping obviously right.
void WorkerTeam::work()
{
    std::unique_lock lock(m_mutex);
    if (m_task)
        setFloatControl(m_floatControl);
    while (m_task && m_next < m_count) {
        const std::size_t i = m_next++;
        const auto* task = m_task;
        lock.unlock();
        (*task)(i);
        lock.lock();
        if (m_unfinished.fetch_sub(1, std::memory_order_acq_rel) == 1)
            m_done.notify_all();
    }
}

} // namespace embex::core
