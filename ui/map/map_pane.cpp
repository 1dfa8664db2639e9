// SPDX-License-Identifier: MIT
#include "ui/map/map_pane.h"

#include "ui/data/workspace.h"
#include "ui/map/cluster_job.h"
#include "ui/map/embedding_map.h"
#include "ui/map/item_filter_dialog.h"
#include "ui/map/item_filter_state.h"
#include "ui/map/map_projection_bar.h"
#include "ui/map/projection_job.h"

#include <QThread>
#include <QVBoxLayout>

namespace embex::ui {

MapPane::MapPane(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_filter(new ItemFilterState(workspace, this))
    , m_map(new EmbeddingMap(workspace, this))
    , m_job(new ProjectionJob(this))
    , m_clusterJob(new ClusterJob(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_map);
    m_map->setItemFilter(m_filter);
    connect(m_map, &EmbeddingMap::filterWanted, this, &MapPane::showFilterDialog);

    connect(m_workspace, &Workspace::snapshotChanged, this, [this] {
        if (m_workspace->snapshot()) {
            requestProjection();
            requestClusters();
        } else {
            m_job->reset(); // a new dataset: its projection and groups start afresh
            m_clusterJob->reset();
        }
    });
    // groups follow the model, the filter, the metric and the titles, while the map or a panel wants them
    connect(m_map, &EmbeddingMap::clustersWanted, this, &MapPane::requestClusters);
    connect(m_map, &EmbeddingMap::minimumRatingsChanged, this, &MapPane::requestClusters);
    connect(m_workspace, &Workspace::metadataChanged, this, &MapPane::requestClusters);
    connect(m_clusterJob, &ClusterJob::clustered, this, [this](const MapClusters& clusters) {
        m_map->setClusters(clusters);
        emit clustersShown();
        emitSettledIfIdle();
    });
    connect(m_clusterJob, &ClusterJob::failed, this, [this](const QString& problem) {
        m_map->setClusters({});
        emit statusMessage(tr("No clusters: %1").arg(problem));
        emit clustersFailed(problem);
        emitSettledIfIdle();
    });
    MapProjectionBar* bar = projectionBar();
    connect(bar, &MapProjectionBar::kindChanged, this, &MapPane::requestProjection);
    connect(bar, &MapProjectionBar::cancelRequested, m_job, &ProjectionJob::cancel);
    connect(m_map, &EmbeddingMap::minimumRatingsChanged, this, &MapPane::requestProjection);
    connect(m_map, &EmbeddingMap::itemClicked, m_workspace, &Workspace::selectItem);
    connect(m_job, &ProjectionJob::layoutStarted, bar, &MapProjectionBar::showLayoutStarted);
    connect(m_job, &ProjectionJob::layoutProgressed, bar, &MapProjectionBar::showLayoutProgress);
    connect(m_job, &ProjectionJob::stopped, this, [this, bar](const QString& problem) {
        bar->showLayoutStopped(problem);
        emit statusMessage(problem.isEmpty() ? tr("Layout cancelled; the map is unchanged.")
                                             : tr("No neighbour layout: %1").arg(problem));
    });
    connect(m_job, &ProjectionJob::projected, this, [this](const core::Projection& p) {
        m_map->setProjection(p);
        placeQuery();
        emit projectionUpdated();
    });
    connect(m_job, &ProjectionJob::measured, bar, &MapProjectionBar::setFaithfulness);
    connect(m_job, &ProjectionJob::settled, this, &MapPane::emitSettledIfIdle);
}

MapProjectionBar* MapPane::projectionBar() const
{
    return m_map->projectionBar();
}

void MapPane::showFilterDialog()
{
    if (!m_filterDialog)
        m_filterDialog = new ItemFilterDialog(m_filter, this);
    m_filterDialog->show();
    m_filterDialog->raise();
    m_filterDialog->activateWindow();
}

void MapPane::setMetric(core::Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    requestProjection();
    requestClusters();
}

void MapPane::setLayoutSeed(std::uint64_t seed)
{
    m_seed = seed;
}

void MapPane::setTrainingRunning(bool running)
{
    const bool ended = m_isTraining && !running;
    m_isTraining = running;
    if (ended && core::traitsOf(projectionBar()->kind()).isIterative)
        requestProjection();
}

void MapPane::setNewUserQuery(std::optional<core::QueryVector> query, std::vector<core::Neighbour> top)
{
    m_query = std::move(query);
    m_queryTop = std::move(top);
    placeQuery();
}

bool MapPane::isProjecting() const
{
    return m_job->isBusy();
}

bool MapPane::isSettled() const
{
    return m_job->isSettled() && !m_clusterJob->isBusy();
}

void MapPane::emitSettledIfIdle()
{
    if (isSettled())
        emit settled();
}

bool MapPane::isClustering() const
{
    return m_clusterJob->isBusy();
}

void MapPane::setClustersWanted(bool wanted)
{
    const bool isNew = wanted && !m_clustersWanted;
    m_clustersWanted = wanted;
    // while nobody wanted them the groups did not follow the model: they may be stale
    if (isNew && !m_map->isColouringByCluster())
        requestClusters();
}

void MapPane::requestClusters()
{
    const auto& snapshot = m_workspace->snapshot();
    if (!snapshot || !(m_map->isColouringByCluster() || m_clustersWanted))
        return;
    ClusterRequest request;
    request.snapshot = snapshot;
    request.dataset = m_workspace->dataset();
    request.metadata = m_workspace->sides().metadata;
    request.items = m_map->itemsPassingFilter();
    request.config.metric = m_metric;
    request.config.resolution = m_map->clusterResolution();
    request.config.seed = m_seed;
    request.config.threads = std::max(1, QThread::idealThreadCount());
    m_clusterJob->request(std::move(request));
}

void MapPane::requestProjection()
{
    const auto& snapshot = m_workspace->snapshot();
    if (!snapshot)
        return;
    core::ProjectionRequest request;
    request.snapshot = snapshot;
    request.kind = projectionBar()->kind();
    request.metric = m_metric;
    request.items = m_map->itemsPassingFilter();
    request.minRatings = m_map->minimumRatings();
    request.seed = m_seed;
    request.threads = std::max(1, QThread::idealThreadCount());
    request.isLive = m_isTraining;
    m_job->request(std::move(request));
}

void MapPane::placeQuery()
{
    std::optional<QPointF> point;
    if (m_query)
        if (const auto placed = core::placeQuery(m_map->projection(), *m_query, m_queryTop))
            point = QPointF(placed->x, placed->y);
    m_map->setQueryPoint(point);
}

} // namespace embex::ui
