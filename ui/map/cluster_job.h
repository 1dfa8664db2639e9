// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/group_summary.h"
#include "core/analysis/item_clusters.h"
#include "core/data/dataset.h"
#include "core/models/embedding_snapshot.h"
#include "ui/shared/job_runner.h"

#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace embex::ui {

/// Groups of the map's items, found in the full space (core::clusterPoints), with their names.
struct MapClusters {
    std::vector<int> clusterOf; ///< one per dense item; −1: not grouped (filtered out)
    int count = 0;
    QStringList labels;      ///< one per group, largest first ("Action, Thriller · 1990s · …")
    QStringList shortLabels; ///< what fits on the map: its top genres, or its best-known title
    std::vector<int> sizes;
    /// One per group: its genres' lift, years, ratings and mean bias (core::summariseGroup).
    std::vector<core::GroupSummary> summaries;
    int epoch = 0;
    bool isEmpty() const { return count == 0; }
};

/// What to group: the snapshot's items at `items`, named from `dataset`'s ratings and `metadata`.
struct ClusterRequest {
    std::shared_ptr<const core::EmbeddingSnapshot> snapshot;
    std::shared_ptr<const core::Dataset> dataset;
    std::shared_ptr<const core::ItemMetadata> metadata;
    std::vector<int> items; ///< dense indices, ascending
    core::ClusterConfig config;
};

/// Groups the map's items off the GUI thread, one request at a time: a newer request waits for
/// the running one and replaces any request already waiting, so a fast trainer never queues
/// stale work, and the last snapshot is always the one grouped.
class ClusterJob : public QObject {
    Q_OBJECT
public:
    explicit ClusterJob(QObject* parent = nullptr);

    void request(ClusterRequest request);
    /// Forgets the running and waiting requests (a new dataset); nothing of them is delivered.
    void reset();
    bool isBusy() const { return m_job != 0 || m_pending.has_value(); }

signals:
    void clustered(const embex::ui::MapClusters& clusters);
    /// No groups this time: too few items, or `problem`.
    void failed(const QString& problem);

private:
    std::optional<ClusterRequest> m_pending;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, joining a job still under way

    void startNext();
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::MapClusters)
