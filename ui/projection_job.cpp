// SPDX-License-Identifier: MIT
#include "ui/projection_job.h"

namespace embex::ui {

ProjectionJob::ProjectionJob(QObject* parent)
    : QObject(parent)
{
}

void ProjectionJob::request(std::shared_ptr<const core::EmbeddingSnapshot> snapshot)
{
    m_pending = std::move(snapshot);
    if (m_job == 0)
        startNext();
}

void ProjectionJob::reset()
{
    m_jobs.discard(m_job);
    m_job = 0;
    m_pending.reset();
    m_previous.reset();
}

void ProjectionJob::startNext()
{
    if (!m_pending)
        return;
    auto snapshot = std::move(m_pending);
    m_pending.reset();
    m_job = m_jobs.start("embex-projection", [this, snapshot, previous = m_previous](const JobContext& job) {
        Projection before;
        before.pca = previous;
        auto p = std::make_shared<Projection>();
        try {
            *p = projectItems(snapshot->itemEmbeddings(), &before);
            p->epoch = snapshot->epoch;
        } catch (const std::exception&) {
            *p = Projection {}; // out of memory: no map this time, and the next request still runs
        }
        job.post([this, p] { onProjected(std::move(*p)); });
    });
}

void ProjectionJob::onProjected(Projection p)
{
    m_job = 0;
    if (p.pca)
        m_previous = p.pca;
    if (!p.isEmpty())
        emit projected(p);
    startNext();
}

} // namespace embex::ui
