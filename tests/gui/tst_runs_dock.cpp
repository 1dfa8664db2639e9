// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"
#include "core/optim/user_items.h"
#include "core/training/evaluation.h"
#include "tests/support/gui_training.h"
#include "ui/data/data_dock.h"
#include "ui/data/workspace.h"
#include "ui/neighbours/id_mapping_dock.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/runs/runs_dock.h"
#include "ui/runs/runs_model.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"
#include "ui/window/main_window.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

QString cell(const ui::RunsModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class TestRunsDock : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void anotherModelSeedTrainsOnTheSameSplit()
    {
        ui::MainWindow window;
        QAbstractItemModelTester tester(window.runsDock()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(test::trainDemoDotBias(window));
        const auto firstSplit = window.workspace()->trainData();
        QVERIFY(test::trainAgain(window, 7));
        const ui::Workspace& workspace = *window.workspace();
        QCOMPARE(workspace.runs().size(), std::size_t { 2 });
        QCOMPARE(window.runsDock()->model()->rowCount(), 2);
        QCOMPARE(workspace.runs()[0].split, workspace.runs()[1].split);
        QVERIFY(!workspace.runs()[0].split.empty());
        QCOMPARE(workspace.trainData(), firstSplit); // the same ratings object: trained and tested alike
        QCOMPARE(workspace.activeRun(), 1);
        QVERIFY(workspace.runs()[0].snapshot != workspace.runs()[1].snapshot);
        QVERIFY(workspace.runs()[1].seconds > 0);
        QCOMPARE(QString::fromStdString(workspace.runs()[1].outcome), QStringLiteral("finished"));
        const ui::RunsModel& model = *window.runsDock()->model();
        QCOMPARE(cell(model, 0, ui::RunsModel::Name), QStringLiteral("dotbias 1"));
        QCOMPARE(cell(model, 1, ui::RunsModel::Name), QStringLiteral("dotbias 2"));
        QCOMPARE(cell(model, 1, ui::RunsModel::Dimension), QStringLiteral("8"));
        QVERIFY(!cell(model, 1, ui::RunsModel::Rmse).isEmpty());
        QVERIFY(cell(model, 0, ui::RunsModel::Split).isEmpty());
        QVERIFY(cell(model, 1, ui::RunsModel::Split).isEmpty());
        QVERIFY(window.runsDock()->table()->isColumnHidden(ui::RunsModel::Split)); // nothing to warn of
    }

    void otherSplitSettingsMakeANewSplitAndSaySo()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        const auto firstSplit = window.workspace()->trainData();
        core::SplitSpec split = window.dataDock()->splitSettings();
        split.seed += 1;
        window.dataDock()->setSplitSettings(split);
        QVERIFY(test::trainAgain(window, core::TrainConfig {}.seed));
        const ui::Workspace& workspace = *window.workspace();
        QVERIFY(workspace.trainData() != firstSplit);
        QVERIFY(workspace.runs()[0].split != workspace.runs()[1].split);
        const ui::RunsModel& model = *window.runsDock()->model();
        QCOMPARE(cell(model, 0, ui::RunsModel::Split), QStringLiteral("other split")); // the open run is run 2
        QVERIFY(!window.runsDock()->table()->isColumnHidden(ui::RunsModel::Split));
        QVERIFY(cell(model, 1, ui::RunsModel::Split).isEmpty());
        QVERIFY(model.data(model.index(0, ui::RunsModel::Split), Qt::ToolTipRole)
                    .toString()
                    .contains(QString::fromStdString(workspace.runs()[0].split)));
    }

    void choosingARunShowsItsVectorsEverywhere()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        ui::Workspace& workspace = *window.workspace();
        workspace.selectItem(3);
        QSignalSpy projected(&window, &ui::MainWindow::projectionUpdated);
        QVERIFY(window.runsDock()->chooseRun(0));
        const auto& first = workspace.runs()[0].snapshot;
        QCOMPARE(workspace.snapshot(), first);
        QCOMPARE(workspace.activeRun(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(projected.count() > 0, 20000); // the map draws the chosen run
        // the neighbours listed are run 1's
        const std::vector<int>& all = workspace.itemCounts().all;
        const core::NeighborIndex index(first, std::vector<std::uint32_t>(all.begin(), all.end()));
        core::NeighborQuery query;
        query.minRatings = static_cast<std::uint32_t>(window.neighboursDock()->minRatings());
        const auto expected = index.neighbours(3, query);
        const auto& rows = window.neighboursDock()->model()->rows();
        QCOMPARE(rows.size(), expected.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            QCOMPARE(rows[i].item, static_cast<int>(expected[i].item));
        // the id mapping shows the selected item's vector of run 1
        const auto* vector = window.idMappingDock()->findChild<QPlainTextEdit*>();
        QVERIFY(vector);
        QVERIFY2(vector->toPlainText().contains(QString::number(first->itemEmbeddings()(3, 0), 'f', 4)),
                 qPrintable(vector->toPlainText()));
        QCOMPARE(window.trainingPlot()->epochPointCount(), static_cast<int>(workspace.runs()[0].history.size()));
    }

    void runsAreRenamedAndDeleted()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        QVERIFY(test::trainAgain(window, 8));
        ui::Workspace& workspace = *window.workspace();
        ui::RunsModel& model = *window.runsDock()->model();
        QVERIFY(model.setData(model.index(0, ui::RunsModel::Name), QStringLiteral("baseline"), Qt::EditRole));
        QCOMPARE(workspace.runs()[0].name, std::string("baseline"));
        QVERIFY(!model.setData(model.index(0, ui::RunsModel::Name), QStringLiteral("  "), Qt::EditRole));
        QCOMPARE(workspace.runs()[0].name, std::string("baseline"));

        const auto open = workspace.runs()[2].snapshot; // the open run
        window.runsDock()->deleteRun(0);                // not the open one: nothing else changes
        QCOMPARE(workspace.runs().size(), std::size_t { 2 });
        QCOMPARE(workspace.snapshot(), open);
        QCOMPARE(workspace.activeRun(), 1);
        const auto remaining = workspace.runs()[0].snapshot;
        window.runsDock()->deleteRun(1); // the open one: another opens
        QCOMPARE(workspace.runs().size(), std::size_t { 1 });
        QCOMPARE(workspace.activeRun(), 0);
        QCOMPARE(workspace.snapshot(), remaining);
        QCOMPARE(model.rowCount(), 1);
        // a new run after deletes does not take a name that is still there
        QVERIFY(test::trainAgain(window, 9));
        QVERIFY(workspace.runs()[0].name != workspace.runs()[1].name);
    }

    void theTableExportsAsCsv()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        ui::Workspace& workspace = *window.workspace();
        workspace.renameRun(0, "dot, \"small\"");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runs.csv"));
        QString error;
        QVERIFY2(window.runsDock()->exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        const QStringList header = lines[0].split(u',');
        QCOMPARE(header.first(), QStringLiteral("name"));
        QVERIFY(header.contains(QStringLiteral("rmse")));
        QVERIFY(header.contains(QStringLiteral("split")));
        QVERIFY2(lines[1].startsWith(QStringLiteral("\"dot, \"\"small\"\"\",dotbias,8,3,")), qPrintable(lines[1]));
        QVERIFY(lines[2].startsWith(QStringLiteral("dotbias 2,dotbias,8,3,")));
        // the RMSE field is the run's last validation RMSE
        const double rmse = workspace.runs()[1].finalMetrics().at("rmse");
        const QStringList fields = lines[2].split(u',');
        QCOMPARE(fields.size(), header.size());
        QCOMPARE(fields[header.indexOf(QStringLiteral("rmse"))].toDouble(), std::round(rmse * 1e6) / 1e6);
        QCOMPARE(fields[header.indexOf(QStringLiteral("same_split_as_open"))], QStringLiteral("yes"));
    }

    void checkedRunsOverlayTheirCurves()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        ui::RunsModel& model = *window.runsDock()->model();
        QVERIFY(window.trainingPlot()->overlayGraphs().empty());
        model.setChecked(0, true);
        model.setChecked(1, true);
        const auto& graphs = window.trainingPlot()->overlayGraphs();
        QCOMPARE(graphs.size(), std::size_t { 2 });
        QCOMPARE(graphs[0]->name(), QStringLiteral("dotbias 1"));
        QCOMPARE(graphs[1]->name(), QStringLiteral("dotbias 2"));
        QCOMPARE(graphs[0]->dataCount(), 3);
        QCOMPARE(graphs[0]->data()->at(2)->value, window.workspace()->runs()[0].history[2].validationLoss);
        QVERIFY(graphs[0]->pen().color() != graphs[1]->pen().color());
        model.setChecked(0, false);
        QCOMPARE(window.trainingPlot()->overlayGraphs().size(), std::size_t { 1 });
        window.runsDock()->deleteRun(1); // a deleted run's curve goes with it
        QVERIFY(window.trainingPlot()->overlayGraphs().empty());
    }

    void aRunAgreesWithItsTwinCompletely()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        // the same seed on the same split: the same weights, so the same neighbours everywhere
        QVERIFY(test::trainAgain(window, window.modelDock()->config().seed));
        ui::RunsDock& dock = *window.runsDock();
        QCOMPARE(dock.comparedRun(), 0);
        QSignalSpy updated(&dock, &ui::RunsDock::agreementUpdated);
        QTRY_VERIFY_WITH_TIMEOUT(!dock.isComputingAgreement(), 20000);
        QVERIFY2(dock.agreement().has_value(), qPrintable(dock.agreementText()));
        QCOMPARE(dock.agreement()->meanOverlap, 1.0);
        QVERIFY(dock.agreementText().contains(QStringLiteral("1.00")));
        window.workspace()->selectItem(5);
        QVERIFY2(dock.itemAgreementText().contains(QStringLiteral("10 of 10")), qPrintable(dock.itemAgreementText()));
        QCOMPARE(dock.itemComparison()->rowCount(), 10);

        // another seed places items otherwise
        QVERIFY(test::trainAgain(window, 99));
        dock.setComparedRun(0);
        QTRY_VERIFY_WITH_TIMEOUT(!dock.isComputingAgreement() && dock.agreement().has_value(), 20000);
        QVERIFY2(dock.agreement()->meanOverlap < 1.0, qPrintable(dock.agreementText()));
        QVERIFY(!dock.itemAgreementText().contains(QStringLiteral("10 of 10")));
    }

    void rankingRunsStandBesideThePopularBaseline()
    {
        ui::MainWindow window;
        window.openDemo();
        core::TrainConfig config = core::defaultTrainConfig("softmax");
        config.epochs = 2;
        config.dimension = 8;
        window.modelDock()->setConfig(config);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const ui::RunsModel& model = *window.runsDock()->model();
        QVERIFY(model.isRanking(0));
        const std::string split = window.workspace()->runs()[0].split;
        QTRY_VERIFY_WITH_TIMEOUT(model.hasBaseline(split), 20000);
        const auto& data = *window.workspace()->trainData();
        const core::RankingMetrics popular = core::popularityMetrics(core::UserItems(data.train, data.userCount),
                                                                     core::UserItems(data.validation, data.userCount),
                                                                     data.itemCount, 10);
        QCOMPARE(model.data(model.index(0, ui::RunsModel::Popular), ui::RunsModel::SortRole).toDouble(),
                 popular.precision);
        QVERIFY(!cell(model, 0, ui::RunsModel::Precision).isEmpty());
        QVERIFY(cell(model, 0, ui::RunsModel::Rmse).isEmpty());
        QVERIFY(window.runsDock()->table()->isColumnHidden(ui::RunsModel::Rmse));
        QVERIFY(!window.runsDock()->table()->isColumnHidden(ui::RunsModel::Popular));
    }

    void sessionsCarryEveryRun()
    {
        core::Session session;
        {
            ui::MainWindow window;
            QVERIFY(test::trainDemoDotBias(window));
            QVERIFY(test::trainAgain(window, 7));
            QVERIFY(test::trainAgain(window, 8));
            window.runsDock()->chooseRun(1);
            window.workspace()->renameRun(2, "third");
            session = window.workspace()->sessionParts().build();
        }
        QCOMPARE(session.runs.size(), std::size_t { 3 });
        QCOMPARE(session.activeRun, std::size_t { 1 });
        QCOMPARE(session.runs[1].snapshot, session.snapshot);
        QCOMPARE(session.runs[2].name, std::string("third"));
        QCOMPARE(session.history.size(), session.runs[1].history.size());

        // through the file and back, as File ▸ Save session and Open do
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("three.embex")).toStdString();
        QVERIFY(!core::saveSession(session, path));
        core::SessionLoadOutcome reopened = core::loadSession(path);
        QVERIFY(reopened.ok());
        QCOMPARE(reopened.session->runs.size(), std::size_t { 3 });
        QCOMPARE(reopened.session->activeRun, std::size_t { 1 });
        QCOMPARE(reopened.session->runs[2].name, std::string("third"));
        QCOMPARE(reopened.session->runs[0].split, session.runs[0].split);
        QVERIFY(
            reopened.session->runs[2].snapshot->itemEmbeddings().isApprox(session.runs[2].snapshot->itemEmbeddings()));
        session = std::move(*reopened.session);

        session.activeRun = 2;
        session.snapshot = session.runs[2].snapshot;
        session.history = session.runs[2].history;
        ui::MainWindow window;
        window.adoptSession(session, QStringLiteral("three.embex"));
        QCOMPARE(window.runsDock()->model()->rowCount(), 3);
        QCOMPARE(window.workspace()->activeRun(), 2);
        QCOMPARE(window.workspace()->snapshot(), session.runs[2].snapshot);
        QCOMPARE(window.runsDock()->model()->data(window.runsDock()->model()->index(2, 0)).toString(),
                 QStringLiteral("third"));
        QCOMPARE(window.trainingPlot()->epochPointCount(), 3);
        // a session without runs (an older file, imported vectors) is one run
        core::Session single { session.dataset, session.runs[0].snapshot, session.runs[0].history };
        window.adoptSession(single, QStringLiteral("old.embex"));
        QCOMPARE(window.workspace()->runs().size(), std::size_t { 1 });
        QCOMPARE(window.workspace()->activeRun(), 0);
        QCOMPARE(window.workspace()->snapshot(), session.runs[0].snapshot);
    }
};

QTEST_MAIN(TestRunsDock)
#include "tst_runs_dock.moc"
