// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/data/timestamp.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
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
    void splitForTrainingPicksLatestByDefault();
    void splitForTrainingRandomPickIsSeeded();
    void splitForTrainingWithoutTimestampsPicksAtRandom();
    void splitForTrainingNamesABadTestFile();
    void splitForTrainingNoneKeepsEverything();
    void timeSplitKeepsTheFutureOut_data();
    void timeSplitKeepsTheFutureOut();
    void timeFractionTakesTheLatestShare();
    void timeSplitErrorsNameTheDateAndTheRange();
    void latestWithoutTimestampsWarns();
};

namespace {

std::set<std::pair<std::uint32_t, std::uint32_t>> pairs(const RatingsTable& t)
{
    std::set<std::pair<std::uint32_t, std::uint32_t>> out;
    for (std::size_t r = 0; r < t.size(); ++r)
        out.emplace(t.users[r], t.items[r]);
    return out;
}

} // namespace

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
    const Split split = perUserHoldout(t, 2, HoldoutPick::Latest, 0);
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
    const Split split = perUserHoldout(demo->ratings, 3, HoldoutPick::Random, 2);
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
    const Split split = perUserHoldout(t, 1, HoldoutPick::Latest, 0);
    QCOMPARE(split.coldItems, 1L);
    QVERIFY(QString::fromStdString(split.summary()).contains(QStringLiteral("1 items")));
}

void TestSplit::separateTestFileDropsUnknownIds()
{
    QTemporaryDir dir;
    const auto train = loadRatings(
        embex::test::writeFile(dir, QStringLiteral("a.base"), "1\t10\t4\n2\t10\t3\n2\t20\t5\n"));
    const auto test = loadRatings(
        embex::test::writeFile(dir, QStringLiteral("a.test"), "1\t20\t2\n3\t10\t4\n2\t30\t1\n"));
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
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, perUserHoldout(t, 0, HoldoutPick::Latest, 1));
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

// One default for every front end: each user's latest ratings.
void TestSplit::splitForTrainingPicksLatestByDefault()
{
    QVERIFY(SplitSpec {}.pick == HoldoutPick::Latest);
    auto demo = generateDemo({ 40, 30, 3, 10, false, 5 });
    QVERIFY(demo->ratings.hasTimestamps());
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::PerUser;
    spec.perUserCount = 3;
    const SplitOutcome made = splitForTraining(*demo, spec);
    QVERIFY(made.ok());
    QCOMPARE(made.data->userCount, demo->users.size());
    QCOMPARE(made.data->itemCount, demo->items.size());
    QCOMPARE(made.data->train.size() + made.data->validation.size(), demo->ratings.size());
    // Every held-out rating is no older than any rating its user kept for training.
    std::map<std::uint32_t, std::int64_t> newestKept;
    for (std::size_t r = 0; r < made.data->train.size(); ++r) {
        auto& t = newestKept[made.data->train.users[r]];
        t = std::max(t, made.data->train.timestamps[r]);
    }
    for (std::size_t r = 0; r < made.data->validation.size(); ++r)
        QVERIFY(made.data->validation.timestamps[r] >= newestKept[made.data->validation.users[r]]);
    QVERIFY(pairs(made.data->validation) == pairs(perUserHoldout(demo->ratings, 3, HoldoutPick::Latest, 42).test));
    QVERIFY(QString::fromStdString(made.summary).contains(QStringLiteral("validation")));
}

void TestSplit::splitForTrainingRandomPickIsSeeded()
{
    auto demo = generateDemo({ 40, 30, 3, 10, false, 5 });
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::PerUser;
    spec.perUserCount = 3;
    const auto latest = pairs(splitForTraining(*demo, spec).data->validation);
    spec.pick = HoldoutPick::Random;
    const auto random = pairs(splitForTraining(*demo, spec).data->validation);
    QCOMPARE(random.size(), latest.size());
    QVERIFY(random != latest);
    QVERIFY(random == pairs(splitForTraining(*demo, spec).data->validation));
    spec.seed = 43;
    QVERIFY(random != pairs(splitForTraining(*demo, spec).data->validation));
}

