// SPDX-License-Identifier: MIT
// What the window does when things go wrong: a load cancelled at any point, training that
// diverges, a save onto a full disk, the window closed while a model trains.
#include "core/analysis/neighbor_index.h"
#include "tests/support/temp_files.h"
#include "ui/data/load_controller.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace embex;

namespace {

void setConfig(ui::MainWindow& window, int epochs, double learningRate = 0)
{
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.epochs = epochs;
    config.dimension = 8;
    config.batchSize = 256;
    if (learningRate > 0) {
        config.optimizer = core::OptimizerKind::Sgd;
        config.learningRate = learningRate;
    }
    window.modelDock()->setConfig(config);
}

// Threads of this process named like the training thread (Linux names them after objectName).
int trainingThreads()
{
    int count = 0;
    QDirIterator tasks(QStringLiteral("/proc/self/task"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (tasks.hasNext()) {
        QFile comm(tasks.next() + QStringLiteral("/comm"));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "embex-training")
            ++count;
    }
    return count;
}

} // namespace

class TestFaultBehaviour : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_big;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // Three 8 MB blocks, so progress is reported at about 33, 67 and 100 %.
        QByteArray big;
        big.reserve(24 << 20);
        for (int r = 0; r < 1500000; ++r)
            big += QByteArray::number(r % 5000) + ',' + QByteArray::number(r % 3001) + ",4\n";
        m_big = QString::fromStdString(test::writeFile(m_dir, QStringLiteral("big.csv"), big));
    }

    void cancelledLoadKeepsDatasetAndModel_data()
    {
        QTest::addColumn<int>("percent");
        QTest::addRow("at 10 percent") << 10;
        QTest::addRow("at 50 percent") << 50;
        QTest::addRow("at 99 percent") << 99; // the last block read: only the dataset's assembly is left
    }
    void cancelledLoadKeepsDatasetAndModel()
    {
        QFETCH(int, percent);
        ui::MainWindow window;
        window.openDemo();
        setConfig(window, 2);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const auto dataset = window.workspace()->dataset();
        const auto snapshot = window.workspace()->snapshot();
        QVERIFY(snapshot);

        ui::LoadController* loader = window.loadController();
        int cancelledAt = -1;
        connect(loader, &ui::LoadController::progressChanged, this, [&](int p) {
            if (cancelledAt < 0 && p >= percent) {
                cancelledAt = p;
                loader->cancel();
            }
        });
        QSignalSpy cancelled(loader, &ui::LoadController::cancelled);
        QSignalSpy loaded(loader, &ui::LoadController::loaded);
        QSignalSpy failed(loader, &ui::LoadController::failed);
        QVERIFY(window.loadRatings(m_big));
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count() + loaded.count() + failed.count(), 1, 60000);
        QVERIFY2(cancelledAt >= percent, qPrintable(QString::number(cancelledAt)));
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(window.workspace()->dataset(), dataset);
        QCOMPARE(window.workspace()->snapshot(), snapshot);
        QVERIFY(!loader->isLoading());
    }

    void divergenceRestoresTheLastGoodSnapshotAndSaysSo()
    {
        ui::MainWindow window;
        window.openDemo();
        setConfig(window, 20, 100);
        QSignalSpy snapshots(window.trainingController(), &ui::TrainingController::snapshotReady);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QSignalSpy failed(window.trainingController(), &ui::TrainingController::failed);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        const auto outcome = done.first().first().value<core::TrainOutcome>();
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Diverged);
        QVERIFY(outcome.snapshot);
        QCOMPARE(window.workspace()->snapshot(), outcome.snapshot);
        QVERIFY(window.workspace()->snapshot()->itemEmbeddings().allFinite());
        QVERIFY(window.noticeBar()->isVisibleTo(&window));
        const QString text = window.noticeBar()->text();
        QVERIFY2(QRegularExpression(QStringLiteral("^diverged at epoch \\d+ with learning rate 100: try 10$"))
                     .match(text)
                     .hasMatch(),
                 qPrintable(text));
    }

    void saveOntoAFullDiskSaysWhyAndKeepsTheSession()
    {
        if (!QFileInfo::exists(QStringLiteral("/dev/full")))
            QSKIP("/dev/full is missing on this system");
        ui::MainWindow window;
        window.openDemo();
        setConfig(window, 1);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const auto snapshot = window.workspace()->snapshot();
        const QString link = m_dir.filePath(
            QStringLiteral("full.embex")); // a link, so a regression cannot replace /dev/full
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), link));
        ui::SessionActions& actions = *window.sessionActions();
        QSignalSpy saved(&actions, &ui::SessionActions::done);
        QVERIFY(actions.saveSessionFile(link));
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
        QCOMPARE(saved.first().first().toBool(), false);
        QVERIFY(window.noticeBar()->isVisibleTo(&window));
        QVERIFY2(
            window.noticeBar()->text().contains(QStringLiteral("full.embex: write failed: No space left on device")),
            qPrintable(window.noticeBar()->text()));
        QCOMPARE(window.workspace()->snapshot(), snapshot);
    }

    void closingTheWindowWhileTrainingEndsTheRunAndKeepsTheSnapshot()
    {
        // Earlier tests' windows are gone, but their joined threads may linger in /proc a moment.
        QTRY_COMPARE_WITH_TIMEOUT(trainingThreads(), 0, 5000);
        auto* window = new ui::MainWindow;
        window->show();
        window->openDemo();
        setConfig(*window, 100000);
        QSignalSpy epochs(window->trainingController(), &ui::TrainingController::epochFinished);
        QVERIFY(window->startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 2, 20000);
        QCOMPARE(trainingThreads(), 1);
        QVERIFY(window->trainingController()->isRunning());
        const auto snapshot = window->workspace()->snapshot();
        QVERIFY(snapshot);
        QVERIFY(window->close());
        delete window; // must stop the run and join its thread, not abort or leave it running
        // join() returns just before the OS thread is gone from /proc: allow it that moment.
        QTRY_COMPARE_WITH_TIMEOUT(trainingThreads(), 0, 5000);
        QVERIFY(snapshot->epoch >= 1);
        QVERIFY(snapshot->itemEmbeddings().allFinite());
        core::NeighborQuery query;
        query.k = 5;
        QCOMPARE(core::NeighborIndex(snapshot).neighbours(0, query).size(), std::size_t(5));
    }
};

QTEST_MAIN(TestFaultBehaviour)
#include "tst_fault_behaviour.moc"
