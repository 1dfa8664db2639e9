// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"

#include <cstdint>
#include <optional>
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

/// One rated item's share of a score ("Because you rated").
struct RatedItemShare {
    std::uint32_t item = 0;         ///< dense item index
    double value = 0;               ///< its share of the raw score (BecauseYouRated says what that means)
    std::optional<float> rating {}; ///< the user's training rating of it (1 for a like), when known
    /// Implicit ALS: the confidence c = 1 + α·r the solve weighed it with.
    std::optional<double> confidence {};
};

/// The user's rated items as parts of the score, for the kinds whose score splits over them:
///   ALS: p_u = W_u·Σ_j y_j·t_uj, W_u the user's own regularised inverse (explicit: over [y_j; 1]
///     with t_uj = r_uj − μ − b_j, so b_u splits too; implicit: Hu–Koren–Volinsky with t_uj = c_uj),
///     hence q_iᵀp_u = Σ_j q_iᵀW_u·y_j·t_uj; solved again from the snapshot's item vectors, so a
///     `rest` term holds how far the stored p_u (solved before the last item half-epoch) differs.
///   Softmax and autoencoder: the tower input is a sum of item rows, and a ReLU tower is linear
///     on the region of inputs that switch on the same units as this user's, so
///     score = g·x + c with g the gradient at x: item j's share is g·(its part of x), and c
///     (the biases through the active units, and the user's attributes) is not any item's.
///     Exact for this user; removing an item can switch units on or off, so a share is not what
///     the score would lose without it. With no hidden layer the tower is linear everywhere.
/// items + others sum to Explanation::raw.
struct BecauseYouRated {
    std::vector<RatedItemShare> items;    ///< largest |value| first
    std::vector<ExplanationTerm> others;  ///< the parts no rated item carries ("μ + b_i", "rest")
    std::string meaning;                  ///< what the shares are, for people
    bool isExactForThisInputOnly = false; ///< a ReLU tower: exact at this user's input only
    double total() const;                 ///< Σ items + Σ others
};

/// How a snapshot's model made one (user, item) score, with its own numbers.
///
/// Every model's score ends in a sum: raw = Σ terms. Dot+bias and ALS: μ + b_u + b_i + Σ_k p_uk·q_ik
/// (the five dimensions with the largest |p_uk·q_ik|, then the sum of the rest); the MLP's output
/// unit: b + Σ_j h_j·w_j over the last hidden layer; softmax: b_j + Σ_k ψ(x)_k·v_jk; autoencoder:
/// the item's logit b_j + Σ_k h_k·W_kj. A softmax or autoencoder trained with side features shows
/// the tower's whole input as its parts: the bag of rated items, the mean item features of those
/// items (softmax), and the user's encoded attributes, each part with its feature names. A dot+bias
/// model trained with y_squash then maps the sum to lo + (hi − lo)·σ(raw). `prediction` is what the
/// model's own Scorer::scoreItems returned, so composed() == prediction (within float rounding) is
/// the check that nothing was left out.
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

    /// The rated items' shares of raw, for ALS, softmax and autoencoder (see BecauseYouRated).
    std::optional<BecauseYouRated> because;

    float prediction = 0; ///< the model's own score (Scorer::scoreItems) for this item
    int rank = 0;         ///< 1 + the number of items the model scores higher, among all items
    int itemCount = 0;

    /// The score rebuilt from the terms alone: raw, then the squash when there is one.
    double composed() const;
};

/// How many dimensions (or hidden units) an explanation names one by one; the rest are summed.
inline constexpr int explainedDimensions = 5;

// The parts the scorers build their ModelScorer::explain from.

std::vector<float> explanationValues(const RowVectorXf& row);

/// Adds Σ_k left_k·right_k to e.terms: the explainedDimensions largest |products| one by one,
/// then one term for the rest (or every product when at most one would be left over). `unit`
/// names an index for people ("dimension", "unit", "input").
void addProducts(Explanation& e, const RowVectorXf& left, const RowVectorXf& right, const std::string& leftName,
                 const std::string& rightName, const std::string& unit);

/// One dense layer of a snapshot: "<prefix>k_weight" (in × out) and "<prefix>k_bias" (1 × out).
struct SnapshotLayer {
    const RowMatrixXf* weight;
    const RowMatrixXf* bias;
};
/// The snapshot's "<prefix>k_weight/_bias" layers; throws std::invalid_argument on inconsistent
/// shapes, as DenseStack::fromSnapshot does.
std::vector<SnapshotLayer> snapshotLayers(const EmbeddingSnapshot& s, const std::string& prefix);

/// Runs `x` through every layer but the last (ReLU after each), adding each activation to
/// e.vectors; returns the input of the last layer.
RowVectorXf explainHiddenLayers(const std::vector<SnapshotLayer>& layers, RowVectorXf x, Explanation& e);

/// The layers (ReLU after each but the last) as the affine map they are near input x:
/// output·direction = gradient·x + offset wherever the same hidden units are active as at x.
struct LocalLinear {
    RowVectorXf gradient; ///< ∂(output·direction)/∂x at x, 1 × input size
    double offset = 0;    ///< direction·(the layers at input 0 with x's units active): the biases' path
};
LocalLinear localLinear(const std::vector<SnapshotLayer>& layers, const RowVectorXf& x, const RowVectorXf& direction);

/// Sorts b.items by |value|, largest first.
void sortShares(BecauseYouRated& b);

/// The names of the features of the attribute encoding the snapshot keeps under `key`, when it
/// has `count` features; none when it lacks one or it does not parse (the values still show).
std::vector<std::string> featureNamesOf(const EmbeddingSnapshot& s, const char* key, Index count);

} // namespace embex::core
