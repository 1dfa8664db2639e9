// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbour_layout.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// Groups of rows found in the full space, not in a 2-D picture: Leiden (igraph) on the
/// symmetrised k-NN graph, each edge weighted by its fuzzy membership (the graph the
/// Neighbourhoods layout lays out), optimising modularity at `resolution`. The same groups show on
/// every projection.
struct ClusterConfig {
    Metric metric = Metric::Cosine;
    /// The graph's k (clamped to rows − 1): the Neighbourhoods layout's, so the window can group
    /// the graph it already built.
    int neighbours = LayoutConfig {}.neighbours;
    /// Modularity's resolution γ: above 1 more and smaller groups, below 1 fewer and larger ones.
    double resolution = 1.0;
    std::uint64_t seed = 1;
    int threads = 1;
    Index exactUpTo = 100000; ///< see KnnConfig
};

struct Clustering {
    /// One per row: its group, 0 the largest, then by size (ties by the lowest row in them).
    std::vector<int> clusterOf;
    int count = 0;
    double modularity = 0; ///< at resolution 1, of the groups found
    bool cancelled = false;
    std::string problem; ///< why there are no groups ("clusters need at least 3 items"); empty otherwise
    bool isValid() const { return problem.empty() && !cancelled; }
};

/// Groups of the graph's rows. Deterministic for a seed. Safe on any thread (igraph, which
/// Debian builds without thread-safety, is called under one lock).
Clustering clusterGraph(const KnnGraph& graph, double resolution, std::uint64_t seed);

/// Builds the k-NN graph of `points` (n × d) and groups its rows; progress covers both.
Clustering clusterPoints(Eigen::Ref<const RowMatrixXf> points, const ClusterConfig& config, const LongWork& work = {});

/// Groups the rows `items` (dense indices) of `all` (n × d); row r of the result is items[r].
Clustering clusterItems(Eigen::Ref<const RowMatrixXf> all, std::span<const std::uint32_t> items,
                        const ClusterConfig& config, const LongWork& work = {});

/// The adjusted Rand index of two labellings of the same rows (1: the same partition, about 0:
/// chance). Throws std::invalid_argument when their sizes differ.
double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b);

} // namespace embex::core
