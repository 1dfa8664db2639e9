// SPDX-License-Identifier: MIT
#include "ui/embedding_map.h"
#include "ui/main_window.h"
#include "ui/model_dock.h"
#include "ui/neighbours_dock.h"
#include "ui/neighbours_model.h"
#include "ui/scripted_run.h"
#include "ui/training_plot.h"
#include "ui/workspace.h"

#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace embex;

class TestScriptedRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    // embex --demo --train --epochs 3 --select 5 --screenshot shot.png
    void demoTrainSelectScreenshot()
    {
        QTemporaryDir dir;
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::ScriptedRun::Options options;
        options.demo = true;
        options.train = true;
        options.epochs = 3;
        options.select = QStringLiteral("5");
        options.screenshot = dir.filePath(QStringLiteral("shot.png"));
        ui::ScriptedRun run(&window, options);
        QSignalSpy done(&run, &ui::ScriptedRun::done);
        run.start();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        QCOMPARE(done.first().first().toInt(), 0);
        QCOMPARE(window.modelDock()->config().epochs, 3);
        QCOMPARE(window.trainingPlot()->epochPointCount(), 3);
        QCOMPARE(window.map()->pointCount(), window.workspace()->itemCount());
        QCOMPARE(window.workspace()->itemRawId(window.workspace()->selectedItem()), QStringLiteral("5"));
        QCOMPARE(window.neighboursDock()->model()->rowCount(), 10);
        const QImage shot(options.screenshot);
        QVERIFY(!shot.isNull());
        QCOMPARE(shot.size(), window.grab().size());
    }

    void missingFileFailsWithExitCode()
    {
        ui::MainWindow window;
        ui::ScriptedRun::Options options;
        options.file = QStringLiteral("/nonexistent/ratings.csv");
        options.train = true;
        ui::ScriptedRun run(&window, options);
        QSignalSpy done(&run, &ui::ScriptedRun::done);
        run.start();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 10000);
        QCOMPARE(done.first().first().toInt(), 1);
        QVERIFY(!window.workspace()->hasDataset());
    }
};

QTEST_MAIN(TestScriptedRun)
#include "tst_scripted_run.moc"
