// SPDX-License-Identifier: MIT
// An import's progress: each stage starts at 0, never falls and ends at 1, in the units its reader
// counts (bytes of text, rows of a word2vec .bin, bytes of a Keras table or an .npz archive).
#include "core/io/embedding_import.h"
#include "core/io/import_progress.h"
#include "tests/support/keras_writer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stop_token>
#include <utility>
#include <vector>

namespace import_progress_test {

using Report = std::pair<std::string, double>;

struct ProgressLog {
    std::vector<Report> reports;

    embex::core::ImportProgressCallback callback()
    {
        return [this](const std::string& stage, double fraction) { reports.emplace_back(stage, fraction); };
    }

    std::vector<std::string> stages() const
    {
        std::vector<std::string> names;
        for (const Report& r : reports)
            if (names.empty() || names.back() != r.first)
                names.push_back(r.first);
        return names;
    }

    // Empty when every stage starts at 0, never falls and ends at exactly 1; else what is wrong.
    std::string problem() const
    {
        if (reports.empty())
            return "no report";
        for (std::size_t i = 0; i < reports.size(); ++i) {
            const bool starts = i == 0 || reports[i - 1].first != reports[i].first;
            const bool ends = i + 1 == reports.size() || reports[i + 1].first != reports[i].first;
            const std::string where = "report " + std::to_string(i) + " ('" + reports[i].first + "', "
                + std::to_string(reports[i].second) + ")";
            if (starts && reports[i].second != 0)
                return where + " starts a stage above 0";
            if (!starts && reports[i].second < reports[i - 1].second)
                return where + " falls";
            if (reports[i].second < 0 || reports[i].second > 1)
                return where + " is outside [0, 1]";
            if (ends && reports[i].second != 1)
                return where + " ends a stage below 1";
        }
        return {};
    }
};

void writeBytes(const QString& path, const std::string& bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

// n × d numbers as the Projector tutorial writes them, no header and no id: %.17g, tab-separated.
std::string tutorialVectors(int n, int d)
{
    std::string text;
    char number[40];
    for (int r = 0; r < n; ++r) {
        for (int j = 0; j < d; ++j) {
            std::snprintf(number, sizeof number, "%.17g", std::sin(0.11 * (r * d + j + 1)));
            text += (j ? "\t" : "") + std::string(number);
        }
        text += '\n';
    }
    return text;
}

// word2vec's C tool with -binary 1: "N D\n", then each word, a space, D float32 and '\n'.
std::string word2vecBinary(int n, int d)
{
    std::string bytes = std::to_string(n) + " " + std::to_string(d) + "\n";
    for (int r = 0; r < n; ++r) {
        bytes += "w" + std::to_string(r) + " ";
        for (int j = 0; j < d; ++j) {
            const float v = static_cast<float>(std::cos(0.3 * (r + j)));
            bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
        bytes += '\n';
    }
    return bytes;
}

} // namespace import_progress_test

class TestImportProgress : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    std::string file(const char* name) const { return path(name).toStdString(); }

private slots:
    void initTestCase()
    {
        QDir::setCurrent(m_dir.path()); // stages name the short paths
        // about 4 MB: the text reader cuts it into runs of a megabyte, each counted as it is read
        import_progress_test::writeBytes(path("vectors.tsv"), import_progress_test::tutorialVectors(12000, 16));
        import_progress_test::writeBytes(path("words.bin"), import_progress_test::word2vecBinary(10000, 8));
        QVERIFY(embex::test::writeZip(file("emb.npz"), { { "items.npy", embex::test::npyMatrix(1, 300, 8) } }, true));
        QVERIFY(embex::test::writeRecommenderKeras(file("rec.keras"), { "u1", "u2" }, { "m1", "m2", "m3" }, 4));
    }

    void eachStageRisesFromZeroToOne_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QStringList>("stages");
        QTest::addRow("Projector vectors.tsv, by bytes parsed")
            << "vectors.tsv" << QString() << QStringList { "reading vectors.tsv" };
        QTest::addRow("word2vec .bin, by rows") << "words.bin" << QString() << QStringList { "reading words.bin" };
        QTest::addRow("npz, by bytes inflated") << "emb.npz" << QString() << QStringList { "reading emb.npz" };
        QTest::addRow("Keras .keras, the archive then the table")
            << "rec.keras"
            << "movie_embedding" << QStringList { "reading rec.keras", "reading rec.keras, layer 'movie_embedding'" };
    }

    void eachStageRisesFromZeroToOne()
    {
        QFETCH(QString, source);
        QFETCH(QString, layer);
        QFETCH(QStringList, stages);
        import_progress_test::ProgressLog log;
        embex::core::ImportOptions options;
        options.layer = layer.toStdString();
        options.progress = log.callback();
        const auto outcome = embex::core::importEmbeddings(source.toStdString(), options);
        QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
        const std::string problem = log.problem();
        QVERIFY2(problem.empty(), problem.c_str());
        QStringList seen;
        for (const std::string& stage : log.stages())
            seen << QString::fromStdString(stage);
        QCOMPARE(seen, stages);
    }

    // A file of several runs is reported more than once: its start and its end at least.
    void aLargeTextFileIsReportedMoreThanOnce()
    {
        import_progress_test::ProgressLog log;
        embex::core::ImportOptions options;
        options.progress = log.callback();
        QVERIFY(embex::core::importEmbeddings("vectors.tsv", options).ok());
        QVERIFY2(log.reports.size() >= 2, std::to_string(log.reports.size()).c_str());
        QCOMPARE(log.reports.front().second, 0.0);
        QCOMPARE(log.reports.back().second, 1.0);
    }

    // Units beyond the total and a second finish() change nothing: one 1, nothing above it.
    void progressStaysWithinItsStage()
    {
        import_progress_test::ProgressLog log;
        embex::core::ImportProgress progress(log.callback());
        progress.begin("reading x", 10);
        progress.advance(25);
        progress.finish();
        progress.finish();
        progress.advance(5);
        QCOMPARE(log.reports.front(), import_progress_test::Report("reading x", 0.0));
        QCOMPARE(log.reports.back(), import_progress_test::Report("reading x", 1.0));
        const auto ones = std::count_if(log.reports.begin(), log.reports.end(),
                                        [](const import_progress_test::Report& r) { return r.second == 1; });
        QCOMPARE(static_cast<int>(ones), 1);
        const std::string problem = log.problem();
        QVERIFY2(problem.empty(), problem.c_str());
        embex::core::ImportProgress silent; // no callback: every call does nothing
        silent.begin("reading y", 0);
        silent.advance(1);
        silent.finish();
    }

    // Esc reaches the word2vec .bin reader too, between blocks of rows.
    void aStoppedBinaryReadFails()
    {
        std::stop_source stop;
        stop.request_stop();
        embex::core::ImportOptions options;
        options.stop = stop.get_token();
        const auto outcome = embex::core::importEmbeddings("words.bin", options);
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error.message.find("stopped") != std::string::npos, outcome.error.message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestImportProgress)
#include "tst_import_progress.moc"
