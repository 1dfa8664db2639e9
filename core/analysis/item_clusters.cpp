// SPDX-License-Identifier: MIT
#include "core/analysis/item_clusters.h"

#include "core/analysis/knn_search.h"

#include <igraph.h>

#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>

namespace embex::core {
namespace {

    // Debian's igraph is built with IGRAPH_THREAD_SAFE 0: its RNG and error state are globals.
    std::mutex& igraphLock()
    {
        static std::mutex lock;
        return lock;
    }

    // igraph's default error handler aborts the process; an error here is a value instead.
    struct IgraphErrors {
        igraph_error_handler_t* previous;
        IgraphErrors() { previous = igraph_set_error_handler(igraph_error_handler_ignore); }
        ~IgraphErrors() { igraph_set_error_handler(previous); }
    };

    // Groups numbered by size, largest first, ties by their lowest row: stable for people.
    int renumberBySize(std::vector<int>& clusterOf)
    {
        std::map<int, std::pair<long, int>> groups; // id → (−size, lowest row)
        for (std::size_t r = 0; r < clusterOf.size(); ++r) {
            auto [it, isNew] = groups.try_emplace(clusterOf[r], 0L, static_cast<int>(r));
            --it->second.first;
        }
        std::vector<std::pair<std::pair<long, int>, int>> order;
        for (const auto& [id, key] : groups)
            order.push_back({ key, id });
        std::sort(order.begin(), order.end());
        std::map<int, int> newId;
        for (std::size_t i = 0; i < order.size(); ++i)
            newId[order[i].second] = static_cast<int>(i);
        for (int& c : clusterOf)
            c = newId[c];
        return static_cast<int>(order.size());
    }

} // namespace

Clustering clusterGraph(const KnnGraph& graph, double resolution, std::uint64_t seed)
{
    Clustering result;
    if (graph.rows < 3) {
        result.problem = "clusters need at least 3 items";
        return result;
    }
    if (!(resolution > 0))
        throw std::invalid_argument("clusterGraph: the resolution must be positive");
    const knn::FuzzyGraph fuzzy = knn::fuzzyUnion(graph);
    const auto rows = static_cast<igraph_integer_t>(graph.rows);

    std::lock_guard lock(igraphLock());
    IgraphErrors errors;
    igraph_vector_int_t edges;
    igraph_vector_t weights, strengths;
    igraph_vector_int_t membership;
    igraph_t g;
    igraph_vector_int_init(&edges, 0);
    igraph_vector_init(&weights, 0);
    double total = 0;
    for (igraph_integer_t i = 0; i < rows; ++i)
        for (std::size_t e = fuzzy.offsets[static_cast<std::size_t>(i)];
             e < fuzzy.offsets[static_cast<std::size_t>(i) + 1]; ++e)
            if (static_cast<igraph_integer_t>(fuzzy.targets[e]) > i) { // each undirected edge once
                igraph_vector_int_push_back(&edges, i);
                igraph_vector_int_push_back(&edges, fuzzy.targets[e]);
                igraph_vector_push_back(&weights, fuzzy.weights[e]);
                total += fuzzy.weights[e];
            }
    igraph_create(&g, &edges, rows, IGRAPH_UNDIRECTED);
    igraph_vector_init(&strengths, rows);
    igraph_strength(&g, &strengths, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &weights);
    igraph_vector_int_init(&membership, rows);
    igraph_rng_seed(igraph_rng_default(), static_cast<igraph_uint_t>(seed));
    igraph_integer_t count = 0;
    igraph_real_t quality = 0;
    // Modularity through Leiden's node-weight form: node weights are strengths, γ / 2m the resolution.
    const igraph_error_t status = total > 0
        ? igraph_community_leiden(&g, &weights, &strengths, resolution / (2 * total), 0.01, false, -1, &membership,
                                  &count, &quality)
        : IGRAPH_EINVAL;
    if (status == IGRAPH_SUCCESS) {
        result.clusterOf.resize(static_cast<std::size_t>(rows));
        for (igraph_integer_t i = 0; i < rows; ++i)
            result.clusterOf[static_cast<std::size_t>(i)] = static_cast<int>(VECTOR(membership)[i]);
        igraph_real_t modularity = 0;
        igraph_modularity(&g, &membership, &weights, 1, false, &modularity);
        result.modularity = modularity;
    } else {
        result.problem = std::string("clustering failed: ") + igraph_strerror(status);
    }
    igraph_vector_int_destroy(&membership);
    igraph_vector_destroy(&strengths);
    igraph_destroy(&g);
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&edges);
    if (result.problem.empty())
        result.count = renumberBySize(result.clusterOf);
    return result;
}

Clustering clusterPoints(Eigen::Ref<const RowMatrixXf> points, const ClusterConfig& config, const LongWork& work)
{
    Clustering result;
    if (points.rows() < 3) {
        result.problem = "clusters need at least 3 items";
        return result;
    }
    KnnConfig knn;
    knn.metric = config.metric;
    knn.k = static_cast<int>(std::min<Index>(config.neighbours, points.rows() - 1));
    knn.threads = config.threads;
    knn.exactUpTo = config.exactUpTo;
    knn.seed = config.seed;
    const KnnGraph graph = buildKnnGraph(points, knn, work);
    if (work.cancelled() || graph.rows == 0) {
        result.cancelled = true;
        return result;
    }
    return clusterGraph(graph, config.resolution, config.seed);
}

Clustering clusterItems(Eigen::Ref<const RowMatrixXf> all, std::span<const std::uint32_t> items,
                        const ClusterConfig& config, const LongWork& work)
{
    RowMatrixXf chosen(static_cast<Index>(items.size()), all.cols());
    for (std::size_t r = 0; r < items.size(); ++r)
        chosen.row(static_cast<Index>(r)) = all.row(items[r]);
    return clusterPoints(chosen, config, work);
}

double adjustedRandIndex(const std::vector<int>& a, const std::vector<int>& b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("adjustedRandIndex: the labellings have different sizes");
    const auto pairs = [](double n) { return n * (n - 1) / 2; };
    std::map<std::pair<int, int>, double> joint;
    std::map<int, double> rowsA, rowsB;
    for (std::size_t i = 0; i < a.size(); ++i) {
        joint[{ a[i], b[i] }] += 1;
        rowsA[a[i]] += 1;
        rowsB[b[i]] += 1;
    }
    double index = 0, sumA = 0, sumB = 0;
    for (const auto& [cell, n] : joint)
        index += pairs(n);
    for (const auto& [label, n] : rowsA)
        sumA += pairs(n);
    for (const auto& [label, n] : rowsB)
        sumB += pairs(n);
    const double expected = sumA * sumB / pairs(static_cast<double>(a.size()));
    const double maximum = (sumA + sumB) / 2;
    return maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
}

} // namespace embex::core
