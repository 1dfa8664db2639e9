// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// The modelKind of item embeddings imported from a file rather than trained here.
inline constexpr std::string_view importedModelKind = "imported";

struct NamedMatrix {
    std::string name;
    RowMatrixXf value;
};

/// An immutable copy of a model's weights, published by the trainer after every epoch and on
/// stop, and read by analysis, the UI and session files. Never aliased with live weights.
///
/// Parameter names shared by every model (others are model-specific):
///   "item_embedding" n_items × d (row i = dense item i), required
///   "user_embedding" n_users × d, when the model has one
///   "item_bias" n_items × 1, "user_bias" n_users × 1, "global_bias" 1 × 1, when present
struct EmbeddingSnapshot {
    std::string modelKind; ///< a model registry name ("dotbias", "als", …) or importedModelKind
    std::map<std::string, std::string> hyperparameters;
    int epoch = 0;
    std::vector<NamedMatrix> parameters;

    const RowMatrixXf* parameter(std::string_view name) const
    {
        for (const NamedMatrix& p : parameters)
            if (p.name == name)
                return &p.value;
        return nullptr;
    }
    /// The parameter, or std::invalid_argument "<kind> snapshot lacks the parameter '<name>'".
    const RowMatrixXf& required(std::string_view name) const
    {
        if (const RowMatrixXf* m = parameter(name))
            return *m;
        throw std::invalid_argument(modelKind + " snapshot lacks the parameter '" + std::string(name) + "'");
    }
    const RowMatrixXf& itemEmbeddings() const
    {
        static const RowMatrixXf empty;
        const RowMatrixXf* m = parameter("item_embedding");
        return m ? *m : empty;
    }
    const RowMatrixXf* userEmbeddings() const { return parameter("user_embedding"); }
};

} // namespace embex::core
