// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/train_data.h"
#include "core/optim/optimizer_registry.h"

#include <cstdint>
#include <string>
#include <vector>

namespace embex::core {

/// The models Embex trains. Names, labels, defaults and what applies to each are one row per kind
/// in core/models/model_registry.h; code that needs a fact about a kind reads that row.
enum class ModelKind { DotBias, Mlp, Softmax, Autoencoder, Als };

/// What to train and how. Defaults are overwritten per model by defaultTrainConfig().
struct TrainConfig {
    ModelKind model = ModelKind::DotBias;
    int dimension = 32;
    int epochs = 20;
    int batchSize = 1024;
    double learningRate = 0.01;
    double regularization = 0.0;
    OptimizerKind optimizer = OptimizerKind::Adam; ///< core/optim/optimizer_registry.h (als ignores it)
    int threads = 1;
    std::uint64_t seed = 42;
    int earlyStoppingPatience = 0;         ///< epochs without validation improvement before stopping; 0 = off
    bool ySquash = false;                  ///< dotbias: sigmoid onto [min-0.5, max+0.5]
    bool implicitTerm = false;             ///< dotbias: SVD++'s user term |N(u)|^-½·Σ_{j∈N(u)} y_j
    std::vector<int> hiddenLayers;         ///< mlp / softmax / autoencoder
    double initStd = 0.1;                  ///< standard deviation of the initial embedding entries
    double biasRegularizationFactor = 1.0; ///< dotbias / als: bias L2 = regularization × this
    double confidenceAlpha = 10.0;         ///< implicit ALS: confidence c = 1 + α·r
    double learningRateDecay = 1.0;        ///< learning rate × this after every epoch
    double inputDropout = 0.0; ///< autoencoder: fraction of a user's items hidden from the input while training
    /// softmax: negatives a batch shares, drawn by popularity with log-Q correction (sampled
    /// softmax); 0, or a catalogue no larger than this, trains the exact softmax over every item.
    int negativeSamples = 0;
    /// softmax / autoencoder (ModelTraits::usesSideFeatures): feed TrainData's user (and, for the
    /// softmax, item) features into the user tower. Ignored when the data has none.
    bool useSideFeatures = false;
};

} // namespace embex::core
