// SPDX-License-Identifier: MIT
#include "core/models/model.h"

#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"

namespace embex::core {

std::unique_ptr<Model> makeModel(const TrainData& data, const TrainConfig& config)
{
    return traitsOf(config.model).make(data, config);
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
        { "model", std::string(modelName(c.model)) },
        { "dimension", std::to_string(c.dimension) },
        { "epochs", std::to_string(c.epochs) },
        { "batch_size", std::to_string(c.batchSize) },
        { "learning_rate", numberText(c.learningRate) },
        { "learning_rate_decay", numberText(c.learningRateDecay) },
        { "regularization", numberText(c.regularization) },
        { "bias_regularization_factor", numberText(c.biasRegularizationFactor) },
        { "optimizer", c.optimizer },
        { "seed", std::to_string(c.seed) },
        { "init_std", numberText(c.initStd) },
        { "y_squash", c.ySquash ? "true" : "false" },
        { "hidden_layers", hidden },
        { "confidence_alpha", numberText(c.confidenceAlpha) },
        { "input_dropout", numberText(c.inputDropout) },
        { "negative_samples", std::to_string(c.negativeSamples) },
        { "side_features", c.useSideFeatures ? "true" : "false" },
    };
}

} // namespace embex::core
