// SPDX-License-Identifier: MIT
// embex-cli inspect says which form a file's times take, and the range they span.
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonObject>
#include <QtTest>

class TestCliInspectTimes : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void saysWhichFormItFound_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("first");
        QTest::addRow("seconds") << QByteArray("1,10,4,874724710\n2,10,3,893286638\n") << "unix_seconds"
                                 << "Unix seconds, 1997-09-20T03:05:10Z to 1998-04-22T23:10:38Z"
                                 << "1997-09-20T03:05:10Z";
        QTest::addRow("milliseconds") << QByteArray("1,10,4,874724710000\n2,10,3,893286638000\n") << "unix_milliseconds"
                                      << "Unix milliseconds"
                                      << "1997-09-20T03:05:10Z";
        QTest::addRow("iso") << QByteArray("user,item,rating,date\n1,10,4,2021-03-01\n2,10,3,2021-03-02T10:00:00Z\n")
                             << "iso8601"
                             << "ISO 8601 dates, 2021-03-01 to 2021-03-02T10:00:00Z"
                             << "2021-03-01";
        QTest::addRow("none") << QByteArray("1,10,4\n2,10,3\n") << "none"
                              << "times:     none" << QString();
    }
    void saysWhichFormItFound()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, form);
        QFETCH(QString, text);
        QFETCH(QString, first);
        const std::string path = embex::test::writeFile(m_dir, QStringLiteral("times.csv"), content);
        std::string out, err;
        QCOMPARE(embex::test::runCli({ "inspect", path }, out, err), 0);
        QVERIFY2(QString::fromStdString(out).contains(text), out.c_str());
        QCOMPARE(embex::test::runCli({ "inspect", path, "--json" }, out, err), 0);
        const QJsonObject json = embex::test::parseJsonObject(out);
        QCOMPARE(json.value(QStringLiteral("timestamp_form")).toString(), form);
        QCOMPARE(json.value(QStringLiteral("first_time")).toString(), first);
    }
};

QTEST_APPLESS_MAIN(TestCliInspectTimes)
#include "tst_cli_inspect_times.moc"
