// SPDX-License-Identifier: MIT
#include "core/data/metadata_loader.h"
#include "core/data/ratings_loader.h"
#include "tests/support/temp_files.h"

#include <QtTest>

using namespace embex::core;
using embex::test::writeFile;

class TestMetadataLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsLayouts_data();
    void readsLayouts();
    void latin1BecomesUtf8();
    void rejectsNonMetadata();
    void foundBesideRatingsFile();
    void movieLens100kItems();
};

void TestMetadataLoader::readsLayouts_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("genres");
    QTest::addColumn<int>("count");

    QTest::addRow("movies.csv with quoted title")
        << QByteArray("movieId,title,genres\n1,Paper Harbour (1995),Adventure|Animation|Children\n"
                      "11,\"Quiet Neighbour, The (1995)\",Comedy|Drama|Romance\n99,Nothing (2000),(no genres listed)\n")
        << "movies.csv"
        << "11"
        << "Quiet Neighbour, The (1995)"
        << "Comedy|Drama|Romance" << 3;
    QTest::addRow("ml-1m movies.dat") << QByteArray(
        "1::Paper Harbour (1995)::Animation|Children's|Comedy\n2::Lantern Walk (1995)::Adventure\n")
                                      << "movies.dat"
                                      << "1"
                                      << "Paper Harbour (1995)"
                                      << "Animation|Children's|Comedy" << 2;
    QByteArray uitem("1|Paper Harbour (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                     "2|Silver Alibi (1995)|01-Jan-1995||http://y|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n");
    QTest::addRow("ml-100k u.item") << uitem << "u.item"
                                    << "2"
                                    << "Silver Alibi (1995)"
                                    << "Action|Adventure|Thriller" << 2;
    QTest::addRow("items csv, tab, book header")
        << QByteArray("book_id\tname\tcategory\nb1\tDune\tSci-Fi|Classic\nb2\tEmma\t\n") << "books.tsv"
        << "b1"
        << "Dune"
        << "Sci-Fi|Classic" << 2;
}

void TestMetadataLoader::readsLayouts()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, name);
    QFETCH(QString, id);
    QFETCH(QString, title);
    QFETCH(QString, genres);
    QFETCH(int, count);
    QTemporaryDir dir;
    const MetadataOutcome outcome = loadItemMetadata(writeFile(dir, name, content));
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(static_cast<int>(outcome.metadata.items.size()), count);
    QCOMPARE(QString::fromStdString(outcome.metadata.title(id.toStdString())), title);
    QCOMPARE(QString::fromStdString(outcome.metadata.genresText(id.toStdString())), genres);
    QCOMPARE(outcome.rowsSkipped, 0L);
}

void TestMetadataLoader::latin1BecomesUtf8()
{
    QTemporaryDir dir;
    const MetadataOutcome outcome = loadItemMetadata(writeFile(
        dir, QStringLiteral("movies.dat"), QByteArray("3::\xC1 k\xF6ldum klaka (Cold Fever) (1994)::Comedy|Drama\n")));
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.metadata.title("3"), std::string("\xC3\x81 k\xC3\xB6ldum klaka (Cold Fever) (1994)"));
}

void TestMetadataLoader::rejectsNonMetadata()
{
    QTemporaryDir dir;
    const MetadataOutcome ratings = loadItemMetadata(
        writeFile(dir, QStringLiteral("r.csv"), "userId,movieId,rating\n1,2,3\n"));
    QVERIFY(!ratings.ok());
    QVERIFY(QString::fromStdString(ratings.error.message).contains(QStringLiteral("title column")));
    const MetadataOutcome binary = loadItemMetadata(
        writeFile(dir, QStringLiteral("x.csv"), QByteArray("\x89PNG\r\n\x1a\n\0\0", 10)));
    QVERIFY(!binary.ok());
    QVERIFY(QString::fromStdString(binary.error.message).contains(QStringLiteral("binary")));
    const MetadataOutcome missing = loadItemMetadata(dir.filePath(QStringLiteral("absent.csv")).toStdString());
    QVERIFY(!missing.ok());
}

void TestMetadataLoader::foundBesideRatingsFile()
{
    QTemporaryDir dir;
    const std::string ratings = writeFile(dir, QStringLiteral("ratings.csv"),
                                          "userId,movieId,rating\n1,1,4\n2,1,5\n2,2,1\n");
    QVERIFY(!findMetadataBeside(ratings));
    writeFile(dir, QStringLiteral("movies.csv"), "movieId,title,genres\n1,One,Drama\n2,Two,Comedy\n");
    QCOMPARE(findMetadataBeside(ratings).value_or(""), dir.filePath(QStringLiteral("movies.csv")).toStdString());
    const LoadOutcome outcome = loadRatings(ratings);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.dataset->metadata.title("2"), std::string("Two"));
    QCOMPARE(outcome.report.notes.size(), std::size_t(1));

    // The ratings file's own <stem>.items.csv wins over movies.csv.
    writeFile(dir, QStringLiteral("ratings.items.csv"), "itemId,title\n1,Own One\n");
    QCOMPARE(findMetadataBeside(ratings).value_or(""), dir.filePath(QStringLiteral("ratings.items.csv")).toStdString());
}

void TestMetadataLoader::movieLens100kItems()
{
    EMBEX_REQUIRE_ML100K(dir);
    const MetadataOutcome outcome = loadItemMetadata((dir + QStringLiteral("/u.item")).toStdString());
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.metadata.items.size(), std::size_t(1682));
    QCOMPARE(outcome.metadata.genreNames.size(), std::size_t(19));
    QCOMPARE(outcome.metadata.title("1633"), std::string("\xC3\x81 k\xC3\xB6ldum klaka (Cold Fever) (1994)"));
    QCOMPARE(outcome.metadata.title("172"), std::string("Empire Strikes Back, The (1980)"));
}

QTEST_APPLESS_MAIN(TestMetadataLoader)
#include "tst_metadata_loader.moc"
