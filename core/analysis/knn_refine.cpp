// SPDX-License-Identifier: MIT
// A k-NN graph brought up to date after its points moved a little, as they do in a training
// epoch. Rebuilding it exactly compares every pair (62,000 items × 32: 9.5 s of CPU); the rows
// near a row before the epoch, and the rows near those, are where its neighbours are now, so
// each row searches only them (NN-descent's local join, started from a graph that is already
// nearly right): a few hundred candidates a row instead of all n.
#include "core/analysis/knn_search.h"

#include <stdexcept>

namespace embex::core {
namespace knn {
    namespace {

        constexpr Index rowsPerBlock = 512;

        // The rows that list each row among their neighbours, as offsets into one array, in row
        // order (so the search below visits candidates in an order that does not depend on
        // threads), with whether that link is new.
        struct ReverseLists {
            std::vector<std::size_t> offsets;
            std::vector<std::uint32_t> sources;
            std::vector<std::uint8_t> isNew;
        };

        ReverseLists reverseOf(const KnnGraph& graph, const std::vector<std::uint8_t>& isNew)
        {
            const auto n = static_cast<std::size_t>(graph.rows);
            const auto k = static_cast<std::size_t>(graph.k);
            ReverseLists r;
            r.offsets.assign(n + 1, 0);
            for (std::uint32_t target : graph.neighbours)
                ++r.offsets[target + 1];
            for (std::size_t i = 0; i < n; ++i)
                r.offsets[i + 1] += r.offsets[i];
            r.sources.resize(graph.neighbours.size());
            r.isNew.resize(graph.neighbours.size());
            std::vector<std::size_t> next(r.offsets.begin(), r.offsets.end() - 1);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t m = 0; m < k; ++m) {
                    const std::size_t at = next[graph.neighbours[i * k + m]]++;
                    r.sources[at] = static_cast<std::uint32_t>(i);
                    r.isNew[at] = isNew[i * k + m];
                }
            return r;
        }

    } // namespace

