// SPDX-License-Identifier: MIT
#include "core/models/model.h"

#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"

#include <type_traits>

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
        { "optimizer", std::string(optimizerName(c.optimizer)) },
        { "seed", std::to_string(c.seed) },
        { "init_std", numberText(c.initStd) },
        { "y_squash", c.ySquash ? "true" : "false" },
        { "implicit_term", c.implicitTerm ? "true" : "false" },
        { "hidden_layers", hidden },
        { "confidence_alpha", numberText(c.confidenceAlpha) },
        { "input_dropout", numberText(c.inputDropout) },
        { "negative_samples", std::to_string(c.negativeSamples) },
        { "side_features", c.useSideFeatures ? "true" : "false" },
    };
}

std::optional<TrainConfig> trainConfigOf(const std::map<std::string, std::string>& h, TrainConfig c)
{
    const auto model = h.find("model");
    if (model == h.end())
        return std::nullopt;
    const std::optional<ModelKind> kind = findModelKind(model->second);
    if (!kind)
        return std::nullopt;
    c.model = *kind;
    try {
        const auto number = [&](const char* key, auto& into) {
            if (h.count(key))
                into = static_cast<std::remove_reference_t<decltype(into)>>(hyperparameterNumber(h, key));
        };
        const auto flag = [&](const char* key, bool& into) {
            if (const auto it = h.find(key); it != h.end())
                into = it->second == "true";
        };
        number("dimension", c.dimension);
        number("epochs", c.epochs);
        number("batch_size", c.batchSize);
        number("learning_rate", c.learningRate);
        number("learning_rate_decay", c.learningRateDecay);
        number("regularization", c.regularization);
        number("bias_regularization_factor", c.biasRegularizationFactor);
        number("seed", c.seed);
        number("init_std", c.initStd);
        number("confidence_alpha", c.confidenceAlpha);
        number("input_dropout", c.inputDropout);
        number("negative_samples", c.negativeSamples);
        flag("y_squash", c.ySquash);
        flag("implicit_term", c.implicitTerm);
        flag("side_features", c.useSideFeatures);
        if (const auto it = h.find("optimizer"); it != h.end()) {
            const std::optional<OptimizerKind> optimizer = findOptimizerKind(it->second);
            if (!optimizer)
                return std::nullopt;
            c.optimizer = *optimizer;
        }
        if (h.count("hidden_layers"))
            c.hiddenLayers = hyperparameterList(h, "hidden_layers");
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
    return c;
}

} // namespace embex::core
