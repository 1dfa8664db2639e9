// SPDX-License-Identifier: MIT
// The map's item filter: which items pass (genres any-of and none-of, years, popularity, items
// with no year or no genres), its one-line description, and the searches that take its mask
// (the top n among passing items, not the top n thinned).
#include "core/analysis/item_filter.h"
#include "core/analysis/neighbor_index.h"
#include "core/analysis/recommend.h"
#include "tests/support/random_matrix.h"

#include <QtTest>

using namespace embex::core;

Q_DECLARE_METATYPE(embex::core::ItemFilter)

namespace {

enum Genre : std::uint16_t { Comedy, Horror, Romance, Drama };

// eight items: genres, year (0: none in the title) and rating count
ItemFacts sampleFacts()
{
    ItemFacts f;
    f.genreNames = { "Comedy", "Horror", "Romance", "Drama" };
    f.genres = { { Comedy }, { Horror }, { Comedy, Horror }, { Romance }, {}, { Drama }, { Comedy, Romance }, {} };
    f.years = { 1980, 1995, 1999, 2005, 1990, 0, 1979, 0 };
    f.ratingCounts = { 20, 500, 5, 100, 50, 300, 501, 0 };
    return f;
}

std::vector<int> passing(const std::vector<std::uint8_t>& mask)
{
    std::vector<int> items;
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i])
            items.push_back(static_cast<int>(i));
    return items;
}

} // namespace

class TestItemFilter : public QObject {
    Q_OBJECT

private slots:
    void passes_data()
    {
        QTest::addColumn<ItemFilter>("filter");
        QTest::addColumn<std::vector<int>>("expected");
        QTest::addRow("empty: every item") << ItemFilter {} << std::vector<int> { 0, 1, 2, 3, 4, 5, 6, 7 };
        QTest::addRow("include any of, no genres fail")
            << ItemFilter { { Comedy, Romance }, {}, {}, {}, {}, {} } << std::vector<int> { 0, 2, 3, 6 };
        QTest::addRow("exclude, no genres pass")
            << ItemFilter { {}, { Horror }, {}, {}, {}, {} } << std::vector<int> { 0, 3, 4, 5, 6, 7 };
        QTest::addRow("include and exclude")
            << ItemFilter { { Comedy }, { Horror }, {}, {}, {}, {} } << std::vector<int> { 0, 6 };
        QTest::addRow("closed year range, inclusive, no year fails")
            << ItemFilter { {}, {}, 1980, 1999, {}, {} } << std::vector<int> { 0, 1, 2, 4 };
        QTest::addRow("from a year") << ItemFilter { {}, {}, 1995, {}, {}, {} } << std::vector<int> { 1, 2, 3 };
        QTest::addRow("to a year") << ItemFilter { {}, {}, {}, 1980, {}, {} } << std::vector<int> { 0, 6 };
        QTest::addRow("popularity range, inclusive")
            << ItemFilter { {}, {}, {}, {}, 20u, 500u } << std::vector<int> { 0, 1, 3, 4, 5 };
        QTest::addRow("at most n ratings") << ItemFilter { {}, {}, {}, {}, {}, 5u } << std::vector<int> { 2, 7 };
        QTest::addRow("every part") << ItemFilter { { Comedy, Romance }, { Horror }, 1970, 2010, 10u, 600u }
                                    << std::vector<int> { 0, 3, 6 };
        QTest::addRow("nothing passes") << ItemFilter { { Drama }, {}, 1900, 1950, {}, {} } << std::vector<int> {};
    }

    void passes()
    {
        QFETCH(ItemFilter, filter);
        QFETCH(std::vector<int>, expected);
        const std::vector<std::uint8_t> mask = itemFilterMask(filter, sampleFacts());
        QCOMPARE(mask.size(), std::size_t(8));
        QCOMPARE(passing(mask), expected);
        QCOMPARE(countPassing(mask), expected.size());
    }

