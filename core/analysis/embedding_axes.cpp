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
    // one pass with a bounded heap per end: no copy of the n indices, which matters when the
    // map's axis titles ask on the GUI thread
    auto lower = [&](std::uint32_t a, std::uint32_t b) {
        return scores(a) < scores(b) || (scores(a) == scores(b) && a < b);
    };
    auto higher = [&](std::uint32_t a, std::uint32_t b) {
        return scores(a) > scores(b) || (scores(a) == scores(b) && a < b);
    };
    const auto keep = static_cast<std::size_t>(count);
    std::vector<std::uint32_t> low, high; // heaps whose top is the least extreme item kept
    auto offer = [keep](std::vector<std::uint32_t>& heap, std::uint32_t i, auto before) {
        if (heap.size() < keep) {
            heap.push_back(i);
            std::push_heap(heap.begin(), heap.end(), before);
        } else if (keep > 0 && before(i, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), before);
            heap.back() = i;
            std::push_heap(heap.begin(), heap.end(), before);
        }
    };
    for (Index i = 0; i < n; ++i) {
        const float score = scores(i);
        if (!std::isfinite(score) || (!ratingCounts.empty() && ratingCounts[static_cast<std::size_t>(i)] < minRatings))
            continue;
        // most items are nowhere near either end: one comparison each rules them out
        if (low.size() < keep || score <= scores(low.front()))
            offer(low, static_cast<std::uint32_t>(i), lower);
        if (high.size() < keep || score >= scores(high.front()))
            offer(high, static_cast<std::uint32_t>(i), higher);
    }
    std::sort_heap(low.begin(), low.end(), lower);
    std::sort_heap(high.begin(), high.end(), higher);
    ItemEnds ends;
    for (std::uint32_t i : low)
        ends.low.push_back({ i, scores(i) });
    for (std::uint32_t i : high)
        ends.high.push_back({ i, scores(i) });
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

std::string shortTitle(std::string_view title, std::size_t maxBytes)
{
    auto trim = [](std::string_view& t) {
        while (!t.empty() && (t.back() == ' ' || t.back() == ',' || t.back() == ':' || t.back() == '-'))
            t.remove_suffix(1);
        while (!t.empty() && t.front() == ' ')
            t.remove_prefix(1);
    };
    trim(title);
    // "(1977)" and a trailing article as MovieLens writes them: "Godfather, The"
    if (title.size() > 7 && title.back() == ')') {
        const std::size_t open = title.rfind('(');
        const std::string_view inside = open == std::string_view::npos
            ? ""
            : title.substr(open + 1, title.size() - open - 2);
        if (open > 0 && !inside.empty() && inside.find_first_not_of("0123456789-") == std::string_view::npos)
            title = title.substr(0, open);
        trim(title);
    }
    for (std::string_view article :
         { ", The", ", A", ", An", ", Les", ", La", ", Le", ", Il", ", L'", ", Das", ", Der", ", Die", ", El" })
        if (title.size() > article.size() && title.ends_with(article)) {
            title.remove_suffix(article.size());
            break;
        }
    trim(title);
    if (title.size() <= maxBytes)
        return std::string(title);
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
        --cut; // not inside a multi-byte character
    std::string_view head = title.substr(0, cut);
    const std::size_t space = head.rfind(' ');
    if (space != std::string_view::npos && space > 0) {
        head = head.substr(0, space);
        // "Raiders of the" reads better as "Raiders"
        for (bool dropped = true; dropped;) {
            dropped = false;
            trim(head);
            const std::size_t last = head.rfind(' ');
            if (last == std::string_view::npos)
                break;
            const std::string_view word = head.substr(last + 1);
            for (std::string_view small : { "of", "the", "a", "an", "and", "in", "on", "to", "at", "for", "&", "with",
                                            "from", "The", "A", "An" })
                if (word == small) {
                    head = head.substr(0, last);
                    dropped = true;
                    break;
                }
        }
    }
    trim(head);
    return std::string(head) + "\u2026";
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
