// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "ui/training/training_controller.h"

#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include <future>

using namespace embex;

namespace {

std::shared_ptr<const core::TrainData> demoData()
{
    const auto demo = core::generateDemo({ 300, 80, 4, 20, false, 7 });
    const core::SplitOutcome split = core::splitForTraining(*demo, {});
    if (!split.ok())
        qFatal("split failed: %s", split.error.toString().c_str());
    return split.data;
}

core::TrainConfig tinyConfig(int epochs)
{
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.epochs = epochs;
    config.dimension = 8;
    config.batchSize = 256;
    return config;
}

} // namespace

class TestTrainingController : public QObject {
    Q_OBJECT

private slots:
    void runsToTheEndWithRisingEpochs()
    {
        ui::TrainingController controller;
        QSignalSpy epochs(&controller, &ui::TrainingController::epochFinished);
        QSignalSpy snapshots(&controller, &ui::TrainingController::snapshotReady);
        QSignalSpy batches(&controller, &ui::TrainingController::batchFinished);
        QSignalSpy done(&controller, &ui::TrainingController::finished);
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        QVERIFY(controller.start(tinyConfig(4), demoData()));
        QVERIFY(controller.isRunning());
        QVERIFY(!controller.start(tinyConfig(4), demoData())); // one run at a time
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!controller.isRunning());
        QCOMPARE(epochs.count(), 4);
        for (int i = 0; i < epochs.count(); ++i) {
            const auto report = epochs.at(i).at(0).value<core::EpochReport>();
            QCOMPARE(report.epoch, i + 1);
            QVERIFY(std::isfinite(report.trainLoss));
            QVERIFY(std::isfinite(report.validationLoss));
        }
        // snapshots are coalesced (at most ~10 a second) but the last epoch's always arrives
        QVERIFY(snapshots.count() >= 1);
        QCOMPARE(snapshots.last().first().value<std::shared_ptr<const core::EmbeddingSnapshot>>()->epoch, 4);
        QVERIFY(batches.count() >= 1);
        const auto outcome = done.first().first().value<core::TrainOutcome>();
        QVERIFY(outcome.snapshot);
        QCOMPARE(outcome.snapshot->itemEmbeddings().rows(), 80);
    }

    // core::train thins the reports and the controller passes each on: with core's interval at 0
    // the window gets every batch core reports, at its place in the epoch, with its very loss.
    void passesOnEveryBatchReportCoreMakes()
    {
        const auto data = demoData();
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.epochs = 3;
        config.dimension = 8;
        config.batchSize = 16;
        std::vector<std::pair<double, double>> fromCore; // epoch position, loss
        double position = 0;
        core::TrainCallbacks callbacks;
        callbacks.reportInterval = std::chrono::milliseconds(0);
        callbacks.progress = [&](int epoch, double fraction) { position = (epoch - 1) + fraction; };
        callbacks.batchFinished = [&](long, double loss) { fromCore.emplace_back(position, loss); };
        QCOMPARE(core::train(*data, config, callbacks).status, core::TrainOutcome::Status::Finished);
        QVERIFY(fromCore.size() > 100);

        ui::TrainingController controller;
        controller.setReportInterval(std::chrono::milliseconds(0));
        QSignalSpy batches(&controller, &ui::TrainingController::batchFinished);
        QSignalSpy done(&controller, &ui::TrainingController::finished);
        QVERIFY(controller.start(config, data));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(std::size_t(batches.count()), fromCore.size());
        for (std::size_t i = 0; i < fromCore.size(); ++i) {
            QCOMPARE(batches.at(int(i)).at(0).toDouble(), fromCore[i].first);
            QCOMPARE(batches.at(int(i)).at(1).toDouble(), fromCore[i].second);
        }
        QCOMPARE(batches.last().at(0).toDouble(), 3.0);
    }

    void cancelEndsInOneStoppedAndNoFailed()
    {
        ui::TrainingController controller;
        QSignalSpy epochs(&controller, &ui::TrainingController::epochFinished);
        QSignalSpy stopped(&controller, &ui::TrainingController::stopped);
        QSignalSpy done(&controller, &ui::TrainingController::finished);
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        QVERIFY(controller.start(tinyConfig(100000), demoData()));
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        controller.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done.count(), 0);
        QVERIFY(!controller.isRunning());
        const auto snapshot = stopped.first().first().value<std::shared_ptr<const core::EmbeddingSnapshot>>();
        QVERIFY(snapshot);
    }

    void snapshotsAreReadWhileTrainingGoesOnThenCancelled()
    {
        // The GUI thread reads every weight of each snapshot while the worker trains the next
        // epoch (under TSan this is the race check), and another thread reads it too, as the map's PCA does.
        ui::TrainingController controller;
        QSignalSpy stopped(&controller, &ui::TrainingController::stopped);
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        int read = 0;
        double checksum = 0;
        std::vector<std::future<double>> background;
        connect(&controller, &ui::TrainingController::snapshotReady, this,
                [&](std::shared_ptr<const core::EmbeddingSnapshot> s) {
                    for (const auto& p : s->parameters)
                        checksum += p.value.cast<double>().sum();
                    background.push_back(std::async(std::launch::async,
                                                    [s] { return s->itemEmbeddings().cast<double>().squaredNorm(); }));
                    ++read;
                });
        QVERIFY(controller.start(tinyConfig(100000), demoData()));
        QTRY_VERIFY_WITH_TIMEOUT(read >= 3, 20000);
        QVERIFY(controller.isRunning());
        controller.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        QVERIFY(std::isfinite(checksum));
        for (std::future<double>& f : background) {
            const double norm = f.get();
            QVERIFY(std::isfinite(norm) && norm > 0);
        }
        const auto last = stopped.first().first().value<std::shared_ptr<const core::EmbeddingSnapshot>>();
        QVERIFY(last && last->itemEmbeddings().allFinite());
    }

    void pauseHoldsEpochsUntilResumed()
    {
        ui::TrainingController controller;
        QSignalSpy epochs(&controller, &ui::TrainingController::epochFinished);
        QSignalSpy stopped(&controller, &ui::TrainingController::stopped);
        QVERIFY(controller.start(tinyConfig(100000), demoData()));
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        controller.setPaused(true);
        QVERIFY(controller.isPaused());
        // reports already queued, or an epoch under way, may still land; after that nothing moves
        for (int i = 0; i < 10 && epochs.wait(200); ++i) { }
        const int settled = epochs.count();
        QVERIFY(!epochs.wait(300));
        QCOMPARE(epochs.count(), settled);
        controller.setPaused(false);
        QVERIFY(epochs.wait(20000));
        controller.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
    }

    void discardEndsTheRunAtOnceAndSilently()
    {
        ui::TrainingController controller;
        QSignalSpy epochs(&controller, &ui::TrainingController::epochFinished);
        QSignalSpy stopped(&controller, &ui::TrainingController::stopped);
        QSignalSpy done(&controller, &ui::TrainingController::finished);
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        QSignalSpy running(&controller, &ui::TrainingController::runningChanged);
        QVERIFY(controller.start(tinyConfig(100000), demoData()));
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        controller.setPaused(true);
        controller.discard();
        QVERIFY(!controller.isRunning());
        QVERIFY(!controller.isPaused());
        QCOMPARE(running.last().first().toBool(), false);
        // a new run starts while the old thread may still be winding down; only its own reports arrive
        epochs.clear();
        QVERIFY(controller.start(tinyConfig(3), demoData()));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(stopped.count(), 0);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(epochs.count(), 3);
        for (int i = 0; i < epochs.count(); ++i)
            QCOMPARE(epochs.at(i).at(0).value<core::EpochReport>().epoch, i + 1);
    }

    void invalidConfigFailsWithTheRule()
    {
        ui::TrainingController controller;
        QSignalSpy failed(&controller, &ui::TrainingController::failed);
        QSignalSpy stopped(&controller, &ui::TrainingController::stopped);
        core::TrainConfig config = tinyConfig(2);
        config.dimension = 0;
        QVERIFY(controller.start(config, demoData()));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(stopped.count(), 0);
        QVERIFY(!failed.first().first().toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTrainingController)
#include "tst_training_controller.moc"
