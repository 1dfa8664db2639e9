// SPDX-License-Identifier: MIT
#include "core/analysis/embedding_axes.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {

ItemEnds extremeItems(const Eigen::Ref<const Eigen::VectorXf, 0, Eigen::InnerStride<>>& scores, int count,
                      std::span<const std::uint32_t> ratingCounts, std::uint32_t minRatings)
{
    if (count < 0)
        throw std::invalid_argument("the number of items at each end cannot be negative");
    const Index n = scores.size();
    if (!ratingCounts.empty() && static_cast<Index>(ratingCounts.size()) != n)
        throw std::invalid_argument("extremeItems needs one rating count per score");
    std::vector<std::uint32_t> eligible;
    eligible.reserve(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        if (std::isfinite(scores(i))
            && (ratingCounts.empty() || ratingCounts[static_cast<std::size_t>(i)] >= minRatings))
            eligible.push_back(static_cast<std::uint32_t>(i));
    const auto take = std::min(eligible.size(), static_cast<std::size_t>(count));
    auto pick = [&](auto before) {
        std::vector<std::uint32_t> order = eligible;
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(), before);
        std::vector<ScoredItem> items;
        for (std::size_t k = 0; k < take; ++k)
            items.push_back({ order[k], scores(order[k]) });
        return items;
    };
    ItemEnds ends;
    ends.low = pick(
        [&](std::uint32_t a, std::uint32_t b) { return scores(a) < scores(b) || (scores(a) == scores(b) && a < b); });
    ends.high = pick(
        [&](std::uint32_t a, std::uint32_t b) { return scores(a) > scores(b) || (scores(a) == scores(b) && a < b); });
    return ends;
}

NormPopularity normPopularity(Eigen::Ref<const RowMatrixXf> items, std::span<const std::uint32_t> ratingCounts,
                              Index maxPoints)
{
    const Index n = items.rows();
    if (static_cast<Index>(ratingCounts.size()) != n)
        throw std::invalid_argument("the norm/popularity correlation needs one rating count per item");
    NormPopularity result;
    std::vector<NormPopularity::Point> rated;
    for (Index i = 0; i < n; ++i) {
        const std::uint32_t count = ratingCounts[static_cast<std::size_t>(i)];
        const float norm = items.row(i).norm();
        if (count > 0 && std::isfinite(norm))
            rated.push_back({ static_cast<std::uint32_t>(i), count, norm });
    }
    const auto m = static_cast<Index>(rated.size());
    result.items = m;
    if (m >= 3) {
        // two passes in double: the means first, so the sums of squares do not cancel
        double meanX = 0, meanY = 0;
        for (const auto& p : rated) {
            meanX += std::log(static_cast<double>(p.ratings));
            meanY += p.norm;
        }
        meanX /= static_cast<double>(m);
        meanY /= static_cast<double>(m);
        double sxx = 0, syy = 0, sxy = 0;
        for (const auto& p : rated) {
            const double dx = std::log(static_cast<double>(p.ratings)) - meanX, dy = p.norm - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        // a side that is constant up to rounding has no correlation to give
        const double tiny = 1e-12 * static_cast<double>(m);
        if (sxx > tiny * std::max(1.0, meanX * meanX) && syy > tiny * std::max(1.0, meanY * meanY))
            result.correlation = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
    }
    if (maxPoints > 0 && m > maxPoints) {
        result.points.reserve(static_cast<std::size_t>(maxPoints));
        for (Index k = 0; k < maxPoints; ++k)
            result.points.push_back(rated[static_cast<std::size_t>(k * m / maxPoints)]);
    } else {
        result.points = std::move(rated);
    }
    return result;
}

const RowMatrixXf* itemBiasOf(const EmbeddingSnapshot& snapshot)
{
    const RowMatrixXf* bias = snapshot.parameter("item_bias");
    if (!bias || bias->cols() != 1 || bias->rows() != snapshot.itemEmbeddings().rows())
        return nullptr;
    return bias;
}

EmbeddingAxes computeEmbeddingAxes(Eigen::Ref<const RowMatrixXf> items, const AxesConfig& config)
{
    if (config.components < 1 || config.itemsPerEnd < 1)
        throw std::invalid_argument("axes need at least 1 component and 1 item at each end");
    const Index n = items.rows();
    const std::span<const std::uint32_t> counts = config.ratingCounts;
    if (!counts.empty() && static_cast<Index>(counts.size()) != n)
        throw std::invalid_argument("axes need one rating count per item");
    if (config.itemBias && (config.itemBias->rows() != n || config.itemBias->cols() != 1))
        throw std::invalid_argument("item biases must be n × 1");

    EmbeddingAxes result;
    result.minRatings = counts.empty() ? 0 : config.minRatings;
    result.eligible = n;
    if (!counts.empty())
        result.eligible = std::count_if(counts.begin(), counts.end(),
                                        [&](std::uint32_t c) { return c >= result.minRatings; });
    if (items.cols() < 1) {
        result.problem = "the items have no embedding";
        return result;
    }
    PcaConfig pcaConfig;
    pcaConfig.components = static_cast<int>(std::min<Index>(config.components, items.cols()));
    pcaConfig.alignWith = config.alignWith;
    result.pca = computePca(items, pcaConfig);
    if (!result.pca.isValid()) {
        result.problem = result.pca.problem;
        return result;
    }
    for (int j = 0; j < pcaConfig.components; ++j) {
        PrincipalAxis axis;
        axis.index = j + 1;
        axis.explainedVarianceRatio = result.pca.explainedVarianceRatio[static_cast<std::size_t>(j)];
        axis.ends = extremeItems(result.pca.coordinates.col(j), config.itemsPerEnd, counts, result.minRatings);
        result.components.push_back(std::move(axis));
    }
    if (config.itemBias)
        result.bias = extremeItems(config.itemBias->col(0), config.itemsPerEnd, counts, result.minRatings);
    if (!counts.empty())
        result.normPopularity = normPopularity(items, counts, config.maxScatterPoints);
    return result;
}

EmbeddingAxes computeEmbeddingAxes(const EmbeddingSnapshot& snapshot, AxesConfig config)
{
    config.itemBias = itemBiasOf(snapshot);
    return computeEmbeddingAxes(snapshot.itemEmbeddings(), config);
}

} // namespace embex::core
