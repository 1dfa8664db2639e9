// SPDX-License-Identifier: MIT
#include "core/models/mlp_model.h"
#include "core/models/scorer.h"
#include "train_test_support.h"

#include <QtTest>

using namespace embex;

class TestMlpModel : public QObject {
    Q_OBJECT

private slots:
    void gradientMatchesFiniteDifferences()
    {
        auto data = test::demoTrainData({ 30, 20, 4, 8, false, 3 });
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.dimension = 4;
        config.hiddenLayers = { 6, 3 };
        config.regularization = 0.05;
        config.initStd = 0.5;
        core::MlpModel model(*data, config);
        std::vector<std::uint32_t> batch(40);
        std::iota(batch.begin(), batch.end(), 0u);
        const double error = test::modelGradientError(model, batch);
        QVERIFY2(error < 1e-3, qPrintable(QStringLiteral("relative error %1").arg(error)));
    }

    void lossFalls()
    {
        auto data = test::demoTrainData({}, 0.2);
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.epochs = 15;
        config.dimension = 16;
        const core::TrainOutcome outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        const auto& first = outcome.history.front();
        const auto& last = outcome.history.back();
        // The demo's type structure is a product of user and item types, which a small MLP learns
        // slowly; the run must fit (loss falls) without blowing validation up.
        QVERIFY2(last.trainLoss < 0.92 * first.trainLoss && last.metrics.at("rmse") < 1.02 * first.metrics.at("rmse"),
                 qPrintable(QStringLiteral("loss %1 → %2, rmse %3 → %4")
                                .arg(first.trainLoss)
                                .arg(last.trainLoss)
                                .arg(first.metrics.at("rmse"))
                                .arg(last.metrics.at("rmse"))));
    }