void TestSplit::splitForTrainingWithoutTimestampsPicksAtRandom()
{
    auto demo = generateDemo({ 40, 30, 3, 10, false, 5 });
    demo->ratings.timestamps.clear();
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::PerUser;
    spec.perUserCount = 3;
    const SplitOutcome latest = splitForTraining(*demo, spec);
    spec.pick = HoldoutPick::Random;
    const SplitOutcome random = splitForTraining(*demo, spec);
    QVERIFY(latest.ok() && random.ok());
    QVERIFY(pairs(latest.data->validation) == pairs(random.data->validation));
    QVERIFY2(QString::fromStdString(latest.summary).contains(QStringLiteral("no timestamps")), latest.summary.c_str());
}

void TestSplit::splitForTrainingNamesABadTestFile()
{
    QTemporaryDir dir;
    const auto train = loadRatings(
        embex::test::writeFile(dir, QStringLiteral("a.base"), "1\t10\t4\n2\t10\t3\n2\t20\t5\n"));
    QVERIFY(train.ok());
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::TestFile;
    spec.testFile = dir.filePath(QStringLiteral("missing.test")).toStdString();
    const SplitOutcome made = splitForTraining(*train.dataset, spec);
    QVERIFY(!made.ok());
    QCOMPARE(made.error.file, spec.testFile);
    QVERIFY(!made.error.message.empty());
    spec.testFile = embex::test::writeFile(dir, QStringLiteral("a.test"), "1\t20\t2\n3\t10\t4\n");
    const SplitOutcome good = splitForTraining(*train.dataset, spec);
    QVERIFY2(good.ok(), good.error.toString().c_str());
    QCOMPARE(good.data->validation.size(), std::size_t(1));
}

void TestSplit::splitForTrainingNoneKeepsEverything()
{
    auto demo = generateDemo({ 20, 10, 2, 5, false, 1 });
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::None;
    const SplitOutcome made = splitForTraining(*demo, spec);
    QVERIFY(made.ok());
    QCOMPARE(made.data->train.size(), demo->ratings.size());
    QVERIFY(made.data->validation.empty());
    QCOMPARE(made.summary, std::string("no validation set"));
    spec.kind = SplitSpec::Kind::RandomHoldout;
    spec.fraction = 1.5;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, splitForTraining(*demo, spec));
}

namespace {

/// Every training rating is older than the cut and every validation rating is at or after it.
void checkBoundary(const TrainData& data, std::int64_t cut, std::size_t total)
{
    QCOMPARE(data.train.size() + data.validation.size(), total);
    QVERIFY(!data.train.empty() && !data.validation.empty());
    QVERIFY(std::all_of(data.train.timestamps.begin(), data.train.timestamps.end(), [&](auto t) { return t < cut; }));
    QVERIFY(std::all_of(data.validation.timestamps.begin(), data.validation.timestamps.end(),
                        [&](auto t) { return t >= cut; }));
}

} // namespace

void TestSplit::timeSplitKeepsTheFutureOut_data()
{
    QTest::addColumn<double>("at"); // where the cut falls in the data's timeline
    QTest::addRow("early") << 0.1;
    QTest::addRow("middle") << 0.5;
    QTest::addRow("late") << 0.95;
}

void TestSplit::timeSplitKeepsTheFutureOut()
{
    QFETCH(double, at);
    auto demo = generateDemo({ 200, 100, 4, 20, false, 7 });
    const auto [first, last] = std::minmax_element(demo->ratings.timestamps.begin(), demo->ratings.timestamps.end());
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::BeforeTime;
    spec.before = *first + static_cast<std::int64_t>(at * static_cast<double>(*last - *first));
    const SplitOutcome made = splitForTraining(*demo, spec);
    QVERIFY2(made.ok(), made.error.toString().c_str());
    checkBoundary(*made.data, spec.before, demo->ratings.size());
    QVERIFY2(QString::fromStdString(made.summary).contains(QString::fromStdString(formatTimePoint(spec.before))),
             made.summary.c_str());
}

