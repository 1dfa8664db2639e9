// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"
#include "core/models/dense_stack.h"
#include "core/models/model.h"
#include "core/optim/train_config.h"
#include "core/optim/user_items.h"

namespace embex::core {

/// Multi-hot autoencoder (denoising, after Mult-DAE). For user u with training items N(u):
///   h = Σ_{j ∈ kept(u)} W_j / √|kept(u)|   (Dense without bias on the normalised multi-hot;
///                                             row W_j is item j's embedding, items×d)
///   logits = decoder(h): Dense+ReLU per hidden layer, then Dense(items) (bias = log-odds of
///            item popularity at start);  loss = Σ_items BCE(σ(logits), 1[item ∈ N(u)])
///            + ½λ(Σ_k‖W_k‖² of the decoder).
/// kept(u) drops each item with probability inputDropout while training (all items when scoring).
/// An example is a user. Snapshot: "item_embedding" (W) and "decoder_<k>_weight/bias".
///
/// With side features (config.useSideFeatures and TrainData user features), as in the Keras
/// notebook it follows: the items' layer is concatenated with the user's attributes,
/// h = [Σ W_j/√n | userFeatures_u] (d + F), then the dense layers and the sigmoid over all items.
/// Snapshot: "user_features" (users×F) and the hyperparameter "user_feature_encoding".
class AutoencoderModel final : public Model {
public:
    AutoencoderModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.userCount; }
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
    SparseTable m_items;
    DenseStack m_decoder;
    RowOptimizer m_optimizer;
    Rng m_rng;
    double m_referenceLoss = 1;
    std::vector<std::vector<std::uint32_t>> m_kept; // per batch example: the items fed in
    Index m_userFeatureCount = 0;                   // F; 0 without side features

    void chooseInputs(std::span<const std::uint32_t> users, bool dropout);
    RowMatrixXf encode(std::span<const std::uint32_t> users) const;
};

} // namespace embex::core
