// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "ui/embedding_analysis.h"
#include "ui/job_runner.h"

#include <QObject>
#include <memory>

namespace embex::ui {

/// Projects snapshots off the GUI thread, one at a time; a snapshot that arrives while one is being
/// projected waits, and is replaced by any newer one, so a fast trainer never queues stale work.
/// Each projection is sign-aligned with the one before it, so the map does not flip.
class ProjectionJob : public QObject {
    Q_OBJECT
public:
    explicit ProjectionJob(QObject* parent = nullptr);

    void request(std::shared_ptr<const core::EmbeddingSnapshot> snapshot);
    /// Forget the previous projection (a new dataset); the answer to an older request is dropped.
    void reset();
    bool isBusy() const { return m_job != 0 || m_pending; }

signals:
    void projected(const embex::ui::Projection& projection);

private:
    std::shared_ptr<const core::EmbeddingSnapshot> m_pending;
    std::shared_ptr<const core::PcaResult> m_previous;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, joining a projection still under way

    void startNext();
    void onProjected(Projection projection);
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::Projection)
