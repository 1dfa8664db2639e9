// SPDX-License-Identifier: MIT
// User vectors trained elsewhere (Spark ALS's userFactors beside itemFactors): exported from a
// trained model and imported again, they score users exactly as the model did; bad files are
// named with their line.
#include "core/analysis/explain.h"
#include "core/analysis/recommend.h"
#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "core/training/trainer.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace embex;
using namespace embex::core;

namespace {

Session trainedSession(bool implicit, ModelKind kind)
{
    auto demo = generateDemo({ .users = 90, .items = 50, .types = 4, .ratingsPerUser = 12, .implicit = implicit });
    const auto data = splitForTraining(*demo, {}).data;
    TrainConfig config = defaultTrainConfig(kind);
    config.dimension = 6;
    config.epochs = 4;
    return { demo, train(*data, config).snapshot, {} };
}

QJsonArray recommendations(const std::string& model, const std::string& user, int n)
{
    std::string out, err;
    // No popularity floor: an imported model has no ratings to count, the original has, and
    // what is compared here is the vectors.
    if (test::runCli({ "recommend", model, "--user", user, "-n", std::to_string(n), "--min-ratings", "0", "--json" },
                     out, err)
        != 0)
        qWarning() << err.c_str();
    return test::parseJsonObject(out)[u"recommendations"].toArray();
}

} // namespace

