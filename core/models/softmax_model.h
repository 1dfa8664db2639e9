// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/dense_stack.h"
#include "core/models/model.h"
#include "core/training/trainer.h"
#include "core/training/user_items.h"

namespace embex::core {

/// Softmax retrieval (the two-tower "softmax model" of Google's recommendation course).
/// For a training rating (u, i) the query is built from u's other rated items:
///   x = mean_{j ∈ N(u), j ≠ i} E_j,  ψ = tower(x) (Dense+ReLU per hidden layer, then Dense(d)),
///   logits = V·ψ + b over every item, loss = −log softmax(logits)_i + ½λ(‖V_i‖² + Σ_k‖W_k‖²).
/// E (items×d) is the input embedding, V (items×d) the output one, exported as "item_embedding"
/// since it is what ranks items; E as "input_embedding", b as "item_bias", the tower as
/// "tower_<k>_weight/bias". Ranking model: metrics are precision@10 / recall@10.
class SoftmaxModel final : public Model {
public:
    SoftmaxModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.train.size(); }
    bool isRanking() const override { return true; }
    double referenceLoss() const override { return m_referenceLoss; }
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    std::vector<SparseTable*> trainableTables() override;
    double accumulateGradients(std::span<const std::uint32_t> examples, float scale) override;
    double exactLoss(std::span<const std::uint32_t> examples) const override;

private:
    const TrainData& m_data;
    TrainConfig m_config;
    UserItems m_byUser;
    SparseTable m_input, m_output, m_bias; // E, V, b (items×1)
    DenseStack m_tower;
    RowOptimizer m_optimizer;
    double m_referenceLoss = 1;

    /// The leave-one-out mean input for each example (B×d).
    RowMatrixXf queryInputs(std::span<const std::uint32_t> examples) const;
};

} // namespace embex::core
