// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"
#include "core/models/embedding_snapshot.h"
#include "core/models/explanation.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// Explains the score of `item` for `user` (dense indices): the kind's ModelScorer::explain, checked
/// against its own scoreItems. ratedItems are the user's training items, as Scorer::scoreItems
/// takes them (softmax and autoencoder build the user from them); ratings, when given, are their
/// training ratings, aligned. Explanation::because lists the rated items' shares of the score for
/// the softmax and the autoencoder, and for ALS when the ratings are given (its solve weighs them).
/// Throws std::invalid_argument for an index out of range, a snapshot without user vectors where
/// the model needs them (imported item-only embeddings), a snapshot whose shapes disagree, or
/// ratings that are not one per rated item.
Explanation explainPrediction(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::uint32_t user, std::uint32_t item,
                              std::span<const std::uint32_t> ratedItems, std::span<const float> ratings = {});

/// A user's training ratings, in table order: what explainPrediction takes.
struct UserRatings {
    std::vector<std::uint32_t> items;
    std::vector<float> ratings;
};
UserRatings ratingsOfUser(const RatingsTable& table, std::uint32_t user);

/// "Because you rated": the `shown` rated items with the largest |share|, then one line for the
/// rest, and the parts no rated item carries; empty when the explanation has none. itemName
/// gives an item's id and title for a dense index.
std::string becauseText(const Explanation& explanation, const std::function<std::string(std::uint32_t)>& itemName,
                        std::size_t shown = 10);

/// The explanation as aligned text, one term a line, ending in "= prediction", for the CLI and
/// the window. userId and itemId are the raw ids shown beside the rows.
std::string explanationText(const Explanation& explanation, const std::string& userId, const std::string& itemId,
                            const std::string& itemTitle = {});

} // namespace embex::core