    // The Keras tutorial's MLP collapses to one constant rating on some seeds (2 of 8 in PyTorch):
    // every seed must give predictions that vary and beat the global mean on held-out ratings.
    void noSeedCollapsesToAConstant()
    {
#if defined(EMBEX_SANITIZED_BUILD)
        constexpr std::uint64_t seeds = 2; // each seed repeats the same code, at minutes a seed there
#else
        constexpr std::uint64_t seeds = 5;
#endif
        for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
            auto data = test::demoTrainData({ 1000, 200, 4, 60, false, seed }, 0.2);
            core::TrainConfig config = core::defaultTrainConfig("mlp");
            config.seed = seed;
            const core::TrainOutcome outcome = core::train(*data, config);
            QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
            const core::RatingsTable& held = data->validation;
            double mean = 0;
            for (float r : data->train.ratings)
                mean += r;
            mean /= static_cast<double>(data->train.size());
            auto scorer = core::makeScorer(outcome.snapshot);
            std::vector<float> scores(data->itemCount);
            double baseline = 0, error = 0, sum = 0, sumSquares = 0;
            for (std::size_t r = 0; r < held.size(); ++r) {
                scorer->scoreItems(held.users[r], {}, scores);
                const double p = scores[held.items[r]];
                baseline += (held.ratings[r] - mean) * (held.ratings[r] - mean);
                error += (held.ratings[r] - p) * (held.ratings[r] - p);
                sum += p;
                sumSquares += p * p;
            }
            const double n = static_cast<double>(held.size());
            const double spread = std::sqrt(std::max(0.0, sumSquares / n - (sum / n) * (sum / n)));
            const double rmse = std::sqrt(error / n), meanRmse = std::sqrt(baseline / n);
            qInfo("seed %d: rmse %.4f (global mean %.4f), prediction std %.4f", static_cast<int>(seed), rmse, meanRmse,
                  spread);
            QVERIFY2(spread > 0.25 * meanRmse && rmse < 0.95 * meanRmse,
                     qPrintable(QStringLiteral("seed %1: rmse %2 against the global mean's %3, prediction std %4")
                                    .arg(seed)
                                    .arg(rmse)
                                    .arg(meanRmse)
                                    .arg(spread)));
        }
    }

    void scorerMatchesPredict()
    {
        auto data = test::demoTrainData({ 50, 40, 4, 10, false, 9 });
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.dimension = 8;
        config.epochs = 2;
        core::MlpModel model(*data, config);
        std::vector<std::uint32_t> all(data->train.size());
        std::iota(all.begin(), all.end(), 0u);
        model.trainBatch(all);
        auto scorer = core::makeScorer(model.snapshot(1));
        std::vector<float> scores(data->itemCount);
        scorer->scoreItems(7, {}, scores);
        for (std::uint32_t i = 0; i < data->itemCount; ++i)
            QVERIFY2(std::abs(scores[i] - model.predict(7, i)) < 1e-4f, qPrintable(QString::number(i)));
    }

    void sameSeedGivesIdenticalResults()
    {
        auto data = test::demoTrainData({ 100, 50, 4, 15, false, 4 }, 0.2);
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.epochs = 2;
        config.dimension = 8;
        for (int threads : { 1, 2 }) {
            config.threads = threads;
            const auto a = core::train(*data, config), b = core::train(*data, config);
            QCOMPARE(a.history.back().metrics.at("rmse"), b.history.back().metrics.at("rmse"));
            QVERIFY(a.snapshot->itemEmbeddings() == b.snapshot->itemEmbeddings());
        }
    }

    // Training sums each embedding row's gradient in a compact buffer of its own; the step must
    // be the one the tables' own gradients (the path the gradient check covers) give.
    void compactGradientsTakeTheTablesStep()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 12, false, 6 });
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.dimension = 8;
        config.regularization = 0.02;
        std::vector<std::uint32_t> batch(data->train.size());
        std::iota(batch.begin(), batch.end(), 0u);         // every user and item several times
        config.batchSize = static_cast<int>(batch.size()); // one trainBatch call, one step
        core::MlpModel trained(*data, config), reference(*data, config);
        core::RowOptimizer optimizer(config.optimizer, config.learningRate);
        for (int step = 0; step < 3; ++step) {
            trained.trainBatch(batch);
            reference.accumulateGradients(batch, 1.0f / static_cast<float>(batch.size()));
            optimizer.beginStep();
            for (core::SparseTable* table : reference.trainableTables())
                optimizer.apply(*table);
        }
        const auto a = trained.snapshot(1), b = reference.snapshot(1);
        QCOMPARE(a->parameters.size(), b->parameters.size());
        for (std::size_t p = 0; p < a->parameters.size(); ++p) {
            const float difference = (a->parameters[p].value - b->parameters[p].value).cwiseAbs().maxCoeff();
            QVERIFY2(difference <= 1e-6f,
                     qPrintable(QString::fromStdString(a->parameters[p].name)
                                + QStringLiteral(" differs by %1").arg(difference)));
        }
    }

    // With threads, each takes a slice of the batch through the layers and then updates the
    // embedding rows it owns: the step must be the one-thread step, up to rounding.
    void threadsTakeTheSameStep()
    {
        auto data = test::demoTrainData({ 400, 300, 4, 20, false, 5 });
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.dimension = 8;
        config.regularization = 0.01;
        std::vector<std::uint32_t> batch(1000);
        for (std::size_t e = 0; e < batch.size(); ++e)
            batch[e] = static_cast<std::uint32_t>((e * 7919) % data->train.size());
        config.batchSize = static_cast<int>(batch.size());
        std::vector<std::shared_ptr<core::EmbeddingSnapshot>> after;
        for (int threads : { 1, 2, 3 }) {
            config.threads = threads;
            core::MlpModel model(*data, config);
            for (int step = 0; step < 3; ++step)
                model.trainBatch(batch);
            after.push_back(model.snapshot(1));
        }
        const core::MlpModel untrained(*data, config);
        const auto before = untrained.snapshot(0);
        const std::string mismatch = test::threadedStepMismatch(*before, after);
        QVERIFY2(mismatch.empty(), mismatch.c_str());
    }

    // A team trains several batches in one call (one hand-off): each must take the step it takes
    // alone, a short last batch included, on one thread or several.
    void aCallOfSeveralBatchesStepsEachAlone()
    {
        auto data = test::demoTrainData({ 400, 300, 4, 20, false, 7 });
        core::TrainConfig config = core::defaultTrainConfig("mlp");
        config.dimension = 8;
        config.regularization = 0.01;
        config.batchSize = 300;
        std::vector<std::uint32_t> examples(1000); // three whole batches and a short one
        for (std::size_t e = 0; e < examples.size(); ++e)
            examples[e] = static_cast<std::uint32_t>((e * 7919) % data->train.size());
        for (int threads : { 1, 2 }) {
            config.threads = threads;
            core::MlpModel together(*data, config), apart(*data, config);
            const core::BatchResult all = together.trainBatch(examples);
            double lossSum = 0;
            for (std::size_t first = 0; first < examples.size(); first += 300) {
                const auto batch = std::span(examples).subspan(first,
                                                               std::min<std::size_t>(300, examples.size() - first));
                lossSum += apart.trainBatch(batch).loss * static_cast<double>(batch.size());
            }
            QCOMPARE(all.ratings, examples.size());
            QVERIFY(std::abs(all.loss - lossSum / static_cast<double>(examples.size())) < 1e-9);
            const auto a = together.snapshot(1), b = apart.snapshot(1);
            for (std::size_t p = 0; p < a->parameters.size(); ++p)
                QVERIFY2(a->parameters[p].value == b->parameters[p].value,
                         qPrintable(QStringLiteral("%1 thread(s): ").arg(threads)
                                    + QString::fromStdString(a->parameters[p].name)));
        }
        config.threads = 2;
        const core::MlpModel team(*data, config);
        QVERIFY(team.examplesPerCall(300) > 300 && team.examplesPerCall(300) % 300 == 0);
        config.threads = 1;
        QCOMPARE(core::MlpModel(*data, config).examplesPerCall(300), std::size_t(300));
    }
};

QTEST_APPLESS_MAIN(TestMlpModel)
#include "tst_mlp_model.moc"
