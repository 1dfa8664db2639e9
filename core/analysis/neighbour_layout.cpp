// SPDX-License-Identifier: MIT
#include "core/analysis/knn_search.h"
#include "core/analysis/pca.h"
#include "core/util/worker_team.h"

#include <atomic>
#include <bit>
#include <cmath>
#include <limits>

namespace embex::core {
namespace {

    // Twice UMAP's 5: on ml-100k it keeps 0.364 of the neighbours rather than 0.345 (more
    // repulsion moves the layout toward t-SNE's end of the attraction–repulsion spectrum). From
    // a million rows on, UMAP's 5: the negative samples are most of an epoch's time there.
    int negativeSamplesPerEdge(Index n)
    {
        return n < 1000000 ? 10 : 5;
    }
    constexpr float gradientClip = 4;
    constexpr float initialScale = 10; // the start's largest coordinate, as UMAP's
    constexpr Index verticesPerChunk = 128;
    // The start's PCA axes are fitted on at most this many rows (see initialPositions).
    constexpr Index startFitRows = 100000;
    constexpr Index startBlockRows = 16384;
    // Before a refinement 200 epochs are enough: on ml-100k 200 + 100 iterations keep 0.413 of
    // the neighbours, 500 + 100 0.412, and 100 + 100 0.406; 200 more iterations add 0.004.
    constexpr int refinedEpochs = 200;
    constexpr int refinementIterations = 100;