void TestSplit::timeFractionTakesTheLatestShare()
{
    auto demo = generateDemo({ 200, 100, 4, 20, false, 7 }); // distinct timestamps: the share is exact
    const std::size_t n = demo->ratings.size();
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::TimeFraction;
    spec.timeFraction = 0.2;
    const SplitOutcome made = splitForTraining(*demo, spec);
    QVERIFY2(made.ok(), made.error.toString().c_str());
    const std::int64_t cut = timeCutForFraction(demo->ratings, 0.2);
    checkBoundary(*made.data, cut, n);
    QCOMPARE(made.data->train.size(), static_cast<std::size_t>(std::floor(0.8 * static_cast<double>(n))));

    // ties at the cut all go to validation, never split across the two
    RatingsTable tied = demo->ratings;
    std::fill(tied.timestamps.begin(), tied.timestamps.end(), 100);
    std::fill(tied.timestamps.begin(), tied.timestamps.begin() + 10, 50);
    const Split split = splitAtTime(tied, timeCutForFraction(tied, 0.5));
    QCOMPARE(split.train.size(), std::size_t(10));
    QCOMPARE(split.test.size(), n - 10);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, timeCutForFraction(tied, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, timeCutForFraction(tied, 0.0));
}

void TestSplit::timeSplitErrorsNameTheDateAndTheRange()
{
    QTemporaryDir dir;
    // ml-100k's first and last moments
    const std::string path = embex::test::writeFile(dir, QStringLiteral("r.data"),
                                                    "1\t10\t4\t874724710\n2\t10\t3\t880000000\n3\t20\t5\t893286638\n");
    const auto loaded = loadRatings(path);
    QVERIFY(loaded.ok());
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::BeforeTime;
    spec.before = *parseTimePoint("1990-01-01");
    SplitOutcome made = splitForTraining(*loaded.dataset, spec);
    QVERIFY(!made.ok());
    QCOMPARE(made.error.toString(),
             path + ": no ratings before 1990-01-01: the data runs from 1997-09-20 to 1998-04-22");
    spec.before = *parseTimePoint("2000-01-01T06:00:00Z");
    made = splitForTraining(*loaded.dataset, spec);
    QVERIFY(!made.ok());
    QCOMPARE(made.error.message,
             std::string("no ratings on or after 2000-01-01T06:00:00Z: the data runs from 1997-09-20 to 1998-04-22"));
    spec.before = 874724710; // the first rating itself tests: nothing is before it
    QVERIFY(!splitForTraining(*loaded.dataset, spec).ok());
    spec.before = 874724711;
    QVERIFY(splitForTraining(*loaded.dataset, spec).ok());

    auto plain = generateDemo({ 20, 10, 2, 5, false, 1 });
    plain->ratings.timestamps.clear();
    for (auto kind : { SplitSpec::Kind::BeforeTime, SplitSpec::Kind::TimeFraction }) {
        spec.kind = kind;
        made = splitForTraining(*plain, spec);
        QVERIFY(!made.ok());
        QVERIFY2(made.error.message.find("needs timestamps, and these ratings have none") != std::string::npos,
                 made.error.message.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, splitAtTime(plain->ratings, 0));
}

void TestSplit::latestWithoutTimestampsWarns()
{
    auto demo = generateDemo({ 40, 30, 3, 10, false, 5 });
    SplitSpec spec;
    spec.kind = SplitSpec::Kind::PerUser;
    spec.perUserCount = 3;
    QVERIFY(splitForTraining(*demo, spec).warning.empty());
    demo->ratings.timestamps.clear();
    const SplitOutcome made = splitForTraining(*demo, spec);
    QVERIFY(made.ok());
    QVERIFY2(made.warning.find("picked at random") != std::string::npos, made.warning.c_str());
    QVERIFY(made.warning.find('\n') == std::string::npos);
}

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
