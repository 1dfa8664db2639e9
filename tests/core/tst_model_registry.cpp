// SPDX-License-Identifier: MIT
// The model registry is the one table of kinds: every row must be complete and consistent with
// its defaults, and every path that names a model must go through it.
#include "core/models/model.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "tests/core/train_test_support.h"
#include "tests/support/cli_runner.h"

#include <QtTest>

#include <set>

using namespace embex;

class TestModelRegistry : public QObject {
    Q_OBJECT

private slots:
    void namesRoundTrip()
    {
        std::set<std::string_view> names;
        std::set<core::ModelKind> kinds;
        for (const core::ModelTraits& row : core::modelRegistry()) {
            QVERIFY(!row.name.empty());
            QVERIFY(!row.label.empty());
            QVERIFY(!row.summary.empty());
            QVERIFY(names.insert(row.name).second);
            QVERIFY(kinds.insert(row.kind).second);
            QVERIFY(core::findModelKind(row.name) == row.kind);
            QVERIFY(core::modelName(row.kind) == row.name);
            QVERIFY(&core::traitsOf(row.kind) == &row);
        }
        QVERIFY(!core::findModelKind("imported"));
        QVERIFY(!core::findModelKind("DotBias"));
    }

    void hyperparametersGiveBackTheirConfig()
    {
        // What a session stores must show in the Model panel as what was trained.
        for (const core::ModelTraits& row : core::modelRegistry()) {
            core::TrainConfig c = core::defaultTrainConfig(row.kind);
            c.dimension = 12;
            c.epochs = 7;
            c.learningRate = 0.0375;
            c.seed = 1234;
            c.ySquash = !c.ySquash;
            c.useSideFeatures = true;
            c.hiddenLayers = { 24, 6 };
            c.optimizer = core::OptimizerKind::Adagrad;
            const std::optional<core::TrainConfig> back = core::trainConfigOf(
                core::hyperparametersOf(c), core::defaultTrainConfig(core::ModelKind::DotBias));
            QVERIFY(back);
            QVERIFY(back->model == row.kind);
            QCOMPARE(back->dimension, 12);
            QCOMPARE(back->epochs, 7);
            QCOMPARE(back->learningRate, 0.0375);
            QCOMPARE(back->regularization, c.regularization);
            QCOMPARE(back->seed, std::uint64_t(1234));
            QCOMPARE(back->ySquash, c.ySquash);
            QVERIFY(back->useSideFeatures);
            QVERIFY(back->hiddenLayers == c.hiddenLayers);
            QVERIFY(back->optimizer == core::OptimizerKind::Adagrad);
            QCOMPARE(back->negativeSamples, c.negativeSamples);
            QCOMPARE(back->inputDropout, c.inputDropout);
        }
        auto h = core::hyperparametersOf(core::defaultTrainConfig(core::ModelKind::Softmax));
        h["dimension"] = "thirty";
        QVERIFY(!core::trainConfigOf(h, {}));
        QVERIFY(!core::trainConfigOf({ { "model", "imported" } }, {}));
        QVERIFY(!core::trainConfigOf({}, {}));
    }

    void defaultsAgreeWithTheirRow()
    {
        for (const core::ModelTraits& row : core::modelRegistry()) {
            const core::TrainConfig c = core::defaultTrainConfig(row.kind);
            const std::string name(row.name);
            QVERIFY2(c.model == row.kind, name.c_str());
            QVERIFY2(c.dimension >= 1 && c.epochs >= 1 && c.batchSize >= 1 && c.learningRate > 0, name.c_str());
            QVERIFY2(row.usesNegatives == (c.negativeSamples > 0), name.c_str());
            QVERIFY2(row.usesHiddenLayers == !c.hiddenLayers.empty(), name.c_str());
            QVERIFY2(row.usesInputDropout == (c.inputDropout > 0), name.c_str());
            QVERIFY(core::defaultTrainConfig(row.name).model == row.kind);
        }
    }

    // The factory, the snapshot's kind and the scorer all come from the same row.
    void factoryMakesTheKindItNames()
    {
        auto data = test::demoTrainData({ 60, 40, 3, 10, false, 5 });
        for (const core::ModelTraits& row : core::modelRegistry()) {
            core::TrainConfig config = core::defaultTrainConfig(row.kind);
            config.dimension = 4;
            if (!config.hiddenLayers.empty())
                config.hiddenLayers = { 4 };
            const auto model = core::makeModel(*data, config);
            QVERIFY(model);
            const auto snapshot = model->snapshot(0);
            QCOMPARE(snapshot->modelKind, std::string(row.name));
            QCOMPARE(snapshot->hyperparameters.at("model"), std::string(row.name));
            const auto scorer = core::makeScorer(snapshot);
            std::vector<float> scores(data->itemCount);
            const std::uint32_t items[] = { 0, 1 };
            scorer->scoreItems(0, items, scores);
            QVERIFY(std::all_of(scores.begin(), scores.end(), [](float s) { return std::isfinite(s); }));
        }
    }

    void unknownNameGivesTheOneMessage()
    {
        const std::string message = core::unknownModelMessage("svd");
        QCOMPARE(message, std::string("model must be dotbias, mlp, softmax, autoencoder or als, not 'svd'"));
        for (const core::ModelTraits& row : core::modelRegistry())
            QVERIFY(message.find(row.name) != std::string::npos);
        try {
            (void)core::defaultTrainConfig("svd");
            QFAIL("an unknown name must throw");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()), message);
        }
        std::string out, err;
        QCOMPARE(test::runCli({ "train", "nowhere.csv", "--model", "svd" }, out, err), 2);
        QVERIFY2(err.find(message) != std::string::npos, err.c_str());
    }

    // Training uses every core where the thread count cannot change the result, one elsewhere.
    void threadsDefaultFollowsInvariance()
    {
        for (const core::ModelTraits& row : core::modelRegistry()) {
            QCOMPARE(core::defaultThreads(row.kind, 8), row.isThreadInvariant ? 8 : 1);
            QCOMPARE(core::defaultThreads(row.kind, 0), 1);
        }
        for (core::ModelKind kind : { core::ModelKind::DotBias, core::ModelKind::Als, core::ModelKind::Autoencoder })
            QVERIFY(core::traitsOf(kind).isThreadInvariant);
        for (core::ModelKind kind : { core::ModelKind::Mlp, core::ModelKind::Softmax })
            QVERIFY(!core::traitsOf(kind).isThreadInvariant);
    }

    void rankingFollowsTheRowAndTheData()
    {
        for (const core::ModelTraits& row : core::modelRegistry()) {
            QVERIFY(core::isRanking(row.kind, true));
            QCOMPARE(core::isRanking(row.kind, false), row.alwaysRanks);
        }
        QVERIFY(core::isRanking(core::ModelKind::Softmax, false));
        QVERIFY(!core::isRanking(core::ModelKind::DotBias, false));
    }
};

QTEST_APPLESS_MAIN(TestModelRegistry)
#include "tst_model_registry.moc"