    void theMetadataGivesTheSameMaskAsTheFacts()
    {
        const ItemFacts facts = sampleFacts();
        ItemMetadata metadata;
        metadata.genreNames = facts.genreNames;
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < facts.genres.size(); ++i) {
            ids.push_back("m" + std::to_string(i));
            const std::string year = facts.years[i] ? " (" + std::to_string(facts.years[i]) + ")" : "";
            metadata.items[ids.back()] = { "Film " + std::to_string(i) + year, facts.genres[i] };
        }
        const IdMap items = IdMap::fromIds(ids);
        const ItemFilter filter { { Comedy, Romance }, { Horror }, 1970, 2010, 10u, 600u };
        QCOMPARE(itemFilterMask(filter, items, metadata, facts.ratingCounts), itemFilterMask(filter, facts));
        // no counts: every item has 0 ratings, so a floor leaves nothing
        QCOMPARE(countPassing(itemFilterMask(ItemFilter { {}, {}, {}, {}, 1u, {} }, items, metadata, {})),
                 std::size_t(0));
    }

    void describes_data()
    {
        QTest::addColumn<ItemFilter>("filter");
        QTest::addColumn<QString>("text");
        QTest::addRow("empty") << ItemFilter {} << QString();
        QTest::addRow("the brief's example") << ItemFilter { { Comedy }, { Horror }, 1980, 1999, 20u, 500u }
                                             << QStringLiteral("Comedy, not Horror · 1980–1999 · 20–500 ratings");
        QTest::addRow("several genres") << ItemFilter { { Comedy, Romance, Drama }, {}, {}, {}, {}, {} }
                                        << QStringLiteral("Comedy, Romance or Drama");
        QTest::addRow("exclude only") << ItemFilter { {}, { Horror, Drama }, {}, {}, {}, {} }
                                      << QStringLiteral("not Horror or Drama");
        QTest::addRow("open ends") << ItemFilter { {}, {}, 1980, {}, 20u, {} }
                                   << QStringLiteral("from 1980 · ≥ 20 ratings");
        QTest::addRow("other open ends") << ItemFilter { {}, {}, {}, 1999, {}, 500u }
                                         << QStringLiteral("to 1999 · ≤ 500 ratings");
        QTest::addRow("one year") << ItemFilter { {}, {}, 1995, 1995, {}, {} } << QStringLiteral("1995");
    }

    void describes()
    {
        QFETCH(ItemFilter, filter);
        QFETCH(QString, text);
        const ItemFacts facts = sampleFacts();
        QCOMPARE(QString::fromStdString(describeItemFilter(filter, facts.genreNames)), text);
        QCOMPARE(filter.isEmpty(), text.isEmpty());
    }

    void caveatsNameWhatFailsSilently()
    {
        QVERIFY(itemFilterCaveats({}).empty());
        QVERIFY(itemFilterCaveats(ItemFilter { {}, { Horror }, {}, {}, 5u, {} }).empty());
        const QString years = QString::fromStdString(itemFilterCaveats(ItemFilter { {}, {}, {}, 1999, {}, {} }));
        QVERIFY2(years.contains(QStringLiteral("no year")), qPrintable(years));
        const QString genres = QString::fromStdString(itemFilterCaveats(ItemFilter { { Comedy }, {}, {}, {}, {}, {} }));
        QVERIFY2(genres.contains(QStringLiteral("no genres")), qPrintable(genres));
    }

    void topItemsTakesTheBestAmongAllowedItems()
    {
        // scores fall with the index: unfiltered, the top 3 are 0, 1, 2
        std::vector<float> scores(20);
        for (std::size_t i = 0; i < scores.size(); ++i)
            scores[i] = 20.0f - static_cast<float>(i);
        std::vector<std::uint8_t> allowed(20, 0);
        for (std::uint32_t i : { 3u, 5u, 7u, 11u, 13u })
            allowed[i] = 1;
        const std::vector<std::uint32_t> excluded { 5 };
        const auto top = topItems(scores, excluded, 3, {}, 0, allowed);
        QCOMPARE(top.size(), std::size_t(3)); // n rows, not the 0 that thinning the unfiltered top 3 leaves
        QCOMPARE(top[0].item, 3u);
        QCOMPARE(top[1].item, 7u);
        QCOMPARE(top[2].item, 11u);
        QCOMPARE(topItems(scores, {}, 10, {}, 0, allowed).size(), std::size_t(5)); // fewer pass than asked for
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 topItems(scores, {}, 3, {}, 0, std::vector<std::uint8_t>(19, 1)));
    }

    void neighbourSearchTakesTheBestAmongAllowedItems()
    {
        // past the index's parallel threshold, so every chunk applies the mask
        const auto items = std::make_shared<RowMatrixXf>(embex::test::normalMatrix(20000, 16, 7));
        const NeighborIndex index(items);
        std::vector<std::uint8_t> allowed(20000, 0);
        for (std::size_t i = 0; i < allowed.size(); i += 37)
            allowed[i] = 1;
        for (const Metric metric : { Metric::Cosine, Metric::Dot, Metric::Euclidean }) {
            NeighborQuery unfiltered { metric, 2000, 0 };
            std::vector<Neighbour> expected;
            for (const Neighbour& hit : index.neighbours(5, unfiltered))
                if (allowed[hit.item] && expected.size() < 10)
                    expected.push_back(hit);
            QCOMPARE(expected.size(), std::size_t(10));
            NeighborQuery query { metric, 10, 0, allowed };
            const auto hits = index.neighbours(5, query);
            QCOMPARE(hits.size(), std::size_t(10));
            for (std::size_t r = 0; r < hits.size(); ++r) {
                QCOMPARE(hits[r].item, expected[r].item);
                QVERIFY(allowed[hits[r].item]);
            }
            const auto near = index.nearest(items->row(5).transpose(), query);
            QCOMPARE(near.size(), std::size_t(10));
            QVERIFY(std::all_of(near.begin(), near.end(), [&](const Neighbour& h) { return allowed[h.item] != 0; }));
        }
        const std::vector<std::uint8_t> wrongSize(19999, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.neighbours(5, { Metric::Cosine, 10, 0, wrongSize }));
    }
};

QTEST_APPLESS_MAIN(TestItemFilter)
#include "tst_item_filter.moc"
