// SPDX-License-Identifier: MIT
#include "core/data/ratings_loader.h"
#include "core/data/row_parser.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace embex::core;
using embex::test::writeFile;

namespace {

/// A header and `rows` data rows of user,item,rating,timestamp in which the rows at the lines
/// listed in `bad` (1 = the header) read `badRow` instead.
QByteArray ratingsWithBadRows(const QByteArray& header, int rows, const QList<int>& bad, const QByteArray& badRow,
                              const QByteArray& delimiter = ",")
{
    QByteArray content = header + '\n';
    for (int r = 0; r < rows; ++r) {
        if (bad.contains(r + 2)) {
            content += badRow + '\n';
            continue;
        }
        const QList<QByteArray> fields { QByteArray::number(r % 7 + 1), QByteArray::number(r % 5 + 10), "4",
                                         QByteArray::number(1000 + r) };
        content += fields.join(delimiter) + '\n';
    }
    return content;
}

/// Columns of `rows` zeros with timestamps, for a RowParser to write into.
RatingsTable tableOfSize(std::size_t rows)
{
    RatingsTable table;
    table.users.assign(rows, 0);
    table.items.assign(rows, 0);
    table.ratings.assign(rows, 0.0f);
    table.timestamps.assign(rows, 0);
    return table;
}

} // namespace

class TestRatingsLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsFormats_data();
    void detectsFormats();
    void rejectsFiles_data();
    void rejectsFiles();
    void skipsBadRowsWithLineNumbers_data();
    void skipsBadRowsWithLineNumbers();
    void smallFileWithManyBadRowsKeepsTheGoodOnes_data();
    void smallFileWithManyBadRowsKeepsTheGoodOnes();
    void strictModeStopsAtFirstProblem();
    void idsAreDenseInAscendingOrder();
    void quotedFieldsFollowRfc4180();
    void reportsProgressAndCancels();
    void fileTruncatedWhileReadingIsAnError();
    void explicitFormatOverridesDetection();
    void threadsDoNotChangeTheResult();
    void longLinesAreSkippedWherever();
    void plainLinesParseAsTheGeneralParserDoes_data();
    void plainLinesParseAsTheGeneralParserDoes();
    void movieLens100k();
    void timestampForms_data();
    void timestampForms();
    void millisecondsAreDecidedOverTheColumn();
    void mixedTimestampFormsNameTheLine_data();
    void mixedTimestampFormsNameTheLine();

private:
    QTemporaryDir m_dir;
};

void TestRatingsLoader::detectsFormats_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<bool>("header");
    QTest::addColumn<bool>("implicit");
    QTest::addColumn<bool>("timestamps");
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("items");

    QTest::addRow("MovieLens ratings.csv, header") << QByteArray(
        "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,4.0,835355493\n")
                                                   << "," << true << false << true << 2 << 2;
    QTest::addRow("ml-100k u.data, tab, no header")
        << QByteArray("196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n") << "\t" << false
        << false << true << 3 << 3;
    QTest::addRow("ml-1m ratings.dat, ::")
        << QByteArray("1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n") << "::" << false << false
        << true << 2 << 2;
    QTest::addRow("semicolon with decimal comma in no field")
        << QByteArray("user;item;score\nalice;tt0111161;5\nbob;tt0068646;4.5\n") << ";" << true << false << false << 2
        << 2;
    QTest::addRow("pipe") << QByteArray("1|10|4\n2|10|5\n2|11|3\n") << "|" << false << false << false << 2 << 2;
    QTest::addRow("whitespace runs") << QByteArray("1   10  4\n2 10\t5\n2  11   3\n") << " " << false << false << false
                                     << 2 << 2;
    QTest::addRow("UTF-8 BOM and CRLF") << QByteArray("\xEF\xBB\xBFuserId,itemId,rating\r\n1,2,5\r\n3,4,1\r\n") << ","
                                        << true << false << false << 2 << 2;
    QTest::addRow("implicit, two columns")
        << QByteArray("u1,i1\nu1,i2\nu2,i1\n") << "," << false << true << false << 2 << 2;
    QTest::addRow("implicit with timestamp")
        << QByteArray("1,5,1260759144\n2,5,1260759179\n2,6,835355493\n") << "," << false << true << true << 2 << 2;
    QTest::addRow("header roles out of order")
        << QByteArray("movieId,rating,userId\n10,4,1\n11,5,1\n10,3,2\n") << "," << true << false << false << 2 << 2;
    QTest::addRow("book ratings with string ids")
        << QByteArray("User-ID;ISBN;Book-Rating\n276725;034545104X;0\n276726;0155061224;5\n") << ";" << true << false
        << false << 2 << 2;
    QTest::addRow("no trailing newline") << QByteArray("1,2,3\n4,5,1") << "," << false << false << false << 2 << 2;
    QTest::addRow("blank lines ignored") << QByteArray("\n1,2,3\n\n4,5,1\n\n") << "," << false << false << false << 2
                                         << 2;
}

