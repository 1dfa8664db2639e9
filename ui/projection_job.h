// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "ui/background_thread.h"
#include "ui/embedding_analysis.h"

#include <QObject>
#include <memory>

namespace embex::ui {

/// Projects snapshots off the GUI thread, one at a time; a snapshot that arrives while one is being
/// projected waits, and is replaced by any newer one, so a fast trainer never queues stale work.
class ProjectionJob : public QObject {
    Q_OBJECT
public:
    explicit ProjectionJob(QObject* parent = nullptr);

    void request(std::shared_ptr<const core::EmbeddingSnapshot> snapshot);
    /// Forget the previous projection (a new dataset); answers to older requests are dropped.
    void reset();
    bool isBusy() const { return m_busy || m_pending; }

signals:
    void projected(const embex::ui::Projection& projection);

private:
    Handoff<std::pair<int, Projection>> m_result; // with the generation it was asked for
    std::shared_ptr<const core::EmbeddingSnapshot> m_pending;
    std::shared_ptr<const core::PcaResult> m_previous;
    bool m_busy = false;
    int m_generation = 0;
    // Last, so it is destroyed first: its destructor waits for the thread that writes m_result
    // (TSan caught the window being closed mid-projection when it came first).
    BackgroundThread m_thread;

    void startNext();
    void onDone();
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::Projection)
