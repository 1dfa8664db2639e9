// SPDX-License-Identifier: MIT
// Clusters of the full space: planted groups are found again (adjusted Rand index), the
// resolution trades fewer groups for more, and the names come from what the members share.
#include "core/analysis/group_summary.h"
#include "core/analysis/item_clusters.h"
#include "core/data/random.h"
#include "tests/core/train_test_support.h"
#include "tests/support/temp_files.h"

#include <QtTest>
#include <map>

using namespace embex;
using namespace embex::core;

namespace {

// The top supported genre's lift in each group (1 where none is over-represented), averaged.
double meanTopLift(const std::vector<GroupSummary>& groups)
{
    double sum = 0;
    for (const GroupSummary& g : groups)
        sum += g.overRepresented.empty() ? 1.0 : g.overRepresented.front().lift;
    return groups.empty() ? 0 : sum / static_cast<double>(groups.size());
}

// `groups` tight bunches in 8 dimensions, row r in bunch r % groups
RowMatrixXf bunches(int rows, int groups, double spread, std::uint64_t seed = 3)
{
    Rng rng(seed);
    RowMatrixXf centres(groups, 8);
    for (Index g = 0; g < groups; ++g)
        for (Index d = 0; d < 8; ++d)
            centres(g, d) = static_cast<float>(rng.normal() * 3);
    RowMatrixXf m(rows, 8);
    for (Index r = 0; r < rows; ++r)
        for (Index d = 0; d < 8; ++d)
            m(r, d) = centres(r % groups, d) + static_cast<float>(rng.normal() * spread);
    return m;
}

std::vector<int> plantedOf(int rows, int groups)
{
    std::vector<int> planted(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r)
        planted[static_cast<std::size_t>(r)] = r % groups;
    return planted;
}

} // namespace

