// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"
#include "core/models/model.h"
#include "core/models/scorer.h"
#include "core/optim/user_items.h"

namespace embex::core {

struct RatingErrors {
    double rmse = 0;
    double mae = 0;
    double mse = 0;
};

/// RMSE and MAE of model.predict over `ratings` (NaN when empty). Predictions are clipped to
/// [ratingMin, ratingMax] first, as Surprise and LIBMF's evaluators do: a rating outside the
/// scale is never the better guess.
RatingErrors ratingErrors(const Model& model, const RatingsTable& ratings, float ratingMin, float ratingMax);

struct RankingMetrics {
    double precision = 0; ///< mean over evaluated users of hits / k
    double recall = 0;    ///< mean over evaluated users of hits / (held-out items)
    long users = 0;       ///< users with at least one held-out item
};

/// precision@k and recall@k: for every user with held-out items, the top k items by score among
/// the items they did not rate in training (topLists and evaluateLists of
/// core/training/ranking_metrics.h, which also give NDCG, MAP, MRR and beyond-accuracy figures).
/// Users are scored in parallel over `threads`; the result does not depend on the thread count.
RankingMetrics rankingMetrics(const Scorer& scorer, const UserItems& train, const UserItems& heldOut,
                              std::size_t itemCount, int k, int threads = 1);

/// The same metrics for the "most popular items first" baseline (popularity = training count).
RankingMetrics popularityMetrics(const UserItems& train, const UserItems& heldOut, std::size_t itemCount, int k);

} // namespace embex::core
