// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"
#include "ui/shared/job_runner.h"

#include <QObject>
#include <map>
#include <memory>
#include <optional>

namespace embex::ui {

/// Places snapshots on the map off the GUI thread, one at a time, then measures how faithful the
/// placement is (neighbours kept) on a second job. The latest request wins: one that asks for
/// another picture (kind, metric, filter) drops the running one; a newer snapshot of the same
/// picture waits for the running one and replaces any snapshot already waiting, so a fast trainer
/// never queues stale work and the live map keeps moving. Each answer continues the last one of
/// the same view (core::projectMap): PCA is sign-aligned with it, a neighbour layout is
/// warm-started from it.
class ProjectionJob : public QObject {
    Q_OBJECT
public:
    explicit ProjectionJob(QObject* parent = nullptr);

    void request(core::ProjectionRequest request);
    /// Stops the running projection and forgets any waiting one; nothing of either is delivered,
    /// so the map keeps what it shows. Emits stopped() with no problem when one was running.
    void cancel();
    /// Forget the previous projection (a new dataset); the answer to an older request is dropped.
    void reset();
    /// A projection runs or waits (the measure that follows it does not count).
    bool isBusy() const { return m_job != 0 || m_pending.has_value(); }
    /// Nothing runs or waits, measure included.
    bool isSettled() const { return !isBusy() && m_measureJob == 0; }
    /// The running projection is iterative (a neighbour layout): long enough to show progress.
    bool isLayingOut() const { return m_job != 0 && core::traitsOf(m_running.kind).isIterative; }

signals:
    /// An iterative layout of `items` items started (PCA is too quick to announce).
    void layoutStarted(int items);
    void layoutProgressed(double fraction);
    /// The running projection ended without an answer: cancelled, or `problem`.
    void stopped(const QString& problem);
    void projected(const embex::core::Projection& projection);
    /// The neighbours-kept measure of the projection last delivered.
    void measured(const embex::core::MapFaithfulness& faithfulness);
    void settled();

private:
    std::optional<core::ProjectionRequest> m_pending;
    core::ProjectionRequest m_running;
    JobId m_job = 0;
    JobId m_measureJob = 0;
    // What the next answer of each kind continues from, and the view it was of (no snapshot).
    struct Previous {
        std::shared_ptr<const core::Projection> projection;
        core::ProjectionRequest view;
    };
    std::map<core::ProjectionKind, Previous> m_previous;
    JobRunner m_jobs; // last: destroyed first, joining a projection still under way

    void startNext();
    void onProjected(std::shared_ptr<core::Projection> projection);
    void onStopped(const QString& problem);
    void measure(const core::ProjectionRequest& request, std::shared_ptr<const core::Projection> projection);
    void emitSettledIfIdle();
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::core::Projection)
Q_DECLARE_METATYPE(embex::core::MapFaithfulness)
