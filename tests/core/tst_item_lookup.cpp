// SPDX-License-Identifier: MIT
#include "core/analysis/item_lookup.h"

#include <QTest>

using namespace embex::core;

namespace {

std::shared_ptr<Dataset> titledDataset()
{
    auto data = std::make_shared<Dataset>();
    const std::vector<std::pair<std::string, std::string>> titles = {
        { "1", "Paper Harbour (1995)" },
        { "50", "Star Wars (1977)" },
        { "172", "Empire Strikes Back, The (1980)" },
        { "181", "Return of the Jedi (1983)" },
        { "1201", "\xc3\x81 k\xc3\xb6ldum klaka (Cold Fever) (1994)" }, // UTF-8
        { "1300", "Stars Fell on Henrietta, The (1995)" },
        { "1400", "Lone Star (1996)" },
        { "1500", "Star Wars" },
    };
    std::vector<std::string> ids;
    for (const auto& [id, title] : titles) {
        ids.push_back(id);
        data->metadata.items[id].title = title;
    }
    ids.push_back("9999"); // no metadata
    data->items = IdMap::fromIds(ids);
    return data;
}

} // namespace

class TestItemLookup : public QObject {
    Q_OBJECT
private slots:
    void folds_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("folded");
        QTest::addRow("ascii") << QByteArray("Star WARS") << QByteArray("star wars");
        QTest::addRow("utf-8 accents") << QByteArray("\xc3\x81 k\xc3\xb6ldum") << QByteArray("a koldum");
        QTest::addRow("latin-1 bytes") << QByteArray("\xc1 k\xf6ldum") << QByteArray("a koldum");
        QTest::addRow("ligatures") << QByteArray("\xc3\x86on Stra\xc3\x9f"
                                                 "e \xc3\xbe")
                                   << QByteArray("aeon strasse th");
        QTest::addRow("times sign kept") << QByteArray("2\xc3\x97"
                                                       "3")
                                         << QByteArray("2\xc3\x97"
                                                       "3");
        QTest::addRow("beyond latin-1 kept") << QByteArray("\xe2\x82\xac 5") << QByteArray("\xe2\x82\xac 5");
    }
    void folds()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, folded);
        QCOMPARE(QByteArray::fromStdString(foldForSearch(text.toStdString())), folded);
    }

    void findsByIdAndTitle()
    {
        auto data = titledDataset();
        const ItemLookup lookup(data);
        QCOMPARE(lookup.byId("50"), data->items.indexOf("50"));
        QVERIFY(!lookup.byId("51"));
        const auto cold = lookup.byTitle("koldum");
        QCOMPARE(cold.size(), std::size_t(1));
        QCOMPARE(data->items.rawId(cold[0]), std::string("1201"));
        QCOMPARE(lookup.byTitle("K\xc3\x96LDUM").size(), std::size_t(1));
        QVERIFY(lookup.byTitle("").empty());
        QVERIFY(lookup.byTitle("Casablanca").empty());
    }

    void ranksTitleMatches()
    {
        auto data = titledDataset();
        const ItemLookup lookup(data);
        std::vector<std::string> ids;
        for (std::uint32_t i : lookup.byTitle("star wars"))
            ids.push_back(data->items.rawId(i));
        QCOMPARE(ids, (std::vector<std::string> { "1500", "50" })); // exact, then prefix
        ids.clear();
        for (std::uint32_t i : lookup.byTitle("star"))
            ids.push_back(data->items.rawId(i));
        // prefix (shorter first), then word start, then inside a word ("Stars" is a prefix too).
        QCOMPARE(ids, (std::vector<std::string> { "1500", "50", "1300", "1400" }));
        QCOMPARE(lookup.byTitle("star", 2).size(), std::size_t(2));
    }

    // "star" is a prefix of both; the completer, Enter and --item all take the well-known one,
    // though Stargate is the shorter title. An exact title still beats a better-known prefix.
    void wellKnownTitlesFirstWithinAMatchClass()
    {
        auto data = std::make_shared<Dataset>();
        const std::vector<std::pair<std::string, std::string>> titles = {
            { "62", "Stargate (1994)" },
            { "50", "Star Wars (1977)" },
            { "7", "Lone Star (1996)" },
            { "8", "Stars" },
        };
        std::vector<std::string> ids;
        for (const auto& [id, title] : titles) {
            ids.push_back(id);
            data->metadata.items[id].title = title;
        }
        data->items = IdMap::fromIds(ids);
        const std::vector<std::pair<std::string, int>> ratings = { { "62", 3 }, { "50", 9 }, { "7", 20 }, { "8", 1 } };
        for (const auto& [id, count] : ratings)
            for (int r = 0; r < count; ++r) {
                data->ratings.users.push_back(static_cast<std::uint32_t>(r));
                data->ratings.items.push_back(*data->items.indexOf(id));
                data->ratings.ratings.push_back(4);
            }
        const ItemLookup lookup(data);
        auto rawIds = [&](const std::vector<std::uint32_t>& items) {
            std::vector<std::string> out;
            for (std::uint32_t i : items)
                out.push_back(data->items.rawId(i));
            return out;
        };
        // prefix by ratings (Stars has fewest), then a word start (Lone Star, the best known of all)
        QCOMPARE(rawIds(lookup.byTitle("star")), (std::vector<std::string> { "50", "62", "8", "7" }));
        QCOMPARE(rawIds(lookup.matches("star")), rawIds(lookup.byTitle("star")));
        QCOMPARE(data->items.rawId(*lookup.resolve("star")), std::string("50"));
        QCOMPARE(data->items.rawId(*lookup.resolve("stars")), std::string("8")); // exact title
        // a raw id comes first, then the titles that hold it, each once
        QCOMPARE(rawIds(lookup.matches("7")), (std::vector<std::string> { "7", "50" }));
        QCOMPARE(rawIds(lookup.matches("7", 1)), (std::vector<std::string> { "7" }));
    }

    void resolvesIdBeforeTitle()
    {
        auto data = titledDataset();
        data->metadata.items["1"].title = "181";
        const ItemLookup lookup(data);
        QCOMPARE(data->items.rawId(*lookup.resolve("181")), std::string("181"));
        QCOMPARE(data->items.rawId(*lookup.resolve("jedi")), std::string("181"));
        QVERIFY(!lookup.resolve("nothing like this"));
    }
};

QTEST_APPLESS_MAIN(TestItemLookup)
#include "tst_item_lookup.moc"
