// SPDX-License-Identifier: MIT
#include "tests/support/temp_files.h"
#include "ui/data/open_ratings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTableWidget>
#include <QtTest>

using namespace embex;

class TestOpenRatingsDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void detectsAndPreviews_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("delimiter");
        QTest::addColumn<bool>("header");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("rows");
        QTest::addRow("csv with header") << QByteArray(
            "userId,movieId,rating,timestamp\n1,10,4.0,5\n1,11,3.5,6\n2,10,5.0,7\n")
                                         << "," << true << 4 << 3;
        QTest::addRow("tab, no header") << QByteArray(
            "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n")
                                        << "\t" << false << 4 << 3;
        QTest::addRow("double colon") << QByteArray(
            "1::1193::5::978300760\n1::661::3::978302109\n2::914::3::978301968\n")
                                      << "::" << false << 4 << 3;
        QTest::addRow("semicolon") << QByteArray("user;item;score\nann;b1;4\nbob;b2;2\ncid;b1;5\n") << ";" << true << 3
                                   << 3;
    }
    void detectsAndPreviews()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, delimiter);
        QFETCH(bool, header);
        QFETCH(int, columns);
        QFETCH(int, rows);
        const QString path = QString::fromStdString(test::writeFile(m_dir, QStringLiteral("ratings.txt"), text));
        ui::OpenRatingsDialog dialog(path);
        QVERIFY(dialog.isDetected());
        QCOMPARE(QString::fromStdString(dialog.format().delimiter), delimiter);
        QCOMPARE(dialog.format().hasHeader, header);
        QCOMPARE(dialog.preview()->columnCount(), columns);
        QCOMPARE(dialog.preview()->rowCount(), rows);
        QCOMPARE(dialog.options().format->userColumn, 0);
        QCOMPARE(dialog.options().format->itemColumn, 1);
        QCOMPARE(dialog.options().format->ratingColumn, 2);
    }

    void editsChangeTheFormat()
    {
        const QString path = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n"));
        ui::OpenRatingsDialog dialog(path);
        QCOMPARE(dialog.preview()->columnCount(), 4);
        // a wrong delimiter leaves one column per line; the preview shows it at once
        dialog.delimiterBox()->setCurrentIndex(dialog.delimiterBox()->findData(QStringLiteral(",")));
        QCOMPARE(dialog.preview()->columnCount(), 1);
        dialog.delimiterBox()->setCurrentIndex(dialog.delimiterBox()->findData(QStringLiteral("\t")));
        QCOMPARE(dialog.preview()->columnCount(), 4);
        dialog.implicitBox()->setChecked(true);
        QVERIFY(dialog.options().format->isImplicit());
        dialog.headerBox()->setChecked(true);
        QVERIFY(dialog.options().format->hasHeader);
        QCOMPARE(dialog.preview()->rowCount(), 1);
    }
};

QTEST_MAIN(TestOpenRatingsDialog)
#include "tst_open_ratings_dialog.moc"
