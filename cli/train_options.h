// SPDX-License-Identifier: MIT
#pragma once

#include "cli/command_line.h"
#include "cli/side_features_argument.h"
#include "core/data/dataset.h"
#include "core/data/split.h"
#include "core/training/evaluation.h"
#include "core/training/trainer.h"
#include "core/util/json_writer.h"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace embex::cli {

/// What train's and compare's words asked for; a number left out keeps the chosen model's default.
struct TrainArguments {
    std::string file;
    std::optional<std::string> test, hidden, optimizer, metadata, perUserPick, before;
    std::optional<double> timeFraction;
    std::optional<int> dim, epochs, batch, threads, patience, negatives;
    std::optional<double> lr, lrDecay, reg, biasReg, initStd, alpha;
    std::optional<std::uint64_t> seed;
    double holdout = 0.2;
    int perUser = 10;
    bool hasHoldout = false, hasPerUser = false;
    bool json = false, ySquash = false, noYSquash = false, implicit = false, implicitTerm = false, quiet = false;
    SideFeatureArguments sideFeatures;
};

/// Declares the options train and compare share on `line`, bound to `a`: FILE, the split, the
/// hyperparameters, side features, --quiet and --json. --model and --save are each command's own.
void declareTrainOptions(CommandLine& line, TrainArguments& a);

/// `model`'s registry defaults with what the arguments set. Throws std::invalid_argument for an
/// unknown model or a malformed --hidden.
core::TrainConfig trainConfigFor(std::string_view model, const TrainArguments& a);

/// The split asked for, seeded with `seed`; nullopt after printing "embex-cli COMMAND: why" on err
/// (a usage error, exit 2).
std::optional<core::SplitSpec> splitSpecFor(const std::string& command, const TrainArguments& a, std::uint64_t seed,
                                            std::ostream& err);

/// FILE with its metadata (or --metadata's); nullptr after printing the problem on err (exit 1).
std::shared_ptr<core::Dataset> loadTrainingDataset(const std::string& command, const TrainArguments& a,
                                                   std::ostream& err);

/// What a run scored on its split: the test metrics of the epoch whose snapshot it kept, and for
/// ranking (or a per-user holdout) the most-popular baseline beside them.
struct RunScores {
    std::map<std::string, double> test;
    bool showsRanking = false;
    core::RankingMetrics baseline;
};
RunScores scoreRun(const core::TrainOutcome& outcome, const core::TrainData& data, const core::SplitSpec& spec,
                   const core::TrainConfig& config);

/// "finished", "stopped", "diverged", "early_stopped": the JSON status of a run.
const char* statusName(core::TrainOutcome::Status s);
/// The "params" object of train --json.
void writeParams(core::JsonWriter& json, const core::TrainConfig& c);

} // namespace embex::cli
