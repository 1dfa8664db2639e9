// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"
#include "core/models/embedding_snapshot.h"
#include "core/optim/row_optimizer.h"
#include "core/optim/train_config.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// What one batch did: mean loss over its examples and the ratings it covered (for ratings/s).
struct BatchResult {
    double loss = 0;
    std::size_t ratings = 0;
};

/// A trainable model as the trainer drives it. An epoch walks exampleCount() examples (ratings,
/// users, or ALS rows) in batches; the trainer owns order, timing, stop and divergence.
/// Not thread-safe: the trainer calls it from one thread (a model may use threads inside).
class Model {
public:
    virtual ~Model() = default;

    virtual std::size_t exampleCount() const = 0;
    /// False when the model orders its own examples: ALS solves all users, then all items;
    /// block SGD reads the indices as positions in its epoch plan.
    virtual bool shufflesExamples() const { return true; }
    /// Loss of an untrained model (≈ predicting the mean): the yardstick for "exploding".
    virtual double referenceLoss() const = 0;

    /// How many examples one trainBatch call should take, given config.batchSize. Block SGD asks
    /// for about one stratum, so its threads meet once per stratum rather than once per batch.
    virtual std::size_t examplesPerCall(std::size_t batchSize) const { return batchSize; }
    /// Called before every epoch (1-based), e.g. for a learning-rate schedule.
    virtual void beginEpoch(int epoch) { (void)epoch; }
    virtual BatchResult trainBatch(std::span<const std::uint32_t> examples) = 0;
    /// Rating models: r̂ for one pair. Ranking models return NaN.
    virtual float predict(std::uint32_t user, std::uint32_t item) const
    {
        (void)user;
        (void)item;
        return std::numeric_limits<float>::quiet_NaN();
    }
    /// Ranking models: mean loss on held-out ratings, or NaN when the model has none to offer.
    virtual double validationLoss(const RatingsTable& validation) const
    {
        (void)validation;
        return std::numeric_limits<double>::quiet_NaN();
    }
    /// Gradient checks (tests): the trainable tables, the loss summed over `examples` with its
    /// gradient accumulated into the tables (in float, the training path), and the same loss
    /// computed in double without touching gradients. Models without gradients (ALS) return
    /// no tables.
    virtual std::vector<SparseTable*> trainableTables() { return {}; }
    virtual double accumulateGradients(std::span<const std::uint32_t> examples, float scale)
    {
        (void)examples;
        (void)scale;
        return std::numeric_limits<double>::quiet_NaN();
    }
    virtual double exactLoss(std::span<const std::uint32_t> examples) const
    {
        (void)examples;
        return std::numeric_limits<double>::quiet_NaN();
    }

    /// A deep copy of the weights with every hyperparameter the scorer needs.
    virtual std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const = 0;
};

/// The model of kind config.model (its registry row's factory), initialised from config.seed.
/// Throws std::invalid_argument for a config that breaks a rule.
std::unique_ptr<Model> makeModel(const TrainData& data, const TrainConfig& config);

/// A config as the strings an EmbeddingSnapshot keeps ("dimension" → "32", "hidden_layers" →
/// "32,4"), so a session file can rebuild the model's scorer.
std::map<std::string, std::string> hyperparametersOf(const TrainConfig& config);

/// The config a snapshot's hyperparameters were written from (hyperparametersOf's inverse), for
/// showing what an opened session was trained with. Starts from `fallback`, so keys a session
/// lacks (older files; threads and early stopping, never stored) keep its values; nothing when
/// there is no known "model" (imported vectors) or a value is malformed.
std::optional<TrainConfig> trainConfigOf(const std::map<std::string, std::string>& hyperparameters,
                                         TrainConfig fallback);

} // namespace embex::core
