// SPDX-License-Identifier: MIT
#include "core/util/worker_team.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <utility>

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

    std::atomic<bool> profiling { false };
    std::mutex profileMutex;
    WorkerTeam::Profile totals; // guarded by profileMutex

    double threadCpuSeconds()
    {
        timespec t {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
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

void WorkerTeam::setProfiling(bool on)
{
    profiling.store(on, std::memory_order_relaxed);
    const std::lock_guard lock(profileMutex);
    totals = {};
}

WorkerTeam::Profile WorkerTeam::takeProfile()
{
    const std::lock_guard lock(profileMutex);
    return std::exchange(totals, {});
}

void WorkerTeam::run(std::size_t count, const std::function<void(std::size_t)>& task)
{
    if (count == 0)
        return;
    const bool profiled = profiling.load(std::memory_order_relaxed);
    const double start = profiled ? threadCpuSeconds() : 0;
    if (profiled) {
        const std::lock_guard lock(m_mutex);
        m_taskSeconds.assign(count, 0.0);
    }
    if (m_helpers.empty() || count == 1) {
        for (std::size_t i = 0; i < count; ++i)
            task(i);
        if (profiled)
            m_taskSeconds[count - 1] = threadCpuSeconds() - start; // all of them, one after another
    } else {
        runOnTeam(count, task);
    }
    if (profiled) {
        const double end = threadCpuSeconds();
        const std::lock_guard lock(profileMutex);
        ++totals.runs;
        // The run on size() free cores: tasks handed out in order, each to the first free thread.
        std::vector<double> freeAt(static_cast<std::size_t>(size()), 0.0);
        for (double seconds : m_taskSeconds) {
            totals.busy += seconds;
            *std::min_element(freeAt.begin(), freeAt.end()) += seconds;
        }
        totals.critical += *std::max_element(freeAt.begin(), freeAt.end());
        if (m_lastRunEnd >= 0)
            totals.betweenRuns += start - m_lastRunEnd;
        m_lastRunEnd = end;
    } else {
        m_lastRunEnd = -1;
    }
}

void WorkerTeam::runOnTeam(std::size_t count, const std::function<void(std::size_t)>& task)
{
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
    const bool profiled = !m_taskSeconds.empty() && profiling.load(std::memory_order_relaxed);
    while (m_task && m_next < m_count) {
        const std::size_t i = m_next++;
        const auto* task = m_task;
        lock.unlock();
        const double start = profiled ? threadCpuSeconds() : 0;
        (*task)(i);
        const double seconds = profiled ? threadCpuSeconds() - start : 0;
        lock.lock();
        if (profiled && i < m_taskSeconds.size())
            m_taskSeconds[i] = seconds;
        if (m_unfinished.fetch_sub(1, std::memory_order_acq_rel) == 1)
            m_done.notify_all();
    }
}

void TeamBarrier::arriveAndWait()
{
    const unsigned phase = m_phase.load(std::memory_order_acquire);
    if (m_arrived.fetch_add(1, std::memory_order_acq_rel) + 1 == m_count) {
        m_arrived.store(0, std::memory_order_relaxed);
        m_phase.fetch_add(1, std::memory_order_release);
        m_phase.notify_all();
        return;
    }
    if (!pollFor([&] { return m_phase.load(std::memory_order_acquire) != phase; }))
        m_phase.wait(phase, std::memory_order_acquire);
}

} // namespace embex::core
