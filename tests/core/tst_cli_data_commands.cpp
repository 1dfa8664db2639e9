// SPDX-License-Identifier: MIT
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <sstream>

class TestCliDataCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inspectMovieLensJson();
    void inspectReportsSkippedRows();
    void inspectFailsWithFileAndLine();
    void demoWritesLoadableFiles();
    void usageErrors();

private:
    static int run(const std::vector<std::string>& words, std::string& out, std::string& err)
    {
        return embex::test::runCli(words, out, err);
    }
    static QJsonObject parse(const std::string& text) { return embex::test::parseJsonObject(text); }
};

void TestCliDataCommands::inspectMovieLensJson()
{
    EMBEX_REQUIRE_ML100K(dir);
    std::string out, err;
    QCOMPARE(run({ "inspect", (dir + QStringLiteral("/u.data")).toStdString(), "--json" }, out, err), 0);
    const QJsonObject json = parse(out);
    QCOMPARE(json[QStringLiteral("ratings")].toInt(), 100000);
    QCOMPARE(json[QStringLiteral("users")].toInt(), 943);
    QCOMPARE(json[QStringLiteral("items")].toInt(), 1682);
    QCOMPARE(json[QStringLiteral("rating_min")].toDouble(), 1.0);
    QCOMPARE(json[QStringLiteral("rating_max")].toDouble(), 5.0);
    QCOMPARE(json[QStringLiteral("implicit")].toBool(), false);
    QCOMPARE(json[QStringLiteral("delimiter")].toString(), QStringLiteral("tab"));
    QCOMPARE(json[QStringLiteral("has_header")].toBool(), false);
    QCOMPARE(json[QStringLiteral("skipped_rows")].toInt(), 0);
    QCOMPARE(json[QStringLiteral("items_with_title")].toInt(), 1682);
}

void TestCliDataCommands::inspectReportsSkippedRows()
{
    QTemporaryDir dir;
    const std::string path = embex::test::writeFile(dir, QStringLiteral("r.csv"),
                                                    "user,item,rating\n1,2,3\n1,3,bad\n2,2,4\n");
    std::string out, err;
    QCOMPARE(run({ "inspect", path, "--json" }, out, err), 0);
    const QJsonObject json = parse(out);
    QCOMPARE(json[QStringLiteral("skipped_rows")].toInt(), 1);
    const QJsonArray problems = json[QStringLiteral("problems")].toArray();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems[0].toObject()[QStringLiteral("line")].toInt(), 3);
    QCOMPARE(problems[0].toObject()[QStringLiteral("reason")].toString(),
             QStringLiteral("rating 'bad' is not a number"));
}

void TestCliDataCommands::inspectFailsWithFileAndLine()
{
    QTemporaryDir dir;
    const std::string path = embex::test::writeFile(dir, QStringLiteral("r.csv"), "user,item,rating\n1,2,3\n1,3,bad\n");
    std::string out, err;
    QCOMPARE(run({ "inspect", path, "--strict", "--json" }, out, err), 1);
    QVERIFY(out.empty());
    QCOMPARE(QString::fromStdString(err).trimmed(), QString::fromStdString(path + ":3: rating 'bad' is not a number"));
    QCOMPARE(run({ "inspect", path + ".missing" }, out, err), 1);
    QVERIFY(QString::fromStdString(err).startsWith(QString::fromStdString(path + ".missing: ")));
}

void TestCliDataCommands::demoWritesLoadableFiles()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("demo.csv")).toStdString();
    std::string out, err;
    QCOMPARE(run({ "demo", "--users", "30", "--items", "20", "--types", "4", "--per-user", "5", "--seed", "3", "--out",
                   path, "--json" },
                 out, err),
             0);
    QCOMPARE(parse(out)[QStringLiteral("ratings")].toInt(), 150);
    QCOMPARE(run({ "inspect", path, "--json" }, out, err), 0);
    const QJsonObject json = parse(out);
    QCOMPARE(json[QStringLiteral("ratings")].toInt(), 150);
    QCOMPARE(json[QStringLiteral("users")].toInt(), 30);
    QCOMPARE(json[QStringLiteral("items_with_title")].toInt(), json[QStringLiteral("items")].toInt());
}

void TestCliDataCommands::usageErrors()
{
    std::string out, err;
    QCOMPARE(run({}, out, err), 2);
    QCOMPARE(run({ "frobnicate" }, out, err), 2);
    QVERIFY(QString::fromStdString(err).contains(QStringLiteral("unknown command 'frobnicate'")));
    QCOMPARE(run({ "demo", "--users", "ten", "--out", "/tmp/x.csv" }, out, err), 2);
    QVERIFY(QString::fromStdString(err).contains(QStringLiteral("--users expects a whole number, got 'ten'")));
    QCOMPARE(run({ "inspect", "a.csv", "--bogus" }, out, err), 2);
}

QTEST_APPLESS_MAIN(TestCliDataCommands)
#include "tst_cli_data_commands.moc"
