// SPDX-License-Identifier: MIT
#include "ui/map/projection_job.h"

namespace embex::ui {

ProjectionJob::ProjectionJob(QObject* parent)
    : QObject(parent)
{
}

void ProjectionJob::request(core::ProjectionRequest request)
{
    if (m_job != 0 && !m_running.isSameView(request)) {
        m_jobs.discard(m_job); // another picture is wanted: this one would only be replaced
        m_job = 0;
    }
    m_pending = std::move(request);
    if (m_job == 0)
        startNext();
}

void ProjectionJob::cancel()
{
    m_pending.reset();
    if (m_job == 0)
        return;
    // dropped rather than asked to stop: an answer already on its way must not show either
    m_jobs.discard(m_job);
    onStopped({});
}

void ProjectionJob::reset()
{
    m_jobs.discard(m_job);
    m_jobs.discard(m_measureJob);
    m_job = 0;
    m_measureJob = 0;
    m_pending.reset();
    m_previous.clear();
}

void ProjectionJob::startNext()
{
    if (!m_pending || !m_pending->snapshot) {
        m_pending.reset();
        emitSettledIfIdle();
        return;
    }
    m_running = std::move(*m_pending);
    m_pending.reset();
    std::shared_ptr<const core::Projection> previous;
    if (auto last = m_previous.find(m_running.kind);
        last != m_previous.end() && last->second.view.isSameView(m_running))
        previous = last->second.projection; // the next epoch of the same picture: continue it
    m_job = m_jobs.start("embex-projection", [this, request = m_running, previous](const JobContext& job) {
        core::LongWork work;
        work.stop = job.stopToken();
        work.progress = [this, &job](double fraction) {
            job.post([this, fraction] { emit layoutProgressed(fraction); });
        };
        auto p = std::make_shared<core::Projection>();
        QString problem;
        try {
            *p = core::projectMap(request, previous.get(), work);
        } catch (const std::exception& e) {
            problem = QString::fromStdString(e.what()); // out of memory: no map this time, the next request still runs
        }
        const bool stopped = job.stopRequested();
        if (stopped || !problem.isEmpty() || p->isEmpty()) {
            if (problem.isEmpty() && !stopped)
                problem = tr("too few items to lay out");
            job.post([this, problem = stopped ? QString() : problem] { onStopped(problem); });
            return;
        }
        job.post([this, p] { onProjected(p); });
    });
    if (core::traitsOf(m_running.kind).isIterative)
        emit layoutStarted(static_cast<int>(m_running.items.size()));
}

void ProjectionJob::onProjected(std::shared_ptr<core::Projection> p)
{
    m_job = 0;
    Previous& last = m_previous[p->kind];
    last.projection = p;
    last.view = m_running;
    last.view.snapshot.reset(); // only the view is compared
    emit projected(*p);
    measure(m_running, p);
    startNext();
}

void ProjectionJob::onStopped(const QString& problem)
{
    m_job = 0;
    emit stopped(problem);
    startNext();
}

void ProjectionJob::measure(const core::ProjectionRequest& request, std::shared_ptr<const core::Projection> projection)
{
    m_jobs.discard(m_measureJob); // it measures a map no longer drawn
    m_measureJob = m_jobs.start("embex-kept", [this, request, projection](const JobContext& job) {
        core::LongWork work;
        work.stop = job.stopToken();
        std::optional<core::MapFaithfulness> f;
        try {
            f = core::measureFaithfulness(request, *projection, work);
        } catch (const std::exception&) {
            f.reset(); // no measure this time; the map is still right
        }
        job.post([this, f, id = job.id()] {
            if (m_measureJob == id)
                m_measureJob = 0;
            if (f)
                emit measured(*f);
            emitSettledIfIdle();
        });
    });
}

void ProjectionJob::emitSettledIfIdle()
{
    if (isSettled())
        emit settled();
}

} // namespace embex::ui
