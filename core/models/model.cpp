// SPDX-License-Identifier: MIT
#include "core/models/model.h"

#include "core/models/als_model.h"
#include "core/models/dot_bias_model.h"
#include "core/models/mlp_model.h"
#include "core/models/softmax_model.h"
#include "core/training/trainer.h"

#include <stdexcept>

namespace embex::core {

std::unique_ptr<Model> makeModel(const TrainData& data, const TrainConfig& config)
{
    if (config.model == "dotbias")
        return std::make_unique<DotBiasModel>(data, config);
    if (config.model == "als")
        return std::make_unique<AlsModel>(data, config);
    if (config.model == "softmax")
        return std::make_unique<SoftmaxModel>(data, config);
    if (config.model == "mlp")
        return std::make_unique<MlpModel>(data, config);
    throw std::invalid_argument("model must be dotbias, mlp, softmax, autoencoder or als, not '" + config.model + "'");
}

} // namespace embex::core
