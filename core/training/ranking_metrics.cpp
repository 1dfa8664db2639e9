// SPDX-License-Identifier: MIT
#include "core/training/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace embex::core {
namespace {

    /// One user's k best so far, best first, written straight into the user's row of a TopLists.
    /// Scores are offered in ascending item order, so an equal score never displaces a kept one:
    /// ties go to the lower index. NaN (a rated or floored item) is never kept.
    struct RunningTop {
        float* best;
        std::uint32_t* items;
        std::size_t k;
        std::size_t kept = 0;

        void offer(float score, std::uint32_t item)
        {
            if (std::isnan(score) || (kept == k && !(score > best[k - 1])))
                return;
            std::size_t j = kept < k ? kept++ : k - 1;
            for (; j > 0 && best[j - 1] < score; --j) {
                best[j] = best[j - 1];
                items[j] = items[j - 1];
            }
            best[j] = score;
            items[j] = item;
        }

        /// Offers scores[0, n) as items first, first + 1, …; a block of items whose best score does
        /// not beat the k-th is passed over after one vectorised max.
        void scan(const float* scores, std::size_t n, std::uint32_t first)
        {
            constexpr std::size_t block = 64;
            std::size_t i = 0;
            for (; i < n && kept < k; ++i)
                offer(scores[i], first + static_cast<std::uint32_t>(i));
            for (; i + block <= n; i += block) {
                float top = -std::numeric_limits<float>::infinity();
                for (std::size_t j = 0; j < block; ++j) // NaN compares false: never the max
                    top = scores[i + j] > top ? scores[i + j] : top;
                if (!(top > best[k - 1]))
                    continue;
                for (std::size_t j = 0; j < block; ++j)
                    offer(scores[i + j], first + static_cast<std::uint32_t>(i + j));
            }
            for (; i < n; ++i)
                offer(scores[i], first + static_cast<std::uint32_t>(i));
        }
    };

    RunningTop rowOf(TopLists& lists, std::size_t user)
    {
        const auto k = static_cast<std::size_t>(lists.k);
        return { lists.scores.data() + user * k, lists.items.data() + user * k, k };
    }

    /// Fills row `user` of `lists` with the best of `scores` (rated items and NaN left out).
    void fillRow(TopLists& lists, std::size_t user, std::vector<float>& scores, std::span<const std::uint32_t> rated)
    {
        for (std::uint32_t item : rated)
            if (item < scores.size())
                scores[item] = std::numeric_limits<float>::quiet_NaN();
        RunningTop top = rowOf(lists, user);
        top.scan(scores.data(), scores.size(), 0);
        lists.lengths[user] = static_cast<std::uint32_t>(top.kept);
    }

    TopLists emptyLists(std::size_t userCount, int k)
    {
        if (k < 1)
            throw std::invalid_argument("ranking metrics: k must be at least 1, not " + std::to_string(k));
        TopLists lists;
        lists.k = k;
        lists.items.assign(userCount * static_cast<std::size_t>(k), 0);
        lists.scores.assign(userCount * static_cast<std::size_t>(k), 0.0f);
        lists.lengths.assign(userCount, 0);
        return lists;
    }

    template <typename FillScores>
    TopLists makeLists(const UserItems& train, std::size_t itemCount, int k, int threads, const UserItems* onlyUsers,
                       FillScores fillScores)
    {
        TopLists lists = emptyLists(train.userCount(), k);
        const auto userCount = static_cast<std::ptrdiff_t>(train.userCount());
#pragma omp parallel num_threads(threads) if (threads > 1)
        {
            std::vector<float> scores(itemCount);
#pragma omp for schedule(dynamic, 16)
            for (std::ptrdiff_t u = 0; u < userCount; ++u) {
                const auto user = static_cast<std::size_t>(u);
                if (onlyUsers && (user >= onlyUsers->userCount() || onlyUsers->count(user) == 0))
                    continue;
                fillScores(static_cast<std::uint32_t>(user), train.items(user), scores);
                fillRow(lists, user, scores, train.items(user));
            }
        }
        return lists;
    }

