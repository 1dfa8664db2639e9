// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/eigen_types.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace embex::core {

/// How alike two runs place the same items: for each item, the share of its k nearest
/// neighbours (cosine) that the two item spaces have in common. Two seeds of one model show how
/// much of a space is noise; two models show whether they learned the same thing.
struct NeighbourAgreement {
    int k = 10;
    std::size_t items = 0;  ///< items compared: those at or above the popularity floor
    double meanOverlap = 0; ///< mean over the compared items of |N_a(i) ∩ N_b(i)| / k, in [0, 1]
    /// Per compared item (dense index, overlap), in item order: for the selected item's view and
    /// for finding the items on which the runs disagree most.
    std::vector<std::uint32_t> comparedItems;
    std::vector<float> overlaps;
};

/// The agreement of item spaces `a` and `b` (n × d_a and n × d_b: the same n items, in the same
/// dense order; dimensions may differ). Neighbours are searched among the items with at least
/// `minRatings` ratings (ratingCounts, size n; empty means no floor), as the window's neighbour
/// list does. Throws std::invalid_argument when the row counts differ, k < 1, the counts have the
/// wrong size, or fewer than k + 1 items pass the floor.
NeighbourAgreement neighbourAgreement(const RowMatrixXf& a, const RowMatrixXf& b, int k,
                                      std::span<const std::uint32_t> ratingCounts = {}, std::uint32_t minRatings = 0,
                                      int threads = 1);

/// |a ∩ b| / max(|a|, |b|) over two neighbour lists (items only, order ignored); 0 when both are empty.
double neighbourOverlap(std::span<const Neighbour> a, std::span<const Neighbour> b);

} // namespace embex::core
