// SPDX-License-Identifier: MIT
#include "ui/map/embedding_analysis.h"

#include <cmath>
#include <limits>

namespace embex::ui {

const std::vector<ProjectionTraits>& projectionKinds()
{
    static const std::vector<ProjectionTraits> kinds {
        { ProjectionKind::Pca, "pca", QT_TRANSLATE_NOOP("Projection", "PCA"),
          QT_TRANSLATE_NOOP("Projection",
                            "PCA: the two directions along which the item vectors vary most.\n"
                            "Distances along the axes are true to the vectors and the axes mean something,\n"
                            "but items that are neighbours in the full space often land far apart.") },
        { ProjectionKind::Neighbourhoods, "neighbours", QT_TRANSLATE_NOOP("Projection", "Neighbourhoods"),
          QT_TRANSLATE_NOOP("Projection",
                            "Neighbourhoods: a layout (UMAP-style) that keeps each item's nearest neighbours\n"
                            "(by the neighbours panel's metric) near it, so groups of similar items show.\n"
                            "Its axes mean nothing, and distances between groups are not to scale.") },
    };
    return kinds;
}

const ProjectionTraits& traitsOf(ProjectionKind kind)
{
    for (const ProjectionTraits& t : projectionKinds())
        if (t.kind == kind)
            return t;
    return projectionKinds().front();
}

ProjectionKind projectionKindFromName(const QString& name)
{
    for (const ProjectionTraits& t : projectionKinds())
        if (name == QLatin1String(t.name))
            return t.kind;
    return ProjectionKind::Pca;
}

bool ProjectionRequest::isSameView(const ProjectionRequest& other) const
{
    if (kind != other.kind)
        return false;
    if (kind == ProjectionKind::Pca) // PCA places every item whatever the filter and metric
        return true;
    return metric == other.metric && items == other.items && seed == other.seed && threads == other.threads;
}

bool Projection::isPlaced(int item) const
{
    const auto i = static_cast<std::size_t>(item);
    return item >= 0 && i < x.size() && std::isfinite(x[i]) && std::isfinite(y[i]);
}

Projection projectItems(const core::RowMatrixXf& items, const Projection* previous)
{
    Projection p;
    if (items.rows() < 2 || items.cols() < 2)
        return p;
    core::PcaConfig config;
    config.alignWith = previous && previous->pca ? previous->pca.get() : nullptr;
    auto pca = std::make_shared<core::PcaResult>(core::computePca(items, config));
    if (!pca->isValid())
        return p;
    const auto n = static_cast<std::size_t>(items.rows());
    p.x.resize(n);
    p.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        p.x[i] = pca->coordinates(static_cast<core::Index>(i), 0);
        p.y[i] = pca->coordinates(static_cast<core::Index>(i), 1);
    }
    p.explained[0] = pca->explainedVarianceRatio.at(0);
    p.explained[1] = pca->explainedVarianceRatio.at(1);
    p.pca = std::move(pca);
    return p;
}