    /// makeLists for a scorer with a block product: users in blocks of 128, items in tiles of 1,024,
    /// so each tile of scores is made and scanned while it is in cache, and each tile of item
    /// vectors is packed for the product once per 128 users. The blocks do not depend
    /// on the thread count, so neither do the lists.
    TopLists blockLists(const Scorer& scorer, const UserItems& train, std::size_t itemCount, int k, int threads,
                        const UserItems* onlyUsers)
    {
        constexpr Index userBlock = 128, itemTile = 1024;
        TopLists lists = emptyLists(train.userCount(), k);
        const auto userCount = static_cast<Index>(train.userCount());
        const auto items = static_cast<Index>(itemCount);
        const auto blocks = static_cast<std::ptrdiff_t>((userCount + userBlock - 1) / userBlock);
        const auto wanted = [&](std::size_t user) {
            return !onlyUsers || (user < onlyUsers->userCount() && onlyUsers->count(user) > 0);
        };
#pragma omp parallel num_threads(threads) if (threads > 1)
        {
            RowMatrixXf tile(userBlock, itemTile);
            std::vector<RunningTop> tops;
            std::vector<std::vector<std::uint32_t>> rated(userBlock); // ascending, to mark each tile's
            std::vector<std::size_t> next(userBlock);
#pragma omp for schedule(dynamic, 1)
            for (std::ptrdiff_t b = 0; b < blocks; ++b) {
                const Index first = static_cast<Index>(b) * userBlock;
                const Index users = std::min(userBlock, userCount - first);
                tops.clear();
                bool any = false;
                for (Index r = 0; r < users; ++r) {
                    const auto user = static_cast<std::size_t>(first + r);
                    tops.push_back(rowOf(lists, user));
                    auto& mine = rated[static_cast<std::size_t>(r)];
                    mine.assign(train.items(user).begin(), train.items(user).end());
                    std::sort(mine.begin(), mine.end());
                    next[static_cast<std::size_t>(r)] = 0;
                    any = any || wanted(user);
                }
                if (!any)
                    continue;
                for (Index i0 = 0; i0 < items; i0 += itemTile) {
                    const Index width = std::min(itemTile, items - i0);
                    auto scores = tile.topLeftCorner(users, width);
                    scorer.scoreBlock(static_cast<std::uint32_t>(first), i0, scores);
                    for (Index r = 0; r < users; ++r) {
                        const auto row = static_cast<std::size_t>(r);
                        if (!wanted(static_cast<std::size_t>(first + r)))
                            continue;
                        float* out = scores.row(r).data();
                        const auto& mine = rated[row];
                        std::size_t& at = next[row];
                        for (; at < mine.size() && mine[at] < static_cast<std::uint32_t>(i0 + width); ++at)
                            if (mine[at] >= static_cast<std::uint32_t>(i0))
                                out[mine[at] - static_cast<std::uint32_t>(i0)]
                                    = std::numeric_limits<float>::quiet_NaN();
                        tops[row].scan(out, static_cast<std::size_t>(width), static_cast<std::uint32_t>(i0));
                    }
                }
                for (Index r = 0; r < users; ++r)
                    lists.lengths[static_cast<std::size_t>(first + r)] = static_cast<std::uint32_t>(
                        tops[static_cast<std::size_t>(r)].kept);
            }
        }
        return lists;
    }

    /// splitmix64: a score per (seed, user, item) that needs no shared generator state.
    float randomScore(std::uint64_t seed, std::uint64_t user, std::uint64_t item)
    {
        std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (user * 0x100000001b3ull + item + 1);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        return static_cast<float>(z >> 40) / static_cast<float>(1ull << 24);
    }

    struct UserBeyond {
        double popularity = 0, novelty = 0, longTail = 0, diversity = 0;
        bool listed = false, hasPairs = false;
    };

