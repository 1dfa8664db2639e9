// SPDX-License-Identifier: MIT
// embex-cli compare (several models on one split) and agreement (how alike two runs place items).
#include "core/io/session_file.h"
#include "core/optim/optimizer_registry.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <set>

namespace {

using embex::test::CliRun;

QJsonObject json(const CliRun& r)
{
    return embex::test::parseJsonObject(r.out);
}

QJsonObject objectAt(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

QJsonArray models(const QJsonObject& o)
{
    return o.value(QStringLiteral("models")).toArray();
}

} // namespace

class TestCliCompare : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_demo;
    std::string m_session; // compare --save of dotbias and mlp, two seeds each
    QJsonObject m_saved;   // what that compare printed

    std::string path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = path("demo.csv");
        QCOMPARE(embex::test::cli({ "demo", "--users", "300", "--items", "120", "--types", "5", "--per-user", "20",
                                    "--out", m_demo })
                     .code,
                 0);
        m_session = path("runs.embex");
        const CliRun r = embex::test::cli({ "compare", m_demo, "--holdout", "0.2", "--models", "dotbias,mlp", "--seeds",
                                            "2", "--epochs", "3", "--dim", "8", "--json", "--quiet", "--save",
                                            m_session });
        QVERIFY2(r.code == 0, r.err.c_str());
        m_saved = json(r);
    }

    // Every model is tested on the same ratings, and on the ones train would split off too: the
    // split label and the test count agree, and dotbias scores as train's dotbias does.
    void everyModelSharesOneSplit()
    {
        const CliRun r = embex::test::cli({ "compare", m_demo, "--holdout", "0.2", "--models", "dotbias,als,mlp",
                                            "--epochs", "2", "--dim", "8", "--json", "--quiet" });
        QVERIFY2(r.code == 0, r.err.c_str());
        const QJsonObject all = json(r);
        const QJsonArray rows = models(all);
        QCOMPARE(rows.size(), 3);
        const QString split = all.value(QStringLiteral("split")).toString();
        QCOMPARE(split, QStringLiteral("random 0.2 seed 42"));
        const int testRatings = all.value(QStringLiteral("test_ratings")).toInt();
        QVERIFY(testRatings > 0);
        for (const QJsonValue row : rows) {
            QCOMPARE(row.toObject().value(QStringLiteral("split")).toString(), split);
            QCOMPARE(row.toObject().value(QStringLiteral("test_ratings")).toInt(), testRatings);
        }
        const CliRun train = embex::test::cli({ "train", m_demo, "--holdout", "0.2", "--model", "dotbias", "--epochs",
                                                "2", "--dim", "8", "--json", "--quiet" });
        QCOMPARE(train.code, 0);
        const QJsonObject trained = json(train);
        QCOMPARE(trained.value(QStringLiteral("test_ratings")).toInt(), testRatings);
        QCOMPARE(objectAt(rows.at(0).toObject(), "test").value(QStringLiteral("rmse")).toDouble(),
                 objectAt(trained, "test").value(QStringLiteral("rmse")).toDouble());
    }

    // compare's rows carry the metric keys of train --json for the same model: RMSE and MAE for
    // rating models; precision and recall@10 beside the most-popular baseline for ranking ones.
    void rowsUseTrainsMetricKeys()
    {
        const CliRun r = embex::test::cli({ "compare", m_demo, "--per-user", "3", "--models", "dotbias,autoencoder",
                                            "--epochs", "2", "--json", "--quiet" });
        QVERIFY2(r.code == 0, r.err.c_str());
        const QJsonObject all = json(r);
        QVERIFY(objectAt(all, "baseline_most_popular").contains(QStringLiteral("precision_at_10")));
        for (const QJsonValue row : models(all)) {
            const QString model = row.toObject().value(QStringLiteral("model")).toString();
            const CliRun train = embex::test::cli({ "train", m_demo, "--per-user", "3", "--model", model.toStdString(),
                                                    "--epochs", "2", "--json", "--quiet" });
            QCOMPARE(train.code, 0);
            const QStringList keys = objectAt(json(train), "test").keys();
            QCOMPARE(objectAt(row.toObject(), "test").keys(), keys);
            QCOMPARE(objectAt(row.toObject(), "test_std").keys(), keys);
            QVERIFY(keys.contains(QStringLiteral("precision_at_10")));
            QVERIFY(row.toObject().value(QStringLiteral("seconds")).toDouble() > 0);
        }
        const QStringList dotbiasKeys = objectAt(models(all).at(0).toObject(), "test").keys();
        QVERIFY(dotbiasKeys.contains(QStringLiteral("rmse")) && dotbiasKeys.contains(QStringLiteral("mae")));
    }

    // With --seeds N each model trains N times (seeds 42, 43, …) and reports the mean and the
    // sample standard deviation of its runs.
    void seedsGiveMeanAndSpread()
    {
        for (const QJsonValue value : models(m_saved)) {
            const QJsonObject row = value.toObject();
            const QJsonArray runs = row.value(QStringLiteral("runs")).toArray();
            QCOMPARE(runs.size(), 2);
            QCOMPARE(runs.at(0).toObject().value(QStringLiteral("seed")).toInt(), 42);
            QCOMPARE(runs.at(1).toObject().value(QStringLiteral("seed")).toInt(), 43);
            const double a = objectAt(runs.at(0).toObject(), "test").value(QStringLiteral("rmse")).toDouble();
            const double b = objectAt(runs.at(1).toObject(), "test").value(QStringLiteral("rmse")).toDouble();
            QVERIFY(a != b); // another seed is another run
            QVERIFY(std::abs(objectAt(row, "test").value(QStringLiteral("rmse")).toDouble() - (a + b) / 2) < 1e-8);
            QVERIFY(std::abs(objectAt(row, "test_std").value(QStringLiteral("rmse")).toDouble()
                             - std::abs(a - b) / std::sqrt(2.0))
                    < 1e-8);
        }
        const CliRun text = embex::test::cli(
            { "compare", m_demo, "--models", "dotbias", "--seeds", "2", "--epochs", "2", "--quiet" });
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.find("mean ± standard deviation over 2 seeds") != std::string::npos, text.out.c_str());
        QVERIFY2(text.out.find(" ± ") != std::string::npos, text.out.c_str());
    }

    // --save keeps every run: names, split, metrics, and the last one trained as the open run.
    void saveKeepsEveryRun()
    {
        const auto loaded = embex::core::loadSession(m_session);
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const embex::core::Session& s = *loaded.session;
        QCOMPARE(s.runs.size(), std::size_t(4));
        const char* names[] = { "dotbias 1", "dotbias 2", "mlp 1", "mlp 2" };
        for (std::size_t r = 0; r < 4; ++r) {
            QCOMPARE(s.runs[r].name, std::string(names[r]));
            QCOMPARE(s.runs[r].split, std::string("random 0.2 seed 42"));
            QCOMPARE(s.runs[r].outcome, std::string("finished"));
            QCOMPARE(s.runs[r].history.size(), std::size_t(3));
            const QJsonObject printed = models(m_saved)
                                            .at(static_cast<int>(r / 2))
                                            .toObject()
                                            .value(QStringLiteral("runs"))
                                            .toArray()
                                            .at(static_cast<int>(r % 2))
                                            .toObject();
            // JSON prints 10 significant digits
            QVERIFY(std::abs(s.runs[r].finalMetrics().at("rmse")
                             - objectAt(printed, "test").value(QStringLiteral("rmse")).toDouble())
                    < 1e-8);
            QCOMPARE(s.runs[r].snapshot->modelKind, std::string(r < 2 ? "dotbias" : "mlp"));
        }
        QCOMPARE(s.activeRun, std::size_t(3));
        QVERIFY(s.snapshot == s.runs[3].snapshot);
        QVERIFY(s.runs[0].snapshot->itemEmbeddings() != s.runs[1].snapshot->itemEmbeddings());
    }

    void agreementOfRuns()
    {
        const CliRun self = embex::test::cli({ "agreement", m_session, "--runs", "dotbias 1,1", "--json" });
        QVERIFY2(self.code == 0, self.err.c_str());
        QCOMPARE(json(self).value(QStringLiteral("mean_overlap")).toDouble(), 1.0);
        QCOMPARE(json(self).value(QStringLiteral("min_ratings")).toInt(), 10);

        const CliRun models = embex::test::cli(
            { "agreement", m_session, "--runs", "dotbias 1,mlp 1", "--json", "-k", "5" });
        QVERIFY2(models.code == 0, models.err.c_str());
        const QJsonObject two = json(models);
        const double overlap = two.value(QStringLiteral("mean_overlap")).toDouble();
        QVERIFY2(overlap >= 0 && overlap < 1, qPrintable(QString::number(overlap)));
        QCOMPARE(two.value(QStringLiteral("k")).toInt(), 5);
        const QJsonArray runs = two.value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.at(0).toObject().value(QStringLiteral("index")).toInt(), 1);
        QCOMPARE(runs.at(1).toObject().value(QStringLiteral("index")).toInt(), 3);
        QCOMPARE(runs.at(1).toObject().value(QStringLiteral("model")).toString(), QStringLiteral("mlp"));

        const CliRun text = embex::test::cli({ "agreement", m_session, "--runs", "2,3" });
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.find("agreement of 'dotbias 2' and 'mlp 1'") != std::string::npos, text.out.c_str());

        const CliRun list = embex::test::cli({ "agreement", m_session });
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.find("* 4  mlp 2") != std::string::npos, list.out.c_str());
    }

    void agreementRejectsUnknownRuns()
    {
        const CliRun unknown = embex::test::cli({ "agreement", m_session, "--runs", "dotbias 1,svd 1" });
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.find("has no run 'svd 1'; its runs are 1 'dotbias 1', 2 'dotbias 2', 3 'mlp 1', 4 'mlp 2'")
                     != std::string::npos,
                 unknown.err.c_str());
        QCOMPARE(embex::test::cli({ "agreement", m_session, "--runs", "1,5" }).code, 1);
        QCOMPARE(embex::test::cli({ "agreement", m_session, "--runs", "1" }).code, 2);
        QCOMPARE(embex::test::cli({ "agreement", m_session, "--runs", "1,2", "-k", "0" }).code, 2);
        const CliRun tooHigh = embex::test::cli({ "agreement", m_session, "--runs", "1,2", "--min-ratings", "100000" });
        QCOMPARE(tooHigh.code, 1);
        QVERIFY2(tooHigh.err.find("embex-cli agreement: ") == 0, tooHigh.err.c_str());
    }

    void compareRejectsBadModels()
    {
        const CliRun unknown = embex::test::cli({ "compare", m_demo, "--models", "dotbias,svd" });
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.find("not 'svd'") != std::string::npos, unknown.err.c_str());
        const CliRun twice = embex::test::cli({ "compare", m_demo, "--models", "als,als" });
        QCOMPARE(twice.code, 2);
        QVERIFY2(twice.err.find("names als twice") != std::string::npos, twice.err.c_str());
        QCOMPARE(embex::test::cli({ "compare", m_demo, "--models", "als", "--seeds", "0" }).code, 2);
        QCOMPARE(embex::test::cli({ "compare", m_demo }).code, 2); // --models is required
        // An optimizer the table does not name is refused before anything trains.
        const CliRun cannot = embex::test::cli(
            { "compare", m_demo, "--models", "als,dotbias", "--optimizer", "nadam", "--epochs", "1", "--quiet" });
        QCOMPARE(cannot.code, 2);
        QVERIFY2(cannot.err.find(embex::core::unknownOptimizerMessage("nadam")) != std::string::npos,
                 cannot.err.c_str());
    }

    void comparesOnMovieLensTestFile()
    {
        const QString dir = embex::test::ml100kDir();
        if (dir.isEmpty())
            QSKIP("MovieLens 100k is not in ../shared/data/ml-100k");
        const CliRun r = embex::test::cli({ "compare", (dir + QStringLiteral("/u1.base")).toStdString(), "--test",
                                            (dir + QStringLiteral("/u1.test")).toStdString(), "--models", "dotbias,als",
                                            "--epochs", "2", "--json", "--quiet" });
        QVERIFY2(r.code == 0, r.err.c_str());
        const QJsonObject all = json(r);
        QCOMPARE(all.value(QStringLiteral("split")).toString(), QStringLiteral("test file u1.test"));
        QCOMPARE(all.value(QStringLiteral("train_ratings")).toInt(), 80000);
        QVERIFY(all.value(QStringLiteral("test_ratings")).toInt() > 19000);
        for (const QJsonValue row : models(all)) {
            const double rmse = objectAt(row.toObject(), "test").value(QStringLiteral("rmse")).toDouble();
            QVERIFY2(rmse > 0.8 && rmse < 1.3, qPrintable(QString::number(rmse)));
        }
    }
};

QTEST_APPLESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