class TestItemClusters : public QObject {
    Q_OBJECT

private slots:
    void adjustedRandIndexIsOneForTheSamePartitionAndNearZeroForChance()
    {
        const std::vector<int> a { 0, 0, 1, 1, 2, 2 }, relabelled { 5, 5, 3, 3, 9, 9 };
        QCOMPARE(adjustedRandIndex(a, relabelled), 1.0);
        Rng rng(1);
        std::vector<int> x(3000), y(3000);
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = static_cast<int>(rng.uniform() * 6);
            y[i] = static_cast<int>(rng.uniform() * 6);
        }
        QVERIFY(std::abs(adjustedRandIndex(x, y)) < 0.02);
        QVERIFY(adjustedRandIndex({ 0, 0, 1, 1 }, { 0, 1, 0, 1 }) < 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, adjustedRandIndex({ 0 }, { 0, 1 }));
    }

    void plantedBunchesAreFoundAgain()
    {
        const RowMatrixXf points = bunches(600, 6, 0.4);
        ClusterConfig config;
        config.threads = 2;
        const Clustering c = clusterPoints(points, config);
        QVERIFY2(c.isValid(), c.problem.c_str());
        QCOMPARE(c.count, 6);
        QVERIFY(adjustedRandIndex(c.clusterOf, plantedOf(600, 6)) > 0.99);
        QVERIFY(c.modularity > 0.5);
        // numbered by size, largest first
        std::vector<int> sizes(static_cast<std::size_t>(c.count));
        for (int k : c.clusterOf)
            ++sizes[static_cast<std::size_t>(k)];
        QVERIFY(std::is_sorted(sizes.rbegin(), sizes.rend()));
    }

    void theSameSeedGivesTheSameGroupsOnAnyThreadCount()
    {
        const RowMatrixXf points = bunches(500, 12, 1.5); // overlapping: the seed matters
        ClusterConfig one;
        one.threads = 1;
        ClusterConfig two = one;
        two.threads = 2;
        QCOMPARE(clusterPoints(points, one).clusterOf, clusterPoints(points, two).clusterOf);
    }

    void higherResolutionGivesMoreGroups()
    {
        const RowMatrixXf points = bunches(800, 4, 1.0);
        int previous = 0;
        for (double resolution : { 0.2, 1.0, 5.0 }) {
            ClusterConfig config;
            config.resolution = resolution;
            const Clustering c = clusterPoints(points, config);
            QVERIFY(c.count >= previous);
            previous = c.count;
        }
        ClusterConfig fine;
        fine.resolution = 5.0;
        ClusterConfig coarse;
        coarse.resolution = 0.2;
        QVERIFY(clusterPoints(points, fine).count > clusterPoints(points, coarse).count);
    }

    void tooFewItemsOrAStopGiveNoGroups()
    {
        QVERIFY(!clusterPoints(bunches(2, 2, 0.1), {}).problem.empty());
        std::stop_source stop;
        stop.request_stop();
        LongWork work;
        work.stop = stop.get_token();
        QVERIFY(clusterPoints(bunches(300, 3, 0.1), {}, work).cancelled);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 clusterGraph(KnnGraph { 3, 1, { 1, 2, 0 }, { 0, 0, 0 } }, 0, 1));
    }

    void yearsAreReadFromTitles()
    {
        QCOMPARE(yearInTitle("Toy Story (1995)"), 1995);
        QCOMPARE(yearInTitle("Babe (1995) "), 1995);
        QCOMPARE(yearInTitle("Se7en"), 0);
        QCOMPARE(yearInTitle("(1234)"), 0); // not a plausible year
        QCOMPARE(yearInTitle("Movie (19x5)"), 0);
    }

    void aGroupIsNamedByWhatItsMembersShare()
    {
        // six items: four comedies of the 1990s, one drama; the catalogue is half drama
        ItemMetadata meta;
        const std::uint16_t comedy = meta.genreIndex("Comedy"), drama = meta.genreIndex("Drama");
        IdMap ids;
        RatingsTable ratings;
        const std::vector<std::pair<std::string, std::vector<std::uint16_t>>> films {
            { "Funny (1994)", { comedy } },         { "Funnier (1996)", { comedy } }, { "Funniest (1998)", { comedy } },
            { "Laughs (1993)", { comedy, drama } }, { "Tears (1971)", { drama } },    { "Sobs (1972)", { drama } },
            { "Grief (1975)", { drama } },          { "Sorrow (1978)", { drama } },
        };
        std::vector<std::string> raw;
        for (std::size_t i = 0; i < films.size(); ++i)
            raw.push_back(std::to_string(i + 1));
        ids = IdMap::fromIds(raw);
        for (std::size_t i = 0; i < films.size(); ++i) {
            meta.items[raw[i]] = ItemInfo { films[i].first, films[i].second };
            for (std::size_t r = 0; r <= i; ++r) { // item i has i + 1 ratings of 4
                ratings.users.push_back(static_cast<std::uint32_t>(r));
                ratings.items.push_back(static_cast<std::uint32_t>(i));
                ratings.ratings.push_back(4);
            }
        }
        const ItemFacts facts = gatherItemFacts(ratings, ids, meta);
        const std::vector<std::uint32_t> group { 0, 1, 2, 3 };
        const GroupSummary s = summariseGroup(group, facts);
        QCOMPARE(s.size, std::size_t(4));
        QVERIFY(!s.overRepresented.empty());
        QCOMPARE(s.overRepresented.front().name, std::string("Comedy"));
        QCOMPARE(s.overRepresented.front().lift, 2.0);      // all four against half the catalogue
        QCOMPARE(s.overRepresented.size(), std::size_t(1)); // one drama among four does not name it
        QCOMPARE(s.years, std::string("1990s"));
        QCOMPARE(s.bestKnown.front(), 3u); // most rated first
        QCOMPARE(s.meanRating, 4.0);
        QCOMPARE(s.medianRatings, 2.5);
        QVERIFY2(s.label.starts_with("Comedy \u00b7 1990s \u00b7 Laughs (1993), Funniest (1998)"), s.label.c_str());
        // no metadata: the best-known ids name it
        const ItemFacts bare = gatherItemFacts(ratings, ids, ItemMetadata {});
        QCOMPARE(summariseGroup(group, bare).label, std::string("4, 3"));
        QVERIFY(std::isnan(summariseGroup({}, facts).meanRating));
    }

    void demoClustersRecoverThePlantedTypesAndNameThem()
    {
        const core::DemoConfig demo { 1500, 400, 8, 40, false, 11 };
        auto dataset = core::generateDemo(demo);
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.threads = 2;
        const core::TrainOutcome outcome = core::train(test::allRatingsOf(*dataset), config);
        QVERIFY(outcome.snapshot);
        const RowMatrixXf& items = outcome.snapshot->itemEmbeddings();
        ClusterConfig cluster;
        cluster.threads = 2;
        const Clustering c = clusterPoints(items, cluster);
        QVERIFY2(c.isValid(), c.problem.c_str());
        std::vector<int> planted(static_cast<std::size_t>(items.rows()));
        for (Index i = 0; i < items.rows(); ++i)
            planted[static_cast<std::size_t>(i)] = core::demoItemType(
                dataset->items.rawId(static_cast<std::uint32_t>(i)), demo.types);
        const double ari = adjustedRandIndex(c.clusterOf, planted);
        QVERIFY2(ari >= 0.95, qPrintable(QStringLiteral("ARI %1 with %2 clusters").arg(ari).arg(c.count)));
        const ItemFacts facts = gatherItemFacts(dataset->ratings, dataset->items, dataset->metadata);
        std::vector<std::uint32_t> rows(static_cast<std::size_t>(items.rows()));
        std::iota(rows.begin(), rows.end(), 0u);
        const auto summaries = summariseGroups(c.clusterOf, c.count, rows, facts);
        int named = 0;
        for (int k = 0; k < c.count; ++k) {
            std::map<int, int> types;
            for (std::size_t i = 0; i < rows.size(); ++i)
                if (c.clusterOf[i] == k)
                    ++types[planted[i]];
            const int most = std::max_element(types.begin(), types.end(), [](auto a, auto b) {
                                 return a.second < b.second;
                             })->first;
            const auto& s = summaries[static_cast<std::size_t>(k)];
            named += !s.overRepresented.empty() && s.overRepresented.front().name == "type " + std::to_string(most) ? 1
                                                                                                                    : 0;
        }
        qInfo("demo, %d types: %d clusters, adjusted Rand index %.3f, %d labels name their type", demo.types, c.count,
              ari, named);
        QVERIFY2(named >= 7, qPrintable(QStringLiteral("%1 of %2 labels name their type").arg(named).arg(c.count)));
    }

    void ml100kClustersAreGenreCoherent()
    {
        EMBEX_REQUIRE_ML100K(dir);
        const test::TrainedOnAll trained = test::trainDotBiasOnAll((dir + QStringLiteral("/u.data")).toStdString());
        QVERIFY(trained.dataset && trained.outcome.snapshot);
        const Dataset& data = *trained.dataset;
        const RowMatrixXf& items = trained.outcome.snapshot->itemEmbeddings();
        ClusterConfig config;
        config.threads = 2;
        const Clustering c = clusterPoints(items, config);
        QVERIFY2(c.isValid(), c.problem.c_str());
        std::vector<std::uint32_t> rows(static_cast<std::size_t>(items.rows()));
        std::iota(rows.begin(), rows.end(), 0u);
        const ItemFacts facts = gatherItemFacts(data.ratings, data.items, data.metadata);
        const double lift = meanTopLift(summariseGroups(c.clusterOf, c.count, rows, facts));
        // the same groups, each item given another item's genres: what chance alone would name
        ItemFacts shuffled = facts;
        Rng rng(5);
        for (std::size_t i = shuffled.genres.size(); i > 1; --i)
            std::swap(shuffled.genres[i - 1], shuffled.genres[static_cast<std::size_t>(rng.uniform() * i)]);
        const double chance = meanTopLift(summariseGroups(c.clusterOf, c.count, rows, shuffled));
        qInfo("ml-100k dot+bias: %d clusters, mean top-genre lift %.3f, genres shuffled %.3f (%.2fx)", c.count, lift,
              chance, lift / chance);
        QVERIFY2(lift >= 1.3 * chance, qPrintable(QStringLiteral("%1 against %2").arg(lift).arg(chance)));
    }
};

QTEST_APPLESS_MAIN(TestItemClusters)
#include "tst_item_clusters.moc"