    double jaccardDistance(const std::vector<std::uint16_t>& a, const std::vector<std::uint16_t>& b)
    {
        std::size_t shared = 0, i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            if (a[i] == b[j]) {
                ++shared;
                ++i;
                ++j;
            } else if (a[i] < b[j])
                ++i;
            else
                ++j;
        }
        const std::size_t either = a.size() + b.size() - shared;
        return 1.0 - static_cast<double>(shared) / static_cast<double>(either);
    }

    UserBeyond beyondAccuracy(std::span<const std::uint32_t> list, const CatalogueFacts& facts)
    {
        UserBeyond b;
        if (list.empty() || facts.ratingCounts.empty())
            return b;
        b.listed = true;
        const double users = static_cast<double>(std::max<std::size_t>(facts.userCount, 1));
        for (std::uint32_t item : list) {
            b.popularity += facts.ratingCounts[item];
            b.novelty -= std::log2(static_cast<double>(std::max<std::uint32_t>(facts.userCounts[item], 1)) / users);
            b.longTail += facts.isShortHead[item] ? 0.0 : 1.0;
        }
        const double n = static_cast<double>(list.size());
        b.popularity /= n;
        b.novelty /= n;
        b.longTail /= n;
        if (!facts.hasGenres())
            return b;
        long pairs = 0;
        for (std::size_t x = 0; x < list.size(); ++x) {
            const auto& gx = facts.genres[list[x]];
            if (gx.empty())
                continue;
            for (std::size_t y = x + 1; y < list.size(); ++y) {
                const auto& gy = facts.genres[list[y]];
                if (gy.empty())
                    continue;
                b.diversity += jaccardDistance(gx, gy);
                ++pairs;
            }
        }
        b.hasPairs = pairs > 0;
        if (b.hasPairs)
            b.diversity /= static_cast<double>(pairs);
        return b;
    }

    /// The Gini index by the sorted-counts formula: with the n item counts ascending,
    /// G = Σ_i (2i − n − 1) c_(i) / (n Σ c), i = 1…n. 0 when every item is listed equally often,
    /// (n − 1) / n when one item takes every slot.
    double gini(std::vector<std::uint64_t> counts)
    {
        std::sort(counts.begin(), counts.end());
        const double n = static_cast<double>(counts.size());
        double weighted = 0, total = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * static_cast<double>(counts[i]);
            total += static_cast<double>(counts[i]);
        }
        return total > 0 ? weighted / (n * total) : RankingReport::none;
    }

} // namespace

TopLists topLists(const Scorer& scorer, const UserItems& train, std::size_t itemCount, int k, int threads,
                  const UserItems* onlyUsers)
{
    if (!scorer.canScoreUsers())
        throw std::invalid_argument("ranking metrics: this model has no users to score (item embeddings only)");
    RowMatrixXf probe(1, 1);
    if (train.userCount() > 0 && itemCount > 0 && scorer.scoreBlock(0, 0, probe))
        return blockLists(scorer, train, itemCount, k, threads, onlyUsers);
    return makeLists(train, itemCount, k, threads, onlyUsers,
                     [&](std::uint32_t user, std::span<const std::uint32_t> rated, std::vector<float>& scores) {
                         scorer.scoreItems(user, rated, scores);
                     });
}

TopLists mostPopularLists(const UserItems& train, std::size_t itemCount, int k)
{
    std::vector<float> popularity(itemCount, 0.0f);
    for (std::size_t u = 0; u < train.userCount(); ++u)
        for (auto i : train.items(u))
            popularity[i] += 1;
    return makeLists(
        train, itemCount, k, 1, nullptr,
        [&](std::uint32_t, std::span<const std::uint32_t>, std::vector<float>& scores) { scores = popularity; });
}

TopLists randomLists(const UserItems& train, std::size_t itemCount, int k, std::uint64_t seed, int threads)
{
    return makeLists(train, itemCount, k, threads, nullptr,
                     [&](std::uint32_t user, std::span<const std::uint32_t>, std::vector<float>& scores) {
                         for (std::size_t i = 0; i < scores.size(); ++i)
                             scores[i] = randomScore(seed, user, i);
                     });
}

