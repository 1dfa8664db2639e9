// SPDX-License-Identifier: MIT
// Softmax retrieval and the multi-hot autoencoder: gradients, learning, scorers, determinism.
#include "core/models/autoencoder_model.h"
#include "core/models/scorer.h"
#include "core/models/softmax_model.h"
#include "core/training/evaluation.h"
#include "train_test_support.h"

#include <QtTest>

using namespace embex;

namespace {

/// "softmax-sampled" is the softmax with fewer negatives than items, so it trains the sampled loss.
core::TrainConfig smallConfig(const QString& model)
{
    const bool sampled = model == QLatin1String("softmax-sampled");
    core::TrainConfig config = core::defaultTrainConfig(sampled ? "softmax" : model.toStdString());
    config.dimension = 16;
    config.hiddenLayers = { 16 };
    config.negativeSamples = sampled ? 24 : 0;
    if (config.model == core::ModelKind::Softmax)
        config.learningRate = 0.003; // the defaults' rate is for 30 epochs; these tests run a few
    return config;
}

} // namespace

class TestRankingModels : public QObject {
    Q_OBJECT

private slots:
    void softmaxGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("negatives");
        QTest::addRow("exact (0)") << 0;
        QTest::addRow("exact (negatives >= items)") << 15;
        QTest::addRow("sampled, 6 of 15 items") << 6;
        QTest::addRow("sampled, 14 draws of 15 items") << 14; // duplicates and accidental hits
    }
    void softmaxGradientMatchesFiniteDifferences()
    {
        QFETCH(int, negatives);
        auto data = test::demoTrainData({ 20, 15, 3, 6, false, 3 });
        core::TrainConfig config = smallConfig("softmax");
        config.dimension = 4;
        config.hiddenLayers = { 5 };
        config.regularization = 0.05;
        config.initStd = 0.5;
        config.negativeSamples = negatives;
        core::SoftmaxModel model(*data, config);
        QCOMPARE(model.negatives().size(), negatives > 0 && negatives < 15 ? std::size_t(negatives) : 0u);
        std::vector<std::uint32_t> batch(30);
        std::iota(batch.begin(), batch.end(), 0u);
        const double error = test::modelGradientError(model, batch);
        // softmax − one-hot is formed in float and cancels for the target: ~1e-3 relative noise;
        // a wrong term shows up as errors of order 1.
        QVERIFY2(error < 1e-2, qPrintable(QStringLiteral("relative error %1").arg(error)));
    }

    // Past 20,000 held-out ratings the softmax's exact validation loss is estimated from evenly
    // spaced ones: the estimate must stay close to the mean over all of them.
    void softmaxValidationLossEstimateIsCloseToTheFullMean()
    {
        auto demo = core::generateDemo({ 10000, 80, 5, 30, true, 4, true }); // Zipf: losses differ by item
        const core::Split split = core::randomHoldout(demo->ratings, 0.8, 3);
        core::TrainData data { split.train, split.test, demo->users.size(), demo->items.size(), 1, 1, true };
        // Sorted by item, so the first 20,000 would stand for a third of the catalogue only.
        std::vector<std::size_t> order(data.validation.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return data.validation.items[a] < data.validation.items[b];
        });
        core::RatingsTable sorted;
        for (std::size_t r : order) {
            sorted.users.push_back(data.validation.users[r]);
            sorted.items.push_back(data.validation.items[r]);
            sorted.ratings.push_back(data.validation.ratings[r]);
        }
        data.validation = sorted;
        QVERIFY(data.validation.size() > core::SoftmaxModel::maxValidationLossRows);
        core::TrainConfig config = smallConfig("softmax");
        config.initStd = 0.5; // a spread of per-rating losses, so a poor subset would show
        core::SoftmaxModel model(data, config);
        double full = 0;
        constexpr std::size_t part = 10000; // under the cap: each part is exact
        for (std::size_t start = 0; start < data.validation.size(); start += part) {
            const std::size_t end = std::min(data.validation.size(), start + part);
            core::RatingsTable slice;
            slice.users.assign(data.validation.users.begin() + static_cast<std::ptrdiff_t>(start),
                               data.validation.users.begin() + static_cast<std::ptrdiff_t>(end));
            slice.items.assign(data.validation.items.begin() + static_cast<std::ptrdiff_t>(start),
                               data.validation.items.begin() + static_cast<std::ptrdiff_t>(end));
            slice.ratings.assign(slice.users.size(), 1.0f);
            full += model.validationLoss(slice) * static_cast<double>(end - start);
        }
        full /= static_cast<double>(data.validation.size());
        const double estimate = model.validationLoss(data.validation);
        QVERIFY2(std::abs(estimate - full) < 0.01 * full,
                 qPrintable(QStringLiteral("estimate %1, full %2").arg(estimate).arg(full)));
    }

    void autoencoderGradientMatchesFiniteDifferences()
    {
        auto data = test::demoTrainData({ 20, 15, 3, 6, true, 3 });
        core::TrainConfig config = smallConfig("autoencoder");
        config.dimension = 4;
        config.hiddenLayers = { 5 };
        config.regularization = 0.05;
        config.initStd = 0.5;
        config.inputDropout = 0; // the check needs the same input on every evaluation
        core::AutoencoderModel model(*data, config);
        std::vector<std::uint32_t> users { 0, 3, 5, 8, 13, 19 };
        const double error = test::modelGradientError(model, users);
        QVERIFY2(error < 1e-3, qPrintable(QStringLiteral("relative error %1").arg(error)));
    }

    void learnsBetterThanMostPopular_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addRow("softmax") << "softmax";
        QTest::addRow("softmax, sampled") << "softmax-sampled";
        QTest::addRow("autoencoder") << "autoencoder";
    }
    void learnsBetterThanMostPopular()
    {
        QFETCH(QString, model);
        auto demo = core::generateDemo({ 400, 120, 6, 30, true, 8 });
        const core::Split split = core::perUserHoldout(demo->ratings, 3, core::HoldoutPick::Random, 5);
        core::TrainData data { split.train, split.test, demo->users.size(), demo->items.size(), 1, 1, true };
        core::TrainConfig config = smallConfig(model);
        const bool softmax = model.startsWith(QLatin1String("softmax"));
        // 24 negatives of 120 items carry less signal a step than all 120: more epochs
        config.epochs = model == QLatin1String("softmax-sampled") ? 10 : softmax ? 4 : 15;
        const core::TrainOutcome outcome = core::train(data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        QVERIFY(outcome.history.back().trainLoss < outcome.history.front().trainLoss);
        if (softmax)
            QVERIFY(std::isfinite(outcome.history.back().validationLoss));
        const core::RankingMetrics popular = core::popularityMetrics(core::UserItems(data.train, data.userCount),
                                                                     core::UserItems(data.validation, data.userCount),
                                                                     data.itemCount, 10);
        const double precision = outcome.history.back().metrics.at("precision_at_10");
        QVERIFY2(precision > 1.3 * popular.precision,
                 qPrintable(QStringLiteral("precision@10 %1, most popular %2").arg(precision).arg(popular.precision)));
    }

    void sameSeedGivesIdenticalWeights_data() { learnsBetterThanMostPopular_data(); }
    void sameSeedGivesIdenticalWeights()
    {
        QFETCH(QString, model);
        auto data = test::demoTrainData({ 100, 50, 4, 15, true, 4 });
        core::TrainConfig config = smallConfig(model);
        config.epochs = 2;
        for (int threads : { 1, 2 }) {
            config.threads = threads;
            const auto a = core::train(*data, config), b = core::train(*data, config);
            QVERIFY(a.snapshot->itemEmbeddings() == b.snapshot->itemEmbeddings());
        }
    }

    // With threads, each takes a slice of the batch's rows through the logits and their partial
    // candidate gradients are summed; the optimizer shares out the touched rows. The step must be
    // the one-thread step, up to rounding.
    void softmaxThreadsTakeTheSameStep_data()
    {
        QTest::addColumn<int>("negatives");
        QTest::addRow("exact") << 0;
        QTest::addRow("sampled") << 40;
    }
    void softmaxThreadsTakeTheSameStep()
    {
        QFETCH(int, negatives);
        auto data = test::demoTrainData({ 200, 120, 4, 20, true, 6 });
        core::TrainConfig config = smallConfig(QStringLiteral("softmax"));
        config.negativeSamples = negatives;
        std::vector<std::uint32_t> positions(600);
        std::iota(positions.begin(), positions.end(), 0u);
        std::vector<std::shared_ptr<core::EmbeddingSnapshot>> after;
        for (int threads : { 1, 2, 3 }) {
            config.threads = threads;
            core::SoftmaxModel model(*data, config);
            model.beginEpoch(1);
            for (int step = 0; step < 3; ++step)
                model.trainBatch(positions);
            after.push_back(model.snapshot(1));
        }
        core::SoftmaxModel untrained(*data, config);
        const auto before = untrained.snapshot(0);
        const std::string mismatch = test::threadedStepMismatch(*before, after);
        QVERIFY2(mismatch.empty(), mismatch.c_str());
    }

    // A threaded sampled batch copies the next batch's negatives' rows as it updates them. A write
    // to the tables from outside between two batches must reach the next step all the same.
    void softmaxGatheredRowsFollowOutsideWrites()
    {
        auto data = test::demoTrainData({ 200, 120, 4, 20, true, 6 });
        core::TrainConfig config = smallConfig(QStringLiteral("softmax-sampled"));
        std::vector<std::uint32_t> positions(600);
        std::iota(positions.begin(), positions.end(), 0u);
        std::vector<std::shared_ptr<core::EmbeddingSnapshot>> after;
        for (int threads : { 1, 2 }) {
            config.threads = threads;
            core::SoftmaxModel model(*data, config);
            model.beginEpoch(1);
            model.trainBatch(positions);
            QCOMPARE(model.hasGatheredAhead(), threads > 1);
            core::SparseTable* output = model.trainableTables()[1];
            QVERIFY(!model.hasGatheredAhead());
            output->value *= 0.5f;
            model.trainBatch(positions);
            after.push_back(model.snapshot(1));
        }
        core::SoftmaxModel untrained(*data, config);
        const std::string mismatch = test::threadedStepMismatch(*untrained.snapshot(0), after);
        QVERIFY2(mismatch.empty(), mismatch.c_str());
    }

    void scorersRebuildFromSnapshots_data() { learnsBetterThanMostPopular_data(); }
    void scorersRebuildFromSnapshots()
    {
        QFETCH(QString, model);
        auto data = test::demoTrainData({ 60, 40, 4, 10, true, 2 });
        core::TrainConfig config = smallConfig(model);
        config.epochs = 1;
        const auto outcome = core::train(*data, config);
        // A copy, as a session file would restore it, must score exactly like the original.
        auto copy = std::make_shared<core::EmbeddingSnapshot>(*outcome.snapshot);
        auto original = core::makeScorer(outcome.snapshot), restored = core::makeScorer(copy);
        const std::vector<std::uint32_t> rated { 1, 5, 9 };
        std::vector<float> a(data->itemCount), b(data->itemCount);
        original->scoreItems(0, rated, a);
        restored->scoreItems(0, rated, b);
        QVERIFY(a == b);
        QVERIFY(std::all_of(a.begin(), a.end(), [](float s) { return std::isfinite(s); }));
        copy->parameters.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::makeScorer(copy));
    }
};

QTEST_APPLESS_MAIN(TestRankingModels)
#include "tst_ranking_models.moc"
