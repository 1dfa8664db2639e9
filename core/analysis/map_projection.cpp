// SPDX-License-Identifier: MIT
#include "core/analysis/map_projection.h"

#include <cmath>
#include <limits>

namespace embex::core {
namespace {

    Projection placeByPca(const ProjectionRequest& request, const Projection* previous, const LongWork&)
    {
        Projection p;
        const RowMatrixXf& items = request.table();
        if (items.rows() < traitsOf(ProjectionKind::Pca).minimumItems || items.cols() < 2)
            return p;
        PcaConfig config;
        config.alignWith = previous && previous->pca ? previous->pca.get() : nullptr;
        auto pca = std::make_shared<PcaResult>(computePca(items, config));
        if (!pca->isValid())
            return p;
        const auto n = static_cast<std::size_t>(items.rows());
        p.x.resize(n);
        p.y.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            p.x[i] = pca->coordinates(static_cast<Index>(i), 0);
            p.y[i] = pca->coordinates(static_cast<Index>(i), 1);
        }
        p.explained[0] = pca->explainedVarianceRatio.at(0);
        p.explained[1] = pca->explainedVarianceRatio.at(1);
        p.pca = std::move(pca);
        return p;
    }

    // The previous layout, row by row of the request's items: an item it did not place is NaN;
    // empty when it placed fewer than two of them.
    RowMatrixXf previousPositions(const ProjectionRequest& request, const Projection* previous)
    {
        const auto rows = static_cast<Index>(request.items.size());
        if (!previous || previous->kind != request.kind || previous->isEmpty())
            return {};
        RowMatrixXf before(rows, 2);
        int placed = 0;
        for (Index r = 0; r < rows; ++r) {
            const int item = request.items[static_cast<std::size_t>(r)];
            const bool known = previous->isPlaced(item);
            placed += known ? 1 : 0;
            const auto i = static_cast<std::size_t>(item);
            before(r, 0) = known ? static_cast<float>(previous->x[i]) : std::numeric_limits<float>::quiet_NaN();
            before(r, 1) = known ? static_cast<float>(previous->y[i]) : std::numeric_limits<float>::quiet_NaN();
        }
        return placed < 2 ? RowMatrixXf() : before;
    }

    Projection placeByNeighbourLayout(const ProjectionRequest& request, const Projection* previous,
                                      const LongWork& work)
    {
        Projection p;
        const RowMatrixXf& all = request.table();
        const auto rows = static_cast<Index>(request.items.size());
        if (rows < traitsOf(ProjectionKind::Neighbourhoods).minimumItems)
            return p;
        // every item passing the filter is the usual case: no copy of a catalogue's vectors then
        RowMatrixXf chosen;
        if (rows != all.rows()) {
            chosen.resize(rows, all.cols());
            for (Index r = 0; r < rows; ++r)
                chosen.row(r) = all.row(request.items[static_cast<std::size_t>(r)]);
        }
        const RowMatrixXf& points = rows == all.rows() ? all : chosen;
        LayoutConfig config;
        config.metric = request.metric;
        config.seed = request.seed;
        config.threads = request.threads;
        config.neighbours = static_cast<int>(std::min<Index>(config.neighbours, rows - 1));
        const RowMatrixXf before = previousPositions(request, previous);
        if (request.isLive) {
            config.warmStart = before;
            if (previous && previous->graph && previous->metric == request.metric
                && previous->graphItems == request.items)
                config.previousGraph = previous->graph;
        }
        LayoutResult layout = computeNeighbourLayout(points, config, work);
        if (!layout.isValid())
            return p;
        if (config.warmStart.rows() == 0 && before.rows() == rows)
            alignLayout(layout.coordinates, before); // a fresh layout, turned to face the one it replaces
        const auto n = static_cast<std::size_t>(all.rows());
        p.x.assign(n, std::numeric_limits<double>::quiet_NaN());
        p.y.assign(n, std::numeric_limits<double>::quiet_NaN());
        for (Index r = 0; r < rows; ++r) {
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

} // namespace

const std::vector<ProjectionTraits>& projectionKinds()
{
    static const std::vector<ProjectionTraits> kinds {
        { ProjectionKind::Pca, "pca", "PCA",
          "PCA: the two directions along which the item vectors vary most.\n"
          "Distances along the axes are true to the vectors and the axes mean something,\n"
          "but items that are neighbours in the full space often land far apart.",
          true, false, false, 2, &placeByPca },
        { ProjectionKind::Neighbourhoods, "neighbours", "Neighbourhoods",
          "Neighbourhoods: a layout (UMAP-style) that keeps each item's nearest neighbours\n"
          "(by the neighbours panel's metric) near it, so groups of similar items show.\n"
          "Its axes mean nothing, and distances between groups are not to scale.",
          false, true, true, 3, &placeByNeighbourLayout },
    };
    return kinds;
}

const ProjectionTraits& traitsOf(ProjectionKind kind)
{
    for (const ProjectionTraits& t : projectionKinds())
        if (t.kind == kind)
            return t;
    throw std::invalid_argument("traitsOf: a projection kind with no row in projectionKinds()");
}

std::optional<ProjectionKind> projectionKindFromName(std::string_view name)
{
    for (const ProjectionTraits& t : projectionKinds())
        if (name == t.name)
            return t.kind;
    return std::nullopt;
}

std::string projectionNames()
{
    std::string names;
    const auto& kinds = projectionKinds();
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0)
            names += i + 1 == kinds.size() ? " or " : ", ";
        names += kinds[i].name;
    }
    return names;
}