void TestRatingsLoader::detectsFormats()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, delimiter);
    QFETCH(bool, header);
    QFETCH(bool, implicit);
    QFETCH(bool, timestamps);
    QFETCH(int, users);
    QFETCH(int, items);

    const std::string path = writeFile(m_dir, QStringLiteral("ratings.txt"), content);
    const LoadOutcome outcome = loadRatings(path);
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    const Dataset& d = *outcome.dataset;
    QCOMPARE(QString::fromStdString(d.format.delimiter), delimiter);
    QCOMPARE(d.format.hasHeader, header);
    QCOMPARE(d.isImplicit(), implicit);
    QCOMPARE(d.ratings.hasTimestamps(), timestamps);
    QCOMPARE(static_cast<int>(d.users.size()), users);
    QCOMPARE(static_cast<int>(d.items.size()), items);
    QCOMPARE(outcome.report.rowsSkipped, 0L);
    QCOMPARE(static_cast<long>(d.ratings.size()), outcome.report.rowsRead);
    for (float r : d.ratings.ratings)
        QVERIFY(implicit ? r == 1.0f : std::isfinite(r));
}

void TestRatingsLoader::rejectsFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");

    QTest::addRow("empty file") << QByteArray() << "the file is empty";
    QTest::addRow("only blank lines") << QByteArray("\n\n  \n") << "the file is empty";
    QTest::addRow("header only") << QByteArray("userId,movieId,rating\n") << "has a header but no data rows";
    QTest::addRow("header only, CRLF") << QByteArray("userId\tmovieId\trating\ttimestamp\r\n\r\n")
                                       << "has a header but no data rows";
    QByteArray utf16 = QByteArray("\xFF\xFE", 2);
    for (char c : QByteArray("1,2,3\n4,5,6\n")) {
        utf16.append(c);
        utf16.append('\0');
    }
    QTest::addRow("UTF-16 with BOM") << utf16 << "UTF-16";
    QTest::addRow("UTF-16 without BOM") << utf16.mid(2) << "UTF-16";
    QByteArray binary;
    for (int i = 0; i < 4096; ++i)
        binary.append(static_cast<char>((i * 7919 + 13) % 256));
    QTest::addRow("binary garbage") << binary << "binary";
    QTest::addRow("PNG header") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "binary";
    QTest::addRow("one column") << QByteArray("1\n2\n3\n") << "no delimiter";
    // Too many bad rows to tell the format, however the header reads.
    const QList<int> fifth { 3, 8, 13, 18 };
    QTest::addRow("a fifth of rows bad, no header")
        << ratingsWithBadRows("1,10,4,999", 20, fifth, "7,8,4") << "no delimiter";
    QTest::addRow("header, half the rows bad")
        << ratingsWithBadRows("userId,movieId,rating,timestamp", 20, { 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 }, "7,8,4")
        << "no delimiter";
    QByteArray twoDelimiters = "userId,movieId,rating\n";
    for (int r = 0; r < 20; ++r)
        twoDelimiters += QByteArray::number(r) + (r % 2 ? ",10,4\n" : ";10;4\n");
    QTest::addRow("header, rows split by two delimiters") << twoDelimiters << "no delimiter";
    QTest::addRow("every row bad") << QByteArray("1,2,x\n3,4,y\n5,6,z\n") << "no valid rows";
}

void TestRatingsLoader::rejectsFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    const std::string path = writeFile(m_dir, QStringLiteral("bad.csv"), content);
    // A rating column of letters is still "a rating column" when forced; detection would call it an id.
    LoadOptions options;
    if (QByteArray(QTest::currentDataTag()) == "every row bad")
        options.format = FileFormat { ",", false, 3, 0, 1, 2, -1, {} };
    const LoadOutcome outcome = loadRatings(path, options);
    QCOMPARE(outcome.status, LoadOutcome::Status::Failed);
    QVERIFY(!outcome.dataset);
    const QString message = QString::fromStdString(outcome.error.toString());
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
}

void TestRatingsLoader::skipsBadRowsWithLineNumbers_data()
{
    QTest::addColumn<QByteArray>("badLine");
    QTest::addColumn<QString>("reason");
    QTest::addRow("rating not a number") << QByteArray("7,8,abc,1") << "rating 'abc' is not a number";
    QTest::addRow("rating NaN") << QByteArray("7,8,nan,1") << "rating 'nan' is not a finite number";
    QTest::addRow("rating inf") << QByteArray("7,8,inf,1") << "rating 'inf' is not a finite number";
    QTest::addRow("too few fields") << QByteArray("7,8,4") << "expected 4 fields, found 3";
    QTest::addRow("too many fields") << QByteArray("7,8,4,1,9") << "expected 4 fields, found 5";
    QTest::addRow("empty user") << QByteArray(",8,4,1") << "empty user id";
    QTest::addRow("empty item") << QByteArray("7,,4,1") << "empty item id";
    QTest::addRow("timestamp not whole") << QByteArray("7,8,4,yesterday")
                                         << "timestamp 'yesterday' is not a whole number";
    QTest::addRow("unterminated quote") << QByteArray("7,\"8,4,1") << "unterminated quote";
}

