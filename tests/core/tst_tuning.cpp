// SPDX-License-Identifier: MIT
// Tuning: grid parsing, reproducible random trials, a validation carve that stays inside the
// training part, and the best trial chosen by its validation score.
#include "core/training/tuning.h"
#include "tests/core/train_test_support.h"

#include <QtTest>

#include <cmath>
#include <set>
#include <tuple>

using namespace embex::core;

namespace {

TrainData demoSplit()
{
    DemoConfig demo;
    demo.users = 300;
    demo.items = 120;
    demo.types = 5;
    demo.ratingsPerUser = 20;
    return *embex::test::demoTrainData(demo, 0.2);
}

TuneSpec dotBiasSpec(const char* grid)
{
    TuneSpec spec;
    spec.base = defaultTrainConfig("dotbias");
    spec.base.epochs = 4;
    spec.base.dimension = 8;
    const GridParse parse = parseTuneGrid(grid, ModelKind::DotBias);
    if (!parse.ok())
        qFatal("bad grid in test: %s", parse.error.c_str());
    spec.grid = parse.grid;
    spec.metric = parseTuneMetric("rmse", ModelKind::DotBias, false).metric;
    return spec;
}

std::multiset<std::tuple<std::uint32_t, std::uint32_t, float>> rowsOf(const RatingsTable& t)
{
    std::multiset<std::tuple<std::uint32_t, std::uint32_t, float>> rows;
    for (std::size_t r = 0; r < t.size(); ++r)
        rows.emplace(t.users[r], t.items[r], t.ratings[r]);
    return rows;
}

} // namespace

class TestTuning : public QObject {
    Q_OBJECT

private slots:
    void parsesAGrid()
    {
        const GridParse parse = parseTuneGrid(" dim = 32,64,128 ; reg=0.02,0.05,0.1;", ModelKind::DotBias);
        QVERIFY2(parse.ok(), parse.error.c_str());
        QCOMPARE(parse.grid.axes.size(), std::size_t(2));
        QCOMPARE(parse.grid.axes[0].parameter->name, std::string_view("dim"));
        QCOMPARE(parse.grid.axes[0].values, (std::vector<double> { 32, 64, 128 }));
        QCOMPARE(parse.grid.axes[1].values, (std::vector<double> { 0.02, 0.05, 0.1 }));
        QCOMPARE(parse.grid.size(), std::size_t(9));
        const GridParse single = parseTuneGrid("reg=0.05", ModelKind::DotBias);
        QVERIFY(single.ok());
        QCOMPARE(tuneTrialSettings(single.grid, 0, 1).size(), std::size_t(1));
    }

    void refusesBadGrids_data()
    {
        QTest::addColumn<QString>("grid");
        QTest::addColumn<int>("model");
        QTest::addColumn<QString>("says");
        const int dotbias = int(ModelKind::DotBias), als = int(ModelKind::Als);
        QTest::addRow("unknown parameter")
            << "depth=2" << dotbias << "unknown parameter 'depth' for dotbias: it takes dim";
        QTest::addRow("not for this model") << "lr=0.1" << als << "unknown parameter 'lr' for als";
        QTest::addRow("empty value list") << "dim=32;reg=" << dotbias << "'reg' has no values";
        QTest::addRow("only commas") << "reg=,," << dotbias << "'reg' has no values";
        QTest::addRow("no equals") << "dim 32" << dotbias << "has no '='";
        QTest::addRow("not a number") << "reg=0.1,big" << dotbias << "'big' is not a number";
        QTest::addRow("fractional dimension") << "dim=12.5" << dotbias << "not a whole number";
        QTest::addRow("zero dimension") << "dim=0" << dotbias << "not a whole number";
        QTest::addRow("negative") << "reg=-1" << dotbias << "not a number ≥ 0";
        QTest::addRow("twice") << "reg=1;reg=2" << dotbias << "appears twice";
        QTest::addRow("empty") << " " << dotbias << "the grid is empty";
    }
    void refusesBadGrids()
    {
        QFETCH(QString, grid);
        QFETCH(int, model);
        QFETCH(QString, says);
        const GridParse parse = parseTuneGrid(grid.toStdString(), static_cast<ModelKind>(model));
        QVERIFY(!parse.ok());
        QVERIFY2(QString::fromStdString(parse.error).contains(says), parse.error.c_str());
    }

    void namesMetricsTheModelReports()
    {
        QCOMPARE(parseTuneMetric("", ModelKind::DotBias, false).metric.key, std::string("rmse"));
        QVERIFY(parseTuneMetric("rmse", ModelKind::DotBias, false).metric.isLowerBetter);
        const MetricParse ndcg = parseTuneMetric("ndcg@10", ModelKind::Softmax, false);
        QVERIFY(ndcg.ok());
        QCOMPARE(ndcg.metric.key, std::string("ndcg_at_10"));
        QVERIFY(!ndcg.metric.isLowerBetter);
        QCOMPARE(parseTuneMetric("", ModelKind::Autoencoder, false).metric.key, std::string("precision_at_10"));
        QVERIFY(parseTuneMetric("precision@10", ModelKind::DotBias, false).ok()); // rating models rank too
        const MetricParse rmse = parseTuneMetric("rmse", ModelKind::Softmax, false);
        QVERIFY(!rmse.ok());
        QVERIFY2(rmse.error.find("precision@10") != std::string::npos, rmse.error.c_str());
        QVERIFY(!parseTuneMetric("ndcg@5", ModelKind::Softmax, false).ok());
        QVERIFY(!parseTuneMetric("auc", ModelKind::DotBias, false).ok());
    }

