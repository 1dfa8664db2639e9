// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/split.h"
#include "core/optim/train_config.h"
#include "core/training/trainer.h"
#include "core/training/training_run.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// A setting tuning can vary: its grid name ("dim", "reg"), what it is, and which models use it.
struct TunableParameter {
    std::string_view name;
    std::string_view hint; ///< "embedding dimension", for help texts and the dialog
    bool isInteger;        ///< values are rounded and must be ≥ 1 (dim, epochs, batch), or ≥ 0 (negatives)
    bool (*appliesTo)(ModelKind);
    void (*apply)(TrainConfig&, double);
    double (*read)(const TrainConfig&);
};

/// Every tunable parameter, in the order help texts list them.
std::span<const TunableParameter> tunableParameters();
/// The parameters `kind` uses, in that order.
std::vector<const TunableParameter*> tunableParametersOf(ModelKind kind);
/// "dim, epochs, reg, lr, …": the names `kind` accepts, for error messages.
std::string tunableParameterList(ModelKind kind);

/// A grid: each parameter with the values to try. Trials are the Cartesian product.
struct TuneGrid {
    struct Axis {
        const TunableParameter* parameter = nullptr;
        std::vector<double> values; ///< at least one, in the order written, no repeats
    };
    std::vector<Axis> axes;
    std::size_t size() const; ///< trials in the full product (1 for an empty grid)
};

/// What parseTuneGrid made: the grid, or why not ("unknown parameter 'depth' for dotbias: it takes dim, …").
struct GridParse {
    TuneGrid grid;
    std::string error;
    bool ok() const { return error.empty(); }
};

/// "dim=32,64,128;reg=0.02,0.05,0.1": parameters split by ';', values by ','. A parameter the
/// model does not use, a repeated parameter, an empty value list, a value that is not a number
/// (or not a positive whole number for an integer parameter) is an error naming it.
GridParse parseTuneGrid(std::string_view text, ModelKind kind);

/// The validation figure trials are ranked by: "rmse", "mae" (lower is better) or a ranking
/// figure at k = 10 ("precision_at_10", "ndcg_at_10", …; higher is better).
struct TuneMetric {
    std::string key;
    bool isLowerBetter = false;
    /// True when score() of a better trial is larger, for any metric.
    double score(double value) const { return isLowerBetter ? -value : value; }
};
/// The metric named `text` ("rmse", "ndcg@10", "ndcg_at_10") for `kind` on such data, or an error:
/// rating errors need a rating model on explicit ratings; ranking figures are at k = 10 (the
/// cut-off validation uses). Empty text: rmse for a rating model, precision@10 for a ranking one.
struct MetricParse {
    TuneMetric metric;
    std::string error;
    bool ok() const { return error.empty(); }
};
MetricParse parseTuneMetric(std::string_view text, ModelKind kind, bool implicitData);
/// The metrics parseTuneMetric accepts for `kind`: "rmse, mae, precision@10, …".
std::string tuneMetricList(ModelKind kind, bool implicitData);

/// The settings of every trial: each row holds one value per grid axis. randomTrials = 0: the
/// whole product in order (the last axis varies fastest). Otherwise min(randomTrials, size)
/// distinct rows drawn without replacement with `seed`: the same seed gives the same rows.
std::vector<std::vector<double>> tuneTrialSettings(const TuneGrid& grid, int randomTrials, std::uint64_t seed);

/// The validation split a trial trains on, carved from the training part only: for a rating
/// model a random 10 % of `train`, for a ranking model 10 random ratings of each user with more
/// than 10 (as scripts/tune does). Both parts keep the dense indices of `train`.
Split carveValidation(const RatingsTable& train, bool isRankingModel, std::uint64_t seed);
/// "random 0.1 seed 42" or "per-user 10 random seed 42": what carveValidation did.
std::string carveLabel(bool isRankingModel, std::uint64_t seed);

struct TuneSpec {
    TrainConfig base; ///< the model and every setting the grid leaves alone
    TuneGrid grid;
    TuneMetric metric;
    int randomTrials = 0;    ///< 0: the whole grid
    std::uint64_t seed = 42; ///< random sampling and the validation carve
};

struct TuneTrial {
    int index = 0;              ///< 0-based, in the order trials ran
    std::vector<double> values; ///< one per grid axis
    TrainConfig config;
    TrainOutcome outcome;                     ///< trained on the carved training part, validated on the carve
    std::map<std::string, double> validation; ///< the kept epoch's figures (and ranking ones asked for)
    double value = 0;                         ///< the metric on the validation carve; NaN when training diverged
    double seconds = 0;
    /// "dim=64 reg=0.05"
    std::string settingsLabel(const TuneGrid& grid) const;
};

struct TuneOutcome {
    enum class Status { Finished, Stopped };
    Status status = Status::Finished;
    std::vector<TuneTrial> trials; ///< every finished trial; a stop keeps those before it
    int best = -1;                 ///< index into trials of the best validation score; -1 when none scored
    /// The best settings retrained on the whole training part and validated once on its test
    /// part; empty (no snapshot) after a stop or without a best trial.
    TrainOutcome final;
    TrainConfig finalConfig;
    std::map<std::string, double> test; ///< the final run's figures on the test part
    double finalSeconds = 0;
};

/// A finished trial as a run to keep, "dotbias trial 3: dim=64 reg=0.05", on `split` (the
/// carve's label); its last epoch carries the trial's validation figures.
TrainingRun trialRun(const TuneTrial& trial, const TuneGrid& grid, std::string split);
/// The retrained best as a run, "dotbias best: dim=64 reg=0.05", on `split` (the test split's
/// label); null snapshot when there was no final run.
TrainingRun bestRun(const TuneOutcome& outcome, const TuneGrid& grid, std::string split);

/// Every callback runs on the tuning thread.
struct TuneCallbacks {
    std::function<void(int trial, int trials)> trialStarted;
    std::function<void(const TuneTrial&)> trialFinished;
    /// The best settings are being retrained on the whole training part.
    std::function<void(const TrainConfig&)> finalStarted;
    /// Fraction (0..1) of the current training's epochs, thinned by the trainer.
    std::function<void(int epoch, double fraction)> progress;
};

/// Tunes `spec.base.model` on data: each trial trains on carveValidation(data.train) and is
/// scored on the carve (never on data.validation); the best is retrained on data.train and
/// scored once on data.validation (when it has ratings). With early stopping, the final run
/// trains for the epoch count the best trial kept, so the test part never chooses an epoch.
/// A stop between or during trials returns Stopped with the finished trials and no final run.
/// Throws std::invalid_argument when a trial's config breaks a rule (train()'s own).
TuneOutcome tune(const TrainData& data, const TuneSpec& spec, const TuneCallbacks& callbacks = {},
                 std::stop_token stop = {});

} // namespace embex::core