void TestRatingsLoader::skipsBadRowsWithLineNumbers()
{
    QFETCH(QByteArray, badLine);
    QFETCH(QString, reason);
    // The bad row comes after the lines format detection samples, as in a real file.
    QByteArray content = "userId,itemId,rating,timestamp\n";
    for (int r = 0; r < 300; ++r)
        content += QByteArray::number(r % 17) + ',' + QByteArray::number(r % 23) + ",4," + QByteArray::number(1000 + r)
            + '\n';
    content += badLine + "\n3,4,5,102\n";
    const std::string path = writeFile(m_dir, QStringLiteral("some-bad.csv"), content);
    const LoadOutcome outcome = loadRatings(path);
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.dataset->ratings.size(), std::size_t(301));
    QCOMPARE(outcome.report.rowsSkipped, 1L);
    QCOMPARE(outcome.report.rowsRead, 302L);
    QCOMPARE(outcome.report.problems.size(), std::size_t(1));
    QCOMPARE(outcome.report.problems[0].line, 302L);
    QCOMPARE(QString::fromStdString(outcome.report.problems[0].message), reason);
    const QString summary = QString::fromStdString(outcome.report.skippedSummary());
    QVERIFY2(summary.startsWith(QStringLiteral("1 row skipped, first: ")) && summary.contains(QStringLiteral(":302: ")),
             qPrintable(summary));
}

void TestRatingsLoader::smallFileWithManyBadRowsKeepsTheGoodOnes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QList<int>>("badLines");
    QTest::addColumn<QString>("reason");
    const QByteArray header = "userId,movieId,rating,timestamp";
    const QList<int> fifth { 3, 8, 13, 18 }; // 4 of 20 rows, the first in the second data row
    QTest::addRow("a missing field") << ratingsWithBadRows(header, 20, fifth, "7,8,4") << fifth
                                     << "expected 4 fields, found 3";
    QTest::addRow("an extra field") << ratingsWithBadRows(header, 20, fifth, "7,8,4,1000,9") << fifth
                                    << "expected 4 fields, found 5";
    QTest::addRow("a fifth of rows bad in a 10-row file")
        << ratingsWithBadRows(header, 10, { 2, 9 }, "7,8") << QList<int> { 2, 9 } << "expected 4 fields, found 2";
    QTest::addRow("a fifth of rows bad, tab")
        << ratingsWithBadRows("user\titem\trating\ttimestamp", 20, fifth, "7\t8\t4", "\t") << fifth
        << "expected 4 fields, found 3";
    QTest::addRow("header with spaces after commas")
        << ratingsWithBadRows("userId, movieId, rating, timestamp", 20, fifth, "7, 8, 4", ", ") << fifth
        << "expected 4 fields, found 3";
}

void TestRatingsLoader::smallFileWithManyBadRowsKeepsTheGoodOnes()
{
    QFETCH(QByteArray, content);
    QFETCH(QList<int>, badLines);
    QFETCH(QString, reason);
    const std::string path = writeFile(m_dir, QStringLiteral("small-bad.csv"), content);
    const long dataRows = content.count('\n') - 1;
    const LoadOutcome outcome = loadRatings(path);
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.report.format.fieldCount, 4);
    QVERIFY(outcome.report.format.hasHeader);
    QCOMPARE(outcome.report.format.ratingColumn, 2);
    QCOMPARE(outcome.report.format.timestampColumn, 3);
    QCOMPARE(outcome.report.rowsRead, dataRows);
    QCOMPARE(outcome.report.rowsSkipped, static_cast<long>(badLines.size()));
    QCOMPARE(outcome.dataset->ratings.size(), static_cast<std::size_t>(dataRows - badLines.size()));
    QCOMPARE(outcome.report.problems.size(), static_cast<std::size_t>(badLines.size()));
    for (std::size_t p = 0; p < outcome.report.problems.size(); ++p) {
        QCOMPARE(outcome.report.problems[p].line, static_cast<long>(badLines[static_cast<qsizetype>(p)]));
        QCOMPARE(QString::fromStdString(outcome.report.problems[p].message), reason);
    }
}

void TestRatingsLoader::strictModeStopsAtFirstProblem()
{
    const std::string path = writeFile(m_dir, QStringLiteral("strict.csv"),
                                       "user,item,rating\n1,2,3\n1,3,x\n1,4,y\n2,2,4\n");
    LoadOptions strict;
    strict.strict = true;
    const LoadOutcome outcome = loadRatings(path, strict);
    QCOMPARE(outcome.status, LoadOutcome::Status::Failed);
    QCOMPARE(outcome.error.line, 3L);
    QCOMPARE(QString::fromStdString(outcome.error.toString()),
             QString::fromStdString(path) + QStringLiteral(":3: rating 'x' is not a number"));

    const LoadOutcome lenient = loadRatings(path);
    QVERIFY(lenient.ok());
    QCOMPARE(lenient.report.rowsSkipped, 2L);
    QCOMPARE(lenient.dataset->ratings.size(), std::size_t(2));
}

