// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/pca.h"

#include <memory>
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

} // namespace embex::ui
