// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/data/ratings_loader.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace embex::core;

class TestDemoGenerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void isDeterministicForASeed();
    void plantsTypesInRatings();
    void implicitKeepsOnlyLikes();
    void sparseWithoutRepeats();
    void roundTripsThroughCsv();
    void rejectsImpossibleConfigs();
    void zipfSkewsPopularityAndActivity();
};

void TestDemoGenerator::isDeterministicForASeed()
{
    const DemoConfig config { 100, 60, 5, 15, false, 99 };
    auto a = generateDemo(config), b = generateDemo(config);
    QCOMPARE(a->ratings.ratings, b->ratings.ratings);
    QCOMPARE(a->ratings.items, b->ratings.items);
    QVERIFY(a->isDemo); // the dataset says so itself: no file name to compare
    DemoConfig other = config;
    other.seed = 100;
    QVERIFY(generateDemo(other)->ratings.items != a->ratings.items);
}

void TestDemoGenerator::plantsTypesInRatings()
{
    // Items of a user's favourite type are rated higher than items of the farthest type.
    const int types = 6;
    auto demo = generateDemo({ 600, 120, types, 40, false, 1 });
    // The metadata carries each item's type as its only genre.
    for (std::size_t r = 0; r < demo->ratings.size(); ++r) {
        const std::string& id = demo->items.rawId(demo->ratings.items[r]);
        const ItemInfo* info = demo->metadata.find(id);
        QVERIFY(info && info->genres.size() == 1);
        QCOMPARE(static_cast<int>(info->genres[0]), demoItemType(id, types));
    }
    // Per user, the best-rated type should beat the user's mean by a clear margin.
    std::vector<std::vector<double>> perUser(600, std::vector<double>(static_cast<std::size_t>(types) * 2, 0));
    for (std::size_t r = 0; r < demo->ratings.size(); ++r) {
        const auto t = static_cast<std::size_t>(demoItemType(demo->items.rawId(demo->ratings.items[r]), types));
        perUser[demo->ratings.users[r]][t * 2] += demo->ratings.ratings[r];
        perUser[demo->ratings.users[r]][t * 2 + 1] += 1;
    }
    int clear = 0;
    for (const auto& u : perUser) {
        double best = 0, total = 0, n = 0;
        for (int t = 0; t < types; ++t) {
            const auto k = static_cast<std::size_t>(t) * 2;
            if (u[k + 1] > 0)
                best = std::max(best, u[k] / u[k + 1]);
            total += u[k];
            n += u[k + 1];
        }
        clear += best - total / n > 1.0;
    }
    QVERIFY2(clear > 500, qPrintable(QString::number(clear)));
}

void TestDemoGenerator::implicitKeepsOnlyLikes()
{
    auto demo = generateDemo({ 200, 80, 4, 30, true, 5 });
    QVERIFY(demo->isImplicit());
    QVERIFY(demo->ratings.size() < 200u * 30u);
    for (float r : demo->ratings.ratings)
        QCOMPARE(r, 1.0f);
}

void TestDemoGenerator::sparseWithoutRepeats()
{
    auto demo = generateDemo({ 50, 100, 4, 30, false, 2 });
    QCOMPARE(demo->ratings.size(), std::size_t(50 * 30));
    std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t r = 0; r < demo->ratings.size(); ++r)
        QVERIFY(pairs.emplace(demo->ratings.users[r], demo->ratings.items[r]).second);
}

void TestDemoGenerator::roundTripsThroughCsv()
{
    QTemporaryDir dir;
    auto demo = generateDemo({ 80, 40, 4, 10, false, 8 });
    const std::string path = dir.filePath(QStringLiteral("demo.csv")).toStdString();
    QCOMPARE(writeDemoCsv(*demo, path), std::string());
    const LoadOutcome loaded = loadRatings(path);
    QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
    QCOMPARE(loaded.dataset->ratings.ratings, demo->ratings.ratings);
    QVERIFY(!loaded.dataset->isDemo); // a file, even one the demo wrote
    QCOMPARE(loaded.dataset->ratings.items, demo->ratings.items);
    QCOMPARE(loaded.dataset->metadata.title("7"), demo->metadata.title("7"));
    QCOMPARE(loaded.dataset->metadata.genresText("7"), std::string("type 2"));
}

void TestDemoGenerator::rejectsImpossibleConfigs()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateDemo({ 0, 10, 2, 5, false, 1 }));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, generateDemo({ 10, 10, 2, 11, false, 1 }));
}

void TestDemoGenerator::zipfSkewsPopularityAndActivity()
{
    DemoConfig config { 2000, 1000, 8, 30, false, 4 };
    config.zipf = true;
    auto demo = generateDemo(config);
    const double mean = static_cast<double>(demo->ratings.size()) / 2000.0;
    QVERIFY2(mean > 25 && mean < 35, qPrintable(QString::number(mean)));

    std::vector<int> perItem(1000, 0), perUser(2000, 0);
    std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
    for (std::size_t r = 0; r < demo->ratings.size(); ++r) {
        ++perItem[demo->ratings.items[r]];
        ++perUser[demo->ratings.users[r]];
        QVERIFY(pairs.emplace(demo->ratings.users[r], demo->ratings.items[r]).second);
    }
    std::sort(perItem.begin(), perItem.end());
    std::sort(perUser.begin(), perUser.end());
    // Power law: the head item is rated far more than the median one; so are heavy users.
    QVERIFY2(perItem.back() > 10 * std::max(perItem[500], 1), qPrintable(QString::number(perItem.back())));
    QVERIFY2(perUser.back() > 4 * perUser[1000], qPrintable(QString::number(perUser.back())));
    QVERIFY(perUser.front() >= 5);

    // Uniform mode stays flat: every user rates exactly ratingsPerUser items.
    config.zipf = false;
    auto flat = generateDemo(config);
    QCOMPARE(flat->ratings.size(), std::size_t(2000 * 30));
}

QTEST_APPLESS_MAIN(TestDemoGenerator)
#include "tst_demo_generator.moc"
