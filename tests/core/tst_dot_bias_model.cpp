// SPDX-License-Identifier: MIT
#include "core/models/dot_bias_model.h"
#include "core/models/scorer.h"
#include "core/training/evaluation.h"
#include "train_test_support.h"

#include <QtTest>

using namespace embex;

class TestDotBiasModel : public QObject {
    Q_OBJECT

private slots:
    void gradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<bool>("squash");
        QTest::addRow("linear") << false;
        QTest::addRow("y-range sigmoid") << true;
    }
    void gradientMatchesFiniteDifferences()
    {
        QFETCH(bool, squash);
        auto data = test::demoTrainData({ 30, 20, 4, 8, false, 3 });
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.dimension = 5;
        config.regularization = 0.03;
        config.biasRegularizationFactor = 0.5;
        config.initStd = 0.5;
        config.ySquash = squash;
        core::DotBiasModel model(*data, config);
        std::vector<std::uint32_t> batch(data->train.size());
        std::iota(batch.begin(), batch.end(), 0u);
        const double error = test::modelGradientError(model, batch);
        QVERIFY2(error < 1e-3, qPrintable(QStringLiteral("relative error %1").arg(error)));
    }

    void lossFallsWithEveryOptimizer_data()
    {
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<double>("learningRate");
        QTest::addRow("sgd") << "sgd" << 0.03;
        QTest::addRow("adam") << "adam" << 0.01;
        QTest::addRow("adagrad") << "adagrad" << 0.1;
    }
    void lossFallsWithEveryOptimizer()
    {
        QFETCH(QString, optimizer);
        QFETCH(double, learningRate);
        auto data = test::demoTrainData({}, 0.2);
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.optimizer = core::parseOptimizerKind(optimizer.toStdString());
        config.learningRate = learningRate;
        config.batchSize = 256;
        config.epochs = 10;
        config.initStd = 0.05; // the default tiny init needs the default 88 epochs to get going
        const core::TrainOutcome outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        QCOMPARE(outcome.history.size(), std::size_t(10));
        const auto& first = outcome.history.front();
        const auto& last = outcome.history.back();
        QVERIFY2(last.trainLoss < 0.8 * first.trainLoss && last.metrics.at("rmse") < first.metrics.at("rmse"),
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
        const core::TrainOutcome outcome = core::train(*data, core::defaultTrainConfig("dotbias"));
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        const double agreement = test::plantedTypeAgreement(outcome.snapshot->itemEmbeddings(), demo.types);
        QVERIFY2(agreement >= 0.9,
                 qPrintable(QStringLiteral("only %1 of items have 8 of 10 neighbours of their type").arg(agreement)));
    }

    // Likes from an implicit file (every rating 1), and 1-5 ratings read as likes (embex-cli
    // train --implicit): a positive's target is 1 in both, or 5s against 0s diverge at once.
    void implicitDataRanksAboveMostPopular_data()
    {
        QTest::addColumn<bool>("likesOnly");
        QTest::addColumn<QString>("optimizer");
        QTest::addRow("likes, sgd") << true << "sgd";
        QTest::addRow("ratings read as likes, sgd") << false << "sgd";
        QTest::addRow("ratings read as likes, adam") << false << "adam";
    }
    void implicitDataRanksAboveMostPopular()
    {
        QFETCH(bool, likesOnly);
        QFETCH(QString, optimizer);
        auto demo = core::generateDemo({ 400, 120, 6, 30, true, 8 });
        if (!likesOnly) // the same rated items with 1-5 ratings: which items, not the values, carry the types
            for (std::size_t r = 0; r < demo->ratings.size(); ++r)
                demo->ratings.ratings[r] = static_cast<float>(1 + r % 5);
        const core::Split split = core::perUserHoldout(demo->ratings, 3, core::HoldoutPick::Random, 5);
        core::TrainData data { split.train, split.test, demo->users.size(), demo->items.size(), 1, 1, true };
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 40;
        config.dimension = 16;
        config.initStd = 0.1;
        config.learningRate = 0.05;
        config.regularization = 0.01;
        config.optimizer = core::parseOptimizerKind(optimizer.toStdString());
        if (config.optimizer == core::OptimizerKind::Adam)
            config.learningRate = 0.01;
        const core::TrainOutcome outcome = core::train(data, config);
        QVERIFY2(outcome.status == core::TrainOutcome::Status::Finished, outcome.message.c_str());
        const core::RankingMetrics popular = core::popularityMetrics(core::UserItems(data.train, data.userCount),
                                                                     core::UserItems(data.validation, data.userCount),
                                                                     data.itemCount, 10);
        const double precision = outcome.history.back().metrics.at("precision_at_10");
        QVERIFY2(precision > 1.3 * popular.precision,
                 qPrintable(QStringLiteral("precision@10 %1, most popular %2").arg(precision).arg(popular.precision)));
    }

    void scorerMatchesPredict()
    {
        auto data = test::demoTrainData({ 50, 40, 4, 10, false, 9 });
        for (bool squash : { false, true }) {
            core::TrainConfig config = core::defaultTrainConfig("dotbias");
            config.ySquash = squash;
            config.epochs = 2;
            core::DotBiasModel model(*data, config);
            std::vector<std::uint32_t> all(data->train.size());
            std::iota(all.begin(), all.end(), 0u);
            model.trainBatch(all);
            auto scorer = core::makeScorer(model.snapshot(1));
            std::vector<float> scores(data->itemCount);
            scorer->scoreItems(3, {}, scores);
            for (std::uint32_t i = 0; i < data->itemCount; ++i)
                QVERIFY(std::abs(scores[i] - model.predict(3, i)) < 1e-4f);
        }
    }
};

QTEST_APPLESS_MAIN(TestDotBiasModel)
#include "tst_dot_bias_model.moc"
