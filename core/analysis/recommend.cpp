// SPDX-License-Identifier: MIT
#include "core/analysis/recommend.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {

std::vector<std::uint32_t> itemsRatedBy(const RatingsTable& ratings, std::uint32_t user)
{
    std::vector<std::uint32_t> items;
    for (std::size_t r = 0; r < ratings.size(); ++r)
        if (ratings.users[r] == user)
            items.push_back(ratings.items[r]);
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    return items;
}

std::vector<Neighbour> recommendForUser(const Scorer& scorer, std::uint32_t user,
                                        std::span<const std::uint32_t> ratedItems, std::size_t itemCount, int n,
                                        std::span<const std::uint32_t> ratingCounts, std::uint32_t minRatings,
                                        std::span<const std::uint8_t> allowed)
{
    if (n < 1)
        throw std::invalid_argument("recommend: n must be at least 1");
    if (!scorer.canScoreUsers())
        throw std::invalid_argument("recommend: this model has no users to score (item embeddings only)");
    std::vector<float> scores(itemCount);
    scorer.scoreItems(user, ratedItems, scores);
    return topItems(scores, ratedItems, n, ratingCounts, minRatings, allowed);
}

std::vector<Neighbour> topItems(std::span<const float> scores, std::span<const std::uint32_t> excluded, int n,
                                std::span<const std::uint32_t> ratingCounts, std::uint32_t minRatings,
                                std::span<const std::uint8_t> allowed)
{
    if (n < 1)
        throw std::invalid_argument("recommend: n must be at least 1");
    const std::size_t itemCount = scores.size();
    if (!allowed.empty() && allowed.size() != itemCount)
        throw std::invalid_argument("recommend: the allowed mask needs one entry per item (" + std::to_string(itemCount)
                                    + "), not " + std::to_string(allowed.size()));
    std::vector<std::uint8_t> skip(itemCount, 0);
    for (std::uint32_t item : excluded)
        if (item < itemCount)
            skip[item] = 1;
    const bool hasFloor = minRatings > 0 && ratingCounts.size() == itemCount;
    std::vector<Neighbour> candidates;
    candidates.reserve(itemCount);
    for (std::uint32_t i = 0; i < itemCount; ++i)
        if (!skip[i] && !std::isnan(scores[i]) && (!hasFloor || ratingCounts[i] >= minRatings)
            && (allowed.empty() || allowed[i]))
            candidates.push_back({ i, scores[i] });
    const auto better = [](const Neighbour& a, const Neighbour& b) {
        return a.score != b.score ? a.score > b.score : a.item < b.item;
    };
    const std::size_t keep = std::min(static_cast<std::size_t>(n), candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep), candidates.end(),
                      better);
    candidates.resize(keep);
    return candidates;
}

} // namespace embex::core
