// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/id_map.h"
#include "core/data/item_metadata.h"
#include "core/models/scorer.h"
#include "core/optim/user_items.h"

#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// The cut-offs the front ends offer; 10 is the default and the one the Runs table shows.
inline constexpr int rankingCutoffs[] = { 5, 10, 20, 50 };
inline constexpr int defaultRankingCutoff = 10;

/// Every user's top k: row u holds the items the scorer ranks highest for user u among the items
/// u did not rate in training, best first, ties by ascending index, NaN scores left out (a
/// popularity floor marks items NaN). A row is shorter than k when fewer items are left.
struct TopLists {
    int k = 0;
    std::vector<std::uint32_t> items;   ///< userCount × k, row-major; past a row's length unused
    std::vector<float> scores;          ///< the scorer's output for each listed item
    std::vector<std::uint32_t> lengths; ///< per user, ≤ k

    std::size_t userCount() const { return lengths.size(); }
    std::span<const std::uint32_t> list(std::size_t user) const
    {
        return { items.data() + user * static_cast<std::size_t>(k), lengths[user] };
    }
    std::span<const float> listScores(std::size_t user) const
    {
        return { scores.data() + user * static_cast<std::size_t>(k), lengths[user] };
    }
};

/// The top k of every one of train.userCount() users, scored in parallel over `threads`; the
/// lists do not depend on the thread count. When `onlyUsers` is given (a user-indexed table such
/// as the held-out items), users with no entry there get an empty list and are not scored.
/// Throws std::invalid_argument when k < 1 or the scorer cannot score users.
TopLists topLists(const Scorer& scorer, const UserItems& train, std::size_t itemCount, int k, int threads = 1,
                  const UserItems* onlyUsers = nullptr);

/// Recommends everyone the items most often rated in training (ties by index): a baseline.
TopLists mostPopularLists(const UserItems& train, std::size_t itemCount, int k);
/// Recommends each user unrated items in a seeded random order: a baseline.
TopLists randomLists(const UserItems& train, std::size_t itemCount, int k, std::uint64_t seed, int threads = 1);

/// What the beyond-accuracy metrics know of the catalogue, all from the training ratings.
struct CatalogueFacts {
    std::size_t userCount = 0;
    std::vector<std::uint32_t> ratingCounts; ///< training ratings per item (the popularity)
    std::vector<std::uint32_t> userCounts;   ///< distinct training users per item (novelty's share)
    /// 1 for the short head: the most-rated items holding 20 % of the training ratings (items
    /// rated as often as the last one it needs belong to it too); every other item is long tail.
    std::vector<std::uint8_t> isShortHead;
    std::vector<std::vector<std::uint16_t>> genres; ///< per item, ascending; empty when there are none

    bool hasGenres() const { return !genres.empty(); }
};

/// The facts of `itemCount` items from the training ratings by user, with each item's genres
/// (itemGenres) when the data has them.
CatalogueFacts catalogueFacts(const UserItems& train, std::size_t itemCount,
                              std::vector<std::vector<std::uint16_t>> genres = {});
/// Each dense item's genre indices from the metadata (ascending); empty when no item has any.
std::vector<std::vector<std::uint16_t>> itemGenres(const IdMap& items, const ItemMetadata& metadata);

/// One user's accuracy at k (binary relevance: every held-out item is relevant).
struct UserRanking {
    std::uint32_t user = 0;
    double precision = 0, recall = 0, ndcg = 0, averagePrecision = 0, reciprocalRank = 0, hit = 0;
};

/// Ranking metrics of top-k lists against held-out items. For a user with list L (|L| ≤ k) and
/// held-out items R (distinct, R ≠ ∅), rel_j = 1 when L_j ∈ R:
///   precision = Σ rel_j / k              recall = Σ rel_j / |R|
///   NDCG = Σ rel_j / log2(j + 1) ÷ Σ_{j ≤ min(|R|, k)} 1 / log2(j + 1)
///   AP = Σ rel_j · precision@j / min(|R|, k)     RR = 1 / first j with rel_j     hit = [Σ rel_j > 0]
/// means over users with held-out items (the others are counted, not averaged). Beyond accuracy,
/// over every user with a non-empty list: coverage = |∪ L| / items; Gini of how often each item is
/// listed; popularity = mean training ratings of a listed item; novelty = mean −log2(users who
/// rated it / users), an item nobody rated counting as rated once; long tail = share of listed
/// items outside the short head; diversity = mean over pairs of listed items with genres of
/// 1 − Jaccard(genres), over users with such a pair (NaN without genres).
struct RankingReport {
    static constexpr double none = std::numeric_limits<double>::quiet_NaN();
    int k = 0;
    double precision = none, recall = none, ndcg = none, map = none, mrr = none, hitRate = none;
    long users = 0;               ///< users with held-out items: the accuracy means' users
    long usersWithoutHeldOut = 0; ///< left out of the accuracy means
    double coverage = none, gini = none, popularity = none, novelty = none, longTail = none, diversity = none;
    long listedUsers = 0;             ///< users with a non-empty list: the beyond-accuracy means' users
    long diversityUsers = 0;          ///< users with at least one pair of listed items that have genres
    std::vector<UserRanking> perUser; ///< users with held-out items, ascending
};

/// Every metric above for `lists` (k = lists.k), users in parallel over `threads`; the result does
/// not depend on the thread count. heldOut covers at least lists.userCount() users or fewer (users
/// past its end have no held-out items). Without facts (empty ratingCounts) the beyond-accuracy
/// figures stay NaN.
RankingReport evaluateLists(const TopLists& lists, const UserItems& heldOut, const CatalogueFacts& facts,
                            int threads = 1);

/// The report's figures by name, suffixed with k: "precision_at_10", "ndcg_at_10", "map_at_10",
/// "mrr_at_10", "hit_rate_at_10", "coverage_at_10", "gini_at_10", "popularity_at_10",
/// "novelty_at_10", "long_tail_at_10", "diversity_at_10"; NaN figures are left out.
std::map<std::string, double> rankingMetricMap(const RankingReport& report);

/// Mean over users of |L_a(u) ∩ L_b(u)| / k: how much two models' top-k lists share (NaN without users).
double meanListOverlap(const TopLists& a, const TopLists& b);

} // namespace embex::core