    void randomTrialsAreReproducible()
    {
        const TuneGrid grid = parseTuneGrid("dim=8,16,32,64;reg=0,0.01,0.1;lr=0.001,0.01", ModelKind::DotBias).grid;
        const auto all = tuneTrialSettings(grid, 0, 1);
        QCOMPARE(all.size(), std::size_t(24));
        QCOMPARE(std::set(all.begin(), all.end()).size(), std::size_t(24));
        const auto a = tuneTrialSettings(grid, 5, 7), b = tuneTrialSettings(grid, 5, 7);
        QCOMPARE(a.size(), std::size_t(5));
        QCOMPARE(a, b);
        QCOMPARE(std::set(a.begin(), a.end()).size(), std::size_t(5)); // no repeats
        for (const auto& row : a)
            QVERIFY(std::find(all.begin(), all.end(), row) != all.end());
        QVERIFY(tuneTrialSettings(grid, 5, 8) != a);
        QCOMPARE(tuneTrialSettings(grid, 100, 7).size(), std::size_t(24)); // more than the grid: all of it
    }

    void carveStaysInsideTheTrainingPart()
    {
        const TrainData data = demoSplit();
        for (const bool ranking : { false, true }) {
            const Split carve = carveValidation(data.train, ranking, 42);
            QVERIFY(!carve.test.empty());
            auto joined = rowsOf(carve.train);
            joined.merge(rowsOf(carve.test));
            QVERIFY(joined == rowsOf(data.train));
        }
    }

    void trialsNeverReadTheTestPart()
    {
        const TrainData data = demoSplit();
        TrainData poisoned = data;
        for (float& r : poisoned.validation.ratings)
            r = r > 3 ? 1.0f : 5.0f; // the test part turned upside down
        const TuneSpec spec = dotBiasSpec("reg=0.01,0.1");
        const TuneOutcome clean = tune(data, spec), upsideDown = tune(poisoned, spec);
        QCOMPARE(clean.trials.size(), std::size_t(2));
        for (std::size_t t = 0; t < clean.trials.size(); ++t)
            QCOMPARE(clean.trials[t].value, upsideDown.trials[t].value);
        QCOMPARE(clean.best, upsideDown.best);
        QVERIFY(clean.test.at("rmse") < upsideDown.test.at("rmse")); // only the final test read it
    }

    void bestTrialHasTheBestValidationScore()
    {
        const TrainData data = demoSplit();
        // ALS with reg = 1000 shrinks every factor and bias to nothing: on the demo's planted types
        // it predicts the mean and is clearly worse than reg = 0.1.
        TuneSpec spec;
        spec.base = defaultTrainConfig("als");
        spec.base.epochs = 4;
        spec.grid = parseTuneGrid("reg=1000,0.1;dim=2,8", ModelKind::Als).grid;
        spec.metric = parseTuneMetric("rmse", ModelKind::Als, false).metric;
        std::vector<int> finished;
        TuneCallbacks callbacks;
        callbacks.trialFinished = [&](const TuneTrial& t) { finished.push_back(t.index); };
        const TuneOutcome outcome = tune(data, spec, callbacks);
        QCOMPARE(outcome.status, TuneOutcome::Status::Finished);
        QCOMPARE(finished, (std::vector<int> { 0, 1, 2, 3 }));
        QVERIFY(outcome.best >= 0);
        const TuneTrial& best = outcome.trials[std::size_t(outcome.best)];
        for (const TuneTrial& t : outcome.trials)
            QVERIFY(best.value <= t.value);
        QCOMPARE(best.values[0], 0.1);
        QCOMPARE(best.value, best.validation.at("rmse"));
        QVERIFY(outcome.final.snapshot);
        QCOMPARE(outcome.finalConfig.regularization, 0.1);
        QVERIFY(std::isfinite(outcome.test.at("rmse")));
    }

    void rankingMetricForARatingModel()
    {
        TuneSpec spec = dotBiasSpec("dim=4");
        spec.metric = parseTuneMetric("ndcg@10", ModelKind::DotBias, false).metric;
        const TuneOutcome outcome = tune(demoSplit(), spec);
        QCOMPARE(outcome.best, 0);
        QVERIFY(std::isfinite(outcome.trials[0].value));
        QVERIFY(outcome.test.contains("ndcg_at_10"));
    }

    void stopKeepsFinishedTrials()
    {
        std::stop_source stop;
        TuneCallbacks callbacks;
        callbacks.trialFinished = [&](const TuneTrial& t) {
            if (t.index == 1)
                stop.request_stop();
        };
        const TuneOutcome outcome = tune(demoSplit(), dotBiasSpec("reg=0.01,0.02,0.05,0.1"), callbacks,
                                         stop.get_token());
        QCOMPARE(outcome.status, TuneOutcome::Status::Stopped);
        QCOMPARE(outcome.trials.size(), std::size_t(2));
        QVERIFY(!outcome.final.snapshot);
        QVERIFY(outcome.test.empty());
    }
};

QTEST_APPLESS_MAIN(TestTuning)
#include "tst_tuning.moc"
