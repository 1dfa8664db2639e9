// SPDX-License-Identifier: MIT
#include "core/data/timestamp.h"

#include <QtTest>

using namespace embex::core;

class TestTimestamp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsIso8601_data();
    void readsIso8601();
    void rejectsWhatIsNotADate_data();
    void rejectsWhatIsNotADate();
    void timePointsTakeDatesOrUnixSeconds();
    void formatsRoundTrip();
};

void TestTimestamp::readsIso8601_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qlonglong>("seconds");
    QTest::addRow("epoch") << "1970-01-01" << qlonglong(0);
    QTest::addRow("date") << "2021-03-01" << qlonglong(1614556800);
    QTest::addRow("leap day") << "2020-02-29" << qlonglong(1582934400);
    QTest::addRow("before 1970") << "1969-12-31T23:59:59Z" << qlonglong(-1);
    QTest::addRow("Z") << "2021-03-01T12:00:00Z" << qlonglong(1614600000);
    QTest::addRow("no zone is UTC") << "2021-03-01T12:00:00" << qlonglong(1614600000);
    QTest::addRow("minutes only") << "2021-03-01T12:00" << qlonglong(1614600000);
    QTest::addRow("space") << "2021-03-01 12:00:00" << qlonglong(1614600000);
    QTest::addRow("+02:00") << "2021-03-01T12:00:00+02:00" << qlonglong(1614592800);
    QTest::addRow("-0530") << "2021-03-01T12:00:00-0530" << qlonglong(1614600000 + 5 * 3600 + 30 * 60);
    QTest::addRow("+01") << "2021-03-01T12:00:00+01" << qlonglong(1614596400);
    QTest::addRow("fraction") << "2021-03-01T12:00:00.999Z" << qlonglong(1614600000);
    QTest::addRow("fraction, comma") << "2021-03-01T12:00:00,5+00:00" << qlonglong(1614600000);
}

void TestTimestamp::readsIso8601()
{
    QFETCH(QString, text);
    QFETCH(qlonglong, seconds);
    const auto parsed = parseIsoTimestamp(text.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(qlonglong(*parsed), seconds);
}

void TestTimestamp::rejectsWhatIsNotADate_data()
{
    QTest::addColumn<QString>("text");
    for (const char* bad : { "", "2021", "2021-3-1", "2021-13-01", "2021-02-30", "2019-02-29", "2021-03-01T24:00",
                             "2021-03-01T12", "2021-03-01T12:00:00.", "2021-03-01T12:00:00Q", "2021-03-01Z",
                             "2021-03-01T12:00+2", "20210301", "1614556800", "yesterday" })
        QTest::addRow("%s", bad) << QString::fromLatin1(bad);
}

void TestTimestamp::rejectsWhatIsNotADate()
{
    QFETCH(QString, text);
    QVERIFY(!parseIsoTimestamp(text.toStdString()));
}

void TestTimestamp::timePointsTakeDatesOrUnixSeconds()
{
    QCOMPARE(parseTimePoint("1998-01-01").value_or(-1), std::int64_t(883612800));
    QCOMPARE(parseTimePoint("883612800").value_or(-1), std::int64_t(883612800));
    QVERIFY(!parseTimePoint("01/01/1998"));
    QCOMPARE(parseUnixTimestamp("-5").value_or(0), std::int64_t(-5));
    QVERIFY(!parseUnixTimestamp("5s"));
}

void TestTimestamp::formatsRoundTrip()
{
    QCOMPARE(formatDate(874724710), std::string("1997-09-20"));
    QCOMPARE(formatTimePoint(883612800), std::string("1998-01-01"));
    QCOMPARE(formatTimePoint(1614600001), std::string("2021-03-01T12:00:01Z"));
    QCOMPARE(formatTimePoint(-1), std::string("1969-12-31T23:59:59Z"));
    for (std::int64_t t :
         { std::int64_t(-86400 * 400), std::int64_t(0), std::int64_t(951782400), std::int64_t(4102444799) })
        QCOMPARE(parseIsoTimestamp(formatTimePoint(t)).value_or(-7), t);
}

QTEST_APPLESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"
