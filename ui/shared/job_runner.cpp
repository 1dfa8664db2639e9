// SPDX-License-Identifier: MIT
#include "ui/shared/job_runner.h"

#include <QMetaObject>

#include <pthread.h>

namespace embex::ui {

void JobContext::post(std::function<void()> gui) const
{
    m_runner->enqueue({ m_id, std::move(gui), false });
}

JobRunner::JobRunner(QObject* parent)
    : QObject(parent)
{
}

JobRunner::~JobRunner()
{
    for (auto& [id, job] : m_jobs)
        job.thread.request_stop();
    for (auto& [id, job] : m_jobs)
        if (job.thread.joinable())
            job.thread.join();
    // closures still queued are dropped: their receivers are being destroyed
}

JobId JobRunner::start(const char* name, std::function<void(const JobContext&)> work, std::function<void()> onEnd)
{
    const JobId id = ++m_lastId;
    Job& job = m_jobs[id];
    job.onEnd = std::move(onEnd);
    job.thread = std::jthread(
        [this, id, name = std::string(name).substr(0, 15), work = std::move(work)](std::stop_token stop) {
            pthread_setname_np(pthread_self(), name.c_str());
            const JobContext context(this, id, std::move(stop));
            work(context);
            enqueue({ id, {}, true });
        });
    return id;
}

void JobRunner::requestStop(JobId id)
{
    if (auto it = m_jobs.find(id); it != m_jobs.end())
        it->second.thread.request_stop();
}

void JobRunner::discard(JobId id)
{
    if (auto it = m_jobs.find(id); it != m_jobs.end()) {
        it->second.discarded = true;
        it->second.thread.request_stop();
    }
}

void JobRunner::enqueue(Posted posted)
{
    bool wake = false;
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(posted));
        wake = !std::exchange(m_wakePending, true);
    }
    if (wake) // carries nothing: the closures wait in m_queue
        QMetaObject::invokeMethod(this, &JobRunner::drain, Qt::QueuedConnection);
}

void JobRunner::drain()
{
    // One at a time from the shared queue, so a closure that spins an event loop (a dialog) and
    // re-enters here keeps the order.
    for (;;) {
        Posted posted;
        {
            const std::lock_guard lock(m_mutex);
            if (m_queue.empty()) {
                m_wakePending = false;
                return;
            }
            posted = std::move(m_queue.front());
            m_queue.pop_front();
        }
        auto it = m_jobs.find(posted.job);
        if (it == m_jobs.end())
            continue;
        if (!posted.last) {
            if (!it->second.discarded && posted.gui)
                posted.gui();
            continue;
        }
        // the function has returned; the thread ends right after posting this
        std::function<void()> onEnd = std::move(it->second.onEnd);
        it->second.thread.join();
        m_jobs.erase(it);
        if (onEnd)
            onEnd();
    }
}

} // namespace embex::ui
