// SPDX-License-Identifier: MIT
#include "core/analysis/run_agreement.h"

#include "core/analysis/knn_search.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace embex::core {

namespace {

    /// The rows of `points` listed in `rows`, in that order.
    RowMatrixXf pickRows(const RowMatrixXf& points, const std::vector<std::uint32_t>& rows)
    {
        RowMatrixXf picked(static_cast<Index>(rows.size()), points.cols());
        for (std::size_t r = 0; r < rows.size(); ++r)
            picked.row(static_cast<Index>(r)) = points.row(rows[r]);
        return picked;
    }

    KnnGraph neighboursAmong(const RowMatrixXf& points, int k, int threads)
    {
        const LongWork none;
        ProgressThrottle<double> throttle;
        const knn::ProgressPart progress(none, throttle, 0, 1);
        return knn::exactKnn(points, Metric::Cosine, k, {}, threads, progress);
    }

} // namespace

NeighbourAgreement neighbourAgreement(const RowMatrixXf& a, const RowMatrixXf& b, int k,
                                      std::span<const std::uint32_t> ratingCounts, std::uint32_t minRatings,
                                      int threads)
{
    if (a.rows() != b.rows())
        throw std::invalid_argument("the two runs have " + std::to_string(a.rows()) + " and " + std::to_string(b.rows())
                                    + " items: only runs on the same items compare");
    if (k < 1)
        throw std::invalid_argument("k must be at least 1");
    if (!ratingCounts.empty() && ratingCounts.size() != static_cast<std::size_t>(a.rows()))
        throw std::invalid_argument("rating counts for " + std::to_string(ratingCounts.size()) + " items, not "
                                    + std::to_string(a.rows()));
    NeighbourAgreement result;
    result.k = k;
    for (Index i = 0; i < a.rows(); ++i)
        if (ratingCounts.empty() || ratingCounts[static_cast<std::size_t>(i)] >= minRatings)
            result.comparedItems.push_back(static_cast<std::uint32_t>(i));
    if (result.comparedItems.size() < static_cast<std::size_t>(k) + 1)
        throw std::invalid_argument(std::to_string(result.comparedItems.size()) + " items have at least "
                                    + std::to_string(minRatings) + " ratings: too few for " + std::to_string(k)
                                    + " neighbours each");
    // Search among the compared items only, so that both spaces choose from the same candidates.
    const KnnGraph ga = neighboursAmong(pickRows(a, result.comparedItems), k, threads);
    const KnnGraph gb = neighboursAmong(pickRows(b, result.comparedItems), k, threads);
    result.items = result.comparedItems.size();
    result.overlaps.resize(result.items);
    double sum = 0;
    std::vector<std::uint32_t> left(static_cast<std::size_t>(k)), right(static_cast<std::size_t>(k));
    for (std::size_t r = 0; r < result.items; ++r) {
        const auto from = static_cast<std::ptrdiff_t>(r * static_cast<std::size_t>(k));
        std::copy(ga.neighbours.begin() + from, ga.neighbours.begin() + from + k, left.begin());
        std::copy(gb.neighbours.begin() + from, gb.neighbours.begin() + from + k, right.begin());
        std::sort(left.begin(), left.end());
        std::sort(right.begin(), right.end());
        std::vector<std::uint32_t> common;
        std::set_intersection(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(common));
        result.overlaps[r] = static_cast<float>(common.size()) / static_cast<float>(k);
        sum += result.overlaps[r];
    }
    result.meanOverlap = sum / static_cast<double>(result.items);
    return result;
}

double neighbourOverlap(std::span<const Neighbour> a, std::span<const Neighbour> b)
{
    const std::size_t larger = std::max(a.size(), b.size());
    if (larger == 0)
        return 0;
    std::size_t common = 0;
    for (const Neighbour& x : a)
        common += static_cast<std::size_t>(
            std::any_of(b.begin(), b.end(), [&](const Neighbour& y) { return y.item == x.item; }));
    return static_cast<double>(common) / static_cast<double>(larger);
}

} // namespace embex::core