    KnnGraph refineKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, const KnnGraph& previous, int rounds,
                       int threads, const ProgressPart& progress)
    {
        const ScoredRows scored(points, metric);
        return localJoin(scored, metric, previous, {}, rounds, threads, progress);
    }

    KnnGraph localJoin(const ScoredRows& scored, Metric metric, KnnGraph graph, std::vector<std::uint8_t> isNew,
                       int rounds, int threads, const ProgressPart& progress)
    {
        const Eigen::Ref<const RowMatrixXf>& rows = scored.rows;
        const VectorXf& bias = scored.bias;
        const Index n = rows.rows();
        const int k = graph.k;
        const LongWork& work = progress.work();
        const Index blocks = (n + rowsPerBlock - 1) / rowsPerBlock;

        KnnGraph current = std::move(graph);
        current.approximate = true;
        if (isNew.size() != current.neighbours.size())
            isNew.assign(current.neighbours.size(), 1);
        for (int round = 0; round < rounds; ++round) {
            const ReverseLists reverse = reverseOf(current, isNew);
            KnnGraph next = current;
            std::vector<std::uint8_t> nextIsNew(isNew.size(), 0);
            std::atomic<Index> blocksDone { 0 };
            std::atomic<std::size_t> changed { 0 };
            // Jacobi rounds: every row reads the graph the round started from, so the answer is the
            // same on any thread count.
#pragma omp parallel num_threads(std::max(1, threads)) if (threads > 1)
            {
                std::vector<std::uint32_t> seen(static_cast<std::size_t>(n), 0);
                std::uint32_t stamp = 0;
                std::vector<Candidate> top(static_cast<std::size_t>(k));
                std::vector<std::uint32_t> candidates;
                std::size_t changedHere = 0;
#pragma omp for schedule(dynamic, 1)
                for (Index b = 0; b < blocks; ++b) {
                    if (work.cancelled())
                        continue;
                    for (Index i = b * rowsPerBlock; i < std::min(n, (b + 1) * rowsPerBlock); ++i) {
                        ++stamp;
                        seen[static_cast<std::size_t>(i)] = stamp;
                        std::fill(top.begin(), top.end(), Candidate { -std::numeric_limits<float>::infinity(), noRow });
                        candidates.clear();
                        const auto consider = [&](std::uint32_t j) {
                            if (seen[j] == stamp)
                                return;
                            seen[j] = stamp;
                            candidates.push_back(j);
                        };
                        // its neighbours and the rows that list it, then theirs
                        const std::size_t first = static_cast<std::size_t>(i * k);
                        const std::uint32_t* own = &current.neighbours[first];
                        const std::size_t listFrom = reverse.offsets[static_cast<std::size_t>(i)];
                        const std::size_t listTo = reverse.offsets[static_cast<std::size_t>(i + 1)];
                        for (int m = 0; m < k; ++m)
                            consider(own[m]);
                        for (std::size_t l = listFrom; l < listTo; ++l)
                            consider(reverse.sources[l]);
                        // A neighbour's neighbour reached by an old link through an old entry was
                        // compared in the last round, lost to the row's list then, and loses again.
                        const auto throughNeighbours = [&](std::uint32_t via, bool isNewLink) {
                            const std::size_t from = static_cast<std::size_t>(via) * static_cast<std::size_t>(k);
                            for (std::size_t m = from; m < from + static_cast<std::size_t>(k); ++m)
                                if (isNewLink || isNew[m])
                                    consider(current.neighbours[m]);
                        };
                        for (int m = 0; m < k; ++m)
                            throughNeighbours(own[m], isNew[first + static_cast<std::size_t>(m)] != 0);
                        for (std::size_t l = listFrom; l < listTo; ++l)
                            throughNeighbours(reverse.sources[l], reverse.isNew[l] != 0);
                        // Scored in the order found, each candidate's row fetched a few candidates
                        // ahead: the rows are scattered over the matrix, and the branches of the
                        // insertions would otherwise keep the processor from fetching ahead itself.
                        for (std::size_t c = 0; c < candidates.size(); ++c) {
                            if (c + prefetchAhead < candidates.size())
                                prefetchRow(rows, candidates[c + prefetchAhead]);
                            const std::uint32_t j = candidates[c];
                            const Candidate candidate { rows.row(i).dot(rows.row(j)) + bias[j], j };
                            if (candidate.score >= top[static_cast<std::size_t>(k - 1)].score
                                && isBetter(candidate, top[static_cast<std::size_t>(k - 1)]))
                                insert(top.data(), k, candidate);
                        }

                        const float squaredNorm = rows.row(i).squaredNorm();
                        for (int m = 0; m < k; ++m) {
                            const std::size_t at = first + static_cast<std::size_t>(m);
                            // a row whose scores are not numbers (NaN input) keeps what it had
                            if (top[static_cast<std::size_t>(m)].row == noRow)
                                continue;
                            const std::uint32_t chosen = top[static_cast<std::size_t>(m)].row;
                            changedHere += next.neighbours[at] != chosen ? 1 : 0;
                            nextIsNew[at] = std::find(own, own + k, chosen) == own + k ? 1 : 0;
                            next.neighbours[at] = chosen;
                            next.distances[at] = scoreToDistance(metric, top[static_cast<std::size_t>(m)].score,
                                                                 top[0].score, squaredNorm);
                        }
                    }
                    const Index done = ++blocksDone;
                    if (threadNumber() == 0)
                        progress.report(
                            (static_cast<double>(round) + static_cast<double>(done) / static_cast<double>(blocks))
                            / static_cast<double>(rounds));
                }
                changed += changedHere;
            }
            if (work.cancelled())
                return {};
            current = std::move(next);
            isNew = std::move(nextIsNew);
            if (changed * 1000 < current.neighbours.size())
                break;
        }
        return current;
    }

} // namespace knn

KnnGraph refineKnnGraph(Eigen::Ref<const RowMatrixXf> points, const KnnGraph& previous, const KnnConfig& config,
                        const LongWork& work)
{
    if (previous.rows != points.rows() || previous.k != config.k
        || previous.neighbours.size() != static_cast<std::size_t>(previous.rows * previous.k))
        throw std::invalid_argument("a k-NN graph can only be refined from a graph of the same rows and k (rows "
                                    + std::to_string(points.rows()) + ", k " + std::to_string(config.k)
                                    + "; the graph has " + std::to_string(previous.rows) + " and "
                                    + std::to_string(previous.k) + ")");
    ProgressThrottle<double> throttle;
    const knn::ProgressPart progress(work, throttle, 0, 1);
    KnnGraph graph = knn::refineKnn(points, config.metric, previous, knn::refineRounds, config.threads, progress);
    if (work.progress && !work.cancelled())
        throttle.flush([&](double f) { work.progress(f); });
    return graph;
}

} // namespace embex::core