CatalogueFacts catalogueFacts(const UserItems& train, std::size_t itemCount,
                              std::vector<std::vector<std::uint16_t>> genres)
{
    CatalogueFacts facts;
    facts.userCount = train.userCount();
    facts.ratingCounts.assign(itemCount, 0);
    facts.userCounts.assign(itemCount, 0);
    std::vector<std::uint32_t> items;
    std::uint64_t total = 0;
    for (std::size_t u = 0; u < train.userCount(); ++u) {
        items.assign(train.items(u).begin(), train.items(u).end());
        for (auto i : items)
            ++facts.ratingCounts[i];
        total += items.size();
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (auto i : items)
            ++facts.userCounts[i];
    }
    std::vector<std::uint32_t> sorted = facts.ratingCounts;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    // The head's last count: where the most-rated items first hold 20 % of the ratings.
    std::uint32_t headCount = 0;
    std::uint64_t held = 0;
    for (std::uint32_t c : sorted) {
        held += c;
        headCount = c;
        if (5 * held >= total)
            break;
    }
    facts.isShortHead.assign(itemCount, 0);
    for (std::size_t i = 0; i < itemCount; ++i)
        facts.isShortHead[i] = total > 0 && facts.ratingCounts[i] >= std::max<std::uint32_t>(headCount, 1) ? 1 : 0;
    for (auto& g : genres)
        std::sort(g.begin(), g.end());
    const bool any = std::any_of(genres.begin(), genres.end(), [](const auto& g) { return !g.empty(); });
    if (any && genres.size() == itemCount)
        facts.genres = std::move(genres);
    return facts;
}

std::vector<std::vector<std::uint16_t>> itemGenres(const IdMap& items, const ItemMetadata& metadata)
{
    std::vector<std::vector<std::uint16_t>> genres(items.size());
    bool any = false;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (const ItemInfo* info = metadata.find(items.rawId(static_cast<std::uint32_t>(i)))) {
            genres[i] = info->genres;
            std::sort(genres[i].begin(), genres[i].end());
            genres[i].erase(std::unique(genres[i].begin(), genres[i].end()), genres[i].end());
            any = any || !genres[i].empty();
        }
    return any ? genres : std::vector<std::vector<std::uint16_t>> {};
}

