// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "core/optim/rating_blocks.h"
#include "core/training/trainer.h"
#include "core/util/physical_memory.h"
#include "train_test_support.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace embex;

namespace {

bool sameWeights(const core::EmbeddingSnapshot& a, const core::EmbeddingSnapshot& b)
{
    if (a.parameters.size() != b.parameters.size())
        return false;
    for (std::size_t p = 0; p < a.parameters.size(); ++p) {
        const auto& x = a.parameters[p].value;
        const auto& y = b.parameters[p].value;
        if (x.rows() != y.rows() || x.cols() != y.cols()
            || std::memcmp(x.data(), y.data(), sizeof(float) * static_cast<std::size_t>(x.size())) != 0)
            return false;
    }
    return true;
}

core::TrainConfig smallConfig(const std::string& model)
{
    core::TrainConfig config = core::defaultTrainConfig(model);
    config.epochs = 3;
    config.dimension = 8;
    return config;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    void sameSeedGivesIdenticalWeights_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("optimizer");
        QTest::addRow("dotbias sgd") << "dotbias"
                                     << "sgd";
        QTest::addRow("dotbias adam") << "dotbias"
                                      << "adam";
        QTest::addRow("dotbias adagrad") << "dotbias"
                                         << "adagrad";
        QTest::addRow("mlp adam") << "mlp"
                                  << "adam";
        QTest::addRow("als") << "als"
                             << "sgd";
    }
    void sameSeedGivesIdenticalWeights()
    {
        QFETCH(QString, model);
        QFETCH(QString, optimizer);
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 }, 0.2);
        core::TrainConfig config = smallConfig(model.toStdString());
        config.optimizer = core::parseOptimizerKind(optimizer.toStdString());
        const auto first = core::train(*data, config);
        const auto second = core::train(*data, config);
        QVERIFY(sameWeights(*first.snapshot, *second.snapshot));
        config.seed += 1;
        const auto other = core::train(*data, config);
        QVERIFY(!sameWeights(*first.snapshot, *other.snapshot));
    }

    void reportsEpochsSnapshotsAndProgress()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 }, 0.2);
        core::TrainConfig config = smallConfig("dotbias");
        config.batchSize = 64;
        int epochs = 0, snapshots = 0;
        long lastStep = 0;
        double lastFraction = -1;
        core::TrainCallbacks callbacks;
        callbacks.epochFinished = [&](const core::EpochReport& r) {
            QCOMPARE(r.epoch, ++epochs);
            QVERIFY(std::isfinite(r.trainLoss) && r.ratingsPerSecond > 0);
            QVERIFY(r.metrics.count("rmse") && r.metrics.count("mae"));
        };
        callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) {
            QCOMPARE(s->epoch, ++snapshots);
            QCOMPARE(s->itemEmbeddings().rows(), core::Index(100));
        };
        callbacks.batchFinished = [&](long step, double loss) {
            QVERIFY(step > lastStep && std::isfinite(loss));
            lastStep = step;
        };
        callbacks.progress = [&](int, double fraction) { lastFraction = fraction; };
        const auto outcome = core::train(*data, config, callbacks);
        QCOMPARE(epochs, 3);
        QCOMPARE(snapshots, 3);
        QCOMPARE(lastFraction, 1.0);
        QVERIFY(lastStep > 0);
        QCOMPARE(outcome.history.size(), std::size_t(3));
    }

    // Reports are thinned here and nowhere else: with no interval every batch is reported, in
    // order; with one, at most one per interval besides each epoch's last, which always goes.
    void batchReportsAreThinnedOnceByTheTrainer()
    {
        auto data = test::demoTrainData({ 1000, 300, 5, 40, false, 3 });
        core::TrainConfig config = smallConfig("mlp");
        config.epochs = 2;
        config.batchSize = 16;
        long steps = 0;
        bool consecutive = true;
        core::TrainCallbacks every;
        every.reportInterval = std::chrono::milliseconds(0);
        every.batchFinished = [&](long step, double) { consecutive = consecutive && step == ++steps; };
        QCOMPARE(core::train(*data, config, every).status, core::TrainOutcome::Status::Finished);
        QVERIFY(consecutive);
        QVERIFY(steps > 1000);

        using Clock = std::chrono::steady_clock;
        const auto interval = std::chrono::milliseconds(20);
        long reports = 0, epochEnds = 0, lastStep = 0;
        core::TrainCallbacks thinned;
        thinned.reportInterval = interval;
        thinned.progress = [&](int, double fraction) { epochEnds += fraction == 1.0; };
        thinned.batchFinished = [&](long step, double loss) {
            QVERIFY(step > lastStep && std::isfinite(loss));
            lastStep = step;
            ++reports;
        };
        const auto start = Clock::now();
        QCOMPARE(core::train(*data, config, thinned).status, core::TrainOutcome::Status::Finished);
        const auto elapsed = Clock::now() - start;
        QCOMPARE(epochEnds, long(config.epochs));
        QCOMPARE(lastStep, steps);
        const long allowed = static_cast<long>(elapsed / interval) + 1 + config.epochs;
        QVERIFY2(
            reports <= allowed && reports < steps,
            qPrintable(
                QStringLiteral("%1 reports of %2 batches, at most %3 allowed").arg(reports).arg(steps).arg(allowed)));
    }

    // A snapshot interval thins the epochs' snapshots, and the run's last always goes out.
    void snapshotsAreThinnedAndTheLastAlwaysGoes()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = smallConfig("dotbias");
        config.epochs = 30;
        std::vector<int> epochs;
        core::TrainCallbacks callbacks;
        callbacks.snapshotInterval = std::chrono::hours(1);
        callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) { epochs.push_back(s->epoch); };
        const auto outcome = core::train(*data, config, callbacks);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        QCOMPARE(epochs, (std::vector<int> { 1, 30 }));
    }

    // Ratings that are all the same value are fitted trivially: their variance is 0, and no kind
    // may call that divergence.
    void constantRatingsNeverDiverge_data()
    {
        QTest::addColumn<QString>("model");
        for (const core::ModelTraits& traits : core::modelRegistry())
            QTest::addRow("%s", std::string(traits.name).c_str()) << QString::fromUtf8(traits.name);
    }
    void constantRatingsNeverDiverge()
    {
        QFETCH(QString, model);
        auto data = test::demoTrainData({ 300, 100, 5, 20, false, 4 });
        std::fill(data->train.ratings.begin(), data->train.ratings.end(), 4.0f);
        data->ratingMin = data->ratingMax = 4;
        core::TrainConfig config = core::defaultTrainConfig(model.toStdString());
        config.epochs = 3;
        const auto outcome = core::train(*data, config);
        QVERIFY2(outcome.status == core::TrainOutcome::Status::Finished, outcome.message.c_str());
        QVERIFY(outcome.snapshot->itemEmbeddings().allFinite());
    }

    void stopMidEpochLeavesUsableSnapshot_data()
    {
        QTest::addColumn<QString>("model");
        for (const char* model : { "dotbias", "mlp", "softmax", "autoencoder", "als" })
            QTest::addRow("%s", model) << model;
    }
    void stopMidEpochLeavesUsableSnapshot()
    {
        QFETCH(QString, model);
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = smallConfig(model.toStdString());
        config.batchSize = 32;
        std::stop_source stop;
        std::shared_ptr<const core::EmbeddingSnapshot> published;
        core::TrainCallbacks callbacks;
        callbacks.batchFinished = [&](long, double) { stop.request_stop(); };
        callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) { published = s; };
        const auto outcome = core::train(*data, config, callbacks, stop.get_token());
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Stopped);
        QVERIFY(outcome.snapshot);
        QCOMPARE(published, outcome.snapshot);
        QVERIFY(outcome.history.empty());
        QCOMPARE(outcome.snapshot->modelKind, model.toStdString());
        QVERIFY(outcome.snapshot->itemEmbeddings().allFinite());
        QCOMPARE(outcome.snapshot->itemEmbeddings().rows(), core::Index(100));
        auto scorer = core::makeScorer(outcome.snapshot);
        std::vector<float> scores(data->itemCount);
        const std::vector<std::uint32_t> rated { 2, 4 };
        scorer->scoreItems(0, rated, scores);
        QVERIFY(std::isfinite(scores[0]));
    }

    // Block SGD gives threads blocks that share no row, and sums their losses in a fixed order:
    // any thread count must give the very same weights and losses as one thread.
    void sgdGivesTheSameWeightsOnAnyThreadCount_data()
    {
        QTest::addColumn<bool>("implicit");
        QTest::addColumn<int>("threads");
        QTest::addRow("ratings, 2 threads") << false << 2;
        QTest::addRow("ratings, 3 threads") << false << 3;
        QTest::addRow("implicit, 2 threads") << true << 2;
    }
    void sgdGivesTheSameWeightsOnAnyThreadCount()
    {
        QFETCH(bool, implicit);
        QFETCH(int, threads);
        auto data = test::demoTrainData({ 1000, 500, 8, implicit ? 100 : 40, implicit, 42 }, 0.2);
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 4;
        config.dimension = 16;
        // Enough ratings for a 4 × 4 grid, so every stratum has blocks to share out.
        QVERIFY(core::RatingBlocks::sideFor(data->train.size(), data->userCount, data->itemCount, 16) >= 4);
        config.learningRate = 0.02;
        const auto one = core::train(*data, config);
        config.threads = threads;
        const auto many = core::train(*data, config);
        QCOMPARE(many.status, core::TrainOutcome::Status::Finished);
        QVERIFY(sameWeights(*one.snapshot, *many.snapshot));
        QCOMPARE(many.history.back().trainLoss, one.history.back().trainLoss);
    }

    void hugeLearningRateIsCaughtAsDivergence_data()
    {
        QTest::addColumn<QString>("optimizer");
        QTest::addRow("sgd") << "sgd";
        QTest::addRow("adam") << "adam";
    }
    void hugeLearningRateIsCaughtAsDivergence()
    {
        QFETCH(QString, optimizer);
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = smallConfig("dotbias");
        config.optimizer = core::parseOptimizerKind(optimizer.toStdString());
        config.learningRate = 100;
        const auto outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Diverged);
        const QString message = QString::fromStdString(outcome.message);
        QVERIFY2(QRegularExpression(QStringLiteral("^diverged at epoch [12] with learning rate 100: try 10$"))
                     .match(message)
                     .hasMatch(),
                 qPrintable(message));
        QVERIFY(outcome.snapshot);
        QVERIFY(outcome.snapshot->itemEmbeddings().allFinite());
    }

    void pauseHoldsTrainingUntilResumed()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = smallConfig("dotbias");
        std::atomic<bool> paused { true };
        std::atomic<int> batches { 0 };
        core::TrainCallbacks callbacks;
        callbacks.paused = &paused;
        callbacks.batchFinished = [&](long, double) { ++batches; };
        core::TrainOutcome outcome;
        std::thread worker([&] { outcome = core::train(*data, config, callbacks); });
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        QCOMPARE(batches.load(), 0);
        paused = false;
        worker.join();
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        QVERIFY(batches.load() > 0);
    }

    void stopMidEpochKeepsTheWeightsSoFarUsable()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        core::TrainConfig config = smallConfig("dotbias");
        config.epochs = 5;
        config.batchSize = 64;
        std::stop_source stop;
        double stoppedAt = -1;
        std::vector<std::shared_ptr<const core::EmbeddingSnapshot>> published;
        core::TrainCallbacks callbacks;
        // Progress is throttled to ~20 reports a second; waiting past that makes epoch 2's first batch report.
        callbacks.epochFinished = [](const core::EpochReport&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(80));
        };
        callbacks.progress = [&](int epoch, double fraction) {
            if (epoch == 2 && fraction < 1 && stoppedAt < 0) {
                stoppedAt = fraction;
                stop.request_stop();
            }
        };
        callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) {
            published.push_back(std::move(s));
        };
        const auto outcome = core::train(*data, config, callbacks, stop.get_token());
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Stopped);
        QVERIFY2(stoppedAt > 0 && stoppedAt < 1, qPrintable(QString::number(stoppedAt)));
        QCOMPARE(outcome.history.size(), std::size_t(1));
        QCOMPARE(outcome.message, std::string("stopped during epoch 2"));
        QVERIFY(outcome.snapshot);
        QCOMPARE(outcome.snapshot->epoch, 1);
        QCOMPARE(outcome.snapshot->itemEmbeddings().rows(), Eigen::Index(100));
        QVERIFY(outcome.snapshot->itemEmbeddings().allFinite());
        // It holds the weights after the batches of epoch 2 that ran, and it is what the UI was sent last.
        QCOMPARE(published.size(), std::size_t(2));
        QVERIFY(!sameWeights(*outcome.snapshot, *published.front()));
        QCOMPARE(published.back(), outcome.snapshot);
        core::NeighborQuery query;
        query.k = 5;
        QCOMPARE(core::NeighborIndex(outcome.snapshot).neighbours(0, query).size(), std::size_t(5));
        const auto scorer = core::makeScorer(outcome.snapshot);
        std::vector<float> scores(100);
        scorer->scoreItems(0, {}, scores);
        QVERIFY(std::all_of(scores.begin(), scores.end(), [](float v) { return std::isfinite(v); }));
    }

    void sizesBeyondTheLimitsAreRefusedBeforeAllocating_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::addColumn<qulonglong>("items");
        QTest::addColumn<QString>("hidden");
        QTest::addColumn<QString>("message");
        QTest::addRow("dimension") << 5000 << 100ULL << ""
                                   << "dimension must be at most 4096";
        QTest::addRow("hidden units") << 8 << 100ULL << "5000"
                                      << "hidden layers must have at most 4096 units each";
        QTest::addRow("a billion items") << 32 << 1000000000ULL << ""
                                         << "the item table would hold 1000000000 × 32 values, over the limit of 2^31";
        QTest::addRow("more than memory") << 4096 << 524000ULL << ""
                                          << "more than this computer's memory";
    }
    void sizesBeyondTheLimitsAreRefusedBeforeAllocating()
    {
        QFETCH(int, dimension);
        QFETCH(qulonglong, items);
        QFETCH(QString, hidden);
        QFETCH(QString, message);
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        data->itemCount = items; // the counts a damaged session or a huge catalogue would claim
        if (message.contains(QStringLiteral("memory"))) {
            data->userCount = items; // two tables just under the per-matrix limit: 51.5 GB with Adam's moments
            if (core::physicalMemoryBytes() > 51'000'000'000ULL)
                QSKIP("this computer has more memory than the largest model the per-matrix limit allows");
        }
        core::TrainConfig config = smallConfig(hidden.isEmpty() ? "dotbias" : "mlp");
        config.dimension = dimension;
        if (!hidden.isEmpty())
            config.hiddenLayers = { hidden.toInt() };
        try {
            core::train(*data, config);
            QFAIL("no error");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void stopWorksWhilePaused()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 });
        std::atomic<bool> paused { true };
        core::TrainCallbacks callbacks;
        callbacks.paused = &paused;
        std::stop_source stop;
        core::TrainOutcome outcome;
        std::thread worker([&] { outcome = core::train(*data, smallConfig("dotbias"), callbacks, stop.get_token()); });
        stop.request_stop();
        worker.join();
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Stopped);
        QVERIFY(outcome.snapshot);
    }

    void earlyStoppingKeepsTheBestEpoch()
    {
        auto data = test::demoTrainData({ 200, 100, 5, 20, false, 11 }, 0.3);
        core::TrainConfig config = smallConfig("dotbias");
        config.epochs = 200;
        config.regularization = 0; // overfits, so validation turns
        config.dimension = 32;
        config.earlyStoppingPatience = 2;
        const auto outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::EarlyStopped);
        QVERIFY(int(outcome.history.size()) < 200);
        double best = 1e9;
        int bestEpoch = 0;
        for (const auto& r : outcome.history)
            if (r.metrics.at("rmse") < best) {
                best = r.metrics.at("rmse");
                bestEpoch = r.epoch;
            }
        QCOMPARE(outcome.snapshot->epoch, bestEpoch);
    }

    void badConfigThrows()
    {
        auto data = test::demoTrainData({ 20, 10, 2, 5, false, 1 });
        core::TrainConfig config = smallConfig("dotbias");
        config.dimension = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::train(*data, config));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::defaultTrainConfig("svd"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::parseOptimizerKind("rmsprop"));
    }

    // On likes alone a model that only fits the values it is given learns to say 1 everywhere
    // (the MLP's precision@10 on ml-100k read as likes: 0.012 against 0.119 for most popular), so
    // it is refused with the models that can; every other kind trains.
    void likesNeedAModelThatLearnsFromThem()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 10, true, 1 });
        QVERIFY(data->implicit);
        for (const core::ModelTraits& traits : core::modelRegistry()) {
            core::TrainConfig config = smallConfig(std::string(traits.name));
            config.epochs = 1;
            if (traits.learnsFromLikes) {
                QCOMPARE(core::train(*data, config).status, core::TrainOutcome::Status::Finished);
                continue;
            }
            try {
                core::train(*data, config);
                QFAIL(qPrintable(QString::fromUtf8(traits.name.data(), int(traits.name.size())) + " trained on likes"));
            } catch (const std::invalid_argument& e) {
                const std::string message = e.what();
                QVERIFY2(message.starts_with(std::string(traits.name)) && message.find("softmax") != std::string::npos,
                         e.what());
            }
        }
        QVERIFY(!core::traitsOf(core::ModelKind::Mlp).learnsFromLikes);
    }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
