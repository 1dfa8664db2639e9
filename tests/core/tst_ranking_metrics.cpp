// SPDX-License-Identifier: MIT
// Ranking and beyond-accuracy metrics of top-k lists, on cases small enough to compute by hand.
#include "core/data/random.h"
#include "core/training/evaluation.h"
#include "core/training/ranking_metrics.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace embex::core;

namespace {

constexpr double tolerance = 1e-12;

/// A table of (user, item) pairs, as a ratings file would give them.
UserItems byUser(std::initializer_list<std::pair<std::uint32_t, std::uint32_t>> pairs, std::size_t userCount)
{
    RatingsTable t;
    for (const auto& [user, item] : pairs) {
        t.users.push_back(user);
        t.items.push_back(item);
        t.ratings.push_back(1);
    }
    return UserItems(t, userCount);
}

TopLists listsOf(int k, const std::vector<std::vector<std::uint32_t>>& rows)
{
    TopLists lists;
    lists.k = k;
    lists.items.assign(rows.size() * static_cast<std::size_t>(k), 0);
    lists.scores.assign(rows.size() * static_cast<std::size_t>(k), 0);
    for (std::size_t u = 0; u < rows.size(); ++u) {
        std::copy(rows[u].begin(), rows[u].end(), lists.items.begin() + static_cast<std::ptrdiff_t>(u * k));
        lists.lengths.push_back(static_cast<std::uint32_t>(rows[u].size()));
    }
    return lists;
}

std::vector<std::uint32_t> toVector(std::span<const std::uint32_t> s)
{
    return { s.begin(), s.end() };
}

/// Scores from a table: score(u, i) = table[u][i].
class TableScorer final : public Scorer {
public:
    explicit TableScorer(std::vector<std::vector<float>> table)
        : m_table(std::move(table))
    {
    }
    void scoreItems(std::uint32_t user, std::span<const std::uint32_t>, std::span<float> out) const override
    {
        std::copy(m_table[user].begin(), m_table[user].end(), out.begin());
    }

private:
    std::vector<std::vector<float>> m_table;
};

/// Another scorer's scoreItems alone: topLists takes the one-user-at-a-time road with it.
class RowByRowScorer final : public Scorer {
public:
    explicit RowByRowScorer(const Scorer& inner)
        : m_inner(inner)
    {
    }
    void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
    {
        m_inner.scoreItems(user, rated, out);
    }

private:
    const Scorer& m_inner;
};

#define COMPARE_NEAR(actual, expected)                                                                                 \
    QVERIFY2(std::abs((actual) - (expected)) < tolerance,                                                              \
             qPrintable(QStringLiteral("%1 is %2, expected %3")                                                        \
                            .arg(QStringLiteral(#actual))                                                              \
                            .arg(actual, 0, 'g', 17)                                                                   \
                            .arg(expected, 0, 'g', 17)))

} // namespace

class TestRankingMetrics : public QObject {
    Q_OBJECT
private slots:
    // Four users at k = 3: hits at rank 2; hits at 1 and 3; no held-out items (counted, not
    // averaged); no hit. Every figure worked out by hand from the definitions.
    void accuracyByHand()
    {
        const TopLists lists = listsOf(3, { { 0, 1, 2 }, { 3, 4, 5 }, { 0, 1, 2 }, { 2, 0, 1 } });
        const UserItems heldOut = byUser({ { 0, 1 }, { 0, 5 }, { 1, 3 }, { 1, 5 }, { 3, 9 } }, 4);
        const RankingReport r = evaluateLists(lists, heldOut, {});
        QCOMPARE(r.users, 3L);
        QCOMPARE(r.usersWithoutHeldOut, 1L);
        const double l3 = 1 / std::log2(3.0);
        const double ndcg0 = l3 / (1 + l3), ndcg1 = 1.5 / (1 + l3);
        COMPARE_NEAR(r.precision, (1.0 / 3 + 2.0 / 3 + 0) / 3);
        COMPARE_NEAR(r.recall, (0.5 + 1 + 0) / 3);
        COMPARE_NEAR(r.ndcg, (ndcg0 + ndcg1) / 3);
        COMPARE_NEAR(r.map, (0.25 + (1 + 2.0 / 3) / 2) / 3);
        COMPARE_NEAR(r.mrr, (0.5 + 1 + 0) / 3);
        COMPARE_NEAR(r.hitRate, 2.0 / 3);
        QCOMPARE(r.perUser.size(), std::size_t(3));
        QCOMPARE(r.perUser[1].user, 1u);
        COMPARE_NEAR(r.perUser[0].ndcg, ndcg0);
        COMPARE_NEAR(r.perUser[1].averagePrecision, (1 + 2.0 / 3) / 2);
        COMPARE_NEAR(r.perUser[2].reciprocalRank, 0.0);
        QVERIFY(std::isnan(r.coverage)); // no catalogue facts given
        const auto named = rankingMetricMap(r);
        QVERIFY(named.count("ndcg_at_3") && named.count("hit_rate_at_3") && named.count("map_at_3"));
        QVERIFY(!named.count("coverage_at_3"));
    }

    // AP and the ideal DCG stop at min(|held out|, k): five held-out items, k = 2, two hits, is perfect.
    void idealStopsAtK()
    {
        const RankingReport r = evaluateLists(listsOf(2, { { 4, 2 } }),
                                              byUser({ { 0, 0 }, { 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 4 } }, 1), {});
        COMPARE_NEAR(r.ndcg, 1.0);
        COMPARE_NEAR(r.map, 1.0);
        COMPARE_NEAR(r.recall, 0.4);
    }

    // Three users, four items. Training: item 0 by everyone, item 1 twice by user 0, item 2 once.
    void beyondAccuracyByHand()
    {
        const UserItems train = byUser({ { 0, 0 }, { 0, 1 }, { 0, 1 }, { 1, 0 }, { 2, 0 }, { 2, 2 } }, 3);
        const CatalogueFacts facts = catalogueFacts(train, 4, { { 0, 1 }, { 1 }, { 2, 1 }, {} });
        QCOMPARE(facts.ratingCounts, (std::vector<std::uint32_t> { 3, 2, 1, 0 }));
        QCOMPARE(facts.userCounts, (std::vector<std::uint32_t> { 3, 1, 1, 0 }));
        // 20 % of 6 ratings: item 0 (3) alone holds them
        QCOMPARE(facts.isShortHead, (std::vector<std::uint8_t> { 1, 0, 0, 0 }));
        QCOMPARE(facts.genres[2], (std::vector<std::uint16_t> { 1, 2 })); // sorted

        const RankingReport r = evaluateLists(listsOf(2, { { 2, 3 }, { 1, 2 }, { 0, 3 } }), UserItems(), facts);
        QCOMPARE(r.users, 0L);
        QCOMPARE(r.usersWithoutHeldOut, 3L);
        QVERIFY(std::isnan(r.precision));
        QCOMPARE(r.listedUsers, 3L);
        // every item listed: counts 1, 1, 2, 2 → Σ(2i − n − 1)c = −3 − 1 + 2 + 6 = 4 over n Σc = 24
        COMPARE_NEAR(r.coverage, 1.0);
        COMPARE_NEAR(r.gini, 4.0 / 24);
        COMPARE_NEAR(r.popularity, ((1 + 0) / 2.0 + (2 + 1) / 2.0 + (3 + 0) / 2.0) / 3);
        const double l3 = std::log2(3.0); // −log2(1/3); item 3, rated by nobody, counts as rated once
        COMPARE_NEAR(r.novelty, (l3 + l3 + (0 + l3) / 2) / 3);
        COMPARE_NEAR(r.longTail, (1 + 1 + 0.5) / 3);
        // only user 1's pair has genres on both sides: 1 − |{1}| / |{1, 2}|
        QCOMPARE(r.diversityUsers, 1L);
        COMPARE_NEAR(r.diversity, 0.5);
        QCOMPARE(rankingMetricMap(r).size(), std::size_t(6));
    }

    void giniOfOneItemEverywhere()
    {
        const CatalogueFacts facts = catalogueFacts(byUser({ { 0, 0 } }, 2), 4);
        QVERIFY(!facts.hasGenres());
        const RankingReport r = evaluateLists(listsOf(1, { { 0 }, { 0 } }), UserItems(), facts);
        COMPARE_NEAR(r.gini, 3.0 / 4); // (n − 1) / n
        COMPARE_NEAR(r.coverage, 0.25);
        QVERIFY(std::isnan(r.diversity));
    }

    // Rated items and NaN scores are left out, ties go to the lower index, and k past the
    // catalogue gives shorter lists while precision still divides by k.
    void topListsRankAsRecommendDoes()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const TableScorer scorer({ { 0.5f, 0.9f, 0.5f, nan, 0.7f } });
        const UserItems train = byUser({ { 0, 1 } }, 1);
        const TopLists three = topLists(scorer, train, 5, 3);
        QCOMPARE(toVector(three.list(0)), (std::vector<std::uint32_t> { 4, 0, 2 }));
        QCOMPARE(three.listScores(0)[0], 0.7f);
        const TopLists ten = topLists(scorer, train, 5, 10);
        QCOMPARE(ten.lengths[0], 3u);
        const RankingReport r = evaluateLists(ten, byUser({ { 0, 2 } }, 1), {});
        COMPARE_NEAR(r.precision, 0.1);
        COMPARE_NEAR(r.mrr, 1.0 / 3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, topLists(scorer, train, 5, 0));
    }

    // A dot+bias scorer ranks users in blocks and items in tiles (scoreBlock): 70 users and 4,500
    // items span several of each, and the lists are those of scoring one user at a time.
    void blockScoringListsAsScoreItemsDoes()
    {
        Rng rng(3);
        const auto random = [&](Index rows, Index cols) {
            RowMatrixXf m(rows, cols);
            for (Index i = 0; i < m.size(); ++i)
                m.data()[i] = static_cast<float>(rng.normal());
            return m;
        };
        auto snapshot = std::make_shared<EmbeddingSnapshot>();
        snapshot->modelKind = "dotbias";
        snapshot->parameters = { { "user_embedding", random(70, 8) },
                                 { "item_embedding", random(4500, 8) },
                                 { "user_bias", random(70, 1) },
                                 { "item_bias", random(4500, 1) },
                                 { "global_bias", RowMatrixXf::Constant(1, 1, 3.5f) } };
        const auto scorer = makeScorer(snapshot);
        RatingsTable rated;
        for (std::uint32_t u = 0; u < 70; ++u)
            for (std::uint32_t j = 0; j < 30; ++j) {
                rated.users.push_back(u);
                rated.items.push_back((u * 131 + j * 149) % 4500);
                rated.ratings.push_back(1);
            }
        const UserItems train(rated, 70);
        const TopLists blocks = topLists(*scorer, train, 4500, 10, 2);
        const TopLists rows = topLists(RowByRowScorer(*scorer), train, 4500, 10, 1);
        QCOMPARE(blocks.lengths, rows.lengths);
        for (std::size_t i = 0; i < blocks.items.size(); ++i) {
            QVERIFY(std::abs(blocks.scores[i] - rows.scores[i]) < 1e-4f);
            // one matrix product may round a near tie the other way
            QVERIFY(blocks.items[i] == rows.items[i] || std::abs(blocks.scores[i] - rows.scores[i]) < 1e-4f);
        }
        for (std::uint32_t u = 0; u < 70; ++u)
            for (std::uint32_t item : blocks.list(u))
                QVERIFY(std::find(train.items(u).begin(), train.items(u).end(), item) == train.items(u).end());
        QCOMPARE(topLists(*scorer, train, 4500, 10, 1).items, blocks.items); // any thread count
        const UserItems only = byUser({ { 40, 1 } }, 70);
        const TopLists some = topLists(*scorer, train, 4500, 10, 2, &only);
        QCOMPARE(some.lengths[40], 10u);
        QCOMPARE(some.lengths[0], 0u);
        QCOMPARE(toVector(some.list(40)), toVector(blocks.list(40)));
    }

    void listsDoNotDependOnThreads()
    {
        const UserItems train = byUser({ { 0, 1 }, { 3, 2 }, { 40, 7 } }, 200);
        const TopLists one = randomLists(train, 50, 10, 7, 1), two = randomLists(train, 50, 10, 7, 2);
        QCOMPARE(one.items, two.items);
        QCOMPARE(one.lengths, two.lengths);
        QVERIFY(one.items != randomLists(train, 50, 10, 8, 1).items);
        for (std::uint32_t item : one.list(3))
            QVERIFY(item != 2); // rated in training
        const TopLists popular = mostPopularLists(train, 50, 2);
        QCOMPARE(toVector(popular.list(5)), (std::vector<std::uint32_t> { 1, 2 }));
        QCOMPARE(toVector(popular.list(0)), (std::vector<std::uint32_t> { 2, 7 }));
    }

    void overlapOfTwoLists()
    {
        const TopLists a = listsOf(2, { { 0, 1 }, { 2, 3 } }), b = listsOf(2, { { 1, 0 }, { 2, 4 } });
        COMPARE_NEAR(meanListOverlap(a, b), (1.0 + 0.5) / 2);
        COMPARE_NEAR(meanListOverlap(a, a), 1.0);
    }

    // The precision and recall train reports go through the same lists.
    void rankingMetricsKeepsItsAnswer()
    {
        const TableScorer scorer({ { 0.1f, 0.9f, 0.8f }, { 0.9f, 0.1f, 0.2f } });
        const UserItems train = byUser({ { 0, 0 } }, 2), heldOut = byUser({ { 0, 2 }, { 0, 1 } }, 2);
        const RankingMetrics m = rankingMetrics(scorer, train, heldOut, 3, 1);
        QCOMPARE(m.users, 1L);
        COMPARE_NEAR(m.precision, 1.0);
        COMPARE_NEAR(m.recall, 0.5);
    }
};

QTEST_APPLESS_MAIN(TestRankingMetrics)
#include "tst_ranking_metrics.moc"
