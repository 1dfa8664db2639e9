// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "ui/data/workspace.h"
#include "ui/neighbours/id_mapping_model.h"
#include "ui/neighbours/neighbours_model.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace embex;

class TestTableModels : public QObject {
    Q_OBJECT

private slots:
    void neighboursModelFillsResetsAndSortsByNumber()
    {
        ui::NeighboursModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setRows({ { 4, QStringLiteral("5"), QStringLiteral("Five"), QStringLiteral("a"), 0.9, 100 },
                        { 9, QStringLiteral("10"), QStringLiteral("Ten"), QStringLiteral("b"), 0.5, 7 },
                        { 1, QStringLiteral("2"), QStringLiteral("Two"), QString(), 0.7, 30 } });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ui::NeighboursModel::ColumnCount));
        QCOMPARE(model.data(model.index(1, ui::NeighboursModel::Title)).toString(), QStringLiteral("Ten"));
        QCOMPARE(model.data(model.index(1, ui::NeighboursModel::Ratings), ui::NeighboursModel::SortRole).toInt(), 7);
        QCOMPARE(model.data(model.index(2, ui::NeighboursModel::Id), ui::NeighboursModel::ItemRole).toInt(), 1);

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ui::NeighboursModel::SortRole);
        proxy.sort(ui::NeighboursModel::Ratings, Qt::AscendingOrder); // 7 < 30 < 100 as numbers, not text
        QCOMPARE(proxy.data(proxy.index(0, ui::NeighboursModel::Title)).toString(), QStringLiteral("Ten"));
        QCOMPARE(proxy.data(proxy.index(2, ui::NeighboursModel::Title)).toString(), QStringLiteral("Five"));

        model.setScoreTitle(QStringLiteral("Score"));
        QCOMPARE(model.headerData(ui::NeighboursModel::Similarity, Qt::Horizontal).toString(), QStringLiteral("Score"));
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void idMappingModelFollowsDatasetAndSplit()
    {
        ui::Workspace workspace;
        ui::IdMappingModel items(&workspace, ui::IdMappingModel::Kind::Items);
        ui::IdMappingModel users(&workspace, ui::IdMappingModel::Kind::Users);
        QAbstractItemModelTester itemTester(&items, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester userTester(&users, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(items.rowCount(), 0);

        auto demo = core::generateDemo({ 50, 12, 3, 6, false, 5 });
        workspace.setDataset(demo);
        QCOMPARE(items.rowCount(), 12);
        QCOMPARE(users.rowCount(), 50);
        // row r is dense index r, and its raw id is what the IdMap says
        QCOMPARE(items.data(items.index(11, ui::IdMappingModel::RawId)).toString(), QStringLiteral("12"));
        QCOMPARE(items.data(items.index(11, ui::IdMappingModel::Row)).toInt(), 11);

        // put every rating of item 0 into validation: it becomes validation-only
        auto data = std::make_shared<core::TrainData>();
        data->userCount = demo->users.size();
        data->itemCount = demo->items.size();
        for (std::size_t r = 0; r < demo->ratings.size(); ++r) {
            core::RatingsTable& target = demo->ratings.items[r] == 0 ? data->validation : data->train;
            target.users.push_back(demo->ratings.users[r]);
            target.items.push_back(demo->ratings.items[r]);
            target.ratings.push_back(demo->ratings.ratings[r]);
        }
        QVERIFY(!data->validation.empty());
        workspace.setTrainData(data);
        QCOMPARE(items.data(items.index(0, ui::IdMappingModel::TrainRatings), ui::IdMappingModel::SortRole).toInt(), 0);
        QCOMPARE(items.data(items.index(0, ui::IdMappingModel::ValidationOnly), ui::IdMappingModel::SortRole).toInt(),
                 1);
        QCOMPARE(items.data(items.index(1, ui::IdMappingModel::ValidationOnly), ui::IdMappingModel::SortRole).toInt(),
                 0);

        workspace.setDataset(core::generateDemo({ 30, 8, 2, 4, false, 6 }));
        QCOMPARE(items.rowCount(), 8);
        QCOMPARE(users.rowCount(), 30);
    }
};

QTEST_MAIN(TestTableModels)
#include "tst_table_models.moc"
