// SPDX-License-Identifier: MIT
#include "ui/map/projection_job.h"

#include <atomic>
#include <stop_token>

namespace embex::ui {

ProjectionJob::ProjectionJob(QObject* parent)
    : QObject(parent)
{
}

void ProjectionJob::request(ProjectionRequest request)
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
    m_previousPca.reset();
    m_previousLayout.reset();
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
    std::shared_ptr<const Projection> previous;
    if (m_running.kind == ProjectionKind::Pca)
        previous = m_previousPca;
    else if (m_previousLayout && m_previousLayoutRequest.isSameView(m_running))
        previous = m_previousLayout; // the next epoch of the same picture: continue it
    m_job = m_jobs.start("embex-projection", [this, request = m_running, previous](const JobContext& job) {
        std::atomic<bool> cancel { false };
        const std::stop_callback onStop(job.stopToken(), [&cancel] { cancel = true; });
        core::LongWork work;
        work.cancel = &cancel;
        work.progress = [this, &job](double fraction) {
            job.post([this, fraction] { emit layoutProgressed(fraction); });
        };
        auto p = std::make_shared<Projection>();
        QString problem;
        try {
            if (request.kind == ProjectionKind::Pca)
                *p = projectItems(request.snapshot->itemEmbeddings(), previous.get());
            else
                *p = layOutItems(request, previous.get(), work);
        } catch (const std::exception& e) {
            problem = QString::fromStdString(e.what()); // out of memory: no map this time, the next request still runs
        }
        p->kind = request.kind;
        p->metric = request.metric;
        p->epoch = request.snapshot->epoch;
        if (cancel || !problem.isEmpty() || p->isEmpty()) {
            if (problem.isEmpty() && !cancel)
                problem = tr("too few items to lay out");
            job.post([this, problem = cancel ? QString() : problem] { onStopped(problem); });
            return;
        }
        job.post([this, p] { onProjected(p); });
    });
    if (m_running.kind == ProjectionKind::Neighbourhoods)
        emit layoutStarted(static_cast<int>(m_running.items.size()));
}

void ProjectionJob::onProjected(std::shared_ptr<Projection> p)
{
    m_job = 0;
    if (p->kind == ProjectionKind::Pca) {
        m_previousPca = p;
    } else {
        m_previousLayout = p;
        m_previousLayoutRequest = m_running;
        m_previousLayoutRequest.snapshot.reset(); // only the view is compared
    }
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

void ProjectionJob::measure(const ProjectionRequest& request, std::shared_ptr<const Projection> projection)
{
    m_jobs.discard(m_measureJob); // it measures a map no longer drawn
    m_measureJob = m_jobs.start("embex-kept", [this, request, projection](const JobContext& job) {
        std::atomic<bool> cancel { false };
        const std::stop_callback onStop(job.stopToken(), [&cancel] { cancel = true; });
        core::LongWork work;
        work.cancel = &cancel;
        std::optional<MapFaithfulness> f;
        try {
            f = measureFaithfulness(request, *projection, work);
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
