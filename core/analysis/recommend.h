// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/data/ratings_table.h"
#include "core/models/scorer.h"

#include <cstdint>
#include <span>
#include <vector>

namespace embex::core {

/// The dense items `user` rated in `ratings`, ascending, each once. One pass over the table
/// (about 20 ms for 25 million ratings), so callers may ask per click.
std::vector<std::uint32_t> itemsRatedBy(const RatingsTable& ratings, std::uint32_t user);

/// The n items the model scores highest for `user` (best first, ties by ascending index),
/// leaving out `ratedItems` — the user's training items, which the scorer also receives (models
/// that build the user from their items need them). score is the model's output: a predicted
/// rating for dot+bias, ALS and MLP, a logit or probability for retrieval models. Fewer than n
/// come back when the catalogue has fewer unrated items. Throws std::invalid_argument when n < 1,
/// the scorer cannot score users (imported item-only embeddings), or the user is out of range.
/// ratingCounts (size itemCount, or empty) and minRatings: the popularity floor, as topItems;
/// allowed: the items that may be recommended, as topItems.
std::vector<Neighbour> recommendForUser(const Scorer& scorer, std::uint32_t user,
                                        std::span<const std::uint32_t> ratedItems, std::size_t itemCount, int n,
                                        std::span<const std::uint32_t> ratingCounts = {}, std::uint32_t minRatings = 0,
                                        std::span<const std::uint8_t> allowed = {});

/// The n best of `scores` (one per item; best first, ties by ascending index), leaving out
/// `excluded` items, NaN scores and, when ratingCounts is given, items with fewer than minRatings
/// ratings: rating models rank rarely rated items by their large, barely estimated biases
/// otherwise (on ml-latest-small, five films with 2 to 11 ratings topped a user's list).
/// allowed (one entry per item, or empty) leaves out the items whose entry is 0 (an ItemFilter's
/// mask) before the n best are taken. Throws std::invalid_argument when n < 1 or allowed has
/// the wrong size.
std::vector<Neighbour> topItems(std::span<const float> scores, std::span<const std::uint32_t> excluded, int n,
                                std::span<const std::uint32_t> ratingCounts = {}, std::uint32_t minRatings = 0,
                                std::span<const std::uint8_t> allowed = {});

} // namespace embex::core
