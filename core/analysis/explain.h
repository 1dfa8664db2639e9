// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "core/models/explanation.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// Explains the score of `item` for `user` (dense indices): the kind's ModelScorer::explain, checked
/// against its own scoreItems. ratedItems are the user's training items, as Scorer::scoreItems
/// takes them (softmax and autoencoder build the user from them).
/// Throws std::invalid_argument for an index out of range, a snapshot without user vectors where
/// the model needs them (imported item-only embeddings), or a snapshot whose shapes disagree.
Explanation explainPrediction(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::uint32_t user, std::uint32_t item,
                              std::span<const std::uint32_t> ratedItems);

/// The explanation as aligned text, one term a line, ending in "= prediction", for the CLI and
/// the window. userId and itemId are the raw ids shown beside the rows.
std::string explanationText(const Explanation& explanation, const std::string& userId, const std::string& itemId,
                            const std::string& itemTitle = {});

} // namespace embex::core
