// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/embedding_snapshot.h"
#include "core/models/model_registry.h"
#include "core/optim/train_config.h"
#include "core/training/epoch_report.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace embex::core {

/// Every callback runs on the training thread. Reports are thinned here, once, so a receiver
/// passes each on as it comes: batch losses and progress at most one per reportInterval, the
/// last batch of every epoch always; snapshots at most one per snapshotInterval, the last always.
struct TrainCallbacks {
    /// The mean loss of the batches since the previous report; `step` counts batches from 1.
    std::function<void(long step, double loss)> batchFinished;
    std::function<void(const EpochReport&)> epochFinished;
    std::function<void(std::shared_ptr<const EmbeddingSnapshot>)> snapshotReady;
    /// Fraction of the epoch done (0..1), with the epoch number; for progress bars and ETA.
    /// Called just before the batchFinished it goes with.
    std::function<void(int epoch, double fraction)> progress;
    std::chrono::milliseconds reportInterval { 50 };
    /// 0: every epoch's snapshot. A held-back snapshot is dropped for a newer one; the run's
    /// last (the outcome's, on a finish or a stop) always goes.
    std::chrono::milliseconds snapshotInterval { 0 };
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