bool ProjectionRequest::isSameView(const ProjectionRequest& other) const
{
    if (kind != other.kind || points != other.points)
        return false;
    if (!traitsOf(kind).placesOnlyRequestedItems) // every item, whatever the filter and metric
        return true;
    return metric == other.metric && items == other.items && seed == other.seed && threads == other.threads;
}

const RowMatrixXf& ProjectionRequest::table() const
{
    if (points == PointSet::Items)
        return snapshot->itemEmbeddings();
    if (!users)
        throw std::invalid_argument("a users' map needs the users' vectors (computeUserSpace)");
    return *users;
}

bool Projection::isPlaced(int item) const
{
    const auto i = static_cast<std::size_t>(item);
    return item >= 0 && i < x.size() && std::isfinite(x[i]) && std::isfinite(y[i]);
}

std::optional<std::array<double, 4>> Projection::bounds(std::span<const int> items) const
{
    std::array<double, 4> box { 1e300, -1e300, 1e300, -1e300 };
    bool any = false;
    const auto take = [&](int item) {
        if (!isPlaced(item))
            return;
        const auto i = static_cast<std::size_t>(item);
        box = { std::min(box[0], x[i]), std::max(box[1], x[i]), std::min(box[2], y[i]), std::max(box[3], y[i]) };
        any = true;
    };
    if (items.empty())
        for (std::size_t i = 0; i < x.size(); ++i)
            take(static_cast<int>(i));
    else
        for (int item : items)
            take(item);
    return any ? std::optional(box) : std::nullopt;
}

Projection projectMap(const ProjectionRequest& request, const Projection* previous, const LongWork& work)
{
    if (!request.snapshot)
        throw std::invalid_argument("projectMap: the request has no snapshot");
    Projection p = traitsOf(request.kind).place(request, previous, work);
    p.kind = request.kind;
    p.metric = request.metric;
    p.epoch = request.snapshot->epoch;
    return p;
}

std::optional<MapFaithfulness> measureFaithfulness(const ProjectionRequest& request, const Projection& projection,
                                                   const LongWork& work)
{
    constexpr int k = 10;
    const RowMatrixXf& all = request.table();
    std::vector<int> shown;
    for (int item : request.items)
        if (projection.isPlaced(item) && item < all.rows())
            shown.push_back(item);
    const auto rows = static_cast<Index>(shown.size());
    if (rows <= k + 1)
        return std::nullopt;
    RowMatrixXf chosen, map(rows, 2);
    if (rows != all.rows())
        chosen.resize(rows, all.cols());
    for (Index r = 0; r < rows; ++r) {
        const auto item = static_cast<std::size_t>(shown[static_cast<std::size_t>(r)]);
        if (rows != all.rows())
            chosen.row(r) = all.row(static_cast<Index>(item));
        map(r, 0) = static_cast<float>(projection.x[item]);
        map(r, 1) = static_cast<float>(projection.y[item]);
    }
    NeighboursKeptConfig config;
    config.metric = request.metric;
    config.k = k;
    config.seed = request.seed;
    config.threads = request.threads;
    MapFaithfulness f;
    f.kept = measureNeighboursKept(rows == all.rows() ? all : chosen, map, config, work);
    f.metric = request.metric;
    f.k = k;
    if (f.kept.cancelled)
        return std::nullopt;
    return f;
}

std::optional<MapPoint> placeQuery(const Projection& projection, const QueryVector& query,
                                   std::span<const Neighbour> nearest)
{
    if (projection.isEmpty())
        return std::nullopt;
    const PcaResult* pca = projection.pca.get();
    if (pca && query.isInItemSpace && pca->components.rows() == query.vector.size() && pca->components.cols() >= 2) {
        const Eigen::VectorXd centred = query.vector.cast<double>() - pca->mean;
        return MapPoint { centred.dot(pca->components.col(0)), centred.dot(pca->components.col(1)) };
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
    return MapPoint { x / weights, y / weights };
}

} // namespace embex::core
