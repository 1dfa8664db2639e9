// SPDX-License-Identifier: MIT
#include "tests/support/gui_training.h"
#include "tests/support/temp_files.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace embex;

class TestSessionActions : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void saveThenOpenRestoresModelAndDamageLosesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("demo.embex"));
        std::shared_ptr<const core::EmbeddingSnapshot> trained;
        {
            ui::MainWindow window;
            QVERIFY(test::trainDemoDotBias(window));
            trained = window.workspace()->snapshot();
            ui::SessionActions* actions = window.sessionActions();
            QSignalSpy saved(actions, &ui::SessionActions::done);
            QVERIFY(actions->saveSessionFile(path));
            QVERIFY(actions->isBusy());
            QVERIFY(!actions->saveSessionFile(path)); // one session job at a time
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
            QCOMPARE(saved.first().first().toBool(), true);
            QVERIFY(!actions->isBusy());
        }

        ui::MainWindow window;
        ui::SessionActions& actions = *window.sessionActions();
        QSignalSpy projected(&window, &ui::MainWindow::projectionUpdated);
        QSignalSpy done(&actions, &ui::SessionActions::done);
        QVERIFY(actions.openSessionFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().first().toBool(), true);
        QVERIFY(window.workspace()->dataset()->isDemo); // the map still colours by planted type
        QCOMPARE(window.workspace()->itemCount(), static_cast<int>(trained->itemEmbeddings().rows()));
        QVERIFY(window.workspace()->snapshot()->itemEmbeddings().isApprox(trained->itemEmbeddings(), 0.0F));
        QCOMPARE(window.trainingPlot()->epochPointCount(), 3);
        QCOMPARE(window.modelDock()->config().dimension, 8); // the panel shows what was trained
        QCOMPARE(window.modelDock()->config().epochs, 3);
        QTRY_VERIFY_WITH_TIMEOUT(projected.count() >= 1, 10000);
        QCOMPARE(window.map()->pointCount(), window.workspace()->itemCount());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray bytes = file.readAll();
        const QString damaged = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("damaged.embex"), bytes.left(bytes.size() / 2)));
        const auto before = window.workspace()->dataset();
        QVERIFY(actions.openSessionFile(damaged));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(window.workspace()->dataset(), before);
        QVERIFY(window.noticeBar()->text().contains(QStringLiteral("damaged.embex")));
    }

    void importRunsAsAJobAndAFailedOneKeepsTheSession()
    {
        ui::MainWindow window;
        window.openDemo();
        const auto before = window.workspace()->dataset();
        ui::SessionActions& actions = *window.sessionActions();
        QSignalSpy done(&actions, &ui::SessionActions::done);
        const QString ragged = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("ragged.csv"), "a,1,2\nb,3\nc,5,6\n"));
        QVERIFY(actions.importEmbeddingsFile(ragged));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().first().toBool(), false);
        QCOMPARE(window.workspace()->dataset(), before);
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("ragged.csv")),
                 qPrintable(window.noticeBar()->text()));

        const QString good = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("items.csv"), "a,1,2\nb,3,4\nc,5,6\n"));
        QVERIFY(actions.importEmbeddingsFile(good));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(window.workspace()->itemCount(), 3);
        QVERIFY(window.workspace()->hasEmbeddings());
        QVERIFY(!window.workspace()->dataset()->isDemo);
    }
};

QTEST_MAIN(TestSessionActions)
#include "tst_session_actions.moc"
