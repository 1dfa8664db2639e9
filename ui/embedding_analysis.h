// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/analysis/query_vector.h"

#include <QPointF>

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace embex::ui {

/// Item embeddings on their first two principal components, in the shape the map draws.
struct Projection {
    std::vector<double> x, y;                   ///< one per item, dense order
    double explained[2] = { 0, 0 };             ///< fraction of variance on each axis
    std::shared_ptr<const core::PcaResult> pca; ///< kept to sign-align the next projection
    int epoch = 0;
    bool isEmpty() const { return x.empty(); }
};

/// core::computePca, aligned with `previous` so the map does not flip between epochs.
/// Safe on any thread. An empty projection when PCA has none to give (fewer than 2 dimensions).
Projection projectItems(const core::RowMatrixXf& items, const Projection* previous);

/// Where a new user's query goes on the map. A PCA projection places any vector of the item
/// space: (v − mean)·components, the same formula as every item. A layout without a formula for
/// new points (the neighbour layout), or a vector outside the item space (the MLP's user), puts
/// it at the mean of the positions of `nearest` (the user's top items, best first), weighted
/// 1/(rank + 1). nullopt when neither is possible.
std::optional<QPointF> placeQuery(const Projection& projection, const core::QueryVector& query,
                                  std::span<const core::Neighbour> nearest);

} // namespace embex::ui
