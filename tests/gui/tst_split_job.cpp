// SPDX-License-Identifier: MIT
// Train splits the ratings on a job: the window stays live, a bad split says why, and data
// replaced meanwhile drops the split made from the old.
#include "core/data/attribute_table.h"
#include "core/data/demo_generator.h"
#include "core/data/timestamp.h"
#include "tests/support/gui_training.h"
#include "ui/data/data_dock.h"
#include "ui/data/split_job.h"
#include "ui/data/workspace.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <algorithm>

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

    // "Before a date" in the Data dock trains on everything before the date and validates on the rest.
    void beforeADateFromTheDataDock()
    {
        ui::MainWindow window;
        window.openDemo();
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 1;
        config.dimension = 4;
        window.modelDock()->setConfig(config);
        auto* radio = window.dataDock()->findChild<QRadioButton*>(QStringLiteral("splitBeforeTime"));
        auto* edit = window.dataDock()->findChild<QDateTimeEdit*>(QStringLiteral("splitBefore"));
        QVERIFY(radio && edit);
        QVERIFY(!edit->isEnabled());
        radio->click();
        QVERIFY(edit->isEnabled());
        const auto& times = window.workspace()->dataset()->ratings.timestamps;
        const auto [first, last] = std::minmax_element(times.begin(), times.end());
        const qint64 shown = edit->dateTime().toSecsSinceEpoch(); // starts inside the data's timeline
        QVERIFY(shown > *first && shown <= *last);
        const qint64 cut = (*first + (*last - *first) / 2) / 60 * 60;
        edit->setDateTime(QDateTime::fromSecsSinceEpoch(cut, Qt::UTC));
        QCOMPARE(window.dataDock()->splitSettings().kind, core::SplitSpec::Kind::BeforeTime);
        QCOMPARE(window.dataDock()->splitSettings().before, std::int64_t(cut));

        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const auto data = window.workspace()->trainData();
        QVERIFY(data && !data->train.empty() && !data->validation.empty());
        QCOMPARE(data->train.size() + data->validation.size(), times.size());
        QVERIFY(
            std::all_of(data->train.timestamps.begin(), data->train.timestamps.end(), [&](auto t) { return t < cut; }));
        QVERIFY(std::all_of(data->validation.timestamps.begin(), data->validation.timestamps.end(),
                            [&](auto t) { return t >= cut; }));

        // a date before the data: the split says so, naming the data's range
        const qint64 early = *first - 86400 * 30;
        edit->setDateTime(QDateTime::fromSecsSinceEpoch(early / 60 * 60, Qt::UTC));
        QSignalSpy failed(&window, &ui::MainWindow::splitFailed);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("no ratings before ")), qPrintable(message));
        QVERIFY2(
            message.contains(QStringLiteral("the data runs from ") + QString::fromStdString(core::formatDate(*first))),
            qPrintable(message));
    }

    // The per-user "latest" pick says that it leaks and, without timestamps, that it is random.
    void latestPickSaysWhatItDoes()
    {
        ui::Workspace workspace;
        ui::DataDock dock(&workspace);
        auto* pick = dock.findChild<QComboBox*>(QStringLiteral("holdoutPick"));
        QVERIFY(pick);
        QVERIFY2(pick->toolTip().contains(QStringLiteral("leaks")), qPrintable(pick->toolTip()));
        auto demo = core::generateDemo({});
        demo->ratings.timestamps.clear();
        workspace.setDataset(demo);
        QVERIFY2(pick->itemText(0).contains(QStringLiteral("no timestamps")), qPrintable(pick->itemText(0)));
        auto* times = dock.findChild<QLabel*>(QStringLiteral("timesLabel"));
        QVERIFY(times && times->text().contains(QStringLiteral("none")));
        workspace.setDataset(core::generateDemo({}));
        QCOMPARE(pick->itemText(0), QStringLiteral("latest by time"));
    }
};

QTEST_MAIN(TestSplitJob)
#include "tst_split_job.moc"
