// SPDX-License-Identifier: MIT
// defaultTrainConfig and hyperparametersOf: the tuned defaults per model kind.
#include "core/training/trainer.h"

#include "core/models/hyperparameter_text.h"

#include <cstdio>
#include <stdexcept>

namespace embex::core {
namespace {

    std::string number(double value) { return numberText(value); }

} // namespace

TrainConfig defaultTrainConfig(const std::string& model)
{
    TrainConfig c;
    c.model = model;
    if (model == "dotbias") {
        // Tuned on the five ml-100k splits (scripts/quality).
        c.dimension = 64;
        c.epochs = 40;
        c.batchSize = 4096;
        c.optimizer = "sgd";
        c.learningRate = 0.01;
        c.regularization = 0.1;
        c.initStd = 0.1;
    } else if (model == "mlp") {
        c.dimension = 32;
        c.epochs = 20;
        c.batchSize = 256;
        c.optimizer = "adam";
        c.learningRate = 0.001;
        c.regularization = 1e-4;
        c.hiddenLayers = { 32, 4 };
        c.initStd = 0.05;
    } else if (model == "softmax") {
        c.dimension = 32;
        c.epochs = 20;
        c.batchSize = 256;
        c.optimizer = "adam";
        c.learningRate = 0.003;
        c.regularization = 0;
        c.hiddenLayers = { 64 };
        c.initStd = 0.05;
    } else if (model == "autoencoder") {
        c.dimension = 64;
        c.epochs = 30;
        c.batchSize = 32;
        c.optimizer = "adam";
        c.learningRate = 0.002;
        c.regularization = 0;
        c.hiddenLayers = { 64 };
        c.initStd = 0.05;
    } else if (model == "als") {
        c.dimension = 32;
        c.epochs = 15;
        c.batchSize = 256;
        c.optimizer = "sgd";
        c.learningRate = 1;
        c.regularization = 0.1;
        c.initStd = 0.1;
    } else {
        throw std::invalid_argument("model must be dotbias, mlp, softmax, autoencoder or als, not '" + model + "'");
    }
    return c;
}

std::map<std::string, std::string> hyperparametersOf(const TrainConfig& c)
{
    std::string hidden;
    for (int h : c.hiddenLayers) {
        if (!hidden.empty())
            hidden += ',';
        hidden += std::to_string(h);
    }
    return {
        { "model", c.model },
        { "dimension", std::to_string(c.dimension) },
        { "epochs", std::to_string(c.epochs) },
        { "batch_size", std::to_string(c.batchSize) },
        { "learning_rate", number(c.learningRate) },
        { "learning_rate_decay", number(c.learningRateDecay) },
        { "regularization", number(c.regularization) },
        { "bias_regularization_factor", number(c.biasRegularizationFactor) },
        { "optimizer", c.optimizer },
        { "seed", std::to_string(c.seed) },
        { "init_std", number(c.initStd) },
        { "y_squash", c.ySquash ? "true" : "false" },
        { "hidden_layers", hidden },
        { "confidence_alpha", number(c.confidenceAlpha) },
    };
}

} // namespace embex::core