    std::uint64_t mix(std::uint64_t z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // SplitMix64 from (seed, epoch, vertex): a vertex's samples do not depend on which thread
    // moves it or on the order vertices are moved in.
    class VertexRandom {
    public:
        VertexRandom(std::uint64_t seed, std::uint64_t epoch, std::uint64_t vertex)
            : m_state(mix(seed ^ mix(epoch * 0x9e3779b97f4a7c15ULL ^ mix(vertex + 0x632be59bd9b4e019ULL))))
        {
        }
        std::uint64_t next() { return mix(m_state += 0x9e3779b97f4a7c15ULL); }
        /// Uniform in [0, n) for n < 2³², by a multiply rather than a division.
        std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32); }
        float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); } // [0, 1)

    private:
        std::uint64_t m_state;
    };

    int defaultEpochs(Index n)
    {
        if (n <= 10000)
            return 500;
        if (n < 1000000)
            return 200;
        return 100;
    }

    // PCA of the rows as the metric sees them, scaled so the largest coordinate is 10, plus a
    // seeded jitter that separates duplicates. Above startFitRows rows the axes are fitted on that
    // many rows spread evenly over all, and every row is projected in blocks that look at the
    // stop token: fitting all of a million cosine rows copies them (256 MB) and cannot be stopped.
    std::vector<float> initialPositions(Eigen::Ref<const RowMatrixXf> points, Metric metric, std::uint64_t seed,
                                        int threads, const knn::ProgressPart& progress)
    {
        const Index n = points.rows();
        std::vector<float> positions(static_cast<std::size_t>(2 * n), 0.0f);
        VertexRandom random(seed, ~0ULL, 0);
        bool isPlaced = false;
        if (points.cols() >= 2) {
            const Index fitted = std::min(n, startFitRows);
            RowMatrixXf sample(fitted, points.cols());
            for (Index r = 0; r < fitted; ++r)
                sample.row(r) = points.row(r * n / fitted);
            if (metric == Metric::Cosine)
                sample = knn::unitRows(sample);
            const PcaResult pca = computePca(sample);
            RowMatrixXf coordinates;
            if (pca.isValid() && fitted == n) {
                coordinates = pca.coordinates;
            } else if (pca.isValid()) {
                coordinates.resize(n, 2);
                const Eigen::MatrixXf axes = pca.components.cast<float>();
                const RowVectorXf offset = pca.mean.cast<float>().transpose() * axes;
                const Index blocks = (n + startBlockRows - 1) / startBlockRows;
                std::atomic<Index> blocksDone { 0 };
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, threads)) if (threads > 1)
                for (Index block = 0; block < blocks; ++block) {
                    if (progress.work().cancelled())
                        continue;
                    for (Index i = block * startBlockRows; i < std::min(n, (block + 1) * startBlockRows); ++i) {
                        RowVectorXf row = points.row(i);
                        const float norm = row.norm();
                        if (metric == Metric::Cosine && norm > 0)
                            row /= norm;
                        coordinates.row(i) = row * axes - offset;
                    }
                    const Index done = ++blocksDone;
                    if (knn::threadNumber() == 0)
                        progress.report(static_cast<double>(done) / static_cast<double>(blocks));
                }
                if (progress.work().cancelled())
                    return {};
            }
            if (pca.isValid() && coordinates.allFinite()) {
                const float largest = coordinates.cwiseAbs().maxCoeff();
                const float scale = largest > 0 ? initialScale / largest : 1.0f;
                for (Index i = 0; i < n; ++i) {
                    positions[static_cast<std::size_t>(2 * i)] = coordinates(i, 0) * scale;
                    positions[static_cast<std::size_t>(2 * i + 1)] = coordinates(i, 1) * scale;
                }
                isPlaced = true;
            }
        }
        if (!isPlaced)
            for (float& p : positions)
                p = initialScale * (2 * random.uniform() - 1);
        for (float& p : positions)
            p += 1e-4f * (2 * random.uniform() - 1);
        return positions;
    }

    // The warm start's rows; a row new to it takes the mean of its placed graph neighbours (of
    // all placed rows when none is placed).
    std::vector<float> warmPositions(const RowMatrixXf& warm, const KnnGraph& graph, std::uint64_t seed)
    {
        const Index n = warm.rows();
        std::vector<float> positions(static_cast<std::size_t>(2 * n));
        const auto isPlaced = [&](Index i) { return std::isfinite(warm(i, 0)) && std::isfinite(warm(i, 1)); };
        Eigen::Vector2f mean = Eigen::Vector2f::Zero();
        Index placed = 0;
        for (Index i = 0; i < n; ++i)
            if (isPlaced(i)) {
                mean += warm.row(i).transpose();
                ++placed;
            }
        if (placed > 0)
            mean /= static_cast<float>(placed);
        VertexRandom random(seed, ~1ULL, 0);
        for (Index i = 0; i < n; ++i) {
            Eigen::Vector2f p = Eigen::Vector2f::Zero();
            if (isPlaced(i)) {
                p = warm.row(i).transpose();
            } else {
                int count = 0;
                for (int m = 0; m < graph.k; ++m) {
                    const std::uint32_t j = graph.neighbours[static_cast<std::size_t>(i * graph.k + m)];
                    if (isPlaced(j)) {
                        p += warm.row(j).transpose();
                        ++count;
                    }
                }
                p = count > 0 ? Eigen::Vector2f(p / static_cast<float>(count)) : mean;
                p += Eigen::Vector2f(1e-3f * (2 * random.uniform() - 1), 1e-3f * (2 * random.uniform() - 1));
            }
            positions[static_cast<std::size_t>(2 * i)] = p.x();
            positions[static_cast<std::size_t>(2 * i + 1)] = p.y();
        }
        return positions;
    }

    // x^p for x > 0 as 2^(p·log2 x) with short series (relative error ~2e-5): powf would take half an
    // epoch's time, and the steps need no more precision than this.
    [[gnu::always_inline]] inline float fastPow(float x, float p)
    {
        const auto bits = std::bit_cast<std::uint32_t>(x);
        const auto exponent = static_cast<float>(static_cast<int>((bits >> 23) & 0xff) - 127);
        const float m = std::bit_cast<float>((bits & 0x7fffffu) | 0x3f800000u); // [1, 2)
        const float t = (m - 1) / (m + 1), t2 = t * t;
        const float log2x = exponent
            + 2.8853900817779268f * t * (1 + t2 * (1.0f / 3 + t2 * (0.2f + t2 * (1.0f / 7 + t2 / 9))));
        const float y = std::min(std::max(p * log2x, -126.0f), 126.0f);
        const float whole = std::floor(y), f = y - whole;
        const float fraction = 1
            + f * (0.6931472f + f * (0.2402265f + f * (0.0555041f + f * (0.0096181f + f * 0.0013333f))));
        return fraction * std::bit_cast<float>(static_cast<std::uint32_t>(static_cast<int>(whole) + 127) << 23);
    }

    float clip(float v)
    {
        return std::clamp(v, -gradientClip, gradientClip);
    }

    // The offsets (x_i − x_j) of the vertices one vertex meets in an epoch.
    struct Offsets {
        std::vector<float> dx, dy;
        void add(float x, float y)
        {
            dx.push_back(x);
            dy.push_back(y);
        }
        // Σ clip(coefficient(d²)·offset): the coefficients in one pass of their own, which the
        // compiler vectorises, then summed in order, so the sum does not depend on it.
        template <typename Coefficient>
        Eigen::Vector2f sum(std::vector<float>& scratch, Coefficient coefficient) const
        {
            scratch.resize(dx.size());
            for (std::size_t m = 0; m < dx.size(); ++m)
                scratch[m] = coefficient(dx[m] * dx[m] + dy[m] * dy[m]);
            Eigen::Vector2f total = Eigen::Vector2f::Zero();
            for (std::size_t m = 0; m < dx.size(); ++m) {
                total.x() += clip(scratch[m] * dx[m]);
                total.y() += clip(scratch[m] * dy[m]);
            }
            return total;
        }
    };

    struct Meetings {
        Offsets pull, push; // graph neighbours; negative samples
        std::vector<float> scratch;
        void clear()
        {
            pull.dx.clear();
            pull.dy.clear();
            push.dx.clear();
            push.dy.clear();
        }
    };

    struct Schedule {
        std::vector<float> epochsPerSample, nextSample, nextNegative;
    };

    // UMAP's sampling: an edge of weight w is drawn every max(w)/w epochs (those drawn fewer
    // than once in the run are left out), each draw followed by negative samples.
    Schedule scheduleOf(const knn::FuzzyGraph& fuzzy, int epochs, int negativesPerEdge)
    {
        Schedule s;
        const float heaviest = fuzzy.weights.empty() ? 1.0f
                                                     : *std::max_element(fuzzy.weights.begin(), fuzzy.weights.end());
        s.epochsPerSample.resize(fuzzy.weights.size());
        for (std::size_t e = 0; e < fuzzy.weights.size(); ++e)
            s.epochsPerSample[e] = fuzzy.weights[e] >= heaviest / static_cast<float>(epochs)
                ? heaviest / fuzzy.weights[e]
                : std::numeric_limits<float>::infinity();
        s.nextSample = s.epochsPerSample;
        s.nextNegative.resize(fuzzy.weights.size());
        for (std::size_t e = 0; e < fuzzy.weights.size(); ++e)
            s.nextNegative[e] = s.epochsPerSample[e] / static_cast<float>(negativesPerEdge);
        return s;
    }

} // namespace

