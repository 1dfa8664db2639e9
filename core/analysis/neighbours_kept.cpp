// SPDX-License-Identifier: MIT
#include "core/analysis/knn_search.h"

#include <numeric>
#include <random>
#include <stdexcept>

namespace embex::core {

NeighboursKept measureNeighboursKept(Eigen::Ref<const RowMatrixXf> points, Eigen::Ref<const RowMatrixXf> map,
                                     const NeighboursKeptConfig& config, const LongWork& work)
{
    const Index n = points.rows();
    if (map.rows() != n || map.cols() != 2)
        throw std::invalid_argument("neighbours kept needs a map of the same rows, n × 2 (" + std::to_string(n)
                                    + " × 2), not " + std::to_string(map.rows()) + " × " + std::to_string(map.cols()));
    if (config.k < 1 || config.k >= n)
        throw std::invalid_argument("neighbours kept needs 1 ≤ k < rows (k = " + std::to_string(config.k)
                                    + ", rows = " + std::to_string(n) + ")");
    NeighboursKept kept;
    std::vector<std::uint32_t> rows;
    if (config.sampleSize > 0 && n > config.sampleSize) {
        // A seeded partial shuffle picks the sample; sorted, so blocks read the rows in order.
        std::vector<std::uint32_t> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), 0u);
        std::mt19937_64 random(config.seed);
        for (Index i = 0; i < config.sampleSize; ++i) {
            std::uniform_int_distribution<Index> pick(i, n - 1);
            std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick(random))]);
        }
        rows.assign(order.begin(), order.begin() + config.sampleSize);
        std::sort(rows.begin(), rows.end());
        kept.sampled = true;
    }
    ProgressThrottle<double> throttle;
    // The map's search is over 2 columns, the space's over d: the space takes most of the time.
    const KnnGraph space = knn::exactKnn(points, config.metric, config.k, rows, config.threads,
                                         knn::ProgressPart(work, throttle, 0, 0.8));
    if (space.rows == 0) {
        kept.cancelled = true;
        return kept;
    }
    const KnnGraph onMap = knn::exactKnn(map, Metric::Euclidean, config.k, rows, config.threads,
                                         knn::ProgressPart(work, throttle, 0.8, 1));
    if (onMap.rows == 0) {
        kept.cancelled = true;
        return kept;
    }
    const auto k = static_cast<std::size_t>(config.k);
    long long shared = 0;
    std::vector<std::uint32_t> a(k), b(k);
    for (Index r = 0; r < space.rows; ++r) {
        const auto first = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * k);
        std::copy_n(space.neighbours.begin() + first, k, a.begin());
        std::copy_n(onMap.neighbours.begin() + first, k, b.begin());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        std::vector<std::uint32_t> both;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
        shared += static_cast<long long>(both.size());
    }
    kept.measured = space.rows;
    kept.share = static_cast<double>(shared) / static_cast<double>(space.rows * config.k);
    if (work.progress)
        throttle.flush([&](double f) { work.progress(f); });
    return kept;
}

} // namespace embex::core
