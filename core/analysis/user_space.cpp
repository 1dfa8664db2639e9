// SPDX-License-Identifier: MIT
#include "core/analysis/user_space.h"

#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "core/optim/user_items.h"
#include "core/util/progress_throttle.h"
#include "core/util/worker_team.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>

namespace embex::core {
namespace {

    constexpr std::size_t usersPerTask = 64;
    constexpr std::size_t usersPerRound = 4096; // a stop is seen and progress said between rounds

    std::string noUserVectorsText()
    {
        return "These item vectors were imported without user vectors, so there are no users to place "
               "(import them with their user vectors: embex-cli import --users FILE, or answer Yes to "
               "\"Import user vectors as well?\"). Trained models all have users: dot+bias, ALS and the MLP "
               "learn a user table; the softmax and the autoencoder build each user from the items they "
               "rated (ψ(x)).";
    }

    void buildFromItems(UserSpace& space, const EmbeddingSnapshot& snapshot, const ModelScorer& scorer,
                        const UserItems& byUser, bool implicitData, int threads, const LongWork& work)
    {
        const std::size_t users = byUser.userCount();
        const RowMatrixXf* features = snapshot.parameter("user_features");
        auto vectors = std::make_shared<RowMatrixXf>();
        std::atomic<bool> failed { false };
        std::string failure;
        std::mutex failureMutex;
        auto place = [&](std::size_t user) {
            std::vector<PickedItem> picks;
            const auto items = byUser.items(user);
            const auto ratings = byUser.ratings(user);
            picks.reserve(items.size());
            for (std::size_t k = 0; k < items.size(); ++k)
                picks.push_back({ items[k], ratings[k] });
            std::span<const float> own;
            if (features && static_cast<Index>(user) < features->rows())
                own = { features->row(static_cast<Index>(user)).data(), static_cast<std::size_t>(features->cols()) };
            return scorer.queryVector(picks, implicitData, own);
        };
        // the first user says the dimension and how the vectors are made
        const QueryVector first = place(0);
        space.method = "each user's vector from their rated items — " + first.method;
        space.isInItemSpace = first.isInItemSpace;
        vectors->resize(static_cast<Index>(users), first.vector.size());
        vectors->row(0) = first.vector.transpose();
        WorkerTeam team(std::max(1, threads));
        ProgressThrottle<double> throttle;
        auto report = [&](double fraction) {
            if (work.progress)
                work.progress(fraction);
        };
        for (std::size_t from = 1; from < users; from += usersPerRound) {
            if (work.cancelled()) {
                space.cancelled = true;
                return;
            }
            const std::size_t to = std::min(users, from + usersPerRound);
            const std::size_t tasks = (to - from + usersPerTask - 1) / usersPerTask;
            team.run(tasks, [&](std::size_t task) {
                const std::size_t begin = from + task * usersPerTask, end = std::min(to, begin + usersPerTask);
                for (std::size_t u = begin; u < end && !failed.load(std::memory_order_relaxed); ++u) {
                    try {
                        vectors->row(static_cast<Index>(u)) = place(u).vector.transpose();
                    } catch (const std::exception& e) {
                        const std::lock_guard lock(failureMutex);
                        failure = e.what();
                        failed = true;
                    }
                }
            });
            if (failed)
                throw std::invalid_argument(failure);
            throttle.offer(static_cast<double>(to) / static_cast<double>(users), report);
        }
        throttle.flush(report);
        space.vectors = std::move(vectors);
    }

} // namespace

UserVectorSource userVectorSource(const EmbeddingSnapshot& snapshot)
{
    if (snapshot.userEmbeddings())
        return UserVectorSource::Table;
    // a trained kind without a user table builds its user from their items (ModelScorer::queryVector)
    return findModelKind(snapshot.modelKind) ? UserVectorSource::UserTower : UserVectorSource::None;
}

UserSpace computeUserSpace(std::shared_ptr<const EmbeddingSnapshot> snapshot, const RatingsTable& ratings,
                           std::size_t userCount, bool implicitData, int threads, const LongWork& work)
{
    if (!snapshot)
        throw std::invalid_argument("computeUserSpace: no snapshot");
    UserSpace space;
    space.source = userVectorSource(*snapshot);
    space.ratings.assign(userCount, 0);
    for (std::uint32_t u : ratings.users)
        if (u < userCount)
            ++space.ratings[u];
    switch (space.source) {
    case UserVectorSource::None: space.whyNone = noUserVectorsText(); return space;
    case UserVectorSource::Table: {
        const RowMatrixXf* table = snapshot->userEmbeddings();
        if (static_cast<std::size_t>(table->rows()) != userCount)
            throw std::invalid_argument("the user table has " + std::to_string(table->rows()) + " rows; the data has "
                                        + std::to_string(userCount) + " users");
        space.isInItemSpace = snapshot->modelKind != "mlp";
        space.method = space.isInItemSpace
            ? "the model's user table p_u (r̂ = … + p_u·q_i)"
            : "the MLP's user table p_u: an input of its network, not a vector of the item space";
        space.vectors = std::shared_ptr<const RowMatrixXf>(std::move(snapshot), table); // shares, no copy
        return space;
    }
    case UserVectorSource::UserTower: break;
    }
    if (userCount == 0)
        throw std::invalid_argument("computeUserSpace: the data has no users");
    const Index items = snapshot->itemEmbeddings().rows();
    for (std::uint32_t i : ratings.items)
        if (static_cast<Index>(i) >= items)
            throw std::invalid_argument("computeUserSpace: a rated item is out of the model's range");
    for (std::uint32_t u : ratings.users)
        if (u >= userCount)
            throw std::invalid_argument("computeUserSpace: a rating's user is out of range");
    const auto scorer = makeScorer(snapshot);
    buildFromItems(space, *snapshot, *scorer, UserItems(ratings, userCount), implicitData, threads, work);
    return space;
}

std::vector<Neighbour> nearestUsers(const UserSpace& space, std::uint32_t user, int k, std::uint32_t minRatings)
{
    if (!space.vectors)
        return {};
    const Index n = space.vectors->rows();
    if (static_cast<Index>(user) >= n)
        throw std::invalid_argument("nearestUsers: user " + std::to_string(user) + " is out of range");
    if (k < 1)
        throw std::invalid_argument("nearestUsers: k must be at least 1");
    if (n < 2)
        return {};
    NeighborQuery query;
    query.metric = Metric::Cosine;
    query.k = static_cast<int>(std::min<Index>(k, n - 1));
    query.minRatings = minRatings;
    const bool counted = minRatings > 0 && static_cast<Index>(space.ratings.size()) == n;
    if (!counted)
        query.minRatings = 0;
    const NeighborIndex index(space.vectors, counted ? space.ratings : std::vector<std::uint32_t> {});
    return index.neighbours(user, query);
}

} // namespace embex::core
