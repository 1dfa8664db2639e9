// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/dense_stack.h"
#include "core/models/model.h"
#include "core/optim/train_config.h"
#include "core/util/worker_team.h"

#include <memory>

namespace embex::core {

/// r̂ = MLP([p_u; q_i]): Dense+ReLU layers (config.hiddenLayers, default 32 and 4) over the
/// concatenated user and item embeddings, then a linear Dense(1) whose bias starts at the mean
/// rating. Loss per rating ½(r̂ − r)² + ½λ(‖p_u‖² + ‖q_i‖² + Σ_k‖W_k‖²) (layer biases free); one optimizer step per
/// minibatch, touching only the embedding rows in the batch. Snapshot: "user_embedding", "item_embedding" (d columns
/// each) and the layers "mlp_<k>_weight" / "mlp_<k>_bias".
class MlpModel final : public Model {
public:
    MlpModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.train.size(); }
    double referenceLoss() const override { return m_referenceLoss; }
    /// One batch on one thread; on a team, batches worth about 4096 examples (one hand-off).
    std::size_t examplesPerCall(std::size_t batchSize) const override;
    /// Trains `examples` as consecutive batches of config.batchSize, one optimizer step each.
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    float predict(std::uint32_t user, std::uint32_t item) const override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    std::vector<SparseTable*> trainableTables() override;
    double accumulateGradients(std::span<const std::uint32_t> examples, float scale) override;
    double exactLoss(std::span<const std::uint32_t> examples) const override;

private:
    /// One thread's share of a batch: its examples' inputs, passes and loss.
    struct Slice {
        RowMatrixXf input;
        DenseStack::Pass pass;
        RowMatrixXf gradOutput; // B×1
        double loss = 0;
    };
    /// Forward and backward over `examples` (the batch's rows [first, first + size)): the input
    /// gradient goes to those rows of m_gradInput, the layer gradients stay in the slice. Asks
    /// the cache for the optimizer state of the rows that ownerOf() gives `owner`.
    void forwardBackward(std::span<const std::uint32_t> examples, std::size_t first, Slice& slice, float scale,
                         std::size_t owners, std::size_t owner);
    /// Threads for a batch of `batch` examples: the team's, or 1 when slices would be too small.
    std::size_t threadsFor(std::size_t batch) const;
    /// Sums the first `threads` slices' layer gradients, adds the weight decay (reg per example)
    /// and steps the layers.
    void stepLayers(std::size_t threads, std::size_t batch, float reg);
    /// Adds m_gradInput (and the L2 term) to the tables' own gradient rows (gradient checks).
    void scatter(std::span<const std::uint32_t> examples, float reg);
    /// A batch's gradient of one table's rows, summed compactly: values.row(k) belongs to rows[k].
    /// Training never writes the tables' n×d gradients, whose rows would be one more cache miss
    /// to write and another to read and clear for every touched row.
    struct RowGradients {
        std::vector<Index> rows;
        RowMatrixXf values;
    };
    /// Sums m_gradInput (and the L2 term) into `users` and `items` for the rows that ownerOf()
    /// gives `owner`, then takes the optimizer step on those rows: threads that own different
    /// rows can update one batch's embeddings at once.
    void updateEmbeddings(std::span<const std::uint32_t> examples, float reg, std::size_t owners, std::size_t owner,
                          RowGradients& users, RowGradients& items);

    const TrainData& m_data;
    TrainConfig m_config;
    SparseTable m_users, m_items;
    DenseStack m_stack;
    RowOptimizer m_optimizer;
    double m_referenceLoss = 1;
    std::vector<Slice> m_slices;
    RowMatrixXf m_gradInput;                                    // B×2d
    std::unique_ptr<WorkerTeam> m_team;                         // config.threads > 1 only
    std::vector<RowGradients> m_userGradients, m_itemGradients; // per thread
    std::vector<std::int32_t> m_userSlot, m_itemSlot;           // a row's place in its RowGradients, or −1
};

} // namespace embex::core
