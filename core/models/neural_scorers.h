// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/scorer.h"

namespace embex::core {

/// Scorers for the models whose score is not a plain dot product; makeScorer picks them by
/// modelKind. Each throws std::invalid_argument when the snapshot lacks a parameter it needs.
std::unique_ptr<Scorer> makeMlpScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);
std::unique_ptr<Scorer> makeSoftmaxScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);
std::unique_ptr<Scorer> makeAutoencoderScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);

} // namespace embex::core
