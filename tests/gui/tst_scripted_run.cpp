// SPDX-License-Identifier: MIT
#include "core/models/model_registry.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_plot.h"
#include "ui/window/main_window.h"
#include "ui/window/scripted_run.h"
#include "ui/window/settings_store.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace embex;

namespace {

// Runs the scripted steps on `window`: their exit code, or -1 when they did not end in time.
int runSteps(ui::MainWindow& window, const ui::ScriptedRun::Options& options, int timeoutMs = 30000)
{
    ui::ScriptedRun run(&window, options);
    QSignalSpy done(&run, &ui::ScriptedRun::done);
    run.start();
    if (!QTest::qWaitFor([&] { return done.count() == 1; }, timeoutMs))
        return -1;
    return done.first().first().toInt();
}

} // namespace

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
        QCOMPARE(runSteps(window, options), 0);
        QCOMPARE(window.modelDock()->config().epochs, 3);
        QCOMPARE(window.trainingPlot()->epochPointCount(), 3);
        QCOMPARE(window.map()->pointCount(), window.workspace()->itemCount());
        QCOMPARE(window.workspace()->itemRawId(window.workspace()->selectedItem()), QStringLiteral("5"));
        QCOMPARE(window.neighboursDock()->model()->rowCount(), 10);
        const QImage shot(options.screenshot);
        QVERIFY(!shot.isNull());
        QCOMPARE(shot.size(), window.grab().size());
    }

    // embex --demo --train --epochs 2 --projection neighbours: the options are that run's; the next
    // plain start has the settings the user left, even when the window closes with the run open
    void optionsApplyToThatRunOnly()
    {
        QSettings().clear();
        core::TrainConfig mine = core::defaultTrainConfig("dotbias");
        mine.epochs = 7;
        {
            QSettings settings;
            ui::saveTrainConfig(settings, mine);
            ui::saveProjectionKind(settings, core::ProjectionKind::Pca);
        }
        {
            ui::MainWindow window;
            window.show();
            ui::ScriptedRun::Options options;
            options.demo = true;
            options.train = true;
            options.epochs = 2;
            options.projection = QStringLiteral("neighbours");
            ui::ScriptedRun run(&window, options);
            QSignalSpy done(&run, &ui::ScriptedRun::done);
            run.start();
            QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
            QCOMPARE(done.first().first().toInt(), 0);
            QCOMPARE(window.trainingPlot()->epochPointCount(), 2);
            QCOMPARE(window.map()->projection().kind, core::ProjectionKind::Neighbourhoods);
            window.close(); // saves the window's settings, as a person closing it does
        }
        ui::MainWindow next;
        QCOMPARE(next.modelDock()->config().epochs, 7);
        QCOMPARE(next.map()->projectionBar()->kind(), core::ProjectionKind::Pca);
        QSettings().clear();
    }

    // embex --demo --train --epochs 2 --quit, as started from a shell: the settings file keeps the user's epochs
    void aScriptedStartLeavesTheSettingsFileAsItWas()
    {
        QTemporaryDir home;
        const QString file = home.filePath(QStringLiteral("Embex/Embex.conf"));
        core::TrainConfig mine = core::defaultTrainConfig("dotbias");
        mine.epochs = 7;
        {
            QSettings settings(file, QSettings::IniFormat);
            ui::saveTrainConfig(settings, mine);
        }
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(EMBEX_APP_PATH),
                  { QStringLiteral("--demo"), QStringLiteral("--train"), QStringLiteral("--epochs"),
                    QStringLiteral("2"), QStringLiteral("--quit") });
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitCode(), 0);
        const QSettings settings(file, QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("training/epochs")).toInt(), 7);
    }

    void missingFileFailsWithExitCode()
    {
        ui::MainWindow window;
        ui::ScriptedRun::Options options;
        options.file = QStringLiteral("/nonexistent/ratings.csv");
        options.train = true;
        QCOMPARE(runSteps(window, options, 10000), 1);
        QVERIFY(!window.workspace()->hasDataset());
    }

    // embex session.embex: the file opens as a session, not as ratings
    void aSessionOnTheCommandLineOpensAsASession()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("trained.embex"));
        {
            ui::MainWindow window;
            ui::ScriptedRun::Options options;
            options.demo = true;
            options.train = true;
            options.epochs = 2;
            QCOMPARE(runSteps(window, options), 0);
            QSignalSpy saved(window.sessionActions(), &ui::SessionActions::done);
            QVERIFY(window.sessionActions()->saveSessionFile(path));
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
            QVERIFY(saved.first().first().toBool());
        }
        ui::MainWindow window;
        ui::ScriptedRun::Options options;
        options.file = path;
        QCOMPARE(runSteps(window, options), 0);
        QVERIFY(window.workspace()->hasEmbeddings());
        QCOMPARE(window.trainingPlot()->epochPointCount(), 2);
        QCOMPARE(window.map()->pointCount(), window.workspace()->itemCount()); // drawn before done
    }

    // embex --demo --train --projection neighbours --min-ratings N: the shot shows that map, measured
    void projectionAndFilterFromTheCommandLine()
    {
        ui::MainWindow window;
        ui::ScriptedRun::Options options;
        options.demo = true;
        options.train = true;
        options.epochs = 2;
        options.projection = QStringLiteral("neighbours");
        options.minRatings = 80;
        QCOMPARE(runSteps(window, options), 0);
        QCOMPARE(window.map()->projection().kind, core::ProjectionKind::Neighbourhoods);
        QCOMPARE(window.map()->minimumRatings(), 80);
        QCOMPARE(window.map()->pointCount(), static_cast<int>(window.map()->itemsPassingFilter().size()));
        QVERIFY(window.map()->pointCount() < window.workspace()->itemCount());
        QVERIFY(window.map()->projectionBar()->faithfulnessText().contains(QStringLiteral("neighbours kept <b>")));

        ui::MainWindow other;
        options.projection = QStringLiteral("tsne");
        QCOMPARE(runSteps(other, options), 1); // named, not silently PCA
    }

    // embex --demo --train --colour cluster: the shot waits for the groups and shows their names
    void colourByClusterFromTheCommandLine()
    {
        ui::MainWindow window;
        window.show();
        ui::ScriptedRun::Options options;
        options.demo = true;
        options.train = true;
        options.epochs = 6;
        options.colourBy = QStringLiteral("cluster");
        QCOMPARE(runSteps(window, options), 0);
        QVERIFY(window.map()->isColouringByCluster());
        QVERIFY(window.map()->clusters().count >= 2);
        QCOMPARE(window.map()->clusters().epoch, window.workspace()->snapshot()->epoch);

        ui::MainWindow other;
        options.colourBy = QStringLiteral("type");
        QCOMPARE(runSteps(other, options), 1);
    }

    void aDamagedSessionOnTheCommandLineFailsWithExitCode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.embex"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("userId,itemId,rating\n1,2,3\n");
        file.close();
        ui::MainWindow window;
        ui::ScriptedRun::Options options;
        options.file = path;
        QCOMPARE(runSteps(window, options, 10000), 1);
        QVERIFY(!window.workspace()->hasDataset()); // not read as ratings either
    }

    // embex --help / --version: print and exit 0 with no display at all
    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::addRow("--help") << QStringLiteral("--help") << QStringLiteral("Usage: embex");
        QTest::addRow("-h") << QStringLiteral("-h") << QStringLiteral("--screenshot <PNG>");
        QTest::addRow("--help, options") << QStringLiteral("--help") << QStringLiteral("apply to this start only");
        QTest::addRow("--version") << QStringLiteral("--version") << QStringLiteral("embex 0.1.0");
    }
    void helpAndVersionNeedNoDisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM" })
            env.remove(QString::fromLatin1(name));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(EMBEX_APP_PATH), { option });
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(app.readAllStandardOutput());
        QVERIFY2(out.contains(expected), qPrintable(out + QString::fromLocal8Bit(app.readAllStandardError())));
    }
};

QTEST_MAIN(TestScriptedRun)
#include "tst_scripted_run.moc"
