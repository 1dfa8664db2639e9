// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace embex::core {

/// One item a new user picked: its dense index and the rating given (1 = liked on implicit data).
struct PickedItem {
    std::uint32_t item = 0;
    float rating = 1;
};

/// A user the model never saw, as the model itself would represent them (ModelScorer::queryVector).
struct QueryVector {
    /// ψ(X) for the softmax, the encoder's h for the autoencoder, p_u for dot+bias, ALS and the MLP.
    VectorXf vector;
    float bias = 0; ///< b_u where the model has user biases (dot+bias, explicit ALS), else 0
    /// Whether `vector` lives in the item embedding's space, so it can be projected onto the map.
    /// False for the MLP, whose user embedding is a separate input of the network.
    bool isInItemSpace = true;
    std::string method; ///< how it was obtained, one phrase for people ("user tower", "fold-in …")
    /// The user's encoded attributes (encodeNewUserAttributes), empty when none were given. The
    /// softmax's ψ already holds them; the autoencoder's decoder takes them beside h, so
    /// ModelScorer::scoreQuery needs them.
    std::vector<float> userFeatures;
};

} // namespace embex::core
