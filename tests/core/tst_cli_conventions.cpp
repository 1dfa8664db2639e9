// SPDX-License-Identifier: MIT
// What people expect of a command line: --help and --version on stdout with exit 0, an unknown
// option named with the command's usage, clear words for a missing or malformed value; and
// --metadata FILE for titles under any name.
#include "core/io/session_file.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

namespace {

struct TextRun {
    int code = -1;
    QString out;
    QString err;
};

TextRun cliText(const std::vector<std::string>& words)
{
    std::string out, err;
    TextRun r;
    r.code = embex::test::runCli(words, out, err);
    r.out = QString::fromStdString(out);
    r.err = QString::fromStdString(err);
    return r;
}

const char* const everyCommand[] = { "inspect", "demo", "train", "neighbors", "recommend", "explain",   "export",
                                     "import",  "pca",  "axes",  "map",       "compare",   "agreement", "clusters" };

} // namespace

class TestCliConventions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpListsEveryCommand()
    {
        for (const char* flag : { "--help", "-h" }) {
            const TextRun r = cliText({ flag });
            QCOMPARE(r.code, 0);
            QVERIFY(r.err.isEmpty());
            for (const char* command : everyCommand)
                QVERIFY2(r.out.contains(QStringLiteral("  ") + QLatin1String(command) + QLatin1Char(' ')), command);
        }
        const TextRun none = cliText({});
        QCOMPARE(none.code, 2); // no command at all is a usage error: the usage goes to stderr
        QVERIFY(none.out.isEmpty());
        QVERIFY(none.err.contains(u"usage: embex-cli COMMAND"));
    }

    void commandHelpPrintsItsOptions_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("option"); // one option each command's usage must name
        QTest::addRow("inspect") << "inspect"
                                 << "--metadata";
        QTest::addRow("demo") << "demo"
                              << "--popularity";
        QTest::addRow("train") << "train"
                               << "--per-user";
        QTest::addRow("neighbors") << "neighbors"
                                   << "--min-ratings";
        QTest::addRow("recommend") << "recommend"
                                   << "--user";
        QTest::addRow("explain") << "explain"
                                 << "--item";
        QTest::addRow("export") << "export"
                                << "--format";
        QTest::addRow("import") << "import"
                                << "--ids";
        QTest::addRow("pca") << "pca"
                             << "--components";
        QTest::addRow("axes") << "axes"
                              << "--min-ratings";
        QTest::addRow("map") << "map"
                             << "--projection";
        QTest::addRow("compare") << "compare"
                                 << "--seeds";
        QTest::addRow("agreement") << "agreement"
                                   << "--runs";
        QTest::addRow("clusters") << "clusters"
                                  << "--resolution";
    }
    void commandHelpPrintsItsOptions()
    {
        QFETCH(QString, command);
        QFETCH(QString, option);
        // --help wins over the required arguments it is given without.
        const TextRun r = cliText({ command.toStdString(), "--help" });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Usage: embex-cli ") + command), qPrintable(r.out));
        QVERIFY2(r.out.contains(option), qPrintable(r.out));
        QVERIFY(r.out.contains(u"--json"));
    }

    void versionIsTheProjectVersion()
    {
        const TextRun r = cliText({ "--version" });
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.isEmpty());
        QVERIFY2(QRegularExpression(QStringLiteral("^embex-cli \\d+\\.\\d+\\.\\d+\\n$")).match(r.out).hasMatch(),
                 qPrintable(r.out));
    }

    void unknownOptionNamesItselfAndTheUsage()
    {
        const TextRun r = cliText({ "train", "ratings.csv", "--epoch", "3" });
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith(u"embex-cli train: "), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"--epoch"), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"Usage: embex-cli train"), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"--epochs"), qPrintable(r.err)); // the usage lists the right spelling
    }

    void missingAndMalformedValuesAreNamed()
    {
        TextRun r = cliText({ "train", "ratings.csv", "--dim" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--dim needs a value"), qPrintable(r.err));
        r = cliText({ "train", "ratings.csv", "--lr", "fast" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--lr expects a number, got 'fast'"), qPrintable(r.err));
        r = cliText({ "neighbors", "m.embex", "--item", "1", "-k", "3.5" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"-k expects a whole number, got '3.5'"), qPrintable(r.err));
        r = cliText({ "recommend", "m.embex" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--user, --items or --attributes is required"), qPrintable(r.err));
        r = cliText({ "pca" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"MODEL is required"), qPrintable(r.err));
        r = cliText({ "train", "ratings.csv", "--test", "t.csv", "--per-user", "5" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"--test excludes --per-user"), qPrintable(r.err));
    }

    // Titles in a file no loader would find beside the ratings: --metadata names it.
    void metadataUnderAnyName()
    {
        QTemporaryDir dir;
        QByteArray ratings = "user,item,rating\n";
        for (int u = 1; u <= 12; ++u)
            for (int i = 1; i <= 4; ++i)
                ratings += QByteArray::number(u) + ',' + QByteArray::number(i) + ','
                    + QByteArray::number(1 + (u + i) % 5) + '\n';
        const std::string ratingsPath = embex::test::writeFile(dir, QStringLiteral("r.csv"), ratings);
        const std::string catalogue = embex::test::writeFile(
            dir, QStringLiteral("catalogue.txt"),
            "itemId,title,genres\n1,Alpha,Drama\n2,Beta,Comedy|Drama\n3,Gamma,Horror\n");

        TextRun r = cliText({ "inspect", ratingsPath, "--json" });
        QCOMPARE(r.code, 0);
        QVERIFY(!embex::test::parseJsonObject(r.out.toStdString()).contains(u"items_with_title"));

        r = cliText({ "inspect", ratingsPath, "--metadata", catalogue, "--json" });
        QCOMPARE(r.code, 0);
        const QJsonObject json = embex::test::parseJsonObject(r.out.toStdString());
        QCOMPARE(json.value(u"items_with_title").toInt(), 3);
        QCOMPARE(json.value(u"metadata_file").toString().toStdString(), catalogue);

        const std::string session = dir.filePath(QStringLiteral("s.embex")).toStdString();
        r = cliText({ "train", ratingsPath, "--metadata", catalogue, "--epochs", "1", "--dim", "2", "--quiet", "--save",
                      session });
        QCOMPARE(r.code, 0);
        const embex::core::SessionLoadOutcome loaded = embex::core::loadSession(session);
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        QCOMPARE(loaded.session->dataset->metadata.title("2"), std::string("Beta"));
        QCOMPARE(loaded.session->dataset->metadata.title("3"), std::string("Gamma"));
        QVERIFY(loaded.session->dataset->metadata.title("4").empty());

        const std::string missing = dir.filePath(QStringLiteral("nowhere.csv")).toStdString();
        for (const char* command : { "inspect", "train" }) {
            r = cliText({ command, ratingsPath, "--metadata", missing });
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(QString::fromStdString(missing)), qPrintable(r.err));
        }
    }
};

QTEST_APPLESS_MAIN(TestCliConventions)
#include "tst_cli_conventions.moc"
