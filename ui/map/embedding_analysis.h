// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/analysis/neighbour_layout.h"
#include "core/analysis/pca.h"
#include "core/analysis/query_vector.h"
#include "core/models/embedding_snapshot.h"

#include <QPointF>

#include <QString>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace embex::ui {

/// How the map places items: PCA keeps the directions of largest variance (its axes mean
/// something); Neighbourhoods keeps each item's nearest neighbours near it (its axes mean nothing).
enum class ProjectionKind { Pca, Neighbourhoods };

struct ProjectionTraits {
    ProjectionKind kind;
    const char* name;  ///< settings and command line: "pca", "neighbours"
    const char* label; ///< the map bar's choice
    const char* keeps; ///< the choice's tooltip: what the picture keeps and what it loses
};
const ProjectionTraits& traitsOf(ProjectionKind kind);
const std::vector<ProjectionTraits>& projectionKinds();
/// By name ("pca", "neighbours"); Pca for anything else.
ProjectionKind projectionKindFromName(const QString& name);

/// What the map asks to be drawn: the snapshot's items, placed by `kind`. Neighbourhoods lays out
/// only `items` (the map's ratings filter); PCA places every item, as the map always drew it.
struct ProjectionRequest {
    std::shared_ptr<const core::EmbeddingSnapshot> snapshot;
    ProjectionKind kind = ProjectionKind::Pca;
    core::Metric metric = core::Metric::Cosine;
    std::vector<int> items; ///< dense indices passing the map's filter, ascending
    int minRatings = 0;     ///< the filter that chose `items`, for the caption
    std::uint64_t seed = 1;
    int threads = 1;
    /// Training is running: a layout continues the previous one (warm start) so the picture moves
    /// rather than jumps. Otherwise it starts afresh, so the map of a model does not depend on
    /// which of its epochs the map happened to draw, and is only turned to face the previous one.
    bool isLive = false;
    /// Same picture asked for, apart from the snapshot (the next epoch of one training run).
    bool isSameView(const ProjectionRequest& other) const;
};

/// Item embeddings placed in 2-D, in the shape the map draws.
struct Projection {
    ProjectionKind kind = ProjectionKind::Pca;
    core::Metric metric = core::Metric::Cosine;
    std::vector<double> x, y;                   ///< one per item, dense order; NaN: not placed
    double explained[2] = { 0, 0 };             ///< PCA: fraction of variance on each axis
    std::shared_ptr<const core::PcaResult> pca; ///< PCA: kept to sign-align the next projection
    bool approximateGraph = false;              ///< Neighbourhoods: built on an approximate k-NN graph
    bool warmStarted = false;                   ///< Neighbourhoods: continued from the previous layout
    /// Neighbourhoods: the k-NN graph laid out and the items it is over (the request's), so the
    /// next live update of the same items refines it instead of searching all pairs again.
    std::shared_ptr<const core::KnnGraph> graph;
    std::vector<int> graphItems;
    int epoch = 0;
    bool isEmpty() const { return x.empty(); }
    bool isPlaced(int item) const;
};

/// How faithful the drawn map is (core::measureNeighboursKept over the items shown).
struct MapFaithfulness {
    core::NeighboursKept kept;
    core::Metric metric = core::Metric::Cosine;
    int k = 10;
};

/// core::computePca, aligned with `previous` so the map does not flip between epochs.
/// Safe on any thread. An empty projection when PCA has none to give (fewer than 2 dimensions).
Projection projectItems(const core::RowMatrixXf& items, const Projection* previous);

/// core::computeNeighbourLayout of the requested items; `previous` (a layout of the same picture,
/// or null) is where a live request starts from, or what a fresh layout is aligned to. Safe on
/// any thread; empty when cancelled or when there are too few items.
Projection layOutItems(const ProjectionRequest& request, const Projection* previous, const core::LongWork& work);

/// The share of each shown item's 10 nearest neighbours (request's metric) that are among its 10
/// nearest points on the map; nullopt when fewer than 12 items are shown or when cancelled.
std::optional<MapFaithfulness> measureFaithfulness(const ProjectionRequest& request, const Projection& projection,
                                                   const core::LongWork& work);

/// Where a new user's query goes on the map. A PCA projection places any vector of the item
/// space: (v − mean)·components, the same formula as every item. A layout without a formula for
/// new points (the neighbour layout), or a vector outside the item space (the MLP's user), puts
/// it at the mean of the positions of `nearest` (the user's top items, best first), weighted
/// 1/(rank + 1). nullopt when neither is possible.
std::optional<QPointF> placeQuery(const Projection& projection, const core::QueryVector& query,
                                  std::span<const core::Neighbour> nearest);

} // namespace embex::ui
