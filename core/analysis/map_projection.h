// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbour_layout.h"
#include "core/analysis/pca.h"
#include "core/analysis/query_vector.h"
#include "core/models/embedding_snapshot.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace embex::core {

/// How a map places items: PCA keeps the directions of largest variance (its axes mean
/// something); Neighbourhoods keeps each item's nearest neighbours near it (its axes mean nothing).
/// Adding one: an enum value, a row in projectionKinds() (map_projection.cpp) and its placing
/// function; the window's bar, the settings, the job and `embex-cli map` read the row.
enum class ProjectionKind { Pca, Neighbourhoods };

/// Which of a model's tables a map places: its items, or its users (core/analysis/user_space.h).
/// Both go through the same kinds, placement and measure; only the rows differ.
enum class PointSet { Items, Users };

struct ProjectionRequest;
struct Projection;

struct ProjectionTraits {
    ProjectionKind kind;
    const char* name;  ///< settings and command line: "pca", "neighbours"
    const char* label; ///< the map bar's choice (English; the window translates it)
    const char* keeps; ///< what the picture keeps and what it loses, for a tooltip
    /// Its axes are directions of the item space, so tick labels and axis titles mean something.
    bool hasMeaningfulAxes;
    /// Places only the request's items, and the picture depends on the metric, seed and threads;
    /// otherwise every item is placed the same way whatever the filter.
    bool placesOnlyRequestedItems;
    /// Long enough to show progress and offer cancel; a map drawn while training continues the
    /// previous one (warm start), and is laid out afresh once training ends.
    bool isIterative;
    int minimumItems; ///< fewer items than this cannot be placed
    /// Places the request's items; `previous` is the last answer to the same view (or null), for
    /// alignment or a warm start. Empty when cancelled or when there are too few items.
    Projection (*place)(const ProjectionRequest& request, const Projection* previous, const LongWork& work);
};

const std::vector<ProjectionTraits>& projectionKinds();
const ProjectionTraits& traitsOf(ProjectionKind kind);
/// By name ("pca", "neighbours"); nullopt for anything else.
std::optional<ProjectionKind> projectionKindFromName(std::string_view name);
/// "pca or neighbours", for usage messages.
std::string projectionNames();

/// What a map asks to be drawn: the rows of one table of the snapshot's model (its items, or its
/// users), placed by `kind`. A kind that places only requested rows lays out `items` (the map's
/// ratings filter); the others place every row. Below, "item" means a row of the table placed.
struct ProjectionRequest {
    std::shared_ptr<const EmbeddingSnapshot> snapshot;
    /// Items: the snapshot's item table. Users: `users`, every user's vector (computeUserSpace).
    PointSet points = PointSet::Items;
    std::shared_ptr<const RowMatrixXf> users; ///< n_users × d, for PointSet::Users
    ProjectionKind kind = ProjectionKind::Pca;
    Metric metric = Metric::Cosine;
    std::vector<int> items; ///< dense indices (of items, or of users) passing the map's filter, ascending
    int minRatings = 0;     ///< the filter that chose `items`, for the caption
    std::uint64_t seed = 1;
    int threads = 1;
    /// Training is running: an iterative layout continues the previous one (warm start) so the
    /// picture moves rather than jumps. Otherwise it starts afresh, so the map of a model does not
    /// depend on which of its epochs the map happened to draw, and is only turned to face the
    /// previous one.
    bool isLive = false;
    /// Same picture asked for, apart from the snapshot and its vectors (the next epoch of one run).
    bool isSameView(const ProjectionRequest& other) const;
    /// The table placed: the snapshot's item embedding, or `users`. Throws std::invalid_argument
    /// for PointSet::Users without vectors.
    const RowMatrixXf& table() const;
};

/// Item (or user) embeddings placed in 2-D, in the shape a map draws.
struct Projection {
    ProjectionKind kind = ProjectionKind::Pca;
    Metric metric = Metric::Cosine;
    std::vector<double> x, y;             ///< one per row of the table placed, dense order; NaN: not placed
    double explained[2] = { 0, 0 };       ///< PCA: fraction of variance on each axis
    std::shared_ptr<const PcaResult> pca; ///< PCA: kept to sign-align the next projection
    bool approximateGraph = false;        ///< Neighbourhoods: built on an approximate k-NN graph
    bool warmStarted = false;             ///< Neighbourhoods: continued from the previous layout
    /// Neighbourhoods: the k-NN graph laid out and the items it is over (the request's), so the
    /// next live update of the same items refines it instead of searching all pairs again.
    std::shared_ptr<const KnnGraph> graph;
    std::vector<int> graphItems;
    int epoch = 0;
    bool isEmpty() const { return x.empty(); }
    bool isPlaced(int item) const;
    /// The box around the placed ones of `items` (every placed item when `items` is empty), for
    /// fitting a view; nullopt when none is placed.
    std::optional<std::array<double, 4>> bounds(std::span<const int> items = {}) const; ///< x0, x1, y0, y1
};

/// Places the request's items as its kind says (the traits' `place`), stamped with the request's
/// kind, metric and epoch. `previous`: the last projection of the same view, or null. Safe on any
/// thread; empty when cancelled or when there are too few items. May throw std::bad_alloc.
Projection projectMap(const ProjectionRequest& request, const Projection* previous, const LongWork& work = {});

/// How faithful a drawn map is (measureNeighboursKept over the items shown).
struct MapFaithfulness {
    NeighboursKept kept;
    Metric metric = Metric::Cosine;
    int k = 10;
};

/// The share of each shown item's 10 nearest neighbours (request's metric) that are among its 10
/// nearest points on the map; nullopt when fewer than 12 items are shown or when cancelled.
std::optional<MapFaithfulness> measureFaithfulness(const ProjectionRequest& request, const Projection& projection,
                                                   const LongWork& work = {});

struct MapPoint {
    double x = 0, y = 0;
};

/// Where a new user's query goes on a map. A PCA projection places any vector of the item
/// space: (v − mean)·components, the same formula as every item. A layout without a formula for
/// new points (the neighbour layout), or a vector outside the item space (the MLP's user), puts
/// it at the mean of the positions of `nearest` (the user's top items, best first), weighted
/// 1/(rank + 1). nullopt when neither is possible.
std::optional<MapPoint> placeQuery(const Projection& projection, const QueryVector& query,
                                   std::span<const Neighbour> nearest);

} // namespace embex::core
