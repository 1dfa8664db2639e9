// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbour_layout.h"
#include "core/util/progress_throttle.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace embex::core {
class WorkerTeam;
}

// Pieces the k-NN graph, the layout and the neighbours-kept measure share; not a public API.
namespace embex::core::knn {

/// Rows scaled to length 1 (zero rows stay zero): cosine becomes a dot product.
RowMatrixXf unitRows(Eigen::Ref<const RowMatrixXf> points);

/// Every search ranks row j for query i by a score, higher is nearer: x_i·x_j + bias_j, with
/// unit rows for cosine and bias_j = −‖x_j‖²/2 for euclidean (zero otherwise).
VectorXf scoreBias(Eigen::Ref<const RowMatrixXf> rows, Metric metric);

/// The rows as every search scores them (unit rows for cosine, a copy; the points themselves
/// otherwise) and their score biases. Not copyable: `rows` may refer to `unit`.
struct ScoredRows {
    ScoredRows(Eigen::Ref<const RowMatrixXf> points, Metric metric)
        : unit(metric == Metric::Cosine ? unitRows(points) : RowMatrixXf())
        , rows(metric == Metric::Cosine ? Eigen::Ref<const RowMatrixXf>(unit) : points)
        , bias(scoreBias(rows, metric))
    {
    }
    ScoredRows(const ScoredRows&) = delete;
    ScoredRows& operator=(const ScoredRows&) = delete;

    RowMatrixXf unit;
    Eigen::Ref<const RowMatrixXf> rows;
    VectorXf bias;
};

/// The graph's distance for a score (see KnnGraph): `best` is the query's best score,
/// `squaredNorm` its ‖x_i‖².
inline float scoreToDistance(Metric metric, float score, float best, float squaredNorm)
{
    switch (metric) {
    case Metric::Cosine: return std::max(0.0f, 1.0f - score);
    case Metric::Dot: return std::max(0.0f, best - score);
    case Metric::Euclidean: return std::sqrt(std::max(0.0f, squaredNorm - 2 * score));
    }
    return 0;
}

/// The OpenMP thread number of the caller (0 outside a parallel region or without OpenMP): the
/// searches report progress from thread 0 only, the thread that called them.
int threadNumber();

/// Asks for row j's cache lines before they are read: the searches visit rows scattered over the
/// matrix, a few hundred bytes each, behind branches the processor cannot see past.
inline void prefetchRow(const Eigen::Ref<const RowMatrixXf>& rows, std::uint32_t j)
{
    const auto* bytes = reinterpret_cast<const char*>(rows.row(j).data());
    const auto size = static_cast<std::ptrdiff_t>(rows.cols() * static_cast<Index>(sizeof(float)));
    for (std::ptrdiff_t offset = 0; offset < size; offset += 64)
        __builtin_prefetch(bytes + offset);
}
/// How many rows ahead of its use a row is asked for.
inline constexpr std::size_t prefetchAhead = 8;

/// A candidate neighbour: higher scores are nearer (see scoreBias).
struct Candidate {
    float score;
    std::uint32_t row;
};
inline constexpr std::uint32_t noRow = std::numeric_limits<std::uint32_t>::max();

/// Ties go to the lower row, so an answer never depends on the order rows are seen in.
inline bool isBetter(Candidate a, Candidate b)
{
    return a.score > b.score || (a.score == b.score && a.row < b.row);
}

/// Keeps `top` (k entries, best first) sorted while inserting a candidate better than the last.
inline void insert(Candidate* top, int k, Candidate c)
{
    int at = k - 1;
    while (at > 0 && isBetter(c, top[at - 1])) {
        top[at] = top[at - 1];
        --at;
    }
    top[at] = c;
}

/// Reports a part [from, to] of a long job's progress through the job's one throttle. Called on
/// the calling thread only.
class ProgressPart {
public:
    ProgressPart(const LongWork& work, ProgressThrottle<double>& throttle, double from, double to)
        : m_work(work)
        , m_throttle(throttle)
        , m_from(from)
        , m_to(to)
    {
    }
    void report(double fraction) const
    {
        if (m_work.progress)
            m_throttle.offer(m_from + (m_to - m_from) * fraction, [this](double f) { m_work.progress(f); });
    }
    const LongWork& work() const { return m_work; }
    /// The part [from, to] of this part, through the same throttle.
    ProgressPart part(double from, double to) const
    {
        return { m_work, m_throttle, m_from + (m_to - m_from) * from, m_from + (m_to - m_from) * to };
    }

private:
    const LongWork& m_work;
    ProgressThrottle<double>& m_throttle;
    double m_from, m_to;
};

/// Exact k nearest other rows of `points` (n × d) for each row in `queries` (every row when
/// empty): the graph's row r belongs to queries[r]. Row blocks are spread over `threads`; each
/// row's answer is computed the same way whatever the thread count. Empty graph when cancelled.
KnnGraph exactKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, int k, std::span<const std::uint32_t> queries,
                  int threads, const ProgressPart& progress);

