// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"
#include "core/models/embedding_snapshot.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace embex::core {

enum class Metric {
    Cosine,    ///< q·x / (‖q‖‖x‖), in [-1, 1], higher is closer; a zero vector scores 0
    Dot,       ///< q·x, higher is closer
    Euclidean, ///< ‖q − x‖, lower is closer
};

/// "cosine", "dot", "euclidean"; nullopt for anything else.
std::optional<Metric> metricFromName(std::string_view name);
const char* metricName(Metric metric);

/// One hit: a dense item index and its score under the query's metric (similarity for cosine
/// and dot, distance for euclidean).
struct Neighbour {
    std::uint32_t item;
    float score;
};

/// The popularity floor the window and `embex-cli neighbors` start from: with no floor, items
/// rated a handful of times (whose vectors are mostly their initial noise) crowd the top 10 of
/// well-known items, e.g. a 2-rating film among Star Wars' neighbours on ml-100k.
constexpr std::uint32_t defaultNeighbourMinRatings = 10;

struct NeighborQuery {
    Metric metric = Metric::Cosine;
    int k = 10; ///< 1 ≤ k < item count
    /// Items with fewer ratings are skipped; needs the index to have rating counts.
    std::uint32_t minRatings = 0;
    /// One entry per item, 0 for an item to skip (an ItemFilter's mask), or empty: every item may
    /// come back. The top k are taken among the allowed items, not k taken and then thinned.
    std::span<const std::uint8_t> allowed {};
};

/// Nearest items in one snapshot's item space (n × d). Unit-length rows and squared norms are
/// computed once here, so a query costs one pass over the matrix: a top-10 over 62,000 × 64
/// takes about a millisecond. Large catalogues are scanned by all OpenMP threads. Immutable
/// after construction, so queries may run on any thread at once.
class NeighborIndex {
public:
    /// Shares the snapshot's item matrix (no copy). ratingCounts (size n, or empty) feed the
    /// popularity filter. Throws std::invalid_argument when the snapshot has no item embedding or
    /// the counts have the wrong size.
    explicit NeighborIndex(std::shared_ptr<const EmbeddingSnapshot> snapshot,
                           std::vector<std::uint32_t> ratingCounts = {});
    /// The same over a bare item matrix.
    explicit NeighborIndex(std::shared_ptr<const RowMatrixXf> items, std::vector<std::uint32_t> ratingCounts = {});

    Index itemCount() const { return m_items->rows(); }
    Index dimension() const { return m_items->cols(); }
    bool hasRatingCounts() const { return !m_ratingCounts.empty(); }
    std::uint32_t ratingCount(std::uint32_t item) const { return hasRatingCounts() ? m_ratingCounts[item] : 0; }
    const RowMatrixXf& items() const { return *m_items; }

    /// The k items closest to `item`, best first (ties by ascending index), the item itself
    /// excluded. Fewer than k come back when the popularity floor or the allowed mask leaves fewer.
    /// Throws std::invalid_argument when item is out of range, k < 1 or k ≥ n, minRatings > 0
    /// without counts, or an allowed mask of the wrong size.
    std::vector<Neighbour> neighbours(std::uint32_t item, const NeighborQuery& query = {}) const;
    /// The k items closest to an arbitrary vector of size d (nothing excluded but by popularity
    /// and the allowed mask).
    std::vector<Neighbour> nearest(const Eigen::Ref<const VectorXf>& vector, const NeighborQuery& query = {}) const;

private:
    std::shared_ptr<const RowMatrixXf> m_items;
    RowMatrixXf m_unitRows; // rows scaled to length 1 (zero rows stay zero)
    VectorXf m_squaredNorms;
    std::vector<std::uint32_t> m_ratingCounts;

    std::vector<Neighbour> search(const VectorXf& vector, std::optional<std::uint32_t> exclude,
                                  const NeighborQuery& query) const;
};

} // namespace embex::core