class TestUserVectorImport : public QObject {
    Q_OBJECT
private slots:
    // Implicit ALS has no biases, like Spark's ALS: its imported vectors recommend the same items
    // with the same scores. The imported session has no ratings, so it does not leave out what a
    // user rated; with those taken out of its list, the lists are equal.
    void roundTripRecommendsTheSame_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addRow("npy") << "npy";
        QTest::addRow("csv") << "csv";
    }
    void roundTripRecommendsTheSame()
    {
        QFETCH(QString, format);
        const Session original = trainedSession(true, ModelKind::Als);
        QVERIFY(!original.snapshot->parameter("item_bias"));
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("als.embex")).toStdString();
        QVERIFY(!saveSession(original, model));
        const std::string ext = format.toStdString();
        const std::string items = dir.filePath(QStringLiteral("items.")).toStdString() + ext;
        const std::string users = dir.filePath(QStringLiteral("users.")).toStdString() + ext;
        const std::string imported = dir.filePath(QStringLiteral("imported.embex")).toStdString();
        std::string out, err;
        QCOMPARE(test::runCli({ "export", model, "--format", ext, items, "--users", users }, out, err), 0);
        QCOMPARE(test::runCli({ "import", items, "--users", users, "--save", imported, "--json" }, out, err), 0);
        QCOMPARE(test::parseJsonObject(out)[u"users"].toInt(), 90);

        const int n = 5;
        for (const std::string user : { "1", "42", "90" }) {
            const auto rated = itemsRatedBy(original.dataset->ratings, *original.dataset->users.indexOf(user));
            const QJsonArray before = recommendations(model, user, n);
            const QJsonArray after = recommendations(imported, user, n + static_cast<int>(rated.size()));
            QJsonArray unrated;
            for (const QJsonValue& r : after)
                if (std::find(rated.begin(), rated.end(),
                              *original.dataset->items.indexOf(r.toObject()[u"id"].toString().toStdString()))
                    == rated.end())
                    unrated.append(r);
            QCOMPARE(before.size(), n);
            for (int k = 0; k < n; ++k) {
                QCOMPARE(unrated[k].toObject()[u"id"], before[k].toObject()[u"id"]);
                QCOMPARE(unrated[k].toObject()[u"score"], before[k].toObject()[u"score"]);
            }
        }
    }

    // Dot+bias keeps μ + b_u + b_i in the model, not in the vectors: the imported score is the
    // original's Σ p·q, and explain shows it as the terms without the biases.
    void importedVectorsLackOnlyTheBiases()
    {
        const Session original = trainedSession(false, ModelKind::DotBias);
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("m.embex")).toStdString();
        QVERIFY(!saveSession(original, model));
        const std::string items = dir.filePath(QStringLiteral("items.npy")).toStdString();
        const std::string users = dir.filePath(QStringLiteral("users.npy")).toStdString();
        std::string out, err;
        QCOMPARE(test::runCli({ "export", model, "--format", "npy", items, "--users", users }, out, err), 0);
        ImportOptions options;
        options.usersPath = users;
        const ImportOutcome imported = importEmbeddings(items, options);
        QVERIFY2(imported.ok(), imported.error.toString().c_str());
        const auto user = *original.dataset->users.indexOf("7");
        const auto item = *original.dataset->items.indexOf("3");
        const Explanation before = explainPrediction(original.snapshot, user, item, {});
        const Explanation after = explainPrediction(imported.snapshot, *imported.dataset->users.indexOf("7"),
                                                    *imported.dataset->items.indexOf("3"), {});
        double biases = 0;
        for (const ExplanationTerm& t : before.terms)
            if (t.symbol == "μ" || t.symbol == "b_u" || t.symbol == "b_i")
                biases += t.value;
        QCOMPARE(after.terms.size() + 3, before.terms.size());
        QVERIFY(std::abs(after.prediction - (before.prediction - biases)) < 1e-5);
    }

    void badUserFilesAreNamedWithTheirLine_data()
    {
        QTest::addColumn<QByteArray>("users");
        QTest::addColumn<QString>("expected");
        QTest::addRow("wrong width, JSON Lines") << QByteArray("{\"id\": 1, \"features\": [1, 2]}\n")
                                                 << "users.txt:1: user vectors have 2 numbers where the item vectors";
        QTest::addRow("wrong width, CSV")
            << QByteArray("id,a,b,c,d\n1,1,2,3,4\n") << "users.txt:2: user vectors have 4 numbers";
        QTest::addRow("not a number") << QByteArray("id,a,b,c\n1,1,2,3\n2,1,x,3\n")
                                      << "users.txt:3: 'x' in column 3 ('b') is not a finite number";
        QTest::addRow("duplicate id") << QByteArray("id\ta\tb\tc\n1\t1\t2\t3\n2\t1\t2\t3\n1\t0\t0\t0\n")
                                      << "users.txt:4: id '1' appears twice (first at line 2)";
        QTest::addRow("short row") << QByteArray(
            "{\"id\": 1, \"features\": [1, 2, 3]}\n{\"id\": 2, \"features\": [1]}\n")
                                   << "users.txt:2: 1 features where earlier rows have 3";
    }
    void badUserFilesAreNamedWithTheirLine()
    {
        QFETCH(QByteArray, users);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const std::string items = test::writeFile(dir, QStringLiteral("items.csv"), "id,a,b,c\n10,1,0,0\n11,0,1,0\n");
        const std::string userFile = test::writeFile(dir, QStringLiteral("users.txt"), users);
        ImportOptions options;
        options.usersPath = userFile;
        const ImportOutcome outcome = importEmbeddings(items, options);
        QVERIFY(!outcome.ok());
        const QString message = QString::fromStdString(outcome.error.toString());
        QVERIFY2(message.contains(expected), qPrintable(message));

        // the CLI says the same and writes nothing
        const std::string save = dir.filePath(QStringLiteral("s.embex")).toStdString();
        std::string out, err;
        QCOMPARE(test::runCli({ "import", items, "--users", userFile, "--save", save }, out, err), 1);
        QVERIFY2(QString::fromStdString(err).contains(expected), err.c_str());
        QVERIFY(!QFile::exists(QString::fromStdString(save)));
    }

    void userIdsNeedUsers()
    {
        std::string out, err;
        QCOMPARE(test::runCli({ "import", "items.npy", "--user-ids", "u.txt", "--save", "x.embex" }, out, err), 2);
        QVERIFY2(QString::fromStdString(err).contains(u"--users"), err.c_str());
        QCOMPARE(test::runCli({ "export", "m.embex", "--format", "tsv", "out", "--users", "u.csv" }, out, err), 2);
    }
};

QTEST_APPLESS_MAIN(TestUserVectorImport)
#include "tst_user_vector_import.moc"
