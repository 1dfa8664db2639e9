// SPDX-License-Identifier: MIT
#include "core/data/attribute_table.h"
#include "core/data/metadata_loader.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <cmath>

using namespace embex::core;
using embex::test::writeFile;

class TestAttributeTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsColumnTypes_data();
    void detectsColumnTypes();
    void encodesNumbersCategoriesAndMissingIds();
    void badRowsNameFileAndLine_data();
    void badRowsNameFileAndLine();
    void encodingTextRoundTrips();
    void itemAttributesFromTitlesAndGenres();
    void foundBesideRatingsFile();
    void movieLens100kUsers();
};

void TestAttributeTable::detectsColumnTypes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("description");
    QTest::addRow("csv with header, multi-valued")
        << QByteArray("userId,age,city,likes\n1,20,Oslo,Action|Comedy\n2,30,Rome,Drama\n3,,Oslo,\n")
        << "age (number), city (2 categories), likes (3 values, multi)";
    QTest::addRow("u.user layout, no header")
        << QByteArray("1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n")
        << "age (number), gender (2 categories), occupation (3 categories), zip (3 categories)";
    QTest::addRow("users.dat layout") << QByteArray("1::F::1::10::48067\n2::M::56::16::70072\n")
                                      << "gender (2 categories), age (number), occupation (number), zip (2 categories)";
    QTest::addRow("tab, text ids, header found by numbers below")
        << QByteArray("who\tscore\nu1\t0.5\nu2\t1.5\n") << "score (number)";
}

void TestAttributeTable::detectsColumnTypes()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, description);
    QTemporaryDir dir;
    const AttributeOutcome outcome = loadAttributes(writeFile(dir, QStringLiteral("users.txt"), content));
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(QString::fromStdString(outcome.table.encoding.describe()), description);
    QCOMPARE(outcome.rowsSkipped, 0L);
}

void TestAttributeTable::encodesNumbersCategoriesAndMissingIds()
{
    QTemporaryDir dir;
    const AttributeOutcome outcome = loadAttributes(
        writeFile(dir, QStringLiteral("a.csv"), "id,age,city,likes\n1,20,Oslo,Action|Comedy\n2,40,Rome,Drama\n"));
    QVERIFY(outcome.ok());
    const AttributeTable& table = outcome.table;
    QCOMPARE(table.encoding.featureCount(), std::size_t(1 + 2 + 3));
    const IdMap ids = IdMap::fromIds({ "1", "2", "7" });
    QCOMPARE(table.matchedCount(ids), std::size_t(2));
    const RowMatrixXf m = table.encode(ids);
    QCOMPARE(m.rows(), Index(3));
    // ages 20 and 40: mean 30, population std 10 → −1 and +1
    QCOMPARE(m(0, 0), -1.0f);
    QCOMPARE(m(1, 0), 1.0f);
    const auto names = table.encoding.featureNames();
    auto column = [&](const std::string& name) {
        return static_cast<Index>(std::find(names.begin(), names.end(), name) - names.begin());
    };
    QCOMPARE(m(0, column("city=Oslo")), 1.0f);
    QCOMPARE(m(0, column("city=Rome")), 0.0f);
    QCOMPARE(m(0, column("likes=Action")), 1.0f);
    QCOMPARE(m(0, column("likes=Comedy")), 1.0f);
    QCOMPARE(m(0, column("likes=Drama")), 0.0f);
    QCOMPARE(m(1, column("likes=Drama")), 1.0f);
    QVERIFY(m.row(2).isZero()); // an id the table does not list
    // A new user by name: unknown categories and missing numbers encode as zeros.
    const std::vector<float> fresh = table.encoding.encode({ { "age", "35" }, { "city", "Paris" } });
    QCOMPARE(fresh[0], 0.5f);
    QCOMPARE(std::count(fresh.begin(), fresh.end(), 0.0f), std::ptrdiff_t(fresh.size() - 1));
}

void TestAttributeTable::badRowsNameFileAndLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::addRow("too few fields") << QByteArray("id,age\n1,20\n2\n3,30\n") << 3 << "expected 2 fields, found 1";
    QTest::addRow("repeated id") << QByteArray("id,age\n1,20\n2,25\n1,30\n") << 4
                                 << "id '1' appears again (first on line 2)";
    QTest::addRow("empty id") << QByteArray("id,age\n1,20\n,25\n") << 3 << "the id is empty";
}