void TestRatingsLoader::idsAreDenseInAscendingOrder()
{
    // Numeric ids sort as numbers (2 < 10), whatever the file order.
    const std::string numeric = writeFile(m_dir, QStringLiteral("numeric.csv"), "10,300,1\n2,20,2\n33,3,3\n2,300,4\n");
    const LoadOutcome a = loadRatings(numeric);
    QVERIFY(a.ok());
    QCOMPARE(a.dataset->users.rawIds(), (std::vector<std::string> { "2", "10", "33" }));
    QCOMPARE(a.dataset->items.rawIds(), (std::vector<std::string> { "3", "20", "300" }));
    QVERIFY(a.dataset->items.isNumeric());
    // Row 0 of the file: user "10" → dense 1, item "300" → dense 2.
    QCOMPARE(a.dataset->ratings.users[0], 1u);
    QCOMPARE(a.dataset->ratings.items[0], 2u);
    QCOMPARE(a.dataset->ratings.users[3], 0u);
    QCOMPARE(*a.dataset->items.indexOf("20"), 1u);

    // One non-integer id makes the order byte-wise for that column.
    const std::string mixed = writeFile(m_dir, QStringLiteral("mixed.csv"), "b,10,1\na,9,2\nc,x1,3\n");
    const LoadOutcome b = loadRatings(mixed);
    QVERIFY(b.ok());
    QCOMPARE(b.dataset->users.rawIds(), (std::vector<std::string> { "a", "b", "c" }));
    QCOMPARE(b.dataset->items.rawIds(), (std::vector<std::string> { "10", "9", "x1" }));
    QVERIFY(!b.dataset->items.isNumeric());

    // "007" and "7" are distinct ids with equal value.
    const std::string zeros = writeFile(m_dir, QStringLiteral("zeros.csv"), "1,7,1\n1,007,2\n2,7,3\n");
    const LoadOutcome c = loadRatings(zeros);
    QVERIFY(c.ok());
    QCOMPARE(c.dataset->items.size(), std::size_t(2));
    QCOMPARE(c.dataset->items.rawIds(), (std::vector<std::string> { "007", "7" }));
}

void TestRatingsLoader::quotedFieldsFollowRfc4180()
{
    const std::string path = writeFile(
        m_dir, QStringLiteral("quoted.csv"),
        "user,item,rating\n\"smith, j\",\"The \"\"Best\"\" Film\",4\n\"jones\",plain,3\n \"padded\" , x ,2\n");
    const LoadOutcome outcome = loadRatings(path);
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.report.rowsSkipped, 0L);
    const Dataset& d = *outcome.dataset;
    QVERIFY(d.users.indexOf("smith, j"));
    QVERIFY(d.users.indexOf("padded"));
    QVERIFY(d.items.indexOf("The \"Best\" Film"));
    QVERIFY(d.items.indexOf("x"));
}

void TestRatingsLoader::reportsProgressAndCancels()
{
    // Over two 8 MB blocks, so progress is reported more than once.
    QByteArray content;
    content.reserve(18 << 20);
    for (int r = 0; content.size() < (18 << 20); ++r)
        content += QByteArray::number(r % 5000) + ',' + QByteArray::number(r % 997) + ",4.5,1260759144\n";
    const std::string path = writeFile(m_dir, QStringLiteral("large.csv"), content);

    std::vector<std::uint64_t> reports;
    const LoadOutcome full = loadRatings(path, {}, [&](std::uint64_t done, std::uint64_t total) {
        QCOMPARE(total, static_cast<std::uint64_t>(content.size()));
        reports.push_back(done);
    });
    QVERIFY(full.ok());
    QVERIFY(reports.size() >= 3);
    QVERIFY(std::is_sorted(reports.begin(), reports.end()));
    QCOMPARE(reports.back(), static_cast<std::uint64_t>(content.size()));

    std::stop_source stop;
    const LoadOutcome cancelled = loadRatings(
        path, {}, [&](std::uint64_t, std::uint64_t) { stop.request_stop(); }, stop.get_token());
    QCOMPARE(cancelled.status, LoadOutcome::Status::Cancelled);
    QVERIFY(!cancelled.dataset);
}

void TestRatingsLoader::fileTruncatedWhileReadingIsAnError()
{
    QByteArray content;
    for (int r = 0; content.size() < (12 << 20); ++r)
        content += QByteArray::number(r % 777) + '\t' + QByteArray::number(r % 333) + "\t3\n";
    const std::string path = writeFile(m_dir, QStringLiteral("shrinking.tsv"), content);
    bool truncated = false;
    const LoadOutcome outcome = loadRatings(path, {}, [&](std::uint64_t, std::uint64_t) {
        if (!std::exchange(truncated, true))
            QFile::resize(QString::fromStdString(path), 1 << 20);
    });
    QCOMPARE(outcome.status, LoadOutcome::Status::Failed);
    QVERIFY2(QString::fromStdString(outcome.error.message).contains(QStringLiteral("changed while it was being read")),
             outcome.error.message.c_str());
}

