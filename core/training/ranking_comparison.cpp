// SPDX-License-Identifier: MIT
#include "core/training/ranking_comparison.h"

#include "core/models/scorer.h"
#include "core/optim/user_items.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {

std::string rankingRequestProblem(const RankingRequest& request)
{
    if (request.runs.empty() || request.runs.size() > 2)
        return "choose one or two runs";
    if (!request.data || request.data->train.empty())
        return "there are no training ratings";
    if (request.data->validation.empty())
        return "the split holds no ratings out: choose a split with a test or held-out part";
    if (request.k < 1)
        return "k must be at least 1, not " + std::to_string(request.k);
    for (const auto& run : request.runs) {
        if (!run)
            return "a run has no model";
        if (static_cast<std::size_t>(run->itemEmbeddings().rows()) != request.data->itemCount)
            return "a run has " + std::to_string(run->itemEmbeddings().rows()) + " items, the split "
                + std::to_string(request.data->itemCount);
    }
    return {};
}

std::vector<std::uint32_t> listedCounts(const TopLists& lists, std::size_t itemCount)
{
    std::vector<std::uint32_t> counts(itemCount, 0);
    for (std::size_t user = 0; user < lists.userCount(); ++user)
        for (std::uint32_t item : lists.list(user))
            if (item < itemCount)
                ++counts[item];
    return counts;
}

RankingComparison compareRankings(const RankingRequest& request, std::stop_token stop,
                                  const std::function<void(double)>& progress)
{
    RankingComparison result;
    result.k = request.k;
    result.problem = rankingRequestProblem(request);
    if (!result.problem.empty())
        return result;
    const TrainData& data = *request.data;
    const double steps = 3.0 + static_cast<double>(request.runs.size());
    double done = 0;
    const auto step = [&] {
        done += 1;
        if (progress)
            progress(done / steps);
        result.cancelled = stop.stop_requested();
        return !result.cancelled;
    };
    const auto rank = [&](TopLists lists) {
        RankedLists ranked;
        ranked.report = evaluateLists(lists, UserItems(data.validation, data.userCount), result.facts, request.threads);
        ranked.listedCounts = listedCounts(lists, data.itemCount);
        ranked.lists = std::move(lists);
        return ranked;
    };
    try {
        const UserItems train(data.train, data.userCount);
        result.facts = catalogueFacts(train, data.itemCount, request.genres);
        if (!step())
            return result;
        result.popular = rank(mostPopularLists(train, data.itemCount, request.k));
        result.random = rank(randomLists(train, data.itemCount, request.k, request.seed, request.threads));
        if (!step())
            return result;
        for (const auto& run : request.runs) {
            const auto scorer = makeScorer(run);
            result.runs.push_back(rank(topLists(*scorer, train, data.itemCount, request.k, request.threads)));
            if (!step())
                return result;
        }
        if (result.runs.size() == 2)
            result.overlap = meanListOverlap(result.runs[0].lists, result.runs[1].lists);
        step();
    } catch (const std::exception& e) {
        result.runs.clear();
        result.problem = e.what();
    }
    return result;
}

const char* userMetricLabel(UserMetric metric)
{
    switch (metric) {
    case UserMetric::Precision: return "precision";
    case UserMetric::Recall: return "recall";
    case UserMetric::Ndcg: return "NDCG";
    case UserMetric::AveragePrecision: return "average precision";
    case UserMetric::ReciprocalRank: return "reciprocal rank";
    case UserMetric::Hit: return "hit";
    }
    return "";
}

double userMetricValue(const UserRanking& user, UserMetric metric)
{
    switch (metric) {
    case UserMetric::Precision: return user.precision;
    case UserMetric::Recall: return user.recall;
    case UserMetric::Ndcg: return user.ndcg;
    case UserMetric::AveragePrecision: return user.averagePrecision;
    case UserMetric::ReciprocalRank: return user.reciprocalRank;
    case UserMetric::Hit: return user.hit;
    }
    return 0;
}

std::vector<long> unitHistogram(std::span<const double> values, int bins)
{
    if (bins < 1)
        throw std::invalid_argument("histogram: bins must be at least 1, not " + std::to_string(bins));
    std::vector<long> counts(static_cast<std::size_t>(bins), 0);
    for (double v : values) {
        if (std::isnan(v))
            continue;
        const double at = std::floor(std::clamp(v, 0.0, 1.0) * bins + 1e-9);
        ++counts[static_cast<std::size_t>(std::min<double>(at, bins - 1))];
    }
    return counts;
}

} // namespace embex::core
