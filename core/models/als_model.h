// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/explanation.h"
#include "core/models/model.h"
#include "core/optim/train_config.h"
#include "core/optim/user_items.h"

namespace embex::core {

/// Alternating least squares: every epoch solves all user rows with the items fixed, then all
/// item rows with the users fixed, one small Cholesky solve per row, rows in parallel over
/// config.threads (each row's solve is independent, so results do not depend on the count).
///
/// Explicit (biased), with damped weighted-λ regularisation: for user u with n_u ratings,
///   min Σ_i (r_ui − μ − b_i − b_u − p_u·q_i)² + λ·√(n_u·n̄)·(‖p_u‖² + β·b_u²), β = biasRegularizationFactor,
/// n̄ the mean ratings per user, solved as one (d+1)×(d+1) system for [p_u; b_u]; items alike
/// (n̄ per item). r̂ = μ + b_u + b_i + p_u·q_i. The penalty grows as √n rather than ALS-WR's n, so
/// heavy users and popular items are held back less: 0.0041 lower validation RMSE on ml-100k
/// (scripts/tune als), each exponent with its best λ. Snapshots keep the exponent and n̄ of users
/// ("regularization_exponent", "user_reference_count") for folding new users in.
/// λ = regularization × σ̂², where σ̂² is the variance the damped baseline biases leave
/// unexplained (a noise estimate, λ = σ²/σ²_prior): the same setting then fits quiet data such as
/// MovieLens (σ̂² ≈ 0.87) and noisy data such as the demo (σ̂² ≈ 1.66). The snapshot keeps the
/// effective value as "effective_regularization".
/// Implicit (TrainData::implicit), Hu–Koren–Volinsky: preference 1 for observed pairs, 0 elsewhere,
/// confidence c = 1 + α·r (α = confidenceAlpha):
///   p_u = (QᵀQ + Qᵀ(C_u − I)Q + λI)⁻¹ Qᵀ C_u 1,   with QᵀQ computed once per half-epoch.
/// An epoch's examples are the userCount + itemCount rows in order; a batch is a run of rows.
class AlsModel final : public Model {
public:
    AlsModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.userCount + m_data.itemCount; }
    bool shufflesExamples() const override { return false; }
    double referenceLoss() const override { return m_referenceLoss; }
    void beginEpoch(int epoch) override;
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    float predict(std::uint32_t user, std::uint32_t item) const override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    /// For tests: the gradient of row `row`'s objective (users first, then items) at its current
    /// value, in double. Zero (up to rounding) right after that row was solved.
    Eigen::VectorXd rowObjectiveGradient(std::uint32_t row) const;

    /// The exponent α of the penalty count n^α·n̄^(1−α).
    static constexpr double regularizationExponent = 0.5;
    /// λ's multiplier for a row with `ratings` ratings, n̄ = `reference`.
    static double penaltyCount(std::size_t ratings, double reference);

private:
    const TrainData& m_data;
    TrainConfig m_config;
    UserItems m_byUser, m_byItem;
    RowMatrixXf m_users, m_items;
    VectorXf m_userBias, m_itemBias;
    float m_mu = 0;
    double m_referenceLoss = 1;
    double m_lambda = 0;                             // effective λ
    double m_userReference = 1, m_itemReference = 1; // mean ratings per user, per item
    Eigen::MatrixXd m_gram;                          // the fixed side's QᵀQ (implicit)
    int m_gramSide = -1;                             // 0: gram of items (for the user half), 1: of users
    std::vector<std::uint32_t> m_rowOrder;           // a batch's rows, largest first

    /// Solves one row in place and returns Σ ½e² (explicit) or Σ ½c(1 − x·y)² over its ratings.
    double solveRow(bool isUser, std::uint32_t index) const;
    void prepareGram(bool isUser);
    double baselineResidualVariance() const;
};

/// λ's multiplier for a new user with `ratings` ratings under an explicit ALS snapshot's rule
/// (n for snapshots that predate "regularization_exponent").
double alsPenaltyCount(const EmbeddingSnapshot& s, std::size_t ratings);

/// "Because you rated" for an ALS snapshot: the user's solve split over their rated items
/// (BecauseYouRated), with W_u built from the snapshot's item vectors and hyperparameters
/// ("implicit", "effective_regularization", "bias_regularization_factor", "confidence_alpha").
/// `rated` and `ratings` are the user's training items (dense, in range) and their values,
/// aligned; `raw` is μ + b_u + b_i + p_u·q_i from the stored vectors, which items + others sum to.
BecauseYouRated alsBecauseYouRated(const EmbeddingSnapshot& s, std::uint32_t item, std::span<const std::uint32_t> rated,
                                   std::span<const float> ratings, double raw);

} // namespace embex::core
