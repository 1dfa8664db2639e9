// SPDX-License-Identifier: MIT
// The optimizer table is the one list of optimizers: every row is complete, every name parses
// back to its kind, and the CLI, the session file and RowOptimizer all read it.
#include "core/models/model.h"
#include "core/models/model_registry.h"
#include "core/optim/optimizer_registry.h"
#include "core/optim/row_optimizer.h"
#include "tests/support/cli_runner.h"

#include <QtTest>

#include <set>

using namespace embex;

class TestOptimizerRegistry : public QObject {
    Q_OBJECT

private slots:
    void namesRoundTrip()
    {
        std::set<std::string_view> names, labels;
        for (const core::OptimizerTraits& row : core::optimizerRegistry()) {
            QVERIFY(!row.name.empty());
            QVERIFY(!row.summary.empty());
            QVERIFY(names.insert(row.name).second);
            QVERIFY(labels.insert(row.label).second);
            QVERIFY(core::findOptimizerKind(row.name) == row.kind);
            QVERIFY(core::parseOptimizerKind(row.name) == row.kind);
            QVERIFY(core::optimizerName(row.kind) == row.name);
            QVERIFY(&core::traitsOf(row.kind) == &row);
        }
        QVERIFY(!core::findOptimizerKind("Adam"));
        QVERIFY(core::TrainConfig().optimizer == core::optimizerRegistry().front().kind);
    }

    void unknownNameGivesTheOneMessage()
    {
        const std::string message = core::unknownOptimizerMessage("nadam");
        QCOMPARE(message, std::string("optimizer must be adam, adagrad or sgd, not 'nadam'"));
        try {
            (void)core::parseOptimizerKind("nadam");
            QFAIL("an unknown name must throw");
        } catch (const std::invalid_argument& e) {
            QCOMPARE(std::string(e.what()), message);
        }
        std::string out, err;
        QCOMPARE(test::runCli({ "train", "nowhere.csv", "--optimizer", "nadam" }, out, err), 2);
        QVERIFY2(err.find(message) != std::string::npos, err.c_str());
    }

    // What a session stores names the optimizer by its row; a name no row has is a damaged value.
    void sessionsStoreTheName()
    {
        for (const core::OptimizerTraits& row : core::optimizerRegistry()) {
            core::TrainConfig c = core::defaultTrainConfig(core::ModelKind::Mlp);
            c.optimizer = row.kind;
            const auto h = core::hyperparametersOf(c);
            QCOMPARE(h.at("optimizer"), std::string(row.name));
            const auto back = core::trainConfigOf(h, {});
            QVERIFY(back && back->optimizer == row.kind);
        }
        auto h = core::hyperparametersOf(core::defaultTrainConfig(core::ModelKind::Mlp));
        h["optimizer"] = "rmsprop";
        QVERIFY(!core::trainConfigOf(h, {}));
    }

    // Every row steps a weight against its gradient.
    void everyOptimizerSteps()
    {
        for (const core::OptimizerTraits& row : core::optimizerRegistry()) {
            core::SparseTable table(1, 2);
            table.value.setConstant(1.0f);
            float* g = table.gradient(0);
            g[0] = 1.0f;
            g[1] = -1.0f;
            core::RowOptimizer optimizer(row.kind, 0.1);
            QVERIFY(optimizer.kind() == row.kind);
            optimizer.beginStep();
            optimizer.apply(table);
            QVERIFY2(table.value(0, 0) < 1.0f && table.value(0, 1) > 1.0f, std::string(row.name).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestOptimizerRegistry)
#include "tst_optimizer_registry.moc"
