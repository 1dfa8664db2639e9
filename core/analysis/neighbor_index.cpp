// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    constexpr Index rowsPerChunk = 4096;
    constexpr Index parallelFrom = 16384; // below this, waking threads costs more than it saves

    struct Ranking {
        bool lowerIsBetter;
        bool operator()(const Neighbour& a, const Neighbour& b) const
        {
            if (a.score != b.score)
                return lowerIsBetter ? a.score < b.score : a.score > b.score;
            return a.item < b.item;
        }
    };

    std::shared_ptr<const RowMatrixXf> itemMatrixOf(std::shared_ptr<const EmbeddingSnapshot> snapshot)
    {
        if (!snapshot || !snapshot->parameter("item_embedding"))
            throw std::invalid_argument("a neighbour index needs a snapshot with an item embedding");
        const RowMatrixXf* items = snapshot->parameter("item_embedding");
        return std::shared_ptr<const RowMatrixXf>(std::move(snapshot), items); // shares ownership, no copy
    }

} // namespace

std::optional<Metric> metricFromName(std::string_view name)
{
    if (name == "cosine")
        return Metric::Cosine;
    if (name == "dot")
        return Metric::Dot;
    if (name == "euclidean")
        return Metric::Euclidean;
    return std::nullopt;
}

const char* metricName(Metric metric)
{
    switch (metric) {
    case Metric::Cosine: return "cosine";
    case Metric::Dot: return "dot";
    case Metric::Euclidean: return "euclidean";
    }
    return "cosine";
}

NeighborIndex::NeighborIndex(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::vector<std::uint32_t> ratingCounts)
    : NeighborIndex(itemMatrixOf(std::move(snapshot)), std::move(ratingCounts))
{
}

NeighborIndex::NeighborIndex(std::shared_ptr<const RowMatrixXf> items, std::vector<std::uint32_t> ratingCounts)
    : m_items(std::move(items))
    , m_ratingCounts(std::move(ratingCounts))
{
    if (!m_items || m_items->size() == 0)
        throw std::invalid_argument("a neighbour index needs a non-empty item matrix");
    if (!m_ratingCounts.empty() && static_cast<Index>(m_ratingCounts.size()) != m_items->rows())
        throw std::invalid_argument("a neighbour index needs one rating count per item");
    m_squaredNorms = m_items->rowwise().squaredNorm();
    m_unitRows = *m_items;
#pragma omp parallel for schedule(static) if (m_items->rows() >= parallelFrom)
    for (Index i = 0; i < m_unitRows.rows(); ++i) {
        const float norm = std::sqrt(m_squaredNorms(i));
        if (norm > 0)
            m_unitRows.row(i) /= norm;
    }
}

std::vector<Neighbour> NeighborIndex::neighbours(std::uint32_t item, const NeighborQuery& query) const
{
    if (item >= itemCount())
        throw std::invalid_argument("neighbours: item index " + std::to_string(item)
                                    + " is out of range (the index has " + std::to_string(itemCount()) + " items)");
    if (query.k >= itemCount())
        throw std::invalid_argument("neighbours: k must be smaller than the item count (" + std::to_string(itemCount())
                                    + ")");
    return search(m_items->row(item).transpose(), item, query);
}

std::vector<Neighbour> NeighborIndex::nearest(const Eigen::Ref<const VectorXf>& vector,
                                              const NeighborQuery& query) const
{
    if (vector.size() != dimension())
        throw std::invalid_argument("nearest: the query vector must have the index's dimension");
    if (query.k > itemCount())
        throw std::invalid_argument("nearest: k cannot exceed the item count");
    return search(vector, std::nullopt, query);
}

std::vector<Neighbour> NeighborIndex::search(const VectorXf& vector, std::optional<std::uint32_t> exclude,
                                             const NeighborQuery& query) const
{
    if (query.k < 1)
        throw std::invalid_argument("neighbours: k must be at least 1");
    if (query.minRatings > 0 && !hasRatingCounts())
        throw std::invalid_argument("neighbours: a popularity filter needs rating counts in the index");
    if (!query.allowed.empty() && static_cast<Index>(query.allowed.size()) != itemCount())
        throw std::invalid_argument("neighbours: the allowed mask needs one entry per item ("
                                    + std::to_string(itemCount()) + "), not " + std::to_string(query.allowed.size()));

    const Metric metric = query.metric;
    const Ranking better { metric == Metric::Euclidean };
    const auto k = static_cast<std::size_t>(query.k);
    const RowMatrixXf& matrix = metric == Metric::Cosine ? m_unitRows : *m_items;
    VectorXf q = vector;
    if (metric == Metric::Cosine && q.norm() > 0)
        q.normalize();
    const float queryNorm2 = vector.squaredNorm();

    const Index n = itemCount();
    const Index chunks = (n + rowsPerChunk - 1) / rowsPerChunk;
    std::vector<std::vector<Neighbour>> best(static_cast<std::size_t>(chunks));
#pragma omp parallel for schedule(dynamic, 1) if (n >= parallelFrom)
    for (Index c = 0; c < chunks; ++c) {
        const Index begin = c * rowsPerChunk;
        const Index rows = std::min(rowsPerChunk, n - begin);
        VectorXf scores = matrix.middleRows(begin, rows) * q;
        std::vector<Neighbour>& heap = best[static_cast<std::size_t>(c)]; // worst of the best at the front
        heap.reserve(k + 1);
        for (Index r = 0; r < rows; ++r) {
            const auto item = static_cast<std::uint32_t>(begin + r);
            if (item == exclude || (query.minRatings > 0 && m_ratingCounts[item] < query.minRatings)
                || (!query.allowed.empty() && !query.allowed[item]))
                continue;
            float score = scores(r);
            if (metric == Metric::Euclidean)
                score = std::sqrt(std::max(0.0f, m_squaredNorms(item) + queryNorm2 - 2 * score));
            if (std::isnan(score))
                continue;
            const Neighbour candidate { item, score };
            if (heap.size() < k) {
                heap.push_back(candidate);
                std::push_heap(heap.begin(), heap.end(), better);
            } else if (better(candidate, heap.front())) {
                std::pop_heap(heap.begin(), heap.end(), better);
                heap.back() = candidate;
                std::push_heap(heap.begin(), heap.end(), better);
            }
        }
    }
    std::vector<Neighbour> merged;
    for (const auto& part : best)
        merged.insert(merged.end(), part.begin(), part.end());
    const std::size_t keep = std::min(k, merged.size());
    std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep), merged.end(), better);
    merged.resize(keep);
    if (metric == Metric::Euclidean) {
        // ‖x‖² + ‖q‖² − 2x·q ranks well but cancels badly near 0: an item's distance to itself came
        // out as 0.001 once the products fused their multiply-adds. The few kept are measured directly.
        for (Neighbour& hit : merged)
            hit.score = (m_items->row(hit.item) - vector.transpose()).norm();
        std::sort(merged.begin(), merged.end(), better);
    }
    return merged;
}

} // namespace embex::core
