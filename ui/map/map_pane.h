// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"

#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

namespace embex::ui {

class EmbeddingMap;
class ItemFilterDialog;
class ItemFilterState;
class MapProjectionBar;
class ClusterJob;
class ProjectionJob;
class Workspace;

/// The Map tab: the map, its projection bar and the job that places the workspace's snapshot on
/// it. It follows the snapshot, the bar's projection and the map's ratings filter by itself; the
/// window tells it what lives elsewhere (the neighbours' metric, the layout seed, whether training
/// runs, a new user's query).
class MapPane : public QWidget {
    Q_OBJECT
public:
    explicit MapPane(Workspace* workspace, QWidget* parent = nullptr);

    EmbeddingMap* map() const { return m_map; }
    /// The map's item filter: its failing items are drawn faint; the neighbour lists may use it.
    ItemFilterState* itemFilter() const { return m_filter; }
    /// Opens (or raises) the filter's dialog: the map's Filter… button.
    void showFilterDialog();
    /// Null until the dialog was first shown.
    ItemFilterDialog* filterDialog() const { return m_filterDialog; }
    MapProjectionBar* projectionBar() const;
    /// The metric whose neighbours a layout keeps and the faithfulness measure counts.
    void setMetric(core::Metric metric);
    void setLayoutSeed(std::uint64_t seed);
    /// While training runs, an iterative layout continues from the previous epoch's; when it ends,
    /// the last snapshot is laid out afresh, so it does not depend on which epochs the map caught.
    void setTrainingRunning(bool running);
    /// A new user's query (For user › New user) and their top items, drawn as a star; placed
    /// again on every new projection. nullopt removes it.
    void setNewUserQuery(std::optional<core::QueryVector> query, std::vector<core::Neighbour> top);
    /// A projection runs or waits.
    bool isProjecting() const;
    /// No projection, neighbours-kept measure or grouping runs or waits.
    bool isSettled() const;
    /// Groups are being found for the map's colouring by cluster.
    bool isClustering() const;
    /// Groups are found while the map is coloured by them or while this is on (a panel lists them).
    void setClustersWanted(bool wanted);

signals:
    void projectionUpdated();
    void settled();
    /// The map shows new groups (colour by cluster).
    void clustersShown();
    /// No groups for the latest request: too few items, or `problem`.
    void clustersFailed(const QString& problem);
    /// One line for the status bar (a layout cancelled or failed).
    void statusMessage(const QString& text);

private:
    Workspace* m_workspace;
    ItemFilterState* m_filter; // before the map: it must see a new dataset first
    EmbeddingMap* m_map;
    ItemFilterDialog* m_filterDialog = nullptr;
    ProjectionJob* m_job;
    ClusterJob* m_clusterJob;
    core::Metric m_metric = core::Metric::Cosine;
    std::uint64_t m_seed = 1;
    bool m_isTraining = false;
    bool m_clustersWanted = false;
    std::optional<core::QueryVector> m_query;
    std::vector<core::Neighbour> m_queryTop;

    void requestProjection();
    void requestClusters();
    void emitSettledIfIdle();
    void placeQuery();
};

} // namespace embex::ui
