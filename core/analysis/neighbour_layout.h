// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"
#include "core/eigen_types.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// The k nearest other rows of every row, as a table: row i's neighbours are
/// `neighbours[i*k .. i*k+k)`, nearest first, with `distances` beside them (non-negative,
/// smaller is nearer; cosine: 1 − cos, dot: the row's best dot minus the dot, euclidean: ‖·‖).
struct KnnGraph {
    Index rows = 0;
    int k = 0;
    std::vector<std::uint32_t> neighbours;
    std::vector<float> distances;
    bool approximate = false; ///< built by the approximate index rather than exact search
};

/// What stops and reports long work; all may be left empty. `stop` is the caller's (a job's
/// std::stop_token, as training takes); progress(fraction in [0, 1]) is called on the calling
/// thread, at most every few tens of milliseconds; stepStarted(name) on the calling thread as
/// each named step begins (computeNeighbourLayout lists its steps), before its first progress.
struct LongWork {
    std::stop_token stop;
    std::function<void(double)> progress;
    std::function<void(std::string_view step)> stepStarted = {};
    bool cancelled() const { return stop.stop_requested(); }
    void startStep(std::string_view step) const
    {
        if (stepStarted)
            stepStarted(step);
    }
};

struct KnnConfig {
    Metric metric = Metric::Cosine;
    int k = 15;
    int threads = 1;
    /// Up to this many rows the graph is exact (blocked matrix products); above it, an
    /// approximate graph (NN-descent) whose recall against exact search a test measures.
    Index exactUpTo = 100000;
    std::uint64_t seed = 1;
};

/// Throws std::invalid_argument when k < 1 or k ≥ rows. Returns an empty graph (rows == 0) when
/// cancelled.
KnnGraph buildKnnGraph(Eigen::Ref<const RowMatrixXf> points, const KnnConfig& config, const LongWork& work = {});

/// The k-NN graph of `points` brought up to date from `previous`, the graph of the same rows
/// (same k and metric) before they moved a little, as in a training epoch: each row's neighbours
/// are searched among its previous neighbours, the rows that listed it, and the neighbours of
/// both (NN-descent's local join from a good start), a few hundred candidates a row instead of
/// all rows. Approximate: tests/core/tst_neighbour_layout.cpp measures its recall against exact
/// search. Throws std::invalid_argument when `previous` is not a graph of as many rows with
/// config.k neighbours; an empty graph when cancelled.
KnnGraph refineKnnGraph(Eigen::Ref<const RowMatrixXf> points, const KnnGraph& previous, const KnnConfig& config,
                        const LongWork& work = {});

/// A neighbour-keeping 2-D layout (UMAP-style: fuzzy k-NN graph, then a layout optimised to keep
/// it). The same points, seed and thread count give the same layout; so does any other thread
/// count, since each epoch moves every point from the previous epoch's positions.
struct LayoutConfig {
    Metric metric = Metric::Cosine;
    /// The graph's k (clamped to rows − 1). 10 rather than UMAP's 15: on ml-100k it keeps 0.363
    /// of the 10 nearest neighbours rather than 0.353, and runs faster.
    int neighbours = 10;
    double minDistance = 0.1;
    int epochs = 0; ///< 0: chosen by size
    /// Up to this many rows, 200 UMAP-style epochs are followed by a short t-SNE phase (exact
    /// repulsion between all pairs, O(n²) an iteration) that fits the layout to the k-NN sets: on
    /// ml-100k it keeps 0.413 of the 10 nearest neighbours rather than 0.362. At 4,000 rows it
    /// costs what the 500 epochs it replaces cost; above, the layout is UMAP-style only.
    Index refineUpTo = 4000;
    std::uint64_t seed = 1;
    int threads = 1;
    Index exactUpTo = 100000; ///< see KnnConfig
    /// n × 2 or empty: the previous layout of the same rows (NaN rows for rows new to it). When
    /// given, the layout starts from it, runs fewer epochs, and is rotated/reflected onto it, so a
    /// map redrawn after every epoch moves rather than jumps.
    RowMatrixXf warmStart;
    /// With a warm start: the k-NN graph of the layout it continues (LayoutResult::graph, same
    /// rows and metric). It is refined (refineKnnGraph) instead of rebuilt, which is most of
    /// what an update costs on a large catalogue. Ignored when its rows or k differ.
    std::shared_ptr<const KnnGraph> previousGraph;
};

struct LayoutResult {
    RowMatrixXf coordinates; ///< n × 2, in the rows' order
    bool approximateGraph = false;
    std::shared_ptr<const KnnGraph> graph; ///< the graph laid out, for the next update's previousGraph
    bool cancelled = false;
    /// Empty when the layout is valid; otherwise why there is none ("a layout needs at least 3 items").
    std::string problem;
    bool isValid() const { return problem.empty() && !cancelled; }
};

/// The steps computeNeighbourLayout names through LongWork::stepStarted, in the order they run: one
/// way to the graph (exact; trees, leaves and descent for the approximate graph; or an update of
/// LayoutConfig::previousGraph), then union, start, epochs and, up to refineUpTo rows, refinement.
/// No step goes half a second on a million rows without looking at the stop token.
struct LayoutStep {
    static constexpr std::string_view exactGraph = "exact k-NN graph";
    static constexpr std::string_view trees = "random-projection trees";
    static constexpr std::string_view leaves = "neighbours within leaves";
    static constexpr std::string_view descent = "NN-descent rounds";
    static constexpr std::string_view graphUpdate = "k-NN graph update";
    static constexpr std::string_view fuzzyUnion = "fuzzy union";
    static constexpr std::string_view start = "start positions";
    static constexpr std::string_view epochs = "layout epochs";
    static constexpr std::string_view refinement = "t-SNE refinement";
};

/// Cancelled (LongWork::stop) at any step, the result has `cancelled` set and neither
/// coordinates nor a graph.
LayoutResult computeNeighbourLayout(Eigen::Ref<const RowMatrixXf> points, const LayoutConfig& config,
                                    const LongWork& work = {});

/// Rotates/reflects and translates `layout` (n × 2) onto `reference` (n × 2) by orthogonal
/// Procrustes over the rows finite in both; no scaling.
void alignLayout(RowMatrixXf& layout, const RowMatrixXf& reference);

/// How faithful a map is: the share of each row's k nearest rows in the full space (metric) that
/// are among its k nearest points on the map (euclidean), averaged over the rows measured.
struct NeighboursKeptConfig {
    Metric metric = Metric::Cosine;
    int k = 10;
    /// Above this many rows, a random sample of this many rows is measured (their neighbours are
    /// still searched among all rows); the result says so.
    Index sampleSize = 2000;
    std::uint64_t seed = 1;
    int threads = 1;
};

struct NeighboursKept {
    double share = 0;     ///< in [0, 1]
    Index measured = 0;   ///< rows measured
    bool sampled = false; ///< measured on a random sample of `measured` rows
    bool cancelled = false;
};

/// points (n × d) and map (n × 2) are the same rows. Throws std::invalid_argument when the row
/// counts differ or k ≥ n.
NeighboursKept measureNeighboursKept(Eigen::Ref<const RowMatrixXf> points, Eigen::Ref<const RowMatrixXf> map,
                                     const NeighboursKeptConfig& config, const LongWork& work = {});

} // namespace embex::core
