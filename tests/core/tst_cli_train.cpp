// SPDX-License-Identifier: MIT
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/data/timestamp.h"
#include "core/io/session_file.h"
#include "core/models/model_registry.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

class TestCliTrain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_demo;

    static int run(const std::vector<std::string>& words, std::string& out, std::string& err)
    {
        return embex::test::runCli(words, out, err);
    }
    static QJsonObject parse(const std::string& text) { return embex::test::parseJsonObject(text); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo.csv")).toStdString();
        std::string out, err;
        QCOMPARE(
            run({ "demo", "--users", "300", "--items", "100", "--types", "5", "--per-user", "20", "--out", m_demo },
                out, err),
            0);
    }

    void ratingModelJson_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addRow("dotbias") << "dotbias";
        QTest::addRow("mlp") << "mlp";
        QTest::addRow("als") << "als";
    }
    void ratingModelJson()
    {
        QFETCH(QString, model);
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--holdout", "0.2", "--model", model.toStdString(), "--epochs", "3", "--dim",
                       "8", "--json" },
                     out, err),
                 0);
        const QJsonObject json = parse(out);
        QCOMPARE(json.value(QStringLiteral("model")).toString(), model);
        QCOMPARE(json.value(QStringLiteral("params")).toObject().value(QStringLiteral("dimension")).toInt(), 8);
        const QJsonArray epochs = json.value(QStringLiteral("epochs")).toArray();
        QCOMPARE(epochs.size(), 3);
        QVERIFY(epochs.at(0).toObject().contains(QStringLiteral("train_loss")));
        const QJsonObject test = json.value(QStringLiteral("test")).toObject();
        QVERIFY(test.value(QStringLiteral("rmse")).toDouble() > 0.3);
        QVERIFY(test.value(QStringLiteral("mae")).toDouble() > 0.2);
        QVERIFY(json.value(QStringLiteral("seconds")).toDouble() > 0);
        QVERIFY(json.value(QStringLiteral("ratings_per_second")).toDouble() > 0);
    }

    void rankingModelJsonHasBaseline()
    {
        std::string out, err;
        QCOMPARE(
            run({ "train", m_demo, "--per-user", "3", "--model", "autoencoder", "--epochs", "2", "--json" }, out, err),
            0);
        const QJsonObject json = parse(out);
        QVERIFY(json.value(QStringLiteral("test")).toObject().contains(QStringLiteral("precision_at_10")));
        QVERIFY(json.value(QStringLiteral("test")).toObject().contains(QStringLiteral("recall_at_10")));
        QVERIFY(
            json.value(QStringLiteral("baseline_most_popular")).toObject().contains(QStringLiteral("precision_at_10")));
    }

    void softmaxNegativesOption()
    {
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--per-user", "3", "--model", "softmax", "--epochs", "1", "--negatives", "20",
                       "--json" },
                     out, err),
                 0);
        const QJsonObject json = parse(out);
        QCOMPARE(json.value(QStringLiteral("params")).toObject().value(QStringLiteral("negative_samples")).toInt(), 20);
        QVERIFY(json.value(QStringLiteral("test")).toObject().contains(QStringLiteral("precision_at_10")));
        QCOMPARE(run({ "train", m_demo, "--model", "softmax", "--negatives", "-1" }, out, err), 2);
        QVERIFY2(err.find("negative samples must be zero") != std::string::npos, err.c_str());
    }

    // The CLI's per-user split is the core's, with the same default pick as the window's data
    // dock (each user's latest ratings); --per-user-pick random asks for the seeded random one.
    void perUserPickDefaultsToLatest()
    {
        const auto demo = embex::core::loadRatings(m_demo);
        QVERIFY(demo.ok());
        auto trainedOn = [&](const std::vector<std::string>& extra) {
            const std::string session = m_dir.filePath(QStringLiteral("pick.embex")).toStdString();
            std::vector<std::string> words { "train", m_demo, "--per-user", "3",      "--epochs", "1",
                                             "--dim", "4",    "--quiet",    "--save", session };
            words.insert(words.end(), extra.begin(), extra.end());
            std::string out, err;
            if (run(words, out, err) != 0)
                qWarning("%s", err.c_str());
            const auto loaded = embex::core::loadSession(session);
            std::set<std::pair<std::string, std::string>> pairs;
            if (loaded.ok())
                for (std::size_t r = 0; r < loaded.session->dataset->ratings.size(); ++r)
                    pairs.emplace(loaded.session->dataset->users.rawId(loaded.session->dataset->ratings.users[r]),
                                  loaded.session->dataset->items.rawId(loaded.session->dataset->ratings.items[r]));
            return pairs;
        };
        auto expected = [&](embex::core::HoldoutPick pick) {
            embex::core::SplitSpec spec; // the window starts from this spec too
            spec.kind = embex::core::SplitSpec::Kind::PerUser;
            spec.perUserCount = 3;
            spec.seed = embex::core::defaultTrainConfig(embex::core::ModelKind::DotBias).seed;
            spec.pick = pick;
            const auto made = embex::core::splitForTraining(*demo.dataset, spec);
            std::set<std::pair<std::string, std::string>> pairs;
            for (std::size_t r = 0; r < made.data->train.size(); ++r)
                pairs.emplace(demo.dataset->users.rawId(made.data->train.users[r]),
                              demo.dataset->items.rawId(made.data->train.items[r]));
            return pairs;
        };
        const auto byDefault = trainedOn({});
        QVERIFY(!byDefault.empty());
        QVERIFY(byDefault == expected(embex::core::SplitSpec {}.pick));
        QVERIFY(byDefault == expected(embex::core::HoldoutPick::Latest));
        QVERIFY(trainedOn({ "--per-user-pick", "latest" }) == byDefault);
        const auto random = trainedOn({ "--per-user-pick", "random" });
        QVERIFY(random == expected(embex::core::HoldoutPick::Random));
        QVERIFY(random != byDefault);

        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--per-user", "3", "--per-user-pick", "oldest" }, out, err), 2);
        QVERIFY2(err.find("latest or random") != std::string::npos, err.c_str());
        QCOMPARE(run({ "train", m_demo, "--per-user-pick", "random" }, out, err), 2);
        QVERIFY2(err.find("--per-user") != std::string::npos, err.c_str());
        QCOMPARE(
            run({ "train", m_demo, "--test", m_dir.filePath(QStringLiteral("none.test")).toStdString() }, out, err), 1);
        QVERIFY2(err.find("none.test") != std::string::npos, err.c_str());
    }

    // Without --threads a run uses every core when the model's result cannot depend on it.
    void threadsDefaultFollowsTheModel_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("allCores");
        QTest::addRow("dotbias") << "dotbias" << true;
        QTest::addRow("als") << "als" << true;
        QTest::addRow("autoencoder") << "autoencoder" << true;
        QTest::addRow("mlp") << "mlp" << false;
        QTest::addRow("softmax") << "softmax" << false;
    }
    void threadsDefaultFollowsTheModel()
    {
        QFETCH(QString, model);
        QFETCH(bool, allCores);
        const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--model", model.toStdString(), "--epochs", "1", "--dim", "4", "--hidden", "4",
                       "--json" },
                     out, err),
                 0);
        QCOMPARE(parse(out).value(QStringLiteral("params")).toObject().value(QStringLiteral("threads")).toInt(),
                 allCores ? cores : 1);
        QCOMPARE(run({ "train", m_demo, "--model", model.toStdString(), "--epochs", "1", "--dim", "4", "--hidden", "4",
                       "--threads", "1", "--json" },
                     out, err),
                 0);
        QCOMPARE(parse(out).value(QStringLiteral("params")).toObject().value(QStringLiteral("threads")).toInt(), 1);
    }

    void progressGoesToStderr()
    {
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--holdout", "0.2", "--epochs", "2", "--dim", "4" }, out, err), 0);
        QVERIFY(err.find("epoch 2/2: train loss") != std::string::npos);
        QVERIFY(out.find("test rmse") != std::string::npos);
    }

    void divergenceFailsWithTheMessage()
    {
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--lr", "100", "--epochs", "3" }, out, err), 1);
        QVERIFY2(err.find("with learning rate 100: try 10") != std::string::npos, err.c_str());
    }

    void usageErrors()
    {
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--model", "svd" }, out, err), 2);
        QVERIFY(err.find("svd") != std::string::npos);
        QCOMPARE(run({ "train", m_demo, "--test", m_demo, "--holdout", "0.2" }, out, err), 2);
        QCOMPARE(run({ "train", m_demo, "--dim", "0" }, out, err), 2);
        QVERIFY(err.find("dimension") != std::string::npos);
        QCOMPARE(run({ "train", m_dir.filePath(QStringLiteral("missing.csv")).toStdString() }, out, err), 1);
    }

    // --save writes a session the analysis commands open; its ratings are the training part only,
    // so recommendations leave out exactly what the model learned from.
    void saveWritesASessionTheOtherCommandsOpen()
    {
        const std::string session = m_dir.filePath(QStringLiteral("demo.embex")).toStdString();
        std::string out, err;
        QCOMPARE(
            run({ "train", m_demo, "--holdout", "0.2", "--epochs", "3", "--dim", "8", "--save", session }, out, err),
            0);
        QVERIFY2(err.find("saved " + session) != std::string::npos, err.c_str());
        QCOMPARE(run({ "neighbors", session, "--item", "1", "--json" }, out, err), 0);
        QCOMPARE(parse(out).value(QStringLiteral("neighbors")).toArray().size(), 10);
        QCOMPARE(run({ "inspect", session }, out, err) == 0, false); // a session is not a ratings file
        QCOMPARE(run({ "recommend", session, "--user", "1", "--json" }, out, err), 0);
        QVERIFY2(!out.empty(), err.c_str());
    }

    void saveToAnUnwritablePathFailsAndNamesIt()
    {
        const std::string bad = m_demo + "/inside-a-file.embex"; // a regular file cannot hold one, even for root
        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--epochs", "1", "--dim", "4", "--save", bad }, out, err), 1);
        QVERIFY2(err.find("inside-a-file.embex") != std::string::npos, err.c_str());
    }

    // One official split with the default dot+bias: the full five-split figure is scripts/quality.
    void movieLensFold1MeetsQuality()
    {
        EMBEX_REQUIRE_ML100K(dir);
        std::string out, err;
        QCOMPARE(run({ "train", (dir + QStringLiteral("/u1.base")).toStdString(), "--test",
                       (dir + QStringLiteral("/u1.test")).toStdString(), "--json", "--quiet" },
                     out, err),
                 0);
        const double rmse
            = parse(out).value(QStringLiteral("test")).toObject().value(QStringLiteral("rmse")).toDouble();
        QVERIFY2(rmse < 0.92, qPrintable(QString::number(rmse))); // u1 is the hardest fold: 0.914 measured
    }

    // --before and --time-fraction split every user at one moment: what the saved session trained
    // on is exactly the ratings before the cut. compare takes the same options.
    void timeSplitOptions()
    {
        const auto demo = embex::core::loadRatings(m_demo);
        QVERIFY(demo.ok());
        const auto& times = demo.dataset->ratings.timestamps;
        const auto [first, last] = std::minmax_element(times.begin(), times.end());
        const std::int64_t cut = *first + (*last - *first) * 3 / 4;
        auto trainedOn = [&](const std::vector<std::string>& split) {
            const std::string session = m_dir.filePath(QStringLiteral("time.embex")).toStdString();
            std::vector<std::string> words { "train", m_demo,    "--epochs", "1",    "--dim",
                                             "4",     "--quiet", "--save",   session };
            words.insert(words.end(), split.begin(), split.end());
            std::string out, err;
            if (run(words, out, err) != 0)
                qWarning("%s", err.c_str());
            const auto loaded = embex::core::loadSession(session);
            return loaded.ok() ? loaded.session->dataset->ratings : embex::core::RatingsTable {};
        };
        const auto before = std::count_if(times.begin(), times.end(), [&](auto t) { return t < cut; });
        for (const std::string& date : { embex::core::formatTimePoint(cut), std::to_string(cut) }) {
            const embex::core::RatingsTable train = trainedOn({ "--before", date });
            QCOMPARE(static_cast<long>(train.size()), static_cast<long>(before));
        }
        const embex::core::RatingsTable latest = trainedOn({ "--time-fraction", "0.25" });
        QCOMPARE(latest.size(), static_cast<std::size_t>(std::floor(0.75 * static_cast<double>(times.size()))));

        std::string out, err;
        QCOMPARE(run({ "train", m_demo, "--before", "1960-01-01", "--epochs", "1" }, out, err), 1);
        QVERIFY2(err.find("no ratings before 1960-01-01: the data runs from " + embex::core::formatDate(*first) + " to "
                          + embex::core::formatDate(*last))
                     != std::string::npos,
                 err.c_str());
        QCOMPARE(run({ "compare", m_demo, "--models", "dotbias", "--before", "2999-01-01", "--epochs", "1" }, out, err),
                 1);
        QVERIFY2(err.find("no ratings on or after 2999-01-01") != std::string::npos, err.c_str());
        QCOMPARE(run({ "compare", m_demo, "--models", "dotbias", "--time-fraction", "0.2", "--epochs", "1", "--json" },
                     out, err),
                 0);
        QVERIFY2(parse(out).value(QStringLiteral("split")).toString().contains(QStringLiteral("by time")), out.c_str());
        QCOMPARE(run({ "train", m_demo, "--before", "last tuesday" }, out, err), 2);
        QVERIFY2(err.find("--before takes a date") != std::string::npos, err.c_str());
        QCOMPARE(run({ "train", m_demo, "--time-fraction", "1.5" }, out, err), 2);
        QCOMPARE(run({ "train", m_demo, "--before", "2000-01-01", "--holdout", "0.2" }, out, err), 2);
        QCOMPARE(run({ "train", m_demo, "--before", "2000-01-01", "--time-fraction", "0.2" }, out, err), 2);
    }

    // Without timestamps a time split says so, and a "latest" pick says it became random even
    // with --quiet.
    void withoutTimestamps()
    {
        QByteArray content;
        for (int u = 1; u <= 20; ++u)
            for (int i = 1; i <= 6; ++i)
                content += QByteArray::number(u) + ',' + QByteArray::number(10 + (u * i) % 15) + ','
                    + QByteArray::number(1 + (u + i) % 5) + '\n';
        const std::string path = embex::test::writeFile(m_dir, QStringLiteral("untimed.csv"), content);
        std::string out, err;
        QCOMPARE(run({ "train", path, "--time-fraction", "0.2", "--epochs", "1" }, out, err), 1);
        QVERIFY2(err.find("a time split needs timestamps") != std::string::npos, err.c_str());
        QCOMPARE(run({ "train", path, "--per-user", "2", "--epochs", "1", "--dim", "4", "--quiet" }, out, err), 0);
        QVERIFY2(err.find("picked at random, not the latest") != std::string::npos, err.c_str());
        QCOMPARE(run({ "train", path, "--per-user", "2", "--per-user-pick", "random", "--epochs", "1", "--quiet" }, out,
                     err),
                 0);
        QVERIFY2(err.find("picked at random") == std::string::npos, err.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
