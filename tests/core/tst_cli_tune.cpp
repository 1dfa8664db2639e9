// SPDX-License-Identifier: MIT
// embex-cli tune: a grid of settings validated on a carve of the training part, the best tested once.
#include "core/io/session_file.h"
#include "tests/support/cli_runner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

using Run = embex::test::CliRun;
using embex::test::cli;

} // namespace

class TestCliTune : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_demo;

    std::string path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = path("demo.csv");
        QCOMPARE(
            cli({ "demo", "--users", "300", "--items", "120", "--types", "5", "--per-user", "20", "--out", m_demo })
                .code,
            0);
    }

    void reportsTrialsBestAndTest()
    {
        const Run r = cli({ "tune", m_demo, "--holdout", "0.2", "--model", "als", "--grid", "dim=4,8;reg=0.1,1000",
                            "--epochs", "3", "--json", "--quiet" });
        QCOMPARE(r.code, 0);
        const QJsonObject o = embex::test::parseJsonObject(r.out);
        QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("rmse"));
        QVERIFY(o.value(QStringLiteral("lower_is_better")).toBool());
        QCOMPARE(o.value(QStringLiteral("validation_split")).toString(), QStringLiteral("random 0.1 seed 42"));
        QCOMPARE(o.value(QStringLiteral("test_split")).toString(), QStringLiteral("random 0.2 seed 42"));
        const QJsonArray trials = o.value(QStringLiteral("trials")).toArray();
        QCOMPARE(trials.size(), 4);
        double bestValue = INFINITY;
        for (const auto& t : trials) {
            const QJsonObject trial = t.toObject();
            QVERIFY(trial.value(QStringLiteral("params")).toObject().contains(QStringLiteral("dim")));
            QCOMPARE(trial.value(QStringLiteral("validation")).toObject().value(QStringLiteral("rmse")).toDouble(),
                     trial.value(QStringLiteral("validation_value")).toDouble());
            bestValue = std::min(bestValue, trial.value(QStringLiteral("validation_value")).toDouble());
        }
        const QJsonObject best = o.value(QStringLiteral("best")).toObject();
        QCOMPARE(best.value(QStringLiteral("validation_value")).toDouble(), bestValue);
        QCOMPARE(best.value(QStringLiteral("params")).toObject().value(QStringLiteral("reg")).toDouble(), 0.1);
        const double test = o.value(QStringLiteral("test_value")).toDouble();
        QVERIFY(std::isfinite(test));
        QCOMPARE(o.value(QStringLiteral("test")).toObject().value(QStringLiteral("rmse")).toDouble(), test);
        QVERIFY(test != bestValue); // two figures on two different sets
    }

    void textMarksTheBest()
    {
        const Run r = cli({ "tune", m_demo, "--holdout", "0.2", "--model", "als", "--grid", "reg=0.1,1000", "--epochs",
                            "3", "--quiet" });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.find("1 *") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("best (*): reg=0.1, validation rmse") != std::string::npos, r.out.c_str());
        QVERIFY2(r.out.find("test (random 0.2 seed 42, retrained on every training rating): mae") != std::string::npos,
                 r.out.c_str());
    }

    void randomSamplesTheGrid()
    {
        const Run r = cli({ "tune", m_demo, "--per-user", "3", "--model", "autoencoder", "--grid",
                            "dim=4,8,16;reg=0,0.01", "--random", "2", "--seed", "5", "--metric", "ndcg@10", "--epochs",
                            "2", "--json", "--quiet" });
        QCOMPARE(r.code, 0);
        const QJsonObject o = embex::test::parseJsonObject(r.out);
        QCOMPARE(o.value(QStringLiteral("trials")).toArray().size(), 2);
        QCOMPARE(o.value(QStringLiteral("metric")).toString(), QStringLiteral("ndcg_at_10"));
        QCOMPARE(o.value(QStringLiteral("validation_split")).toString(), QStringLiteral("per-user 10 random seed 5"));
        QVERIFY(o.value(QStringLiteral("test")).toObject().contains(QStringLiteral("ndcg_at_10")));
    }

    void saveKeepsEveryTrialAsARun()
    {
        const std::string session = path("tuned.embex");
        const Run r = cli({ "tune", m_demo, "--holdout", "0.2", "--grid", "dim=4,8;reg=0.05", "--epochs", "2",
                            "--quiet", "--save", session });
        QCOMPARE(r.code, 0);
        const auto loaded = embex::core::loadSession(session);
        QVERIFY(loaded.ok());
        const auto& runs = loaded.session->runs;
        QCOMPARE(runs.size(), std::size_t(3)); // two trials and the retrained best
        QCOMPARE(runs[0].name, std::string("dotbias trial 1: dim=4 reg=0.05"));
        QCOMPARE(runs[0].split, std::string("random 0.1 seed 42 of random 0.2 seed 42"));
        QVERIFY(runs[2].name.starts_with("dotbias best: "));
        QCOMPARE(runs[2].split, std::string("random 0.2 seed 42"));
        QCOMPARE(loaded.session->activeRun, std::size_t(2));
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::addRow("unknown parameter") << QStringList { "--grid", "depth=3" } << 2
                                           << "unknown parameter 'depth' for dotbias: it takes dim, epochs, reg";
        QTest::addRow("empty values") << QStringList { "--grid", "dim=8;reg=" } << 2 << "'reg' has no values";
        QTest::addRow("no grid") << QStringList {} << 2 << "--grid is required";
        QTest::addRow("metric the model lacks")
            << QStringList { "--grid", "dim=8", "--model", "softmax", "--metric", "rmse" } << 2
            << "softmax ranks items and reports no rmse";
        QTest::addRow("unknown metric") << QStringList { "--grid", "dim=8", "--metric", "auc" } << 2
                                        << "unknown metric 'auc'";
        QTest::addRow("no split") << QStringList { "--grid", "dim=8", "--holdout", "0.2", "--test", "x" } << 2
                                  << "excludes";
        QTest::addRow("negative random") << QStringList { "--grid", "dim=8", "--random", "-1" } << 2
                                         << "--random must be 0";
    }
    void refusesBadInput()
    {
        QFETCH(QStringList, words);
        QFETCH(int, code);
        QFETCH(QString, says);
        std::vector<std::string> args { "tune", m_demo, "--holdout", "0.2", "--quiet" };
        if (words.contains(QStringLiteral("--test")))
            args = { "tune", m_demo, "--quiet" };
        for (const QString& w : words)
            args.push_back(w.toStdString());
        const Run r = cli(args);
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromStdString(r.err).contains(says), r.err.c_str());
        QVERIFY(r.out.empty());
    }

    void needsASplit()
    {
        const Run r = cli({ "tune", m_demo, "--grid", "dim=8", "--quiet" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("give a split") != std::string::npos, r.err.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCliTune)
#include "tst_cli_tune.moc"
