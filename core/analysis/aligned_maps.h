// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"
#include "core/analysis/run_agreement.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// Two runs' maps of the same items, the second turned onto the first, so that an item placed
/// alike in both sits in the same spot, and how many of each item's k nearest neighbours (cosine,
/// full space) the two runs share.
struct AlignedMapsRequest {
    std::shared_ptr<const EmbeddingSnapshot> first, second; ///< n × d_a and n × d_b item vectors
    ProjectionKind kind = ProjectionKind::Pca;
    Metric metric = Metric::Cosine;          ///< what a neighbour layout keeps; the agreement is cosine
    std::vector<std::uint32_t> ratingCounts; ///< per item (size n); empty: no floor
    std::uint32_t minRatings = 0;            ///< items below it are neither drawn nor compared
    int k = 10;
    std::uint64_t seed = 1;
    int threads = 1;
};

struct AlignedMaps {
    /// Both place exactly the items at or above the floor (NaN elsewhere), `second` turned onto
    /// `first` by orthogonal Procrustes (rotation/reflection and shift, no scaling).
    Projection first, second;
    NeighbourAgreement agreement;
    /// Per item (size n): how many of its k neighbours the runs share, 0 … k; −1 below the floor.
    std::vector<int> shared;
    bool cancelled = false;
    /// Empty when the maps are valid; otherwise why there are none, in a sentence.
    std::string problem;
    bool isValid() const { return problem.empty() && !cancelled; }
};

/// Why `request` cannot be answered ("the runs have 500 and 480 items: …", a run without item
/// vectors, fewer than k + 1 items at or above the floor, PCA of one dimension), or empty.
/// Cheap: the window asks before it starts a job.
std::string alignedMapsProblem(const AlignedMapsRequest& request);

/// `request`'s items placed by projectMap and turned onto `reference` (a map of the same items by
/// another run). PCA: projected afresh, then orthogonal Procrustes. Neighbourhoods: laid out
/// starting from the reference's positions (projectMap's warm start), then Procrustes too.
/// Items outside request.items are NaN. Empty when cancelled or too few items.
Projection projectAligned(const ProjectionRequest& request, const Projection& reference, const LongWork& work = {});

/// Both maps and the agreement (core::neighbourAgreement over the items at or above the floor).
/// Safe on any thread; progress 0 … 1 on the calling thread. A problem (alignedMapsProblem) or a
/// cancel comes back in the result, never as an exception; may throw std::bad_alloc.
AlignedMaps alignRunMaps(const AlignedMapsRequest& request, const LongWork& work = {});

/// The compared items whose neighbourhoods differ most: fewest shared first, the most-rated first
/// among ties (ratingCounts per item, or empty), then by item.
std::vector<std::uint32_t> mostDifferentItems(const AlignedMaps& maps, std::span<const std::uint32_t> ratingCounts);

} // namespace embex::core
