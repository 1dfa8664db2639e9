// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/attribute_table.h"
#include "core/models/embedding_snapshot.h"

#include <map>
#include <string>
#include <vector>

namespace embex::core {

/// Whether a new user's own attributes (age, gender, …) reach the snapshot's model. Only the
/// softmax and the autoencoder trained with user attributes have an input for them (the tower's,
/// the decoder's). Rating models (dot+bias, ALS, the MLP) and imported vectors predict from user
/// and item vectors alone, and a softmax or autoencoder trained without attributes learned
/// nothing from them: for those, whyNot says so in a sentence for a tooltip or an error.
struct UserAttributeInput {
    AttributeEncoding encoding; ///< the columns the model was trained on; empty unless accepts()
    std::string whyNot;

    bool accepts() const { return whyNot.empty(); }
};
UserAttributeInput userAttributeInput(const EmbeddingSnapshot& snapshot);

/// A new user's raw attributes by column name ("age" → "35", "gender" → "F", a multi-valued one
/// as "Action|Comedy"), encoded exactly as training encoded its users (standardised numbers,
/// one-hot categories); an attribute not given is unknown and encodes as zeros, like a user the
/// training table did not list. No attributes give an empty vector (any model). Throws
/// std::invalid_argument naming the attribute for a name the model was not trained on (listing
/// those it was), a number attribute given text, a category value training never saw (listing
/// those it saw); and with whyNot when attributes are given to a model that takes none.
std::vector<float> encodeNewUserAttributes(const EmbeddingSnapshot& snapshot,
                                           const std::map<std::string, std::string>& attributes);

} // namespace embex::core
