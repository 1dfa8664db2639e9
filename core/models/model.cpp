// SPDX-License-Identifier: MIT
#include "core/models/model.h"

#include "core/models/dot_bias_model.h"
#include "core/training/trainer.h"

#include <stdexcept>

namespace embex::core {

std::unique_ptr<Model> makeModel(const TrainData& data, const TrainConfig& config)
{
    if (config.model == "dotbias")
        return std::make_unique<DotBiasModel>(data, config);
    throw std::invalid_argument("model must be dotbias, mlp, softmax, autoencoder or als, not '" + config.model + "'");
}

} // namespace embex::core