RankingReport evaluateLists(const TopLists& lists, const UserItems& heldOut, const CatalogueFacts& facts, int threads)
{
    RankingReport report;
    report.k = lists.k;
    const std::size_t userCount = lists.userCount();
    const auto k = static_cast<double>(lists.k);
    std::vector<UserRanking> accuracy(userCount);
    std::vector<std::uint8_t> evaluated(userCount, 0);
    std::vector<UserBeyond> beyond(userCount);
    const auto users = static_cast<std::ptrdiff_t>(userCount);
#pragma omp parallel num_threads(threads) if (threads > 1)
    {
        std::vector<std::uint32_t> relevant;
#pragma omp for schedule(dynamic, 64)
        for (std::ptrdiff_t u = 0; u < users; ++u) {
            const auto user = static_cast<std::size_t>(u);
            const std::span<const std::uint32_t> list = lists.list(user);
            beyond[user] = beyondAccuracy(list, facts);
            if (user >= heldOut.userCount() || heldOut.count(user) == 0)
                continue;
            relevant.assign(heldOut.items(user).begin(), heldOut.items(user).end());
            std::sort(relevant.begin(), relevant.end());
            relevant.erase(std::unique(relevant.begin(), relevant.end()), relevant.end());
            UserRanking& r = accuracy[user];
            r.user = static_cast<std::uint32_t>(user);
            const std::size_t ideal = std::min<std::size_t>(relevant.size(), static_cast<std::size_t>(lists.k));
            double idcg = 0;
            for (std::size_t j = 1; j <= ideal; ++j)
                idcg += 1.0 / std::log2(static_cast<double>(j) + 1.0);
            double hits = 0, dcg = 0, precisionSum = 0;
            for (std::size_t j = 1; j <= list.size(); ++j) {
                if (!std::binary_search(relevant.begin(), relevant.end(), list[j - 1]))
                    continue;
                hits += 1;
                dcg += 1.0 / std::log2(static_cast<double>(j) + 1.0);
                precisionSum += hits / static_cast<double>(j);
                if (r.reciprocalRank == 0)
                    r.reciprocalRank = 1.0 / static_cast<double>(j);
            }
            r.precision = hits / k;
            r.recall = hits / static_cast<double>(relevant.size());
            r.ndcg = dcg / idcg;
            r.averagePrecision = precisionSum / static_cast<double>(ideal);
            r.hit = hits > 0 ? 1.0 : 0.0;
            evaluated[user] = 1;
        }
    }
    double precision = 0, recall = 0, ndcg = 0, map = 0, mrr = 0, hitRate = 0;
    for (std::size_t user = 0; user < userCount; ++user) {
        if (!evaluated[user]) {
            ++report.usersWithoutHeldOut;
            continue;
        }
        const UserRanking& r = accuracy[user];
        precision += r.precision;
        recall += r.recall;
        ndcg += r.ndcg;
        map += r.averagePrecision;
        mrr += r.reciprocalRank;
        hitRate += r.hit;
        ++report.users;
        report.perUser.push_back(r);
    }
    if (report.users > 0) {
        const auto n = static_cast<double>(report.users);
        report.precision = precision / n;
        report.recall = recall / n;
        report.ndcg = ndcg / n;
        report.map = map / n;
        report.mrr = mrr / n;
        report.hitRate = hitRate / n;
    }
    if (facts.ratingCounts.empty())
        return report;
    std::vector<std::uint64_t> listed(facts.ratingCounts.size(), 0);
    double popularity = 0, novelty = 0, longTail = 0, diversity = 0;
    for (std::size_t user = 0; user < userCount; ++user) {
        for (std::uint32_t item : lists.list(user))
            ++listed[item];
        const UserBeyond& b = beyond[user];
        if (!b.listed)
            continue;
        ++report.listedUsers;
        popularity += b.popularity;
        novelty += b.novelty;
        longTail += b.longTail;
        if (b.hasPairs) {
            ++report.diversityUsers;
            diversity += b.diversity;
        }
    }
    if (report.listedUsers > 0) {
        const auto n = static_cast<double>(report.listedUsers);
        report.coverage = static_cast<double>(std::count_if(listed.begin(), listed.end(), [](auto c) { return c > 0; }))
            / static_cast<double>(listed.size());
        report.gini = gini(std::move(listed));
        report.popularity = popularity / n;
        report.novelty = novelty / n;
        report.longTail = longTail / n;
    }
    if (report.diversityUsers > 0)
        report.diversity = diversity / static_cast<double>(report.diversityUsers);
    return report;
}

std::map<std::string, double> rankingMetricMap(const RankingReport& report)
{
    const std::string at = "_at_" + std::to_string(report.k);
    const std::pair<const char*, double> figures[] = {
        { "precision", report.precision },
        { "recall", report.recall },
        { "ndcg", report.ndcg },
        { "map", report.map },
        { "mrr", report.mrr },
        { "hit_rate", report.hitRate },
        { "coverage", report.coverage },
        { "gini", report.gini },
        { "popularity", report.popularity },
        { "novelty", report.novelty },
        { "long_tail", report.longTail },
        { "diversity", report.diversity },
    };
    std::map<std::string, double> named;
    for (const auto& [name, value] : figures)
        if (!std::isnan(value))
            named[name + at] = value;
    return named;
}

double meanListOverlap(const TopLists& a, const TopLists& b)
{
    if (a.k != b.k || a.userCount() != b.userCount())
        throw std::invalid_argument("list overlap: the two lists need the same k and the same users");
    double sum = 0;
    long users = 0;
    std::vector<std::uint32_t> x, y, shared;
    for (std::size_t user = 0; user < a.userCount(); ++user) {
        if (a.lengths[user] == 0 && b.lengths[user] == 0)
            continue;
        x.assign(a.list(user).begin(), a.list(user).end());
        y.assign(b.list(user).begin(), b.list(user).end());
        std::sort(x.begin(), x.end());
        std::sort(y.begin(), y.end());
        shared.clear();
        std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(shared));
        sum += static_cast<double>(shared.size()) / static_cast<double>(a.k);
        ++users;
    }
    return users > 0 ? sum / static_cast<double>(users) : RankingReport::none;
}

} // namespace embex::core
