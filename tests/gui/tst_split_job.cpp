// SPDX-License-Identifier: MIT
// Train splits the ratings on a job: the window stays live, a bad split says why, and data
// replaced meanwhile drops the split made from the old.
#include "core/data/attribute_table.h"
#include "core/data/demo_generator.h"
#include "tests/support/gui_training.h"
#include "ui/data/data_dock.h"
#include "ui/data/split_job.h"
#include "ui/data/workspace.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace embex;

class TestSplitJob : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void trainSplitsOnAJobThenTrains()
    {
        ui::MainWindow window;
        window.openDemo();
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 1;
        config.dimension = 4;
        window.modelDock()->setConfig(config);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QSignalSpy data(window.workspace(), &ui::Workspace::trainDataChanged);
        QVERIFY(window.startTraining());
        // the split is under way on its own thread: nothing is made yet, nothing trains
        QCOMPARE(data.count(), 0);
        QVERIFY(!window.workspace()->trainData());
        QVERIFY(!window.trainingController()->isRunning());
        QVERIFY(!window.startTraining()); // one Train at a time
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(data.count(), 1);
        QVERIFY(window.workspace()->trainData());
        QVERIFY(window.workspace()->hasEmbeddings());
        // the same split again: made before, so training starts at once
        QVERIFY(window.startTraining());
        QVERIFY(window.trainingController()->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 20000);
    }

    void aBadSplitSaysWhyAndChangesNothing()
    {
        ui::MainWindow window;
        window.openDemo();
        core::SplitSpec spec = window.dataDock()->splitSettings();
        spec.kind = core::SplitSpec::Kind::TestFile;
        spec.testFile = "/no/such/u1.test";
        window.dataDock()->setSplitSettings(spec);
        QSignalSpy failed(&window, &ui::MainWindow::splitFailed);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("/no/such/u1.test")),
                 qPrintable(failed.first().at(0).toString()));
        QVERIFY(!window.workspace()->trainData());
        QVERIFY(!window.trainingController()->isRunning());
    }

    // Attributes opened while the split runs: its features would be the old ones, so it is dropped.
    void replacedAttributesDropTheSplitUnderWay()
    {
        ui::Workspace workspace;
        ui::SplitJob job;
        QSignalSpy finished(&job, &ui::SplitJob::finished);
        QSignalSpy failed(&job, &ui::SplitJob::failed);
        workspace.setDataset(core::generateDemo({}));
        QVERIFY(job.start(workspace.dataset(), workspace.sides(), core::SplitSpec {}));
        QVERIFY(job.isBusy());
        QVERIFY(job.discard());
        QVERIFY(!job.isBusy());
        QVERIFY(job.start(workspace.dataset(), workspace.sides(), core::SplitSpec {}));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(failed.count(), 0); // the dropped one said nothing
        const auto data = finished.first().at(0).value<std::shared_ptr<const core::TrainData>>();
        QVERIFY(data && !data->train.empty());
        QCOMPARE(data->itemFeatures.cols() > 0, true); // the demo's genres, from its metadata

        // the split of the open dataset with other item attributes encodes those
        auto table = std::make_shared<core::AttributeTable>(
            core::attributeTableFromRows("items.csv", { "colour" }, { { "1", { "red" } }, { "2", { "blue" } } }));
        workspace.setItemAttributes(table);
        QVERIFY(job.start(workspace.dataset(), workspace.sides(), core::SplitSpec {}));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        const auto recoded = finished.last().at(0).value<std::shared_ptr<const core::TrainData>>();
        QCOMPARE(recoded->itemFeatureEncoding, table->encoding.toText());
    }
};

QTEST_MAIN(TestSplitJob)
#include "tst_split_job.moc"
