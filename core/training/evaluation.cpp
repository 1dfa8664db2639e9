// SPDX-License-Identifier: MIT
#include "core/training/evaluation.h"

#include "core/training/ranking_metrics.h"

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

    RankingMetrics fromReport(const RankingReport& r)
    {
        return { r.users > 0 ? r.precision : 0, r.users > 0 ? r.recall : 0, r.users };
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
    const TopLists lists = topLists(scorer, train, itemCount, k, threads, &heldOut);
    return fromReport(evaluateLists(lists, heldOut, {}, threads));
}

RankingMetrics popularityMetrics(const UserItems& train, const UserItems& heldOut, std::size_t itemCount, int k)
{
    return fromReport(evaluateLists(mostPopularLists(train, itemCount, k), heldOut, {}));
}

} // namespace embex::core
