// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/split.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/epoch_report.h"
#include "core/training/trainer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace embex::core {

/// One training run kept in a session, so that runs can be compared side by side: the model
/// and its settings (in the snapshot), how training went, and the split it was tested on.
struct TrainingRun {
    std::string name;                                  ///< "dotbias 1" when trained; the user may rename it
    std::shared_ptr<const EmbeddingSnapshot> snapshot; ///< model kind, hyperparameters, weights
    std::vector<EpochReport> history;
    /// splitLabel() of the split the run was trained and validated on. Runs with equal labels on
    /// the same dataset saw exactly the same ratings; empty when unknown (imported embeddings, a
    /// session written before runs were kept).
    std::string split;
    double seconds = 0;  ///< training time, pauses left out
    std::string outcome; ///< "finished", "stopped", "early stopped", "diverged"; empty when unknown

    /// The last epoch's validation metrics ("rmse", "mae", "precision_at_10", …); empty when the
    /// run had no validation set or no epoch.
    std::map<std::string, double> finalMetrics() const
    {
        return history.empty() ? std::map<std::string, double> {} : history.back().metrics;
    }
};

/// What a split is, canonically: "random 0.1 seed 42", "per-user 5 latest seed 42", "test file
/// u1.test", "none". Two runs on one dataset whose splits have the same label were trained and
/// tested on the same ratings. The test file is named by its file name only.
std::string splitLabel(const SplitSpec& spec);

/// "finished", "stopped", "early stopped", "diverged": TrainingRun::outcome.
std::string outcomeLabel(TrainOutcome::Status status);

/// A finished (or stopped) training as a run to keep: the outcome's snapshot and history.
TrainingRun makeTrainingRun(std::string name, const TrainOutcome& outcome, std::string split, double seconds);

} // namespace embex::core
