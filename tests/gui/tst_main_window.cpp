// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"
#include "core/data/demo_generator.h"
#include "core/models/model_registry.h"
#include "tests/support/temp_files.h"
#include "ui/data/data_dock.h"
#include "ui/data/load_controller.h"
#include "ui/data/open_ratings_dialog.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"
#include "ui/window/main_window.h"
#include "ui/window/settings_store.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

constexpr int demoItems = 60;

std::vector<int> expectedNeighbours(const ui::Workspace& workspace, int item, int k, int minRatings)
{
    const std::vector<int>& counts = workspace.itemCounts().all;
    core::NeighborIndex index(workspace.snapshot(), std::vector<std::uint32_t>(counts.begin(), counts.end()));
    core::NeighborQuery query;
    query.k = k;
    query.minRatings = static_cast<std::uint32_t>(minRatings);
    std::vector<int> items;
    for (const core::Neighbour& n : index.neighbours(static_cast<std::uint32_t>(item), query))
        items.push_back(static_cast<int>(n.item));
    return items;
}

std::vector<int> listedItems(const ui::NeighboursModel& model)
{
    std::vector<int> items;
    for (const ui::NeighbourRow& row : model.rows())
        items.push_back(row.item);
    return items;
}

// The item whose nearest other point is farthest away on screen: a click there is unambiguous.
int mostIsolatedItem(const ui::EmbeddingMap& map, int itemCount)
{
    int best = 0;
    double bestGap = -1;
    for (int i = 0; i < itemCount; ++i) {
        double gap = 1e300;
        for (int j = 0; j < itemCount; ++j)
            if (j != i)
                gap = std::min(gap, QLineF(map.pixelOf(i), map.pixelOf(j)).length());
        if (gap > bestGap) {
            bestGap = gap;
            best = i;
        }
    }
    return best;
}

