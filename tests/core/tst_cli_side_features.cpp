// SPDX-License-Identifier: MIT
// embex-cli demo writes planted user attributes; train --side-features, --user-features and
// --item-features use them, and name the file and line of a bad one.
#include "core/io/session_file.h"
#include "core/models/neural_scorers.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QFile>
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
