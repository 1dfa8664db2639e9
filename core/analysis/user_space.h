// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/analysis/neighbour_layout.h"
#include "core/data/ratings_table.h"
#include "core/models/embedding_snapshot.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace embex::core {

/// Where a model's users come from.
enum class UserVectorSource {
    Table,     ///< the snapshot's "user_embedding": dot+bias, ALS, the MLP, vectors imported with users
    UserTower, ///< built from each user's rated items by the model: the softmax's ψ(x), the autoencoder's h
    None,      ///< item vectors imported without user vectors: there are no users to place
};

/// Every user of a model as one vector, for the users' map and a user's nearest users.
struct UserSpace {
    UserVectorSource source = UserVectorSource::None;
    /// n_users × d, row u = dense user u; null when the model has none or the work was cancelled.
    /// Table: shares the snapshot's matrix (no copy).
    std::shared_ptr<const RowMatrixXf> vectors;
    /// Each user's ratings among those the vectors were made from (the training ratings).
    std::vector<std::uint32_t> ratings;
    /// The vectors live in the item space. False for the MLP, whose user table is a separate input
    /// of its network: the map shows the table itself, and the network reads a user only through
    /// p_u·W_u (its first layer's user half), so nearby users score alike but not by cosine.
    bool isInItemSpace = true;
    std::string method;  ///< what a row is, one phrase for people
    std::string whyNone; ///< None: why this model has no user vectors, and which kinds have them
    bool cancelled = false;

    bool hasVectors() const { return vectors != nullptr; }
};

/// Which source the snapshot's users come from (cheap: no vectors are made).
UserVectorSource userVectorSource(const EmbeddingSnapshot& snapshot);

/// Every user's vector: the snapshot's user table, or for a model that builds its user from
/// their items (softmax, autoencoder) each user's query vector from their rated items in
/// `ratings` (and their row of "user_features" when the model was trained with attributes),
/// exactly ModelScorer::queryVector of those picks, on `threads` threads (a user with no
/// ratings gets the model's "nobody"). `ratings` are the training ratings, dense indices below
/// `userCount` and the item count. Progress runs on the calling thread, at most once in 50 ms;
/// a stop returns with `cancelled` set and no vectors. A model with none returns source None
/// and `whyNone`. Throws std::invalid_argument when the user table's rows are not `userCount`.
UserSpace computeUserSpace(std::shared_ptr<const EmbeddingSnapshot> snapshot, const RatingsTable& ratings,
                           std::size_t userCount, bool implicitData, int threads = 1, const LongWork& work = {});

/// The k users closest to `user` by cosine in the user space, best first, the user left out;
/// users with fewer than `minRatings` ratings are skipped. Empty without vectors. Throws
/// std::invalid_argument for a user out of range or k < 1.
std::vector<Neighbour> nearestUsers(const UserSpace& space, std::uint32_t user, int k, std::uint32_t minRatings = 0);

} // namespace embex::core