void setTinyConfig(ui::MainWindow& window, int epochs)
{
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.epochs = epochs;
    config.dimension = 8;
    config.batchSize = 256;
    window.modelDock()->setConfig(config);
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_csv;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_csv = m_dir.filePath(QStringLiteral("demo.csv"));
        const auto demo = core::generateDemo({ 240, demoItems, 4, 20, false, 3 });
        QCOMPARE(QString::fromStdString(core::writeDemoCsv(*demo, m_csv.toStdString())), QString());
    }

    void openTrainClickAndLookUp()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // the Open dialog's code path: detect, preview, hand back the options
        ui::OpenRatingsDialog dialog(m_csv, &window);
        QVERIFY(dialog.isDetected());
        QCOMPARE(dialog.format().delimiter, std::string(","));
        QVERIFY(dialog.format().hasHeader);
        QCOMPARE(dialog.format().ratingColumn, 2);
        QCOMPARE(dialog.preview()->rowCount(), 20);
        QSignalSpy loaded(&window, &ui::MainWindow::datasetLoaded);
        QVERIFY(window.loadRatings(m_csv, dialog.options()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QCOMPARE(window.workspace()->itemCount(), demoItems);
        QVERIFY(window.workspace()->hasTitles()); // demo.items.csv beside it was found

        setTinyConfig(window, 4);
        QSignalSpy epochs(window.trainingController(), &ui::TrainingController::epochFinished);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QSignalSpy projected(&window, &ui::MainWindow::projectionUpdated);
        QVERIFY(window.modelDock()->trainButton()->isEnabled());
        QTest::mouseClick(window.modelDock()->trainButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(epochs.count(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(projected.count() >= 1 && !window.isProjecting(), 10000);
        QVERIFY(window.trainingPlot()->batchPointCount() > 0);
        QCOMPARE(window.trainingPlot()->epochPointCount(), 4);
        QCOMPARE(window.map()->pointCount(), demoItems);
        QCOMPARE(window.map()->projection().epoch, 4);

        // click a point where it is drawn
        window.map()->plot()->replot();
        const int clicked = mostIsolatedItem(*window.map(), demoItems);
        QTest::mouseClick(window.map()->plot(), Qt::LeftButton, Qt::NoModifier, window.map()->pixelOf(clicked));
        QCOMPARE(window.workspace()->selectedItem(), clicked);
        ui::NeighboursModel* model = window.neighboursDock()->model();
        QCOMPARE(window.neighboursDock()->minRatings(), static_cast<int>(core::defaultNeighbourMinRatings));
        QCOMPARE(model->rowCount(), 10);
        QCOMPARE(listedItems(*model),
                 expectedNeighbours(*window.workspace(), clicked, 10, window.neighboursDock()->minRatings()));

        // type a raw id into the lookup
        const int typed = (clicked + demoItems / 2) % demoItems;
        QLineEdit* lookup = window.neighboursDock()->lookup();
        lookup->clear();
        QTest::keyClicks(lookup, window.workspace()->itemRawId(typed));
        QTest::keyClick(lookup, Qt::Key_Return);
        QCOMPARE(window.workspace()->selectedItem(), typed);
        QCOMPARE(listedItems(*model),
                 expectedNeighbours(*window.workspace(), typed, 10, window.neighboursDock()->minRatings()));

        // a title works as well as an id (the completer offers titles)
        const QString title = window.workspace()->itemTitle(clicked);
        lookup->clear();
        QTest::keyClicks(lookup, title);
        QTest::keyClick(lookup, Qt::Key_Return);
        QCOMPARE(window.workspace()->selectedItem(), clicked);

        // recommendations for a user leave out what they rated in training
        QLineEdit* user = window.neighboursDock()->userLookup();
        QTest::keyClicks(user, QStringLiteral("7"));
        QTest::keyClick(user, Qt::Key_Return);
        const auto& recommended = window.neighboursDock()->recommendationsModel()->rows();
        QCOMPARE(static_cast<int>(recommended.size()), 10);
        const auto rated = window.workspace()->trainItemsOfUser(*window.workspace()->findUser(QStringLiteral("7")));
        for (const ui::NeighbourRow& row : recommended)
            QVERIFY(std::find(rated.begin(), rated.end(), static_cast<std::uint32_t>(row.item)) == rated.end());
        QVERIFY(std::is_sorted(
            recommended.begin(), recommended.end(),
            [](const ui::NeighbourRow& a, const ui::NeighbourRow& b) { return a.similarity > b.similarity; }));

        // activating a row selects that item (and the map follows)
        QTableView* table = window.neighboursDock()->table();
        const int first = model->rows().front().item;
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, ui::NeighboursModel::Title));
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(window.workspace()->selectedItem(), first);
    }

    void saveAndExportWaitForAModel()
    {
        ui::MainWindow window;
        auto* save = window.findChild<QAction*>(QStringLiteral("saveSession"));
        auto* exportAction = window.findChild<QAction*>(QStringLiteral("exportEmbeddings"));
        QVERIFY(save && exportAction);
        QVERIFY(!save->isEnabled());
        QVERIFY(!exportAction->isEnabled());
        window.openDemo();
        QVERIFY(!save->isEnabled()); // a dataset but no model yet
        QVERIFY(!exportAction->isEnabled());
        setTinyConfig(window, 1);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QVERIFY(save->isEnabled());
        QVERIFY(exportAction->isEnabled());
        window.openDemo(); // a fresh dataset: its model is not trained
        QVERIFY(!save->isEnabled());
        QVERIFY(!exportAction->isEnabled());
    }

    void aLookupThatFindsNothingClearsTheList()
    {
        ui::MainWindow window;
        window.openDemo();
        setTinyConfig(window, 2);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        ui::NeighboursDock* dock = window.neighboursDock();
        QVERIFY(window.selectItem(QStringLiteral("5")));
        QVERIFY(dock->model()->rowCount() > 0);
        QVERIFY(!dock->neighbours().empty());
        QVERIFY(!window.selectItem(QStringLiteral("#no-such-item#")));
        QCOMPARE(dock->model()->rowCount(), 0);
        QVERIFY(dock->neighbours().empty());
        QCOMPARE(window.workspace()->selectedItem(), -1);
    }

    void aNewDatasetDiscardsTheRunningTraining()
    {
        // results of a run on the old dataset must not reach the new one's plot or map
        ui::MainWindow window;
        window.openDemo();
        setTinyConfig(window, 100000);
        QSignalSpy epochs(window.trainingController(), &ui::TrainingController::epochFinished);
        QSignalSpy running(window.trainingController(), &ui::TrainingController::runningChanged);
        QVERIFY(window.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        window.openDemo();
        QVERIFY(!window.trainingController()->isRunning());
        QCOMPARE(running.last().first().toBool(), false);
        const int seen = epochs.count();
        QTest::qWait(300);
        QCOMPARE(epochs.count(), seen);
        QVERIFY(!window.workspace()->snapshot());
        QCOMPARE(window.trainingPlot()->epochPointCount(), 0);
        QVERIFY(window.workspace()->history().empty());
        setTinyConfig(window, 2); // and a new run starts at once
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(window.workspace()->history().size(), std::size_t(2));
    }

    void stopTrainingGivesOneStoppedNoFailed()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDemo();
        setTinyConfig(window, 100000);
        QSignalSpy epochs(window.trainingController(), &ui::TrainingController::epochFinished);
        QSignalSpy stopped(window.trainingController(), &ui::TrainingController::stopped);
        QSignalSpy failed(window.trainingController(), &ui::TrainingController::failed);
        QVERIFY(window.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        QVERIFY(window.modelDock()->stopButton()->isEnabled());
        QTest::mouseClick(window.modelDock()->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
        QCOMPARE(failed.count(), 0);
        QVERIFY(window.modelDock()->trainButton()->isEnabled());
        QVERIFY(window.workspace()->hasEmbeddings());
    }

    // The keyboard path a person uses without the mouse: Ctrl+T trains, Ctrl+. stops, Ctrl+F finds.
    // The softmax's sampled negatives are a setting of that model only, kept with the others.
    void negativesFieldFollowsTheModel()
    {
        ui::ModelDock dock;
        auto* negatives = dock.findChild<QSpinBox*>(QStringLiteral("negatives"));
        QVERIFY(negatives);
        dock.setConfig(core::defaultTrainConfig("dotbias"));
        QVERIFY(!negatives->isEnabled());
        dock.setConfig(core::defaultTrainConfig("softmax"));
        QVERIFY(negatives->isEnabled());
        QCOMPARE(negatives->value(), core::defaultTrainConfig("softmax").negativeSamples);
        negatives->setValue(0); // exact softmax
        QCOMPARE(dock.config().negativeSamples, 0);
        negatives->setValue(256);
        QCOMPARE(dock.config().negativeSamples, 256);

        QSettings settings(m_dir.filePath(QStringLiteral("negatives.ini")), QSettings::IniFormat);
        ui::saveTrainConfig(settings, dock.config());
        QCOMPARE(ui::loadTrainConfig(settings, core::defaultTrainConfig("dotbias")).negativeSamples, 256);
    }

    // The model combo lists the registry's kinds with their labels, and each kind's row says
    // which settings apply: picking a kind in the combo enables exactly those.
    void modelDockFollowsTheRegistry()
    {
        ui::ModelDock dock;
        auto* kind = dock.findChild<QComboBox*>(QStringLiteral("modelKind"));
        auto* optimizer = dock.findChild<QComboBox*>(QStringLiteral("optimizer"));
        auto* learningRate = dock.findChild<QDoubleSpinBox*>(QStringLiteral("learningRate"));
        auto* negatives = dock.findChild<QSpinBox*>(QStringLiteral("negatives"));
        QVERIFY(kind && optimizer && learningRate && negatives);
        const auto rows = core::modelRegistry();
        QCOMPARE(kind->count(), static_cast<int>(rows.size()));
        for (int i = 0; i < kind->count(); ++i) {
            const core::ModelTraits& row = rows[static_cast<std::size_t>(i)];
            QCOMPARE(kind->itemText(i), QString::fromUtf8(row.label.data(), static_cast<qsizetype>(row.label.size())));
            kind->setCurrentIndex(i);
            emit kind->activated(i);
            QVERIFY(dock.config().model == row.kind);
            QCOMPARE(dock.config().epochs, core::defaultTrainConfig(row.kind).epochs);
            QCOMPARE(optimizer->isEnabled(), row.usesOptimizer);
            QCOMPARE(learningRate->isEnabled(), row.usesOptimizer);
            QCOMPARE(negatives->isEnabled(), row.usesNegatives);
        }
        // The optimizer combo lists the optimizer table, and what it shows is what trains.
        const auto optimizers = core::optimizerRegistry();
        QCOMPARE(optimizer->count(), static_cast<int>(optimizers.size()));
        for (int i = 0; i < optimizer->count(); ++i) {
            const core::OptimizerTraits& row = optimizers[static_cast<std::size_t>(i)];
            QCOMPARE(optimizer->itemText(i),
                     QString::fromUtf8(row.label.data(), static_cast<qsizetype>(row.label.size())));
            core::TrainConfig c = core::defaultTrainConfig(core::ModelKind::Mlp);
            c.optimizer = row.kind;
            dock.setConfig(c);
            QCOMPARE(optimizer->currentIndex(), i);
            QVERIFY(dock.config().optimizer == row.kind);
        }
    }

    // On likes, a model that cannot learn from them (the MLP) leaves Train disabled and says why
    // in the status line; picking another model enables Train and brings the last status back.
    void trainWaitsForAModelThatLearnsFromLikes()
    {
        ui::ModelDock dock;
        auto* kind = dock.findChild<QComboBox*>(QStringLiteral("modelKind"));
        auto* status = dock.findChild<QLabel*>(QStringLiteral("trainingStatus"));
        QVERIFY(kind && status);
        dock.setCanTrain(true);
        const QString lastRun = QStringLiteral("finished: 8 epochs");
        dock.setStatus(lastRun);
        for (bool implicit : { false, true }) {
            dock.setImplicitData(implicit);
            for (int i = 0; i < kind->count(); ++i) {
                kind->setCurrentIndex(i);
                emit kind->activated(i);
                const core::ModelTraits& row = core::modelRegistry()[static_cast<std::size_t>(i)];
                const bool refused = implicit && !row.learnsFromLikes;
                QCOMPARE(dock.trainButton()->isEnabled(), !refused);
                if (refused)
                    QVERIFY(status->text().contains(QStringLiteral("likes")) && !status->toolTip().isEmpty());
                else
                    QCOMPARE(status->text(), lastRun);
            }
        }
        QVERIFY(!core::traitsOf(core::ModelKind::Mlp).learnsFromLikes); // so the loop saw a refusal
    }

    // Picking a model sets the Threads box to every core where the thread count cannot change the
    // result, to 1 elsewhere, and the note beside it says which applies.
    void threadsBoxFollowsTheModel()
    {
        ui::ModelDock dock;
        auto* kind = dock.findChild<QComboBox*>(QStringLiteral("modelKind"));
        auto* threads = dock.findChild<QSpinBox*>(QStringLiteral("threads"));
        auto* note = dock.findChild<QLabel*>(QStringLiteral("threadsNote"));
        QVERIFY(kind && threads && note);
        QCOMPARE(threads->value(), std::max(1, QThread::idealThreadCount())); // dot+bias first
        QSet<QString> notes;
        for (int i = 0; i < kind->count(); ++i) {
            kind->setCurrentIndex(i);
            emit kind->activated(i);
            const core::ModelTraits& row = core::modelRegistry()[static_cast<std::size_t>(i)];
            QCOMPARE(threads->value(), row.isThreadInvariant ? std::max(1, QThread::idealThreadCount()) : 1);
            QCOMPARE(dock.config().threads, threads->value());
            QVERIFY(note->text().contains(row.isThreadInvariant ? QStringLiteral("all cores")
                                                                : QStringLiteral("1 thread")));
            notes.insert(note->text());
        }
        QCOMPARE(notes.size(), 2);
    }

    // The data dock shows which ratings a per-user holdout takes, starting from the core's default
    // (the CLI's too), and the choice survives a restart; settings from before keep their choice.
    void dataDockShowsThePerUserPick()
    {
        ui::Workspace workspace;
        ui::DataDock dock(&workspace);
        auto* pick = dock.findChild<QComboBox*>(QStringLiteral("holdoutPick"));
        QVERIFY(pick);
        QVERIFY(dock.splitSettings().pick == core::SplitSpec {}.pick);
        QVERIFY(dock.splitSettings().pick == core::HoldoutPick::Latest);
        core::SplitSpec spec;
        spec.kind = core::SplitSpec::Kind::PerUser;
        spec.perUserCount = 7;
        spec.pick = core::HoldoutPick::Random;
        dock.setSplitSettings(spec);
        QVERIFY(pick->isEnabled());
        QCOMPARE(pick->currentText(), QStringLiteral("at random"));
        QVERIFY(dock.splitSettings().pick == core::HoldoutPick::Random);
        QCOMPARE(dock.splitSettings().perUserCount, 7);

        QSettings settings(m_dir.filePath(QStringLiteral("split.ini")), QSettings::IniFormat);
        ui::saveSplitSettings(settings, dock.splitSettings());
        const core::SplitSpec loaded = ui::loadSplitSettings(settings);
        QVERIFY(loaded.kind == core::SplitSpec::Kind::PerUser);
        QVERIFY(loaded.pick == core::HoldoutPick::Random);

        QSettings old(m_dir.filePath(QStringLiteral("old-split.ini")), QSettings::IniFormat);
        old.setValue(QStringLiteral("split/kind"), 1); // PerUser in the old numbering
        old.setValue(QStringLiteral("split/byTime"), false);
        QVERIFY(ui::loadSplitSettings(old).kind == core::SplitSpec::Kind::PerUser);
        QVERIFY(ui::loadSplitSettings(old).pick == core::HoldoutPick::Random);
        old.setValue(QStringLiteral("split/byTime"), true);
        QVERIFY(ui::loadSplitSettings(old).pick == core::HoldoutPick::Latest);
    }

    // A sampled softmax's training loss is not the exact loss the validation curve shows: the
    // plot's summary line says which is which, and only for such a run.
    void plotSummaryNamesTheSampledLoss()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDemo();
        QTRY_VERIFY_WITH_TIMEOUT(window.modelDock()->trainButton()->isEnabled(), 10000);
        for (const int negatives : { 8, 0 }) {
            core::TrainConfig config = core::defaultTrainConfig("softmax");
            config.epochs = 1;
            config.dimension = 8;
            config.hiddenLayers = { 8 };
            config.negativeSamples = negatives;
            window.modelDock()->setConfig(config);
            QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
            QTest::mouseClick(window.modelDock()->trainButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
            const QString summary = window.trainingPlot()->summary();
            QVERIFY2(summary.startsWith(QStringLiteral("Epoch 1: training loss")) != (negatives > 0),
                     qPrintable(summary));
            QVERIFY2(summary.startsWith(QStringLiteral("Epoch 1: sampled training loss")) == (negatives > 0),
                     qPrintable(summary));
            QVERIFY2(summary.contains(QStringLiteral("exact validation loss")) == (negatives > 0), qPrintable(summary));
        }
    }

    void keyboardShortcutsTrainStopAndFind()
    {
        ui::MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openDemo();
        setTinyConfig(window, 100000);
        QSignalSpy epochs(window.trainingController(), &ui::TrainingController::epochFinished);
        QSignalSpy stopped(window.trainingController(), &ui::TrainingController::stopped);
        QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(epochs.count() >= 1, 20000);
        QTest::keyClick(&window, Qt::Key_Period, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
        QVERIFY(!window.neighboursDock()->lookup()->hasFocus());
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window.neighboursDock()->lookup()->hasFocus());
    }

    void failedLoadKeepsDatasetAndSaysWhy()
    {
        ui::MainWindow window;
        window.openDemo();
        const auto dataset = window.workspace()->dataset();
        const QString path = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("empty.csv"), "userId,itemId,rating\n"));
        QSignalSpy failed(&window, &ui::MainWindow::loadFailed);
        QVERIFY(window.loadRatings(path));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QCOMPARE(window.workspace()->dataset(), dataset);
        QVERIFY(window.noticeBar()->isVisibleTo(&window));
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("empty.csv")),
                 qPrintable(window.noticeBar()->text()));
    }

    void skippedRowsAreReportedWithLineNumbers()
    {
        ui::MainWindow window;
        QByteArray text = "userId,itemId,rating\n";
        for (int u = 1; u <= 6; ++u)
            for (int i = 1; i <= 5; ++i)
                text += QByteArray::number(u) + ',' + QByteArray::number(i) + ",3\n";
        text += "7,2,abc\n"; // line 32
        const QString path = QString::fromStdString(test::writeFile(m_dir, QStringLiteral("bad.csv"), text));
        QSignalSpy loaded(&window, &ui::MainWindow::datasetLoaded);
        QVERIFY(window.loadRatings(path));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QVERIFY(window.noticeBar()->isVisibleTo(&window));
        QVERIFY2(window.noticeBar()->details().join(QLatin1Char('\n')).contains(QStringLiteral(":32:")),
                 qPrintable(window.noticeBar()->details().join(QLatin1Char('\n'))));
        window.noticeBar()->dismiss();
        QVERIFY(!window.noticeBar()->isVisibleTo(&window));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
