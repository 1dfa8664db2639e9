// SPDX-License-Identifier: MIT
#include "core/analysis/knn_search.h"

#include <limits>
#include <stdexcept>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace embex::core {
namespace knn {
    namespace {

        // A query block times a column block of scores is 256 × 2048 floats (2 MB): the
        // column block's rows stay in cache while the query block runs over them.
        constexpr Index queryBlock = 256;
        constexpr Index columnBlock = 2048;

    } // namespace

    int threadNumber()
    {
#if defined(_OPENMP)
        return omp_get_thread_num();
#else
        return 0;
#endif
    }

    RowMatrixXf unitRows(Eigen::Ref<const RowMatrixXf> points)
    {
        RowMatrixXf unit = points;
        for (Index i = 0; i < unit.rows(); ++i) {
            const float norm = unit.row(i).norm();
            if (norm > 0)
                unit.row(i) /= norm;
        }
        return unit;
    }

    VectorXf scoreBias(Eigen::Ref<const RowMatrixXf> rows, Metric metric)
    {
        if (metric != Metric::Euclidean)
            return VectorXf::Zero(rows.rows());
        return -0.5f * rows.rowwise().squaredNorm();
    }

    KnnGraph exactKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, int k,
                      std::span<const std::uint32_t> queries, int threads, const ProgressPart& progress)
    {
        const Index n = points.rows();
        const Index d = points.cols();
        const Index queryCount = queries.empty() ? n : static_cast<Index>(queries.size());
        const ScoredRows scored(points, metric);
        const Eigen::Ref<const RowMatrixXf>& rows = scored.rows;
        const VectorXf& bias = scored.bias;
        const auto queryRow = [&](Index r) {
            return queries.empty() ? static_cast<std::uint32_t>(r) : queries[static_cast<std::size_t>(r)];
        };

        KnnGraph graph;
        graph.k = k;
        graph.neighbours.resize(static_cast<std::size_t>(queryCount * k));
        graph.distances.resize(graph.neighbours.size());
        const Index blocks = (queryCount + queryBlock - 1) / queryBlock;
        std::atomic<Index> blocksDone { 0 };
        const LongWork& work = progress.work();

#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, threads)) if (threads > 1 && blocks > 1)
        for (Index b = 0; b < blocks; ++b) {
            if (work.cancelled())
                continue;
            const Index first = b * queryBlock;
            const Index count = std::min(queryBlock, queryCount - first);
            RowMatrixXf block(count, d);
            for (Index r = 0; r < count; ++r)
                block.row(r) = rows.row(queryRow(first + r));
            std::vector<Candidate> top(static_cast<std::size_t>(count * k),
                                       Candidate { -std::numeric_limits<float>::infinity(), noRow });
            RowMatrixXf scores(count, std::min(columnBlock, n));
            for (Index c0 = 0; c0 < n; c0 += columnBlock) {
                const Index columns = std::min(columnBlock, n - c0);
                scores.leftCols(columns).noalias() = block * rows.middleRows(c0, columns).transpose();
                for (Index r = 0; r < count; ++r) {
                    Candidate* best = &top[static_cast<std::size_t>(r * k)];
                    const std::uint32_t self = queryRow(first + r);
                    const float* s = &scores(r, 0);
                    float worst = best[k - 1].score;
                    for (Index j = 0; j < columns; ++j) {
                        const float score = s[j] + bias[c0 + j];
                        if (!(score >= worst))
                            continue;
                        const Candidate c { score, static_cast<std::uint32_t>(c0 + j) };
                        if (c.row == self || !isBetter(c, best[k - 1]))
                            continue;
                        insert(best, k, c);
                        worst = best[k - 1].score;
                    }
                }
            }
            for (Index r = 0; r < count; ++r) {
                const Candidate* best = &top[static_cast<std::size_t>(r * k)];
                const std::uint32_t self = queryRow(first + r);
                const float squaredNorm = rows.row(self).squaredNorm();
                // Rows whose scores are not numbers (NaN in the input) are never chosen; fill
                // their places with the first rows left so the graph keeps its shape.
                std::uint32_t filler = 0;
                for (int m = 0; m < k; ++m) {
                    const std::size_t at = static_cast<std::size_t>((first + r) * k + m);
                    if (best[m].row == noRow) {
                        const auto taken = [&](std::uint32_t row) {
                            return row == self
                                || std::any_of(best, best + m, [&](Candidate c) { return c.row == row; });
                        };
                        while (taken(filler))
                            ++filler;
                        graph.neighbours[at] = filler;
                        graph.distances[at] = std::numeric_limits<float>::max();
                        continue;
                    }
                    graph.neighbours[at] = best[m].row;
                    graph.distances[at] = scoreToDistance(metric, best[m].score, best[0].score, squaredNorm);
                }
            }
            const Index done = ++blocksDone;
            if (threadNumber() == 0)
                progress.report(static_cast<double>(done) / static_cast<double>(blocks));
        }
        if (work.cancelled())
            return {};
        graph.rows = queryCount;
        return graph;
    }

} // namespace knn

KnnGraph buildKnnGraph(Eigen::Ref<const RowMatrixXf> points, const KnnConfig& config, const LongWork& work)
{
    if (config.k < 1 || config.k >= points.rows())
        throw std::invalid_argument("a k-nearest-neighbour graph needs 1 ≤ k < rows (k = " + std::to_string(config.k)
                                    + ", rows = " + std::to_string(points.rows()) + ")");
    ProgressThrottle<double> throttle;
    const knn::ProgressPart progress(work, throttle, 0, 1);
    KnnGraph graph = points.rows() <= config.exactUpTo
        ? knn::exactKnn(points, config.metric, config.k, {}, config.threads, progress)
        : knn::approximateKnn(points, config.metric, config.k, config.threads, config.seed, progress);
    if (work.progress && !work.cancelled())
        throttle.flush([&](double f) { work.progress(f); });
    return graph;
}

} // namespace embex::core