void TestRatingsLoader::explicitFormatOverridesDetection()
{
    // Detection calls column 2 a rating; the user says it is a timestamp of implicit data.
    const std::string path = writeFile(m_dir, QStringLiteral("override.csv"), "1,2,5\n1,3,4\n2,2,3\n");
    FileFormat format { ",", false, 3, 0, 1, -1, 2, {} };
    LoadOptions options;
    options.format = format;
    const LoadOutcome outcome = loadRatings(path, options);
    QVERIFY(outcome.ok());
    QVERIFY(outcome.dataset->isImplicit());
    QCOMPARE(outcome.dataset->ratings.timestamps, (Column<std::int64_t> { 5, 4, 3 }));

    options.format->ratingColumn = 7;
    const LoadOutcome invalid = loadRatings(path, options);
    QCOMPARE(invalid.status, LoadOutcome::Status::Failed);
    QVERIFY(QString::fromStdString(invalid.error.message).contains(QStringLiteral("column roles")));
}

void TestRatingsLoader::threadsDoNotChangeTheResult()
{
    // Three blocks and more, string and integer ids, bad rows scattered through every part.
    QByteArray content = "user,item,rating,timestamp\n";
    std::vector<long> badLines;
    for (long line = 2; content.size() < (20 << 20); ++line) {
        if (line % 99991 == 0) {
            content += "7,8,oops,1\n";
            badLines.push_back(line);
        } else {
            const long r = line * 7919;
            content += (line % 3 ? QByteArray::number(r % 40000) : "u" + QByteArray::number(r % 977)) + ','
                + QByteArray::number(r % 5003) + ',' + QByteArray::number(1 + r % 5) + ',' + QByteArray::number(line)
                + '\n';
        }
    }
    const std::string path = writeFile(m_dir, QStringLiteral("threads.csv"), content);
    LoadOptions options;
    options.maxProblems = 1000;
    options.threads = 1;
    const LoadOutcome one = loadRatings(path, options);
    QVERIFY(one.ok());
    QCOMPARE(one.report.rowsSkipped, static_cast<long>(badLines.size()));
    for (std::size_t k = 0; k < badLines.size(); ++k)
        QCOMPARE(one.report.problems[k].line, badLines[k]);
    for (int threads : { 2, 3 }) {
        options.threads = threads;
        const LoadOutcome many = loadRatings(path, options);
        QVERIFY(many.ok());
        QCOMPARE(many.dataset->ratings.users, one.dataset->ratings.users);
        QCOMPARE(many.dataset->ratings.items, one.dataset->ratings.items);
        QCOMPARE(many.dataset->ratings.ratings, one.dataset->ratings.ratings);
        QCOMPARE(many.dataset->ratings.timestamps, one.dataset->ratings.timestamps);
        QCOMPARE(many.dataset->users.rawIds(), one.dataset->users.rawIds());
        QCOMPARE(many.dataset->items.rawIds(), one.dataset->items.rawIds());
        QCOMPARE(many.report.rowsRead, one.report.rowsRead);
        QCOMPARE(many.report.problems.size(), one.report.problems.size());
        for (std::size_t k = 0; k < one.report.problems.size(); ++k)
            QCOMPARE(many.report.problems[k].line, one.report.problems[k].line);
        LoadOptions strict = options;
        strict.strict = true;
        const LoadOutcome stopped = loadRatings(path, strict);
        QCOMPARE(stopped.status, LoadOutcome::Status::Failed);
        QCOMPARE(stopped.error.line, badLines.front());
    }
}

// Lines over 1 MiB cross the loader's read blocks and, with several threads, its parts: each is
// one skipped row with its own line number, and blank, CRLF and unterminated lines around them
// still count as lines.
void TestRatingsLoader::longLinesAreSkippedWherever()
{
    QByteArray content = "user,item,rating\r\n";
    std::vector<long> longLines;
    long line = 2, rows = 0;
    auto addRows = [&](int bytes) {
        for (const int stop = content.size() + bytes; content.size() < stop; ++rows) {
            const bool blankAfter = line % 5 == 0;
            content += QByteArray::number(line % 1009) + ',' + QByteArray::number(line % 97)
                + (blankAfter ? ",2\r\n\n" : ",3\n");
            line += blankAfter ? 2 : 1;
        }
    };
    addRows(1 << 20);
    for (int k : { 3, 1 }) { // 1.5 MiB, then just over 1 MiB
        content += "5," + QByteArray((k + 1) << 19, 'x') + ",4\n";
        longLines.push_back(line++);
        addRows(700 << 10);
    }
    content += "6,7,5"; // no newline at the end
    ++rows;
    const std::string path = writeFile(m_dir, QStringLiteral("long-lines.csv"), content);
    for (int threads : { 1, 2, 3 }) {
        LoadOptions options;
        options.threads = threads;
        const LoadOutcome outcome = loadRatings(path, options);
        QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
        QCOMPARE(static_cast<long>(outcome.dataset->ratings.size()), rows);
        QCOMPARE(outcome.dataset->ratings.ratings.back(), 5.0f);
        QCOMPARE(outcome.report.rowsSkipped, 2L);
        QCOMPARE(outcome.report.problems.size(), std::size_t(2));
        for (std::size_t k = 0; k < 2; ++k) {
            QCOMPARE(outcome.report.problems[k].line, longLines[k]);
            QVERIFY(QString::fromStdString(outcome.report.problems[k].message)
                        .contains(QStringLiteral("longer than 1 MiB")));
        }
        options.strict = true;
        const LoadOutcome stopped = loadRatings(path, options);
        QCOMPARE(stopped.status, LoadOutcome::Status::Failed);
        QCOMPARE(stopped.error.line, longLines.front());
    }
}

