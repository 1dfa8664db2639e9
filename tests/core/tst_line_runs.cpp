// SPDX-License-Identifier: MIT
// Text vectors and JSON Lines read in runs of lines on several threads: the cuts between runs
// never split a line, and 1 and 2 threads give the same rows and name the same first bad line.
#include "core/io/embedding_import.h"
#include "core/io/vector_rows.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <fstream>
#ifdef _OPENMP
#include <omp.h>
#endif

using namespace embex::core;

namespace {

// Rows of a few megabytes, so that a file is cut into several runs of about a megabyte each.
constexpr int rowCount = 6000;
constexpr int dimension = 48;

float valueAt(int row, int column)
{
    return static_cast<float>((row * 31 + column * 7) % 1000) / 999.0f - 0.5f;
}

std::string number(float value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
    return text;
}

// Every row of a TSV or JSON Lines file, with CRLF ends, blank lines and no last newline as asked.
std::string vectorsText(bool json, bool crlf, bool blankLines, bool lastNewline)
{
    std::string text;
    const std::string end = crlf ? "\r\n" : "\n";
    for (int r = 0; r < rowCount; ++r) {
        if (json)
            text += "{\"id\":" + std::to_string(r * 3 + 1) + ",\"features\":[";
        for (int c = 0; c < dimension; ++c)
            text += (c ? (json ? "," : "\t") : "") + number(valueAt(r, c));
        text += json ? "]}" : "";
        if (r + 1 < rowCount || lastNewline)
            text += end;
        if (blankLines && r % 997 == 0 && r + 1 < rowCount)
            text += end;
    }
    return text;
}

void setThreads(int threads)
{
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    Q_UNUSED(threads);
#endif
}

} // namespace

class TestLineRuns : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string write(const std::string& name, const std::string& bytes)
    {
        const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

private slots:
    void runsEndAfterANewlineAndCoverTheText()
    {
        const std::string text = "a\nbb\n" + std::string(5000, 'c') + "\nd\ne";
        const std::vector<std::size_t> starts = lineRuns(text, 2, 8);
        QCOMPARE(starts.front(), std::size_t { 2 });
        QCOMPARE(starts.back(), text.size());
        for (std::size_t k = 1; k + 1 < starts.size(); ++k) {
            QVERIFY(starts[k] > starts[k - 1]);
            QCOMPARE(text[starts[k] - 1], '\n'); // a run ends after a newline: no line is split
        }
        QVERIFY(starts.size() <= 9);
    }

    void rowsAreTheSameOnOneAndTwoThreads_data()
    {
        QTest::addColumn<bool>("json");
        QTest::addColumn<bool>("crlf");
        QTest::addColumn<bool>("blankLines");
        QTest::addColumn<bool>("lastNewline");
        for (bool json : { false, true }) {
            const char* kind = json ? "JSON Lines" : "TSV";
            QTest::addRow("%s, LF", kind) << json << false << false << true;
            QTest::addRow("%s, CRLF", kind) << json << true << false << true;
            QTest::addRow("%s, blank lines", kind) << json << false << true << true;
            QTest::addRow("%s, no last newline", kind) << json << true << true << false;
        }
    }

    void rowsAreTheSameOnOneAndTwoThreads()
    {
        QFETCH(bool, json);
        QFETCH(bool, crlf);
        QFETCH(bool, blankLines);
        QFETCH(bool, lastNewline);
        const std::string text = vectorsText(json, crlf, blankLines, lastNewline);
        QVERIFY(text.size() > 3 * (1 << 20)); // several runs
        const std::string path = write(json ? "vectors.jsonl" : "vectors.tsv", text);
        std::vector<ImportOutcome> outcomes;
        for (int threads : { 1, 2 }) {
            setThreads(threads);
            outcomes.push_back(importEmbeddings(path));
            QVERIFY2(outcomes.back().ok(), outcomes.back().error.toString().c_str());
        }
        setThreads(2);
        for (const ImportOutcome& outcome : outcomes) {
            const RowMatrixXf& items = outcome.snapshot->itemEmbeddings();
            QCOMPARE(items.rows(), Index { rowCount });
            QCOMPARE(items.cols(), Index { dimension });
            for (int r = 0; r < rowCount; ++r) {
                const std::string id = std::to_string(json ? r * 3 + 1 : r);
                const auto row = outcome.dataset->items.indexOf(id);
                QVERIFY(row.has_value());
                for (int c = 0; c < dimension; ++c)
                    if (items(*row, c) != valueAt(r, c))
                        QFAIL(qPrintable(QStringLiteral("row %1 column %2").arg(r).arg(c)));
            }
        }
        QCOMPARE(outcomes[0].dataset->items.rawIds(), outcomes[1].dataset->items.rawIds());
        QVERIFY(outcomes[0].snapshot->itemEmbeddings() == outcomes[1].snapshot->itemEmbeddings());
    }

    void theFirstBadLineFromTheTopIsNamed_data()
    {
        QTest::addColumn<bool>("json");
        QTest::addColumn<int>("threads");
        for (bool json : { false, true })
            for (int threads : { 1, 2 })
                QTest::addRow("%s, %d thread(s)", json ? "JSON Lines" : "TSV", threads) << json << threads;
    }

    void theFirstBadLineFromTheTopIsNamed()
    {
        QFETCH(bool, json);
        QFETCH(int, threads);
        // Line 4,001 (in a later run than the first) and line 5,501 are bad, in different runs.
        std::string text = vectorsText(json, false, false, true);
        auto lineStart = [&](int line) {
            std::size_t at = 0;
            for (int l = 1; l < line; ++l)
                at = text.find('\n', at) + 1;
            return at;
        };
        const std::size_t late = lineStart(5501);
        text.insert(late, json ? "{\"id\":0,\"features\":[1,2]}\n" : "1\tnan\n");
        const std::size_t early = lineStart(4001);
        text.insert(early, json ? "{\"id\":0,\"features\":[1,x]}\n" : "1\t2\n");
        QVERIFY(early > (1 << 20));
        const std::string path = write(json ? "bad.jsonl" : "bad.tsv", text);
        setThreads(threads);
        const ImportOutcome outcome = importEmbeddings(path);
        setThreads(2);
        QVERIFY(!outcome.ok());
        QCOMPARE(outcome.error.line, 4001L);
        QVERIFY2(outcome.error.message.find(json ? "expected a number" : "expected 48 fields") != std::string::npos,
                 outcome.error.message.c_str());
    }

    void aJsonRowOfAnotherWidthIsNamedWhereverItLies()
    {
        std::string text = vectorsText(true, false, false, true);
        std::size_t at = 0;
        for (int l = 1; l < 5000; ++l)
            at = text.find('\n', at) + 1;
        text.insert(at, "{\"id\":0,\"features\":[1,2,3]}\n");
        const std::string path = write("width.jsonl", text);
        for (int threads : { 1, 2 }) {
            setThreads(threads);
            const ImportOutcome outcome = importEmbeddings(path);
            QVERIFY(!outcome.ok());
            QCOMPARE(outcome.error.line, 5000L);
            QCOMPARE(outcome.error.message, std::string("3 features where earlier rows have 48"));
        }
        setThreads(2);
    }
};

QTEST_APPLESS_MAIN(TestLineRuns)
#include "tst_line_runs.moc"
