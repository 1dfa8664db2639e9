// SPDX-License-Identifier: MIT
#include "ui/projection_job.h"


namespace embex::ui {

ProjectionJob::ProjectionJob(QObject* parent)
    : QObject(parent)
{
    connect(&m_thread, &BackgroundThread::done, this, &ProjectionJob::onDone);
}

void ProjectionJob::request(std::shared_ptr<const core::EmbeddingSnapshot> snapshot)
{
    m_pending = std::move(snapshot);
    if (!m_busy)
        startNext();
}

void ProjectionJob::reset()
{
    ++m_generation;
    m_pending.reset();
    m_previous.reset();
    m_busy = false;
}

void ProjectionJob::startNext()
{
    if (!m_pending)
        return;
    auto snapshot = std::move(m_pending);
    m_pending.reset();
    m_busy = true;
    auto previous = m_previous;
    m_thread.start([this, snapshot, previous, generation = m_generation] {
        Projection before;
        before.pca = previous;
        Projection p = projectItems(snapshot->itemEmbeddings(), &before);
        p.epoch = snapshot->epoch;
        m_result.put({ generation, std::move(p) });
    });
}

void ProjectionJob::onDone()
{
    std::optional<std::pair<int, Projection>> result = m_result.take();
    if (!result || result->first != m_generation)
        return; // a newer dataset replaced the one this was for
    Projection* p = &result->second;
    m_busy = false;
    if (p->pca)
        m_previous = p->pca;
    if (!p->isEmpty())
        emit projected(*p);
    startNext();
}

} // namespace embex::ui
