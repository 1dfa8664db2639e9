// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/train_data.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/ranking_metrics.h"

#include <functional>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

namespace embex::core {

/// What the window's ranking panel asks for: one or two runs' top-k lists on one split, beside
/// the most-popular and random baselines.
struct RankingRequest {
    std::vector<std::shared_ptr<const EmbeddingSnapshot>> runs; ///< 1 or 2, each able to score users
    std::shared_ptr<const TrainData> data;                      ///< the split the runs were trained on
    std::vector<std::vector<std::uint16_t>> genres;             ///< itemGenres(), or empty
    int k = defaultRankingCutoff;
    int threads = 1;
    std::uint64_t seed = 1; ///< the random baseline's
};

/// One run's (or baseline's) lists, their figures and how often each item is listed.
struct RankedLists {
    TopLists lists;
    RankingReport report;
    std::vector<std::uint32_t> listedCounts; ///< per item: users whose list holds it
};

struct RankingComparison {
    int k = 0;
    std::vector<RankedLists> runs; ///< in request order
    RankedLists popular, random;
    CatalogueFacts facts;
    double overlap = RankingReport::none; ///< meanListOverlap of the two runs (NaN with one)
    bool cancelled = false;
    std::string problem; ///< why nothing was computed; empty on success
};

/// Why `request` cannot be compared ("no held-out ratings", "k must be …"), or empty.
std::string rankingRequestProblem(const RankingRequest& request);

/// Every run's and both baselines' lists and figures (evaluateLists), each user's list over every
/// user of the split (users with no held-out items get a list too: the beyond-accuracy figures
/// count them). `progress` (fraction done, on the calling thread) comes after each step; a stop
/// between steps returns with `cancelled` set. Failures come back in `problem`, never thrown.
RankingComparison compareRankings(const RankingRequest& request, std::stop_token stop = {},
                                  const std::function<void(double)>& progress = {});

/// How many of `lists` hold each of `itemCount` items.
std::vector<std::uint32_t> listedCounts(const TopLists& lists, std::size_t itemCount);

/// The per-user figures a histogram can show, in UserRanking's order.
enum class UserMetric { Precision, Recall, Ndcg, AveragePrecision, ReciprocalRank, Hit };
inline constexpr UserMetric userMetrics[] = { UserMetric::Precision,      UserMetric::Recall,
                                              UserMetric::Ndcg,           UserMetric::AveragePrecision,
                                              UserMetric::ReciprocalRank, UserMetric::Hit };
/// "precision", "recall", "NDCG", "average precision", "reciprocal rank", "hit".
const char* userMetricLabel(UserMetric metric);
double userMetricValue(const UserRanking& user, UserMetric metric);

/// Counts of `values` in `bins` equal bins over [0, 1]; 1 falls in the last bin. Values that are
/// a multiple of 1 / bins sit at their bin's lower edge despite rounding (precision@10 = 0.3 is in
/// [0.3, 0.35), not below it).
std::vector<long> unitHistogram(std::span<const double> values, int bins);

} // namespace embex::core
