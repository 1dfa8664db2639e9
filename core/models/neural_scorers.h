// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/attribute_table.h"
#include "core/models/scorer.h"

namespace embex::core {

/// Scorers for the models whose score is not a plain dot product; their registry rows make them.
/// Each throws std::invalid_argument when the snapshot lacks a parameter it needs.
std::unique_ptr<ModelScorer> makeMlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);
std::unique_ptr<ModelScorer> makeSoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);
std::unique_ptr<ModelScorer> makeAutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);

/// Scores every item (out.size() == item count) for a user the model knows only by what is given:
/// `ratedItems` (dense indices; empty for a brand-new user: cold start) and `userFeatures`, the
/// user's attributes encoded by userAttributeEncoding(*snapshot).encode(...) (empty = unknown,
/// the same as all zeros): the query vector of those, scored. Only kinds whose registry row
/// usesSideFeatures (the softmax and the autoencoder) build a user from these; a model trained
/// without user features ignores them. Throws std::invalid_argument for another kind or a
/// feature count the model was not trained on.
void scoreFromAttributes(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::span<const std::uint32_t> ratedItems,
                         std::span<const float> userFeatures, std::span<float> out);

/// How the snapshot's model encodes user attributes ("user_feature_encoding"); empty when it
/// was trained without them.
AttributeEncoding userAttributeEncoding(const EmbeddingSnapshot& snapshot);

} // namespace embex::core
