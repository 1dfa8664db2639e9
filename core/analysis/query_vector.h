// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/eigen_types.h"
#include "core/models/embedding_snapshot.h"
#include "core/models/user_query.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// The query vector of a user who picked `picks` (dense indices, each once) and, for the softmax
/// and the autoencoder trained with user attributes, has the encoded attributes `userFeatures`
/// (encodeNewUserAttributes; empty = unknown, as zeros), from the model the snapshot holds, as
/// its kind's ModelScorer::queryVector computes it:
///   softmax: ψ = tower([mean E[picked] | mean item features[picked] | user features]), the
///     parts the model was trained with, exactly the scorer's (and training's) user;
///   autoencoder: h = Σ W[picked] / √n, the encoder applied to the multi-hot without dropout;
///     the decoder then takes [h | user features];
///   dot+bias, ALS (explicit), imported: fold-in, the [p; b] minimising
///     Σ_picked (r̂ − r)² + λ·n·(‖p‖² + β·b²) with the items held fixed, λ and β the training ones
///     (ALS: effective_regularization); unsquashed it is one linear solve, with y_squash it is
///     Gauss–Newton steps on the squashed residuals (the model's own loss); on implicit data
///     (dot+bias) every other item is a target-0 example weighted so they add up to the
///     training's implicitNegatives per positive;
///   ALS on implicit data: Hu–Koren–Volinsky's fold-in (QᵀQ + Qᵀ(C−I)Q + λI)⁻¹ QᵀC·1;
///   MLP: the same squared loss through the network, by Adam steps on p from the mean user.
/// An empty pick list gives the model's "nobody" (zero input or bias-only fit), or, with
/// attributes, the cold-start user those attributes alone describe. Throws std::invalid_argument
/// for an item out of range, a snapshot lacking what its kind needs, and attributes given to a
/// model that takes none (userAttributeInput's whyNot: rating models have no attribute input, and
/// a softmax or autoencoder trained without them would silently ignore them) or of the wrong count.
QueryVector queryVector(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks, bool implicitData,
                        std::span<const float> userFeatures = {});

/// The model's score for every item for that user, as Scorer::scoreItems gives for a trained
/// user (a predicted rating, or a logit for the softmax and the autoencoder): ModelScorer::scoreQuery.
std::vector<float> scoreQuery(const EmbeddingSnapshot& snapshot, const QueryVector& query);

/// A new user's query and their top n (topItems: picked items left out, the popularity floor
/// applied when ratingCounts is given, only `allowed` items when it is given). Attributes alone,
/// no picks: cold start.
struct NewUserRecommendations {
    QueryVector query;
    std::vector<Neighbour> top;
};
NewUserRecommendations recommendForNewUser(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks,
                                           bool implicitData, int n, std::span<const std::uint32_t> ratingCounts = {},
                                           std::uint32_t minRatings = 0, std::span<const float> userFeatures = {},
                                           std::span<const std::uint8_t> allowed = {});

/// Whether the snapshot's scores are predicted ratings (dot+bias, ALS and the MLP on explicit
/// data), which people should see clipped to the data's scale: a 5.4 on a 1–5 scale reads as a bug.
bool scoresArePredictedRatings(const EmbeddingSnapshot& snapshot, bool implicitData);

} // namespace embex::core