// parsePlainLine is a shortcut for the common line: whatever it accepts must come out exactly as
// parseLine reads it, and anything unusual must be left to parseLine (messages included).
void TestRatingsLoader::plainLinesParseAsTheGeneralParserDoes_data()
{
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<QString>("lines");
    const QString tricky = QStringLiteral(
        "1,10,4.5,978300760\n"
        "2,11,3,978300761\r\n"              // CRLF
        "007,abc,1e0,5\n"                   // ids that are not canonical integers
        " 3,12,4,1\n3 ,12,4,1\n3,12, 4,1\n" // spaces parseLine trims
        "\"4\",13,2,1\n4,\"1,3\",2,1\n"     // quotes, one hiding a delimiter
        "5,14,nan,1\n5,14,inf,1\n5,14,,1\n" // bad ratings
        "6,15,2,-7\n6,15,2,+7\n6,15,2,1234567890123456789\n6,15,2,12345678901234567890\n6,15,2,\n"
        "7,16,5\n7,16,5,1,extra\n,16,5,1\n7,,5,1\n" // field counts, empty ids
        "\n   \n8,17,0.5,99\n8,17,.5,99\n8,17,5.,99\n8,17,-1,99\n9\t,18,1,1\n"
        // 16 to 64 bytes go through the vector scan: the same cases at that length
        // numbers read 8 bytes at a time: tenths, 8 to 17 digits, ids with a letter, lines under 8 bytes
        "47,137,3.7,12345678\n48,138,0.1,1234567890123456\n49,139,9.9,12345678901234567\n12345678,87654321,1,1\n"
        "123456789,1a,2,3\n0,0,0.0,0\n1,2,3,4\n50,14x,1,1\n51,140,1,9x\n52,141,1,12345678x\n"
        "  30,120,4,978300760\n30,120,4 ,978300760\n\"40\",130,2,978300760\n41,131,2,978300760,\"x\"\n"
        "42,132,2,978300760\t\n43,133,2.5,978300760\r\n44,134,2,978300760,1\n1234567,1234567,1\n"
        "45,135,3,978300760123456789\n46,136,3,97830076012345678901\n"
        "12345678901234567890,12345678901234567890,4.125,978300760\n"              // 57 bytes
        "123456789012345678901234567890,12345678901234567890,4,978300760\n"        // 63: an overlapping last step
        "123456789012345678901234567890,1234567890123456789012345,4,978300760\n"); // 68: the byte loop
    QTest::addRow("comma") << QStringLiteral(",") << tricky;
    QString tabbed = tricky;
    tabbed.replace(QLatin1Char(','), QLatin1Char('\t'));
    QTest::addRow("tab") << QStringLiteral("\t") << tabbed;
    QString piped = tricky;
    piped.replace(QLatin1Char(','), QLatin1Char('|'));
    QTest::addRow("pipe") << QStringLiteral("|") << piped;
}

