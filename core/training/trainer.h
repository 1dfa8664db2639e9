// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/epoch_report.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace embex::core {

/// What to train and how. Defaults are overwritten per model by defaultTrainConfig().
struct TrainConfig {
    std::string model = "dotbias"; ///< dotbias | mlp | softmax | autoencoder | als
    int dimension = 32;
    int epochs = 20;
    int batchSize = 1024;
    double learningRate = 0.01;
    double regularization = 0.0;
    std::string optimizer = "adam"; ///< sgd | adam | adagrad (als ignores it)
    int threads = 1;
    std::uint64_t seed = 42;
    int earlyStoppingPatience = 0; ///< epochs without validation improvement before stopping; 0 = off
    bool ySquash = false;          ///< dotbias: sigmoid onto [min-0.5, max+0.5]
    std::vector<int> hiddenLayers; ///< mlp / softmax / autoencoder
    // Added by the models work; defaults keep older callers valid.
    double initStd = 0.1;                  ///< standard deviation of the initial embedding entries
    double biasRegularizationFactor = 1.0; ///< dotbias / als: bias L2 = regularization × this
    double confidenceAlpha = 10.0;         ///< implicit ALS: confidence c = 1 + α·r
    double learningRateDecay = 1.0;        ///< learning rate × this after every epoch
    double inputDropout = 0.0;             ///< autoencoder: fraction of a user's items hidden from the input while training
    /// softmax: negatives a batch shares, drawn by popularity with log-Q correction (sampled
    /// softmax); 0, or a catalogue no larger than this, trains the exact softmax over every item.
    int negativeSamples = 0;
};

/// A config as the strings an EmbeddingSnapshot keeps ("dimension" → "32", "hidden_layers" →
/// "32,4"), so a session file can rebuild the model's scorer.
std::map<std::string, std::string> hyperparametersOf(const TrainConfig& config);

/// Whether a run of `config` on `itemCount` items trains the sampled softmax (whose training loss
/// is then the sampled one) rather than the exact loss.
bool usesSampledSoftmax(const TrainConfig& config, std::size_t itemCount);

/// The tuned defaults for a model kind, so a user who changes nothing gets a good model.
/// Throws std::invalid_argument for an unknown kind.
TrainConfig defaultTrainConfig(const std::string& model);

/// Ratings to learn from; indices are dense (0..userCount-1, 0..itemCount-1).
struct TrainData {
    RatingsTable train;
    RatingsTable validation; ///< may be empty: no validation metrics then
    std::size_t userCount = 0;
    std::size_t itemCount = 0;
    float ratingMin = 1;
    float ratingMax = 5;
    bool implicit = false;
};

/// Every callback runs on the training thread. batchFinished is throttled by the trainer
/// (at most ~20 calls a second, the last batch of an epoch always reported).
struct TrainCallbacks {
    std::function<void(long step, double loss)> batchFinished;
    std::function<void(const EpochReport&)> epochFinished;
    std::function<void(std::shared_ptr<const EmbeddingSnapshot>)> snapshotReady;
    /// Fraction of the epoch done (0..1), with the epoch number; for progress bars and ETA.
    std::function<void(int epoch, double fraction)> progress;
    /// While this is true the trainer waits between batches (pause); stop still works.
    const std::atomic<bool>* paused = nullptr;
};

struct TrainOutcome {
    enum class Status { Finished, Stopped, Diverged, EarlyStopped };
    Status status = Status::Finished;
    std::shared_ptr<const EmbeddingSnapshot> snapshot; ///< the last good one; null only if none was made
    std::vector<EpochReport> history;
    /// Diverged: "diverged at epoch 3 with learning rate 0.5: try 0.05". Otherwise a short summary.
    std::string message;
};

/// Trains a fresh model of config.model on data. Checks `stop` between batches; a stop returns
/// Status::Stopped with a snapshot of the weights at that moment. Throws std::invalid_argument for
/// a config that breaks a rule (dimension < 1, unknown model, fewer than 2 users or items).
TrainOutcome train(const TrainData& data, const TrainConfig& config, const TrainCallbacks& callbacks = {},
                   std::stop_token stop = {});

} // namespace embex::core
