// SPDX-License-Identifier: MIT
#include "ui/projection_job.h"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace embex::ui {

ProjectionJob::ProjectionJob(QObject* parent)
    : QObject(parent)
{
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
    const int generation = m_generation;
    auto previous = m_previous;
    QtConcurrent::run([snapshot, previous] {
        Projection before;
        before.pca = previous;
        Projection p = projectItems(snapshot->itemEmbeddings(), &before);
        p.epoch = snapshot->epoch;
        return p;
    }).then(this, [this, generation](Projection p) {
        if (generation != m_generation)
            return; // a newer dataset replaced the one this was for
        m_busy = false;
        if (p.pca)
            m_previous = p.pca;
        if (!p.isEmpty())
            emit projected(p);
        startNext();
    });
}

} // namespace embex::ui