/// The same for every row, approximately, by NN-descent (Dong, Moses & Li 2011): a start from
/// the leaves of a forest of random-projection trees, then rounds of localJoin until a round
/// changes fewer than one entry in a thousand. Every random choice is drawn from (seed, tree,
/// node) and every round reads the graph it started from, so the graph is the same for a seed
/// whatever the thread count. Empty graph when cancelled.
KnnGraph approximateKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, int k, int threads, std::uint64_t seed,
                        const ProgressPart& progress);

/// At most this many rounds of refineKnn; it stops earlier when a round changes fewer than one
/// entry in a thousand. On the bench's 62,000 items after an early epoch (vectors moving a lot),
/// 2 rounds recover 0.60 of the exact graph in 5.0 s of CPU for the whole update, 8 rounds 0.73 in
/// 8.2 s, and the map keeps 0.046 of the neighbours either way: more rounds do not show on the map.
inline constexpr int refineRounds = 2;

/// `previous` (a graph of the same rows before they moved) brought up to date: each row's k
/// nearest among its previous neighbours, the rows that listed it, and their neighbours, for up
/// to `rounds` rounds, each reading the graph the round started from (so any thread count gives
/// the same graph). Marked approximate. Empty graph when cancelled.
KnnGraph refineKnn(Eigen::Ref<const RowMatrixXf> points, Metric metric, const KnnGraph& previous, int rounds,
                   int threads, const ProgressPart& progress);

/// refineKnn on rows already scored. `isNew` (one flag a graph entry, or empty: all new) marks the
/// entries the last round added: a pair whose link and whose neighbour are both old was compared
/// in that round already and is skipped, which makes the late rounds of a cold build cheap.
KnnGraph localJoin(const ScoredRows& scored, Metric metric, KnnGraph graph, std::vector<std::uint8_t> isNew, int rounds,
                   int threads, const ProgressPart& progress);

/// The fuzzy union of a k-NN graph's memberships (UMAP's fuzzy simplicial set): row i's
/// edges are targets[offsets[i] .. offsets[i+1]) with weights in (0, 1], the same both ways.
struct FuzzyGraph {
    std::vector<std::size_t> offsets; ///< rows + 1
    std::vector<std::uint32_t> targets;
    std::vector<float> weights;
};

/// Memberships exp(−(d − ρ_i)/σ_i), ρ_i the nearest non-zero distance and σ_i found by bisection
/// so that each row's memberships add up to log2(k); then w_ij + w_ji − w_ij·w_ji. Rows are
/// spread over `threads`; the graph is the same on any number. With `progress`, reports through
/// it and returns an empty graph (no offsets) when its work is cancelled.
FuzzyGraph fuzzyUnion(const KnnGraph& graph, int threads = 1, const ProgressPart* progress = nullptr);

/// a, b of the layout's similarity 1 / (1 + a·r^2b), fitted by least squares to 1 below
/// minDistance and exp(−(r − minDistance)) above it, on r in [0, 3].
std::pair<double, double> fitSimilarityCurve(double minDistance);

struct RefinementConfig {
    int iterations = 0;
    double rate = 0; ///< 0: max(50, n / 12), as openTSNE's
};

/// A short t-SNE run (Student-t kernel, exact repulsion between all pairs, momentum and gains)
/// on `positions` (x0, y0, x1, …) with P spread evenly over each row's graph neighbours,
/// symmetrised; scaled back to the spread it started with. Costs O(n²) an iteration. The same
/// result on any thread count. False when cancelled.
bool refineLayout(std::vector<float>& positions, const KnnGraph& graph, const RefinementConfig& config,
                  WorkerTeam& team, const LongWork& work, const std::function<void(double)>& progress);

} // namespace embex::core::knn