void TestRatingsLoader::plainLinesParseAsTheGeneralParserDoes()
{
    QFETCH(QString, delimiter);
    QFETCH(QString, lines);
    FileFormat format;
    format.delimiter = delimiter.toStdString();
    format.fieldCount = 4;
    format.userColumn = 0;
    format.itemColumn = 1;
    format.ratingColumn = 2;
    format.timestampColumn = 3;
    const std::string name = "ratings.csv", text = lines.toStdString();
    RowParser fast(name, format, 1 << 20, false, 100), general(name, format, 1 << 20, false, 100);
    const auto lineCount = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    RatingsTable fastRows = tableOfSize(lineCount), generalRows = tableOfSize(lineCount);
    fast.rows = RowSlots::of(fastRows, 0, lineCount);
    general.rows = RowSlots::of(generalRows, 0, lineCount);
    const long seen = fast.parseLines(text, 1);
    long lineNumber = 1, plain = 0;
    for (std::size_t pos = 0; pos < text.size(); ++lineNumber) {
        const std::size_t end = text.find('\n', pos);
        const std::string_view line = std::string_view(text).substr(pos, end - pos);
        const std::size_t rowsBefore = general.rows.size;
        general.parseLine(line, lineNumber);
        RowParser probe(name, format, 1 << 20, false, 100);
        RatingsTable probeRow = tableOfSize(1);
        probe.rows = RowSlots::of(probeRow, 0, 1);
        const bool tookIt = probe.parsePlainLine(line);
        plain += tookIt ? 1 : 0;
        // The shortcut must take every good row with nothing unusual in it, or it buys nothing.
        std::string_view bare = line.substr(0, line.size() - (line.ends_with('\r') ? 1 : 0));
        const std::string_view timestamp = bare.substr(bare.find_last_of(format.delimiter) + 1);
        const bool ordinary = general.rows.size > rowsBefore
            && bare.find_first_of(delimiter == "\t" ? "\" " : "\" \t") == std::string_view::npos
            && timestamp.size() <= 18 && timestamp.find_first_not_of("0123456789") == std::string_view::npos;
        QVERIFY2(!ordinary || tookIt, std::string(line).c_str());
        pos = end + 1;
    }
    QCOMPARE(seen, lineNumber - 1);
    QVERIFY2(plain >= 10, "the shortcut should take the ordinary lines"); // else this test checks nothing
    QCOMPARE(fast.rows.size, general.rows.size);
    QCOMPARE(fast.overflow + general.overflow, 0L);
    const auto rows = static_cast<std::ptrdiff_t>(fast.rows.size);
    QVERIFY(std::equal(fastRows.users.begin(), fastRows.users.begin() + rows, generalRows.users.begin()));
    QVERIFY(std::equal(fastRows.items.begin(), fastRows.items.begin() + rows, generalRows.items.begin()));
    QVERIFY(std::equal(fastRows.ratings.begin(), fastRows.ratings.begin() + rows, generalRows.ratings.begin()));
    QVERIFY(
        std::equal(fastRows.timestamps.begin(), fastRows.timestamps.begin() + rows, generalRows.timestamps.begin()));
    QCOMPARE(fast.rowsRead, general.rowsRead);
    QCOMPARE(fast.rowsSkipped, general.rowsSkipped);
    QCOMPARE(fast.problems.size(), general.problems.size());
    for (std::size_t k = 0; k < fast.problems.size(); ++k)
        QCOMPARE(QString::fromStdString(fast.problems[k].toString()),
                 QString::fromStdString(general.problems[k].toString()));
    QCOMPARE(fast.users.size(), general.users.size());
    for (std::uint32_t k = 0; k < fast.users.size(); ++k)
        QCOMPARE(fast.users.id(k), general.users.id(k));
    QCOMPARE(fast.items.size(), general.items.size());
    for (std::uint32_t k = 0; k < fast.items.size(); ++k)
        QCOMPARE(fast.items.id(k), general.items.id(k));
}

void TestRatingsLoader::movieLens100k()
{
    EMBEX_REQUIRE_ML100K(dir);
    const LoadOutcome outcome = loadRatings((dir + QStringLiteral("/u.data")).toStdString());
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    const Dataset& d = *outcome.dataset;
    QCOMPARE(d.ratings.size(), std::size_t(100000));
    QCOMPARE(d.users.size(), std::size_t(943));
    QCOMPARE(d.items.size(), std::size_t(1682));
    QCOMPARE(d.ratingMin, 1.0f);
    QCOMPARE(d.ratingMax, 5.0f);
    QCOMPARE(d.items.rawId(0), std::string("1"));
    QCOMPARE(d.items.rawId(1681), std::string("1682"));
    QCOMPARE(d.metadata.title("50"), std::string("Star Wars (1977)"));
    QCOMPARE(d.metadata.title("1633"), std::string("\xC3\x81 k\xC3\xB6ldum klaka (Cold Fever) (1994)"));
    QCOMPARE(d.metadata.genresText("50"), std::string("Action|Adventure|Romance|Sci-Fi|War"));
}

// Every form is stored as Unix seconds, and the report says which form the file used.
void TestRatingsLoader::timestampForms_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("form");
    QTest::addColumn<qlonglong>("first");
    const int seconds = int(TimestampForm::UnixSeconds), iso = int(TimestampForm::Iso8601);
    QTest::addRow("unix seconds") << QByteArray("1,10,4,874965758\n2,10,3,874965759\n") << seconds
                                  << qlonglong(874965758);
    QTest::addRow("unix milliseconds") << QByteArray("1,10,4,874965758250\n2,10,3,874965759999\n")
                                       << int(TimestampForm::UnixMilliseconds) << qlonglong(874965758);
    QTest::addRow("iso date, named column")
        << QByteArray("user,item,rating,date\n1,10,4,2021-03-01\n2,10,3,2021-03-02\n") << iso << qlonglong(1614556800);
    QTest::addRow("iso date, no header") << QByteArray("1,10,4,2021-03-01\n2,10,3,2021-03-02\n") << iso
                                         << qlonglong(1614556800);
    QTest::addRow("iso time, Z") << QByteArray("user,item,rating,timestamp\n1,10,4,2021-03-01T12:00:00Z\n") << iso
                                 << qlonglong(1614600000);
    QTest::addRow("iso time, offset") << QByteArray("user,item,rating,timestamp\n1,10,4,2021-03-01T12:00:00+02:00\n")
                                      << iso << qlonglong(1614592800);
    QTest::addRow("iso time, fraction, tab")
        << QByteArray("user\titem\trating\ttimestamp\n1\t10\t4\t2021-03-01T12:00:00.750Z\n") << iso
        << qlonglong(1614600000);
    QTest::addRow("iso time with a space, quoted")
        << QByteArray("user,item,rating,timestamp\n1,10,4,\"2021-03-01 12:00:00\"\n") << iso << qlonglong(1614600000);
}

