// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/eigen_types.h"
#include "core/models/embedding_snapshot.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// An item and its score on some axis (a principal component, a bias).
struct ScoredItem {
    std::uint32_t item;
    double score;
};

/// The items at both ends of a score.
struct ItemEnds {
    std::vector<ScoredItem> low;  ///< lowest score first
    std::vector<ScoredItem> high; ///< highest score first
};

/// The `count` lowest and highest of `scores` (size n) among the items with at least `minRatings`
/// ratings (`ratingCounts` size n; empty: every item counts). Non-finite scores are skipped; ties
/// go to the lower index. When fewer than 2 × count items qualify the two lists share items.
/// Throws std::invalid_argument when count < 0 or ratingCounts has another size.
ItemEnds extremeItems(const Eigen::Ref<const Eigen::VectorXf, 0, Eigen::InnerStride<>>& scores, int count,
                      std::span<const std::uint32_t> ratingCounts = {}, std::uint32_t minRatings = 0);

/// Whether an item vector's length says how popular the item is rather than what it is like:
/// the Pearson correlation of ‖q_i‖ and ln(ratings of i) over the items with at least one rating.
struct NormPopularity {
    struct Point {
        std::uint32_t item;
        std::uint32_t ratings; ///< ≥ 1
        float norm;            ///< ‖q_i‖
    };
    /// In [-1, 1]; NaN when undefined (fewer than 3 rated items, or either side constant).
    double correlation = std::numeric_limits<double>::quiet_NaN();
    Index items = 0;           ///< rated items the correlation is over
    std::vector<Point> points; ///< for a scatter: every rated item, or an even spread of them
    bool hasCorrelation() const { return !std::isnan(correlation); }
};

/// Throws std::invalid_argument when ratingCounts is not of size n.
NormPopularity normPopularity(Eigen::Ref<const RowMatrixXf> items, std::span<const std::uint32_t> ratingCounts,
                              Index maxPoints = 20000);

struct AxesConfig {
    int components = 5;   ///< at least 1; fewer are computed when d is smaller
    int itemsPerEnd = 10; ///< at least 1
    /// The ends and the bias lists leave out items with fewer ratings: rare items sit at the
    /// extremes by noise (a film rated once at 5 has the top bias). Not applied without counts.
    std::uint32_t minRatings = defaultNeighbourMinRatings;
    /// Ratings per item (size n), or empty for vectors without ratings (imported): then no floor
    /// and no norm/popularity correlation.
    std::span<const std::uint32_t> ratingCounts {};
    /// n × 1 item biases (dot+bias, explicit ALS), or null when the model has none.
    const RowMatrixXf* itemBias = nullptr;
    /// The previous result's PCA: axes that point against it flip, so lists do not swap ends
    /// between epochs.
    const PcaResult* alignWith = nullptr;
    Index maxScatterPoints = 20000;
};

struct PrincipalAxis {
    int index = 0; ///< 1 for PC1
    double explainedVarianceRatio = 0;
    ItemEnds ends; ///< by coordinate on the axis
};

/// What the axes of an item space (n × d) and its biases mean. The PCA is fitted on every item,
/// like the map's, so its PC1 and PC2 are the map's axes; only the lists obey the floor.
struct EmbeddingAxes {
    std::vector<PrincipalAxis> components; ///< PC1 first
    PcaResult pca;                         ///< the fit behind them (min(components, d) axes)
    std::optional<ItemEnds> bias;          ///< by item bias, when the model has biases
    NormPopularity normPopularity;         ///< empty without rating counts
    std::uint32_t minRatings = 0;          ///< the floor the lists obey (0 without counts)
    Index eligible = 0;                    ///< items that pass it
    /// Empty when valid; otherwise why there are no axes ("only 1 item …; PCA needs 2").
    std::string problem;
    bool isValid() const { return problem.empty(); }
};

/// Cost: the PCA (O(n·d²)) and a few passes over n. Safe on any thread. Throws
/// std::invalid_argument for components or itemsPerEnd < 1, or inputs of the wrong size.
EmbeddingAxes computeEmbeddingAxes(Eigen::Ref<const RowMatrixXf> items, const AxesConfig& config);

/// The same for a snapshot: its "item_embedding", and its "item_bias" when it has one (the
/// config's itemBias is replaced).
EmbeddingAxes computeEmbeddingAxes(const EmbeddingSnapshot& snapshot, AxesConfig config);

/// A title short enough for an axis label: "Clockwork Orange, A (1971)" → "Clockwork Orange",
/// "Raiders of the Lost Ark (1981)" at 12 → "Raiders…". Drops a trailing "(year)" and a trailing
/// ", The"-style article, then cuts at a word boundary (never inside a UTF-8 character) and
/// ends with "…" when longer than maxBytes.
std::string shortTitle(std::string_view title, std::size_t maxBytes = 20);

/// The snapshot's n × 1 "item_bias", or null.
const RowMatrixXf* itemBiasOf(const EmbeddingSnapshot& snapshot);

} // namespace embex::core
