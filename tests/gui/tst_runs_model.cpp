// SPDX-License-Identifier: MIT
// The Runs table's ranking columns: NDCG@10, coverage, Gini and novelty from each run's figures.
#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "core/io/session_file.h"
#include "core/training/training_run.h"
#include "ui/data/workspace.h"
#include "ui/runs/runs_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace embex;

class TestRunsModel : public QObject {
    Q_OBJECT
private slots:
    // A ranking model's run carries the trainer's figures at k = 10; a rating model's has none.
    void rankingColumnsShowTheRunsFigures()
    {
        core::DemoConfig demo;
        demo.users = 120;
        demo.items = 60;
        demo.ratingsPerUser = 15;
        const std::shared_ptr<const core::Dataset> dataset = core::generateDemo(demo);
        core::SplitSpec spec;
        spec.kind = core::SplitSpec::Kind::PerUser;
        spec.perUserCount = 3;
        const auto data = core::splitForTraining(*dataset, spec).data;
        core::Session session { dataset, nullptr, {} };
        for (const char* model : { "autoencoder", "dotbias" }) {
            core::TrainConfig config = core::defaultTrainConfig(model);
            config.epochs = 2;
            config.dimension = 8;
            session.runs.push_back(
                core::makeTrainingRun(model, core::train(*data, config), core::splitLabel(spec), 1.0));
        }
        session.snapshot = session.runs.back().snapshot;
        session.activeRun = 1;

        ui::Workspace workspace;
        workspace.setDataset(dataset);
        ui::RunsModel model(&workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        workspace.adoptRuns(session);
        QCOMPARE(model.rowCount(), 2);

        const auto figures = session.runs[0].finalMetrics();
        const std::pair<ui::RunsModel::Column, const char*> columns[] = {
            { ui::RunsModel::Ndcg, "ndcg_at_10" },
            { ui::RunsModel::Coverage, "coverage_at_10" },
            { ui::RunsModel::Gini, "gini_at_10" },
            { ui::RunsModel::Novelty, "novelty_at_10" },
        };
        for (const auto& [column, key] : columns) {
            QVERIFY2(figures.count(key), key);
            QCOMPARE(model.data(model.index(0, column), ui::RunsModel::SortRole).toDouble(), figures.at(key));
            QVERIFY(!model.data(model.index(0, column)).toString().isEmpty());
            QVERIFY(model.data(model.index(1, column)).toString().isEmpty()); // dot+bias: RMSE only
            QVERIFY(model.hasValues(column));
            QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
        }
        QCOMPARE(model.headerData(ui::RunsModel::Ndcg, Qt::Horizontal).toString(), QStringLiteral("NDCG@10"));
        const QStringList csv = model.toCsv().split(QStringLiteral("\r\n"));
        const QStringList header = csv.at(0).split(u',');
        const qsizetype at = header.indexOf(QStringLiteral("gini_at_10"));
        QVERIFY(at > 0);
        QVERIFY(std::abs(csv.at(1).split(u',').at(at).toDouble() - figures.at("gini_at_10")) < 1e-6); // 6 decimals
        QVERIFY(csv.at(2).split(u',').at(at).isEmpty());
    }
};

QTEST_MAIN(TestRunsModel)
#include "tst_runs_model.moc"