void TestRatingsLoader::timestampForms()
{
    QFETCH(QByteArray, content);
    QFETCH(int, form);
    QFETCH(qlonglong, first);
    const LoadOutcome outcome = loadRatings(writeFile(m_dir, QStringLiteral("forms.csv"), content));
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(outcome.report.rowsSkipped, 0L);
    QCOMPARE(int(outcome.report.timestampForm), form);
    QVERIFY(outcome.dataset->ratings.hasTimestamps());
    QCOMPARE(qlonglong(outcome.dataset->ratings.timestamps[0]), first);
}

// Milliseconds or seconds is one decision for the column: a single odd value neither turns its
// neighbours into milliseconds nor stays a thousand times apart from them.
void TestRatingsLoader::millisecondsAreDecidedOverTheColumn()
{
    const LoadOutcome seconds = loadRatings(writeFile(m_dir, QStringLiteral("seconds.csv"),
                                                      "1,10,4,874965758\n2,10,3,874965759\n3,10,3,874965760\n"
                                                      "4,10,3,1614556800000\n"));
    QVERIFY(seconds.ok());
    QCOMPARE(seconds.report.timestampForm, TimestampForm::UnixSeconds);
    QCOMPARE(seconds.dataset->ratings.timestamps[0], std::int64_t(874965758));
    QCOMPARE(seconds.dataset->ratings.timestamps[3], std::int64_t(1614556800000));
    const LoadOutcome millis = loadRatings(writeFile(m_dir, QStringLiteral("millis.csv"),
                                                     "1,10,4,1614556800000\n2,10,3,1614556801000\n"
                                                     "3,10,3,1614556802500\n4,10,3,86400000\n"));
    QVERIFY(millis.ok());
    QCOMPARE(millis.report.timestampForm, TimestampForm::UnixMilliseconds);
    QCOMPARE(millis.dataset->ratings.timestamps[2], std::int64_t(1614556802));
    QCOMPARE(millis.dataset->ratings.timestamps[3], std::int64_t(86400));
}

// A column mixing forms is read in the form most of its first rows use; a row in another form is
// skipped and named with its line, as other bad rows are, never read as "no time".
void TestRatingsLoader::mixedTimestampFormsNameTheLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("form");
    QTest::addColumn<QString>("message");
    QTest::addRow("a unix time among dates")
        << QByteArray("user,item,rating,timestamp\n1,10,4,2021-03-01\n2,10,4,2021-03-02\n3,10,4,1614556800\n"
                      "4,10,4,2021-03-04\n")
        << int(TimestampForm::Iso8601)
        << "mixed.csv:4: timestamp '1614556800' is not an ISO 8601 date, as the rest of the column is";
    QTest::addRow("a date among unix times")
        << QByteArray("user,item,rating,timestamp\n1,10,4,1614556800\n2,10,4,1614556801\n3,10,4,2021-03-01\n"
                      "4,10,4,1614556803\n")
        << int(TimestampForm::UnixSeconds)
        << "mixed.csv:4: timestamp '2021-03-01' is not a whole number (Unix time), as the rest of the column is";
    QTest::addRow("an impossible date") << QByteArray("user,item,rating,date\n1,10,4,2021-03-01\n2,10,4,2021-02-30\n")
                                        << int(TimestampForm::Iso8601)
                                        << "mixed.csv:3: timestamp '2021-02-30' is not an ISO 8601 date";
}

void TestRatingsLoader::mixedTimestampFormsNameTheLine()
{
    QFETCH(QByteArray, content);
    QFETCH(int, form);
    QFETCH(QString, message);
    const std::string path = writeFile(m_dir, QStringLiteral("mixed.csv"), content);
    const LoadOutcome outcome = loadRatings(path);
    QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
    QCOMPARE(int(outcome.report.timestampForm), form);
    QCOMPARE(outcome.report.rowsSkipped, 1L);
    QCOMPARE(outcome.report.problems.size(), std::size_t(1));
    Issue shown = outcome.report.problems.front();
    shown.file = "mixed.csv";
    QCOMPARE(QString::fromStdString(shown.toString()), message);
    QVERIFY(outcome.dataset->ratings.hasTimestamps());
}

QTEST_APPLESS_MAIN(TestRatingsLoader)
#include "tst_ratings_loader.moc"
