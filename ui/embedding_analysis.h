// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <vector>

namespace embex::ui {

/// Item embeddings projected onto their first two principal components.
struct Projection {
    std::vector<double> x, y;           ///< one per item, dense order
    double explained[2] = { 0, 0 };     ///< fraction of variance on each axis
    core::RowMatrixXf components;       ///< 2 × d, kept to sign-align the next projection
    int epoch = 0;
    bool isEmpty() const { return x.empty(); }
};

/// PCA of `items` (n × d), sign-aligned with `previous` so the map does not flip between epochs.
Projection projectItems(const core::RowMatrixXf& items, const Projection* previous);

enum class Metric { Cosine, Dot, Euclidean };

struct Neighbour {
    int item = -1;
    double similarity = 0; ///< euclidean: negative distance, so larger is always closer
};

/// The k items closest to `item`, itself excluded, skipping items with fewer than `minCount` ratings.
std::vector<Neighbour> nearestItems(const core::RowMatrixXf& items, int item, Metric metric, int k,
                                    const std::vector<int>* counts = nullptr, int minCount = 0);

} // namespace embex::ui
