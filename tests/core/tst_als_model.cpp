// SPDX-License-Identifier: MIT
#include "core/models/als_model.h"
#include "core/models/scorer.h"
#include "core/training/evaluation.h"
#include "train_test_support.h"

#include <QtTest>

using namespace embex;

class TestAlsModel : public QObject {
    Q_OBJECT

private slots:
    // ALS has no gradient step: each row solve must land where that row's objective is flat.
    void everySolvedRowIsAMinimum_data()
    {
        QTest::addColumn<bool>("implicit");
        QTest::addRow("explicit") << false;
        QTest::addRow("implicit") << true;
    }
    void everySolvedRowIsAMinimum()
    {
        QFETCH(bool, implicit);
        auto data = test::demoTrainData({ 40, 30, 4, 10, implicit, 3 });
        core::TrainConfig config = core::defaultTrainConfig("als");
        config.dimension = 5;
        core::AlsModel model(*data, config);
        model.beginEpoch(1);
        const auto rows = static_cast<std::uint32_t>(data->userCount + data->itemCount);
        std::vector<std::uint32_t> users(data->userCount), items(data->itemCount);
        std::iota(users.begin(), users.end(), 0u);
        std::iota(items.begin(), items.end(), static_cast<std::uint32_t>(data->userCount));
        // The check can fail: before its solve a user row (zero) is far from its minimum.
        QVERIFY(model.rowObjectiveGradient(7).norm() > 1e-2);
        model.trainBatch(users);
        for (std::uint32_t u : { 0u, 7u, 39u })
            QVERIFY2(model.rowObjectiveGradient(u).norm() < 1e-3,
                     qPrintable(QString::number(model.rowObjectiveGradient(u).norm())));
        model.trainBatch(items);
        for (std::uint32_t i : { 40u, 55u, rows - 1 })
            QVERIFY2(model.rowObjectiveGradient(i).norm() < 1e-3,
                     qPrintable(QString::number(model.rowObjectiveGradient(i).norm())));
        auto snapshot = model.snapshot(1);
        QVERIFY(snapshot->userEmbeddings()->allFinite());
    }

    void lossFallsAndValidationImproves()
    {
        auto data = test::demoTrainData({}, 0.2);
        core::TrainConfig config = core::defaultTrainConfig("als");
        config.epochs = 5;
        const core::TrainOutcome outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        const auto& first = outcome.history.front();
        const auto& last = outcome.history.back();
        QVERIFY2(last.trainLoss < first.trainLoss && last.metrics.at("rmse") < first.metrics.at("rmse"),
                 qPrintable(QStringLiteral("loss %1 → %2, rmse %3 → %4")
                                .arg(first.trainLoss)
                                .arg(last.trainLoss)
                                .arg(first.metrics.at("rmse"))
                                .arg(last.metrics.at("rmse"))));
    }

    void plantedTypesAreRecovered()
    {
        const core::DemoConfig demo;
        auto data = test::demoTrainData(demo);
        const core::TrainOutcome outcome = core::train(*data, core::defaultTrainConfig("als"));
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        const double agreement = test::plantedTypeAgreement(outcome.snapshot->itemEmbeddings(), demo.types);
        QVERIFY2(agreement >= 0.9,
                 qPrintable(QStringLiteral("only %1 of items have 8 of 10 neighbours of their type").arg(agreement)));
    }

    void threadsDoNotChangeTheResult()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = core::defaultTrainConfig("als");
        config.epochs = 2;
        config.dimension = 8;
        const auto one = core::train(*data, config);
        config.threads = 2;
        const auto two = core::train(*data, config);
        QVERIFY(one.snapshot->itemEmbeddings() == two.snapshot->itemEmbeddings());
    }

    void implicitAlsRanksAboveMostPopular()
    {
        auto demo = core::generateDemo({ 400, 120, 6, 30, true, 8 });
        const core::Split split = core::perUserHoldout(demo->ratings, 3, core::HoldoutPick::Random, 5);
        core::TrainData data { split.train, split.test, demo->users.size(), demo->items.size(), 1, 1, true };
        core::TrainConfig config = core::defaultTrainConfig("als");
        config.epochs = 5;
        config.dimension = 16;
        const auto outcome = core::train(data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        QCOMPARE(outcome.snapshot->hyperparameters.at("implicit"), std::string("true"));
        const core::RankingMetrics popular = core::popularityMetrics(core::UserItems(data.train, data.userCount),
                                                                     core::UserItems(data.validation, data.userCount),
                                                                     data.itemCount, 10);
        const double precision = outcome.history.back().metrics.at("precision_at_10");
        QVERIFY2(precision > 1.3 * popular.precision,
                 qPrintable(QStringLiteral("precision@10 %1, most popular %2").arg(precision).arg(popular.precision)));
    }
};

QTEST_APPLESS_MAIN(TestAlsModel)
#include "tst_als_model.moc"
