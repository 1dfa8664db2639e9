// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "core/models/explanation.h"
#include "core/models/user_query.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace embex::core {

/// Scores every item for one user. Thread-safe for reads.
class Scorer {
public:
    virtual ~Scorer() = default;
    /// out.size() == item count. ratedItems are the user's training items (dense indices):
    /// models that build the user from their items (softmax, autoencoder) need them.
    virtual void scoreItems(std::uint32_t user, std::span<const std::uint32_t> ratedItems,
                            std::span<float> out) const = 0;
    /// False for models that cannot score users (imported item-only embeddings).
    virtual bool canScoreUsers() const { return true; }
    /// Scores items [firstItem, firstItem + out.cols()) for users [firstUser, firstUser + out.rows())
    /// into out (row r: user firstUser + r) as one matrix product, equal to scoreItems' up to float
    /// rounding: every user's top k at once (core/training/ranking_metrics.h). False, out untouched,
    /// for models without one (those that build a user from their items); indices must be in range.
    virtual bool scoreBlock(std::uint32_t firstUser, Index firstItem, Eigen::Ref<RowMatrixXf> out) const
    {
        (void)firstUser;
        (void)firstItem;
        (void)out;
        return false;
    }
};

/// Everything a trained model of one kind answers about users: scoring a known user, folding in
/// a new one (queryVector, scoreQuery) and explaining a score. Each registry row's makeScorer
/// makes its kind's; every question is pure virtual, so a new kind answers each or refuses it
/// with a message (std::invalid_argument), and nothing falls through to another kind's answer.
/// Thread-safe for reads.
class ModelScorer : public Scorer {
public:
    /// The query vector of a user the model never saw, who picked `picks` (dense indices in range,
    /// each once) and has the encoded attributes `userFeatures` (empty = unknown, as zeros; a
    /// model trained without them ignores them). core/analysis/query_vector.h says what each kind
    /// computes. Throws std::invalid_argument when the kind cannot fold in.
    virtual QueryVector queryVector(std::span<const PickedItem> picks, bool implicitData,
                                    std::span<const float> userFeatures) const = 0;
    /// The score of every item (out.size() == item count) for a query vector of this model, as
    /// scoreItems gives for a trained user.
    virtual void scoreQuery(const QueryVector& query, std::span<float> out) const = 0;

    /// Fills e.formula, e.vectors, e.terms and e.squash with how the model scores `item` for
    /// `user` (indices in range; explainPrediction checks them and fills the rest). Throws
    /// std::invalid_argument when the model cannot explain a user's score (no user vectors).
    virtual void explain(std::uint32_t user, std::uint32_t item, std::span<const std::uint32_t> ratedItems,
                         Explanation& e) const = 0;
    /// The probability the model gives `item` from every item's score (scoreItems' output): the
    /// softmax over all items, σ(logit) for the autoencoder; none for models that predict ratings.
    virtual std::optional<double> probability(std::span<const float> scores, std::uint32_t item) const = 0;
};

/// The scorer for a snapshot's model kind: its registry row's, or for importedModelKind the
/// dot-product scorer of item vectors alone. Throws std::invalid_argument for a kind no row has
/// and when the snapshot lacks the parameters its kind needs.
std::unique_ptr<ModelScorer> makeScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot);

/// How a dot-product model folds in a new user's ratings (DotProductScorer::queryVector).
struct DotFoldIn {
    /// The hyperparameter holding the training's λ, and λ when the snapshot has none.
    const char* regularizationKey = "regularization";
    double regularizationFallback = 0;
    /// On implicit data: every other item is a target-0 example weighted so they add up to this
    /// many per positive, as training sampled them (0: none).
    int implicitNegatives = 0;
    /// On implicit data: Hu–Koren–Volinsky's confidence-weighted solve instead (implicit ALS).
    bool isConfidenceWeighted = false;
};

/// r̂ = μ + b_u + b_i + p_u·q_i with whichever bias terms the snapshot has (dot+bias, ALS,
/// imported item embeddings, which cannot score users), folding new users in as `foldIn` says.
std::unique_ptr<ModelScorer> makeDotProductScorer(std::shared_ptr<const EmbeddingSnapshot> snapshot,
                                                  const DotFoldIn& foldIn);

} // namespace embex::core
