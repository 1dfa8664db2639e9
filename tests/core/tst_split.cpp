// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <map>
#include <set>

using namespace embex::core;

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomHoldoutKeepsEveryRowOnce();
    void randomHoldoutIsSeeded();
    void perUserHoldoutTakesLatest();
    void perUserHoldoutRandomKeepsSmallUsers();
    void coldItemsAreCounted();
    void separateTestFileDropsUnknownIds();
    void rejectsBadParameters();
    void movieLensOfficialSplit();
};

void TestSplit::randomHoldoutKeepsEveryRowOnce()
{
    auto demo = generateDemo({ 200, 100, 4, 20, false, 7 });
    const Split split = randomHoldout(demo->ratings, 0.2, 1);
    QCOMPARE(split.train.size() + split.test.size(), demo->ratings.size());
    const double share = static_cast<double>(split.test.size()) / static_cast<double>(demo->ratings.size());
    QVERIFY2(share > 0.17 && share < 0.23, qPrintable(QString::number(share)));
    std::multiset<std::tuple<std::uint32_t, std::uint32_t, std::int64_t>> all, parts;
    for (std::size_t r = 0; r < demo->ratings.size(); ++r)
        all.emplace(demo->ratings.users[r], demo->ratings.items[r], demo->ratings.timestamps[r]);
    for (const RatingsTable* t : { &split.train, &split.test })
        for (std::size_t r = 0; r < t->size(); ++r)
            parts.emplace(t->users[r], t->items[r], t->timestamps[r]);
    QVERIFY(all == parts);
}

void TestSplit::randomHoldoutIsSeeded()
{
    auto demo = generateDemo({ 100, 50, 4, 10, false, 3 });
    QCOMPARE(randomHoldout(demo->ratings, 0.3, 5).test.items, randomHoldout(demo->ratings, 0.3, 5).test.items);
    QVERIFY(randomHoldout(demo->ratings, 0.3, 5).test.items != randomHoldout(demo->ratings, 0.3, 6).test.items);
}

void TestSplit::perUserHoldoutTakesLatest()
{
    RatingsTable t;
    // user 0: 4 ratings with times 40, 10, 30, 20; user 1: 2 ratings.
    t.users = { 0, 0, 0, 0, 1, 1 };
    t.items = { 0, 1, 2, 3, 0, 1 };
    t.ratings = { 1, 2, 3, 4, 5, 5 };
    t.timestamps = { 40, 10, 30, 20, 5, 6 };
    const Split split = perUserHoldout(t, 2, true, 0);
    // The latest two of user 0 are items 0 (t=40) and 2 (t=30); user 1 has only 2 and stays whole.
    QCOMPARE(split.test.size(), std::size_t(2));
    std::set<std::uint32_t> testItems(split.test.items.begin(), split.test.items.end());
    QCOMPARE(testItems, (std::set<std::uint32_t> { 0, 2 }));
    for (auto u : split.test.users)
        QCOMPARE(u, 0u);
}

void TestSplit::perUserHoldoutRandomKeepsSmallUsers()
{
    auto demo = generateDemo({ 50, 60, 3, 12, false, 11 });
    const Split split = perUserHoldout(demo->ratings, 3, false, 2);
    std::map<std::uint32_t, int> perUser;
    for (auto u : split.test.users)
        ++perUser[u];
    QCOMPARE(perUser.size(), std::size_t(50));
    for (auto [user, count] : perUser)
        QCOMPARE(count, 3);
}

void TestSplit::coldItemsAreCounted()
{
    RatingsTable t;
    t.users = { 0, 1, 2, 2 };
    t.items = { 0, 0, 0, 1 };
    t.ratings = { 1, 1, 1, 1 };
    t.timestamps = { 1, 2, 3, 4 };
    // User 2's latest rating is the only one of item 1.
    const Split split = perUserHoldout(t, 1, true, 0);
    QCOMPARE(split.coldItems, 1L);
    QVERIFY(QString::fromStdString(split.summary()).contains(QStringLiteral("1 items")));
}

void TestSplit::separateTestFileDropsUnknownIds()
{
    QTemporaryDir dir;
    const auto train = loadRatings(embex::test::writeFile(dir, QStringLiteral("a.base"), "1\t10\t4\n2\t10\t3\n2\t20\t5\n"));
    const auto test = loadRatings(embex::test::writeFile(dir, QStringLiteral("a.test"), "1\t20\t2\n3\t10\t4\n2\t30\t1\n"));
    QVERIFY(train.ok() && test.ok());
    const Split split = separateTestSet(*train.dataset, *test.dataset);
    QCOMPARE(split.train.size(), std::size_t(3));
    QCOMPARE(split.test.size(), std::size_t(1));
    QCOMPARE(split.droppedTestRows, 2L);
    QCOMPARE(split.coldUsers, 1L); // user 3
    QCOMPARE(split.coldItems, 1L); // item 30
    QCOMPARE(train.dataset->users.rawId(split.test.users[0]), std::string("1"));
    QCOMPARE(train.dataset->items.rawId(split.test.items[0]), std::string("20"));
}

void TestSplit::rejectsBadParameters()
{
    RatingsTable t;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomHoldout(t, 0.0, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomHoldout(t, 1.0, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, perUserHoldout(t, 0, true, 1));
}

void TestSplit::movieLensOfficialSplit()
{
    EMBEX_REQUIRE_ML100K(dir);
    const auto base = loadRatings((dir + QStringLiteral("/u1.base")).toStdString());
    const auto test = loadRatings((dir + QStringLiteral("/u1.test")).toStdString());
    QVERIFY(base.ok() && test.ok());
    const Split split = separateTestSet(*base.dataset, *test.dataset);
    QCOMPARE(split.train.size(), std::size_t(80000));
    QCOMPARE(split.test.size() + static_cast<std::size_t>(split.droppedTestRows), std::size_t(20000));
    QVERIFY(split.droppedTestRows < 100);
}

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