Projection layOutItems(const ProjectionRequest& request, const Projection* previous, const core::LongWork& work)
{
    Projection p;
    p.kind = ProjectionKind::Neighbourhoods;
    p.metric = request.metric;
    const core::RowMatrixXf& all = request.snapshot->itemEmbeddings();
    const auto rows = static_cast<core::Index>(request.items.size());
    if (rows < 3)
        return p;
    // every item passing the filter is the usual case: no copy of a catalogue's vectors then
    core::RowMatrixXf chosen;
    if (rows != all.rows()) {
        chosen.resize(rows, all.cols());
        for (core::Index r = 0; r < rows; ++r)
            chosen.row(r) = all.row(request.items[static_cast<std::size_t>(r)]);
    }
    const core::RowMatrixXf& points = rows == all.rows() ? all : chosen;
    core::LayoutConfig config;
    config.metric = request.metric;
    config.seed = request.seed;
    config.threads = request.threads;
    config.neighbours = static_cast<int>(std::min<core::Index>(config.neighbours, rows - 1));
    // the previous layout, mapped by item index: an item it did not place is NaN
    core::RowMatrixXf before;
    if (previous && previous->kind == ProjectionKind::Neighbourhoods && !previous->isEmpty()) {
        before.resize(rows, 2);
        int placed = 0;
        for (core::Index r = 0; r < rows; ++r) {
            const int item = request.items[static_cast<std::size_t>(r)];
            const bool known = previous->isPlaced(item);
            placed += known ? 1 : 0;
            before(r, 0) = known ? static_cast<float>(previous->x[static_cast<std::size_t>(item)])
                                 : std::numeric_limits<float>::quiet_NaN();
            before(r, 1) = known ? static_cast<float>(previous->y[static_cast<std::size_t>(item)])
                                 : std::numeric_limits<float>::quiet_NaN();
        }
        if (placed < 2)
            before.resize(0, 0);
    }
    if (request.isLive) {
        config.warmStart = before;
        if (previous && previous->graph && previous->metric == request.metric && previous->graphItems == request.items)
            config.previousGraph = previous->graph;
    }
    core::LayoutResult layout = core::computeNeighbourLayout(points, config, work);
    if (!layout.isValid())
        return p;
    if (config.warmStart.rows() == 0 && before.rows() == rows)
        core::alignLayout(layout.coordinates, before); // a fresh layout, turned to face the one it replaces
    const std::size_t n = static_cast<std::size_t>(all.rows());
    p.x.assign(n, std::numeric_limits<double>::quiet_NaN());
    p.y.assign(n, std::numeric_limits<double>::quiet_NaN());
    for (core::Index r = 0; r < rows; ++r) {
        const auto item = static_cast<std::size_t>(request.items[static_cast<std::size_t>(r)]);
        p.x[item] = layout.coordinates(r, 0);
        p.y[item] = layout.coordinates(r, 1);
    }
    p.approximateGraph = layout.approximateGraph;
    p.warmStarted = config.warmStart.rows() > 0;
    p.graph = layout.graph;
    p.graphItems = request.items;
    return p;
}

std::optional<MapFaithfulness> measureFaithfulness(const ProjectionRequest& request, const Projection& projection,
                                                   const core::LongWork& work)
{
    constexpr int k = 10;
    const core::RowMatrixXf& all = request.snapshot->itemEmbeddings();
    std::vector<int> shown;
    for (int item : request.items)
        if (projection.isPlaced(item) && item < all.rows())
            shown.push_back(item);
    const auto rows = static_cast<core::Index>(shown.size());
    if (rows <= k + 1)
        return std::nullopt;
    core::RowMatrixXf chosen, map(rows, 2);
    if (rows != all.rows())
        chosen.resize(rows, all.cols());
    for (core::Index r = 0; r < rows; ++r) {
        const auto item = static_cast<std::size_t>(shown[static_cast<std::size_t>(r)]);
        if (rows != all.rows())
            chosen.row(r) = all.row(static_cast<core::Index>(item));
        map(r, 0) = static_cast<float>(projection.x[item]);
        map(r, 1) = static_cast<float>(projection.y[item]);
    }
    core::NeighboursKeptConfig config;
    config.metric = request.metric;
    config.k = k;
    config.seed = request.seed;
    config.threads = request.threads;
    MapFaithfulness f;
    f.kept = core::measureNeighboursKept(rows == all.rows() ? all : chosen, map, config, work);
    f.metric = request.metric;
    f.k = k;
    if (f.kept.cancelled)
        return std::nullopt;
    return f;
}

std::optional<QPointF> placeQuery(const Projection& projection, const core::QueryVector& query,
                                  std::span<const core::Neighbour> nearest)
{
    if (projection.isEmpty())
        return std::nullopt;
    const core::PcaResult* pca = projection.pca.get();
    if (projection.kind == ProjectionKind::Pca && query.isInItemSpace && pca
        && pca->components.rows() == query.vector.size() && pca->components.cols() >= 2) {
        const Eigen::VectorXd centred = query.vector.cast<double>() - pca->mean;
        return QPointF(centred.dot(pca->components.col(0)), centred.dot(pca->components.col(1)));
    }
    double x = 0, y = 0, weights = 0;
    for (std::size_t rank = 0; rank < nearest.size(); ++rank) {
        const std::size_t item = nearest[rank].item;
        if (!projection.isPlaced(static_cast<int>(item)))
            continue;
        const double w = 1.0 / static_cast<double>(rank + 1);
        x += w * projection.x[item];
        y += w * projection.y[item];
        weights += w;
    }
    if (weights == 0)
        return std::nullopt;
    return QPointF(x / weights, y / weights);
}

} // namespace embex::ui