LayoutResult computeNeighbourLayout(Eigen::Ref<const RowMatrixXf> points, const LayoutConfig& config,
                                    const LongWork& work)
{
    LayoutResult result;
    const Index n = points.rows();
    if (n < 3) {
        result.problem = "a layout needs at least 3 items";
        return result;
    }
    const bool isWarm = config.warmStart.rows() > 0;
    if (isWarm && (config.warmStart.rows() != n || config.warmStart.cols() != 2))
        throw std::invalid_argument("a layout's warm start must be rows × 2 (" + std::to_string(n) + " × 2), not "
                                    + std::to_string(config.warmStart.rows()) + " × "
                                    + std::to_string(config.warmStart.cols()));
    LayoutResult cancelled;
    cancelled.cancelled = true;
    ProgressThrottle<double> throttle;
    const bool isExact = n <= config.exactUpTo;
    const int k = std::clamp(config.neighbours, 1, static_cast<int>(n - 1));
    const bool refinesGraph = isWarm && config.previousGraph && config.previousGraph->rows == n
        && config.previousGraph->k == k;
    // The shares of the progress bar, roughly as the steps' times on a million rows.
    const double graphShare = refinesGraph ? 0.1 : isExact ? 0.3 : 0.5;
    const double unionShare = graphShare + 0.02, startShare = unionShare + 0.01;
    const knn::ProgressPart graphPart(work, throttle, 0, graphShare);
    if (refinesGraph)
        work.startStep(LayoutStep::graphUpdate);
    else if (isExact)
        work.startStep(LayoutStep::exactGraph);
    auto builtGraph = std::make_shared<KnnGraph>(
        refinesGraph
            ? knn::refineKnn(points, config.metric, *config.previousGraph, knn::refineRounds, config.threads, graphPart)
            : isExact ? knn::exactKnn(points, config.metric, k, {}, config.threads, graphPart)
                      : knn::approximateKnn(points, config.metric, k, config.threads, config.seed, graphPart));
    if (work.cancelled() || builtGraph->rows == 0)
        return cancelled;
    const KnnGraph& graph = *builtGraph;

    work.startStep(LayoutStep::fuzzyUnion);
    const knn::ProgressPart unionPart(work, throttle, graphShare, unionShare);
    const knn::FuzzyGraph fuzzy = knn::fuzzyUnion(graph, config.threads, &unionPart);
    if (work.cancelled())
        return cancelled;

    const bool refines = n <= config.refineUpTo;
    const int baseEpochs = config.epochs > 0 ? config.epochs : refines ? refinedEpochs : defaultEpochs(n);
    const int refineIterations = !refines ? 0 : isWarm ? refinementIterations / 4 : refinementIterations;
    const int epochs = isWarm ? std::max(10, baseEpochs / 4) : baseEpochs;
    const float initialRate = isWarm ? 0.25f : 1.0f;
    const auto [a64, b64] = knn::fitSimilarityCurve(config.minDistance);
    const float a = static_cast<float>(a64), b = static_cast<float>(b64);
    const int negativesPerEdge = negativeSamplesPerEdge(n);

    work.startStep(LayoutStep::start);
    const knn::ProgressPart startPart(work, throttle, unionShare, startShare);
    Schedule schedule = scheduleOf(fuzzy, epochs, negativesPerEdge);
    std::vector<float> current = isWarm
        ? warmPositions(config.warmStart, graph, config.seed)
        : initialPositions(points, config.metric, config.seed, config.threads, startPart);
    if (work.cancelled())
        return cancelled;
    std::vector<float> previous(current.size());
    const Index chunks = (n + verticesPerChunk - 1) / verticesPerChunk;
    // A team that sleeps between epochs: an OpenMP team per epoch spins, which on a busy
    // machine costs more than a small epoch's work.
    WorkerTeam team(std::max(1, config.threads));
    const knn::ProgressPart layoutPart(work, throttle, startShare, refineIterations > 0 ? 0.7 : 1);

    work.startStep(LayoutStep::epochs);
    for (int epoch = 0; epoch < epochs; ++epoch) {
        const float rate = initialRate * (1.0f - static_cast<float>(epoch) / static_cast<float>(epochs));
        const auto e = static_cast<float>(epoch);
        // Jacobi steps: a vertex moves only itself, by the sum of its clipped edge and negative-
        // sample steps, all taken from where the last epoch left every vertex. So the result is
        // the same on any number of threads, and a vertex's terms do not wait on each other.
        previous = current;
        team.run(static_cast<std::size_t>(chunks), [&](std::size_t chunk) {
            // a stop leaves the epoch unfinished: nothing of it is returned
            if (work.cancelled())
                return;
            Meetings meetings;
            const auto c = static_cast<Index>(chunk);
            for (Index i = c * verticesPerChunk; i < std::min(n, (c + 1) * verticesPerChunk); ++i) {
                VertexRandom random(config.seed, static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(i));
                const float x0 = current[static_cast<std::size_t>(2 * i)];
                const float y0 = current[static_cast<std::size_t>(2 * i + 1)];
                meetings.clear();
                for (std::size_t s = fuzzy.offsets[static_cast<std::size_t>(i)];
                     s < fuzzy.offsets[static_cast<std::size_t>(i + 1)]; ++s) {
                    if (schedule.nextSample[s] > e)
                        continue;
                    const std::uint32_t j = fuzzy.targets[s];
                    meetings.pull.add(x0 - previous[2 * j], y0 - previous[2 * j + 1]);
                    schedule.nextSample[s] += schedule.epochsPerSample[s];
                    const float perNegative = schedule.epochsPerSample[s] / static_cast<float>(negativesPerEdge);
                    const int negatives = static_cast<int>((e - schedule.nextNegative[s]) / perNegative);
                    for (int p = 0; p < negatives; ++p) {
                        const std::uint32_t other = random.below(static_cast<std::uint64_t>(n));
                        if (other != static_cast<std::uint32_t>(i))
                            meetings.push.add(x0 - previous[2 * other], y0 - previous[2 * other + 1]);
                    }
                    schedule.nextNegative[s] += static_cast<float>(negatives) * perNegative;
                }
                // Attraction −2ab·d^(2b−2) / (1 + a·d^2b), repulsion 2b / ((0.001 + d²)(1 + a·d^2b)).
                const Eigen::Vector2f pull = meetings.pull.sum(meetings.scratch, [a, b](float d2) {
                    const float safe = std::max(d2, std::numeric_limits<float>::min());
                    const float powB = fastPow(safe, b);
                    return (d2 > 0 ? 1.0f : 0.0f) * (-2 * a * b * powB / safe / (1 + a * powB));
                });
                const Eigen::Vector2f push = meetings.push.sum(meetings.scratch, [a, b](float d2) {
                    const float safe = std::max(d2, std::numeric_limits<float>::min());
                    return (d2 > 0 ? 1.0f : 0.0f) * (2 * b / ((0.001f + d2) * (1 + a * fastPow(safe, b))));
                });
                current[static_cast<std::size_t>(2 * i)] = x0 + rate * (pull.x() + push.x());
                current[static_cast<std::size_t>(2 * i + 1)] = y0 + rate * (pull.y() + push.y());
            }
        });
        if (work.cancelled())
            return cancelled;
        layoutPart.report(static_cast<double>(epoch + 1) / epochs);
    }

    if (refineIterations > 0) {
        work.startStep(LayoutStep::refinement);
        const knn::ProgressPart refinePart(work, throttle, 0.7, 1);
        knn::RefinementConfig refine;
        refine.iterations = refineIterations;
        if (!knn::refineLayout(current, graph, refine, team, work, [&](double f) { refinePart.report(f); }))
            return cancelled;
    }
    result.coordinates.resize(n, 2);
    for (Index i = 0; i < n; ++i) {
        result.coordinates(i, 0) = current[static_cast<std::size_t>(2 * i)];
        result.coordinates(i, 1) = current[static_cast<std::size_t>(2 * i + 1)];
    }
    if (isWarm)
        alignLayout(result.coordinates, config.warmStart);
    result.graph = builtGraph;
    result.approximateGraph = graph.approximate;
    if (work.progress)
        throttle.flush([&](double f) { work.progress(f); });
    return result;
}

} // namespace embex::core
