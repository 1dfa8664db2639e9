// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/dense_stack.h"
#include "core/models/model.h"
#include "core/training/trainer.h"

namespace embex::core {

/// r̂ = MLP([p_u; q_i]): Dense+ReLU layers (config.hiddenLayers, default 32 and 4) over the
/// concatenated user and item embeddings, then a linear Dense(1) whose bias starts at the mean
/// rating. Loss per rating ½(r̂ − r)² + ½λ(‖p_u‖² + ‖q_i‖² + Σ_k‖W_k‖²) (layer biases free); one optimizer step per minibatch,
/// touching only the embedding rows in the batch. Snapshot: "user_embedding", "item_embedding"
/// (d columns each) and the layers "mlp_<k>_weight" / "mlp_<k>_bias".
class MlpModel final : public Model {
public:
    MlpModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.train.size(); }
    bool isRanking() const override { return m_data.implicit; }
    double referenceLoss() const override { return m_referenceLoss; }
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    float predict(std::uint32_t user, std::uint32_t item) const override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    std::vector<SparseTable*> trainableTables() override;
    double accumulateGradients(std::span<const std::uint32_t> examples, float scale) override;
    double exactLoss(std::span<const std::uint32_t> examples) const override;

private:
    const TrainData& m_data;
    TrainConfig m_config;
    SparseTable m_users, m_items;
    DenseStack m_stack;
    RowOptimizer m_optimizer;
    double m_referenceLoss = 1;
    RowMatrixXf m_input; // B×2d, reused across batches
};

} // namespace embex::core
