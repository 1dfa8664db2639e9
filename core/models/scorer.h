// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"

#include <cstdint>
#include <memory>
#include <span>

namespace embex::core {

/// Scores every item for one user with the model a snapshot holds. Thread-safe for reads.
class Scorer {
public:
    virtual ~Scorer() = default;
    /// out.size() == item count. ratedItems are the user's training items (dense indices):
    /// models that build the user from their items (softmax, autoencoder) need them.
    virtual void scoreItems(std::uint32_t user, std::span<const std::uint32_t> ratedItems,
                            std::span<float> out) const = 0;
    /// False for models that cannot score users (imported item-only embeddings).
    virtual bool canScoreUsers() const { return true; }
};

/// The scorer for a snapshot's model kind. Throws std::invalid_argument when the snapshot lacks
/// the parameters its kind needs.
std::unique_ptr<Scorer> makeScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);

/// r̂ = μ + b_u + b_i + p_u·q_i with whichever bias terms the snapshot has (dot+bias, ALS,
/// imported item embeddings, which cannot score users).
std::unique_ptr<Scorer> makeDotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);

} // namespace embex::core
