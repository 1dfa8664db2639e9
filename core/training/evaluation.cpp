// SPDX-License-Identifier: MIT
#include "core/training/evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace embex::core {
namespace {

    /// Hits of the top k of `scores` among items not in `exclude` against the sorted `relevant`.
    int topKHits(std::vector<float>& scores, std::span<const std::uint32_t> exclude,
                 const std::vector<std::uint32_t>& relevant, int k, std::vector<std::uint32_t>& order)
    {
        for (std::uint32_t item : exclude)
            scores[item] = -std::numeric_limits<float>::infinity();
        order.resize(scores.size());
        std::iota(order.begin(), order.end(), 0u);
        const auto top = std::min<std::size_t>(static_cast<std::size_t>(k), order.size());
        // Ties broken by index so the ranking is the same on every run and thread count.
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                          [&](std::uint32_t a, std::uint32_t b) {
                              return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
                          });
        int hits = 0;
        for (std::size_t j = 0; j < top; ++j)
            hits += std::binary_search(relevant.begin(), relevant.end(), order[j]) ? 1 : 0;
        return hits;
    }

    template <typename FillScores>
    RankingMetrics evaluate(const UserItems& train, const UserItems& heldOut, std::size_t itemCount, int k, int threads,
                            FillScores fillScores)
    {
        const auto userCount = static_cast<std::ptrdiff_t>(std::min(train.userCount(), heldOut.userCount()));
        std::vector<int> hits(static_cast<std::size_t>(userCount), -1);
#pragma omp parallel num_threads(threads) if (threads > 1)
        {
            std::vector<float> scores(itemCount);
            std::vector<std::uint32_t> order, relevant;
#pragma omp for schedule(dynamic, 16)
            for (std::ptrdiff_t u = 0; u < userCount; ++u) {
                const auto user = static_cast<std::size_t>(u);
                if (heldOut.count(user) == 0)
                    continue;
                relevant.assign(heldOut.items(user).begin(), heldOut.items(user).end());
                std::sort(relevant.begin(), relevant.end());
                fillScores(static_cast<std::uint32_t>(user), train.items(user), scores);
                hits[user] = topKHits(scores, train.items(user), relevant, k, order);
            }
        }
        RankingMetrics metrics;
        for (std::size_t user = 0; user < hits.size(); ++user) {
            if (hits[user] < 0)
                continue;
            metrics.precision += static_cast<double>(hits[user]) / k;
            metrics.recall += static_cast<double>(hits[user]) / static_cast<double>(heldOut.count(user));
            ++metrics.users;
        }
        if (metrics.users > 0) {
            metrics.precision /= static_cast<double>(metrics.users);
            metrics.recall /= static_cast<double>(metrics.users);
        }
        return metrics;
    }

} // namespace

RatingErrors ratingErrors(const Model& model, const RatingsTable& ratings, float ratingMin, float ratingMax)
{
    if (ratings.empty())
        return { std::nan(""), std::nan(""), std::nan("") };
    double squared = 0, absolute = 0;
    for (std::size_t r = 0; r < ratings.size(); ++r) {
        const float prediction = std::clamp(model.predict(ratings.users[r], ratings.items[r]), ratingMin, ratingMax);
        const double error = static_cast<double>(prediction) - ratings.ratings[r];
        squared += error * error;
        absolute += std::abs(error);
    }
    const double n = static_cast<double>(ratings.size());
    return { std::sqrt(squared / n), absolute / n, squared / n };
}

RankingMetrics rankingMetrics(const Scorer& scorer, const UserItems& train, const UserItems& heldOut,
                              std::size_t itemCount, int k, int threads)
{
    return evaluate(train, heldOut, itemCount, k, threads,
                    [&](std::uint32_t user, std::span<const std::uint32_t> rated, std::vector<float>& scores) {
                        scorer.scoreItems(user, rated, scores);
                    });
}

RankingMetrics popularityMetrics(const UserItems& train, const UserItems& heldOut, std::size_t itemCount, int k)
{
    std::vector<float> popularity(itemCount, 0.0f);
    for (std::size_t u = 0; u < train.userCount(); ++u)
        for (auto i : train.items(u))
            popularity[i] += 1;
    return evaluate(
        train, heldOut, itemCount, k, 1,
        [&](std::uint32_t, std::span<const std::uint32_t>, std::vector<float>& scores) { scores = popularity; });
}

} // namespace embex::core
