// SPDX-License-Identifier: MIT
// embex-cli demo writes planted user attributes; train --side-features, --user-features and
// --item-features use them, and name the file and line of a bad one.
#include "core/io/session_file.h"
#include "core/models/neural_scorers.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using embex::test::parseJsonObject;
using embex::test::runCli;

class TestCliSideFeatures : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_demo;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = m_dir.filePath(QStringLiteral("demo.csv")).toStdString();
        std::string out, err;
        QCOMPARE(runCli({ "demo", "--users", "200", "--items", "60", "--types", "4", "--per-user", "12", "--implicit",
                          "--out", m_demo },
                        out, err),
                 0);
        QFile users(m_dir.filePath(QStringLiteral("demo.users.csv")));
        QVERIFY(users.open(QIODevice::ReadOnly));
        QCOMPARE(users.readLine().trimmed(), QByteArray("userId,age,education"));
    }

    void sideFeaturesGoIntoTheSavedModel()
    {
        const std::string session = m_dir.filePath(QStringLiteral("sf.embex")).toStdString();
        std::string out, err;
        QCOMPARE(runCli({ "train", m_demo, "--model", "softmax", "--epochs", "1", "--side-features", "--json", "--save",
                          session },
                        out, err),
                 0);
        QVERIFY2(err.find("user attributes from") != std::string::npos, err.c_str());
        QVERIFY(err.find("demo.users.csv") != std::string::npos);
        QCOMPARE(parseJsonObject(out).value(QStringLiteral("params")).toObject().value(QStringLiteral("side_features")),
                 QJsonValue(true));
        const auto loaded = embex::core::loadSession(session);
        QVERIFY(loaded.ok());
        QVERIFY(loaded.session->snapshot->parameter("user_features"));
        QCOMPARE(embex::core::userAttributeEncoding(*loaded.session->snapshot).featureNames().front(),
                 std::string("age"));

        // Without the flag the attributes beside the file are not used.
        QCOMPARE(runCli({ "train", m_demo, "--model", "softmax", "--epochs", "1", "--json" }, out, err), 0);
        QCOMPARE(parseJsonObject(out).value(QStringLiteral("params")).toObject().value(QStringLiteral("side_features")),
                 QJsonValue(false));
    }

    // recommend --attributes: a new user from attributes alone (cold start) or beside items; what
    // the model cannot take is an error that names the attribute or says why.
    void recommendFromAttributes()
    {
        const std::string session = m_dir.filePath(QStringLiteral("cold.embex")).toStdString();
        std::string out, err;
        QCOMPARE(
            runCli({ "train", m_demo, "--model", "softmax", "--epochs", "3", "--side-features", "--save", session },
                   out, err),
            0);
        QCOMPARE(runCli({ "recommend", session, "--attributes", "age=22, education=none", "-n", "5", "--min-ratings",
                          "0", "--json" },
                        out, err),
                 0);
        const QJsonObject young = parseJsonObject(out);
        QCOMPARE(young.value(QStringLiteral("recommendations")).toArray().size(), 5);
        QCOMPARE(young.value(QStringLiteral("attributes")).toObject().value(QStringLiteral("age")).toString(),
                 QStringLiteral("22"));
        QVERIFY(young.value(QStringLiteral("query")).toString().contains(QStringLiteral("attributes")));
        QCOMPARE(young.value(QStringLiteral("rated")).toInt(), 0);
        // Another age is another user.
        QCOMPARE(runCli({ "recommend", session, "--attributes", "age=40,education=master", "-n", "5", "--min-ratings",
                          "0", "--json" },
                        out, err),
                 0);
        QVERIFY(parseJsonObject(out).value(QStringLiteral("recommendations"))
                != young.value(QStringLiteral("recommendations")));
        // Beside items, which stay out of the list; the text output names the attributes.
        QCOMPARE(runCli({ "recommend", session, "--items", "1,2", "--attributes", "age=30", "--min-ratings", "0" }, out,
                        err),
                 0);
        QVERIFY2(out.find("a new user with age=30") != std::string::npos, out.c_str());
        QCOMPARE(runCli({ "recommend", session, "--attributes", "age=30" }, out, err), 0);
        QVERIFY2(out.find("from the attributes alone") != std::string::npos, out.c_str());

        const auto fails = [&](const std::vector<std::string>& words, int code, const char* expected) {
            std::string o, e;
            const int got = runCli(words, o, e);
            if (got != code || e.find(expected) == std::string::npos)
                qWarning("exit %d: %s", got, e.c_str());
            return got == code && e.find(expected) != std::string::npos;
        };
        QVERIFY(fails({ "recommend", session, "--attributes", "shoe=44" }, 1, "user attribute 'shoe'"));
        QVERIFY(fails({ "recommend", session, "--attributes", "age=old" }, 1, "'age' is a number, not 'old'"));
        QVERIFY(fails({ "recommend", session, "--attributes", "education=wizard" }, 1,
                      "'education' has no value 'wizard'"));
        QVERIFY(fails({ "recommend", session, "--attributes", "age" }, 2, "name=value pairs"));
        QVERIFY(fails({ "recommend", session, "--attributes", "age=1,age=2" }, 2, "'age' twice"));
        QVERIFY(fails({ "recommend", session, "--user", "1", "--attributes", "age=30" }, 2, "excludes"));

        const std::string plain = m_dir.filePath(QStringLiteral("plain.embex")).toStdString();
        QCOMPARE(runCli({ "train", m_demo, "--model", "softmax", "--epochs", "1", "--save", plain }, out, err), 0);
        QVERIFY(fails({ "recommend", plain, "--attributes", "age=30" }, 1, "trained without user attributes"));
        const std::string rating = m_dir.filePath(QStringLiteral("rating.embex")).toStdString();
        QCOMPARE(runCli({ "train", m_demo, "--model", "dotbias", "--epochs", "1", "--save", rating }, out, err), 0);
        QVERIFY(fails({ "recommend", rating, "--attributes", "age=30" }, 1, "no input for a user's attributes"));
    }

    void badAttributeFilesNameFileAndLine()
    {
        std::string out, err;
        const std::string broken = embex::test::writeFile(m_dir, QStringLiteral("broken.csv"), "id\n1\n");
        QCOMPARE(
            runCli({ "train", m_demo, "--model", "autoencoder", "--epochs", "1", "--user-features", broken }, out, err),
            1);
        QVERIFY2(err.find("broken.csv:1: one column only") != std::string::npos, err.c_str());

        const std::string ragged = embex::test::writeFile(m_dir, QStringLiteral("ragged.csv"),
                                                          "id,age\n1,20\n2\n3,40\n");
        QCOMPARE(
            runCli({ "train", m_demo, "--model", "autoencoder", "--epochs", "1", "--user-features", ragged }, out, err),
            0);
        QVERIFY2(err.find("ragged.csv:3: expected 2 fields, found 1") != std::string::npos, err.c_str());

        QCOMPARE(runCli({ "train", m_demo, "--model", "dotbias", "--epochs", "1", "--side-features" }, out, err), 2);
        QVERIFY2(err.find("takes no side features") != std::string::npos, err.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCliSideFeatures)
#include "tst_cli_side_features.moc"