void TestAttributeTable::badRowsNameFileAndLine()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const std::string path = writeFile(dir, QStringLiteral("users.csv"), content);
    const AttributeOutcome outcome = loadAttributes(path);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.rowsSkipped, 1L);
    QCOMPARE(outcome.problems.size(), std::size_t(1));
    QCOMPARE(outcome.problems.front().toString(), path + ':' + std::to_string(line) + ": " + message.toStdString());

    const AttributeOutcome nothing = loadAttributes(writeFile(dir, QStringLiteral("ids.csv"), "id\n1\n2\n"));
    QVERIFY(!nothing.ok());
    QVERIFY(nothing.error.toString().find("ids.csv") != std::string::npos);
    const AttributeOutcome missing = loadAttributes(dir.filePath(QStringLiteral("absent.csv")).toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(missing.error.toString().find("absent.csv: cannot open") != std::string::npos);
}

void TestAttributeTable::encodingTextRoundTrips()
{
    QTemporaryDir dir;
    const AttributeOutcome outcome = loadAttributes(
        writeFile(dir, QStringLiteral("a.csv"), "id,age,city,likes\n1,20,Oslo,Action|Comedy\n2,41,Rome,Drama\n"));
    QVERIFY(outcome.ok());
    const AttributeEncoding& encoding = outcome.table.encoding;
    const AttributeEncoding back = AttributeEncoding::parse(encoding.toText());
    QCOMPARE(back.featureNames(), encoding.featureNames());
    const std::map<std::string, std::string> user { { "age", "33" }, { "city", "Rome" }, { "likes", "Comedy|Drama" } };
    QCOMPARE(back.encode(user), encoding.encode(user));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, AttributeEncoding::parse("bogus\tx\n"));
}

void TestAttributeTable::itemAttributesFromTitlesAndGenres()
{
    QTemporaryDir dir;
    const MetadataOutcome metadata = loadItemMetadata(writeFile(
        dir, QStringLiteral("movies.csv"),
        "movieId,title,genres\n1,Paper Harbour (1995),Adventure|Animation\n2,Quiet (2001),Drama\n3,No Year,Drama\n"));
    QVERIFY(metadata.ok());
    const AttributeTable table = itemAttributesFromMetadata(metadata.metadata);
    QCOMPARE(QString::fromStdString(table.encoding.describe()),
             QStringLiteral("genres (3 values, multi), year (number)"));
    const RowMatrixXf m = table.encode(IdMap::fromIds({ "1", "2", "3" }));
    QCOMPARE(m(0, 0) + m(0, 1), 2.0f); // Adventure, Animation
    QCOMPARE(m(2, 2), 1.0f);           // Drama
    QVERIFY(m(0, 3) < 0 && m(1, 3) > 0);
    QCOMPARE(m(2, 3), 0.0f); // no year: the mean
}

void TestAttributeTable::foundBesideRatingsFile()
{
    QTemporaryDir dir;
    const std::string ratings = writeFile(dir, QStringLiteral("demo.csv"), "userId,itemId,rating\n1,1,5\n");
    QVERIFY(!findUserAttributesBeside(ratings));
    writeFile(dir, QStringLiteral("u.user"), "1|24|M|technician|85711\n");
    QCOMPARE(findUserAttributesBeside(ratings).value_or(""), dir.filePath(QStringLiteral("u.user")).toStdString());
    writeFile(dir, QStringLiteral("demo.users.csv"), "userId,age\n1,24\n");
    QCOMPARE(findUserAttributesBeside(ratings).value_or(""),
             dir.filePath(QStringLiteral("demo.users.csv")).toStdString());
}

void TestAttributeTable::movieLens100kUsers()
{
    EMBEX_REQUIRE_ML100K(dir);
    const AttributeOutcome outcome = loadAttributes((dir + QStringLiteral("/u.user")).toStdString());
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.table.rows.size(), std::size_t(943));
    QCOMPARE(outcome.rowsSkipped, 0L);
    // zip codes are mostly distinct: skipped as free text, and said so
    QCOMPARE(outcome.table.skippedColumns.size(), std::size_t(1));
    QVERIFY(outcome.table.skippedColumns.front().rfind("zip:", 0) == 0);
    QCOMPARE(QString::fromStdString(outcome.table.encoding.describe()),
             QStringLiteral("age (number), gender (2 categories), occupation (21 categories)"));
}

QTEST_APPLESS_MAIN(TestAttributeTable)
#include "tst_attribute_table.moc"
