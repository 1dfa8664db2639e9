// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// One addend of a score: "b_i", "p_u,17·q_i,17", "Σ the other 123 dimensions".
struct ExplanationTerm {
    std::string symbol; ///< "μ", "b_u", "p·q[17]", "Σ rest", "h·w[3]"
    std::string label;  ///< for people: "item bias (row 49)", "dimension 17: 0.51 × 0.41"
    double value = 0;
};

/// A vector the prediction passed through: an embedding row, the user's encoded attributes, a
/// layer's activations, ψ(x).
struct ExplanationVector {
    std::string label; ///< "p_u: user embedding, row 0", "hidden layer 1 (ReLU, 32 units)"
    std::vector<float> values;
    /// One per value when the values are attribute features ("age", "gender=F", "genres=Action",
    /// AttributeEncoding::featureNames()); empty for embeddings and layers.
    std::vector<std::string> names {};
};

/// How a snapshot's model made one (user, item) score, with its own numbers.
///
/// Every model's score ends in a sum: raw = Σ terms. Dot+bias and ALS: μ + b_u + b_i + Σ_k p_uk·q_ik
/// (the five dimensions with the largest |p_uk·q_ik|, then the sum of the rest); the MLP's output
/// unit: b + Σ_j h_j·w_j over the last hidden layer; softmax: b_j + Σ_k ψ(x)_k·v_jk; autoencoder:
/// the item's logit b_j + Σ_k h_k·W_kj. A softmax or autoencoder trained with side features shows
/// the tower's whole input as its parts: the bag of rated items, the mean item features of those
/// items (softmax), and the user's encoded attributes, each part with its feature names. A dot+bias model trained with
/// y_squash then maps the sum to lo + (hi − lo)·σ(raw). `prediction` is what the model's own Scorer::scoreItems
/// returned, so composed() == prediction (within float rounding) is the check that nothing was left out.
struct Explanation {
    std::string modelKind;
    std::uint32_t userRow = 0; ///< dense user index: the row of the user embedding
    std::uint32_t itemRow = 0; ///< dense item index: the row of the item embedding
    Index dimension = 0;
    std::string formula; ///< "r̂ = μ + b_u + b_i + Σ_k p_uk·q_ik"

    std::vector<ExplanationVector> vectors; ///< inputs and layers in the order the model used them
    std::vector<ExplanationTerm> terms;     ///< the addends of the raw score, largest |value| first
                                            ///< among the dimensions; biases first
    double raw = 0;                         ///< Σ terms, in double

    struct Squash {
        double low = 0, high = 0; ///< prediction = low + (high − low)·σ(raw)
    };
    std::optional<Squash> squash;
    /// Softmax: e^s_j / Σ_l e^s_l over all items; autoencoder: σ(logit). Rating models have none.
    double probability = 0;
    bool hasProbability = false;

    float prediction = 0; ///< the model's own score (Scorer::scoreItems) for this item
    int rank = 0;         ///< 1 + the number of items the model scores higher, among all items
    int itemCount = 0;

    /// The score rebuilt from the terms alone: raw, then the squash when there is one.
    double composed() const;
};

/// How many dimensions (or hidden units) an explanation names one by one; the rest are summed.
inline constexpr int explainedDimensions = 5;

/// Explains the score of `item` for `user` (dense indices). ratedItems are the user's training
/// items, as Scorer::scoreItems takes them (softmax and autoencoder build the user from them).
/// Throws std::invalid_argument for an index out of range, a snapshot without user vectors where
/// the model needs them (imported item-only embeddings), or a snapshot whose shapes disagree.
Explanation explainPrediction(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::uint32_t user, std::uint32_t item,
                              std::span<const std::uint32_t> ratedItems);

/// The explanation as aligned text, one term a line, ending in "= prediction", for the CLI and
/// the window. userId and itemId are the raw ids shown beside the rows.
std::string explanationText(const Explanation& explanation, const std::string& userId, const std::string& itemId,
                            const std::string& itemTitle = {});

} // namespace embex::core
