// SPDX-License-Identifier: MIT
// The only file that includes hnswlib: its headers define functions outside any class.
#include "core/analysis/knn_search.h"

// hnswlib 0.6.2's SSE path prefetches the entry after the last one of a neighbour list
// (searchBaseLayer reads datal[j + 1]), four bytes past the end of an upper-layer list. It is
// harmless on real allocators but a true out-of-bounds read, which AddressSanitizer stops on;
// sanitized builds therefore take hnswlib's plain path, which has no prefetch.
#if defined(__SANITIZE_ADDRESS__)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <memory>

namespace embex::core::knn {
namespace {

    // hnswlib's usual settings; the query breadth is what buys recall (tests/core/tst_neighbour_layout.cpp
    // measures it against exact search).
    constexpr std::size_t links = 16;
    constexpr std::size_t constructionBreadth = 100;
    constexpr Index reportEvery = 1024;
    // The index is built on one thread (see the header), queried on all: building is the larger part.
    constexpr double buildShare = 0.7;

} // namespace

KnnGraph approximateKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, int k, int threads, std::uint64_t seed,
                        const ProgressPart& progress)
{
    const Index n = points.rows();
    const Index d = points.cols();
    const ScoredRows scored(points, metric);
    const Eigen::Ref<const RowMatrixXf>& rows = scored.rows;
    const VectorXf& bias = scored.bias;
    const LongWork& work = progress.work();

    // Cosine on unit rows and dot are both "1 − inner product" to hnswlib; euclidean is squared L2.
    std::unique_ptr<hnswlib::SpaceInterface<float>> space;
    if (metric == Metric::Euclidean)
        space = std::make_unique<hnswlib::L2Space>(static_cast<std::size_t>(d));
    else
        space = std::make_unique<hnswlib::InnerProductSpace>(static_cast<std::size_t>(d));
    hnswlib::HierarchicalNSW<float> index(space.get(), static_cast<std::size_t>(n), links, constructionBreadth,
                                          static_cast<std::size_t>(seed));
    for (Index i = 0; i < n; ++i) {
        if (i % reportEvery == 0) {
            if (work.cancelled())
                return {};
            progress.report(buildShare * static_cast<double>(i) / static_cast<double>(n));
        }
        index.addPoint(rows.row(i).data(), static_cast<hnswlib::labeltype>(i));
    }
    index.setEf(static_cast<std::size_t>(std::max(4 * (k + 1), 64)));

    KnnGraph graph;
    graph.k = k;
    graph.approximate = true;
    graph.neighbours.resize(static_cast<std::size_t>(n * k));
    graph.distances.resize(graph.neighbours.size());
    const Index blocks = (n + reportEvery - 1) / reportEvery;
    std::atomic<Index> blocksDone { 0 };
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, threads)) if (threads > 1)
    for (Index b = 0; b < blocks; ++b) {
        if (work.cancelled())
            continue;
        std::vector<std::pair<float, std::uint32_t>> found; // (−score, row): sorts nearest first, ties by row
        for (Index i = b * reportEvery; i < std::min(n, (b + 1) * reportEvery); ++i) {
            auto queue = index.searchKnn(rows.row(i).data(), static_cast<std::size_t>(k + 1));
            found.clear();
            while (!queue.empty()) {
                const auto row = static_cast<std::uint32_t>(queue.top().second);
                queue.pop();
                if (row != static_cast<std::uint32_t>(i))
                    found.emplace_back(-(rows.row(i).dot(rows.row(row)) + bias[row]), row);
            }
            // An index that finds fewer than k (tiny or degenerate inputs) leaves its places to
            // the first rows not yet taken.
            for (std::uint32_t filler = 0; static_cast<int>(found.size()) < k; ++filler)
                if (filler != static_cast<std::uint32_t>(i)
                    && std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.second == filler; }))
                    found.emplace_back(-(rows.row(i).dot(rows.row(filler)) + bias[filler]), filler);
            std::sort(found.begin(), found.end());
            const float squaredNorm = rows.row(i).squaredNorm();
            for (int m = 0; m < k; ++m) {
                const std::size_t at = static_cast<std::size_t>(i * k + m);
                graph.neighbours[at] = found[static_cast<std::size_t>(m)].second;
                graph.distances[at] = scoreToDistance(metric, -found[static_cast<std::size_t>(m)].first,
                                                      -found[0].first, squaredNorm);
            }
        }
        const Index done = ++blocksDone;
        if (threadNumber() == 0)
            progress.report(buildShare + (1 - buildShare) * static_cast<double>(done) / static_cast<double>(blocks));
    }
    if (work.cancelled())
        return {};
    graph.rows = n;
    return graph;
}

} // namespace embex::core::knn
