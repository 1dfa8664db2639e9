// SPDX-License-Identifier: MIT
// Dot+bias with SVD++'s implicit term (TrainConfig::implicitTerm): its gradient, its learning,
// and every reader of its snapshot (scores, fold-in, explanations, session files).
#include "core/analysis/explain.h"
#include "core/analysis/recommend.h"
#include "core/io/session_file.h"
#include "core/models/dot_bias_model.h"
#include "core/models/scorer.h"
#include "train_test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace embex;

namespace {

core::TrainConfig svdppConfig()
{
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.implicitTerm = true;
    return config;
}

/// The effective user rows of a snapshot less the implicit term: the users' own p_u.
core::RowMatrixXf ownUserRows(const core::EmbeddingSnapshot& s, const core::TrainData& data)
{
    core::RowMatrixXf users = *s.userEmbeddings();
    const core::UserItems rated(data.train, data.userCount);
    const core::RowMatrixXf& y = *s.parameter(core::DotBiasModel::implicitItemParameter);
    for (std::size_t u = 0; u < data.userCount; ++u)
        users.row(static_cast<core::Index>(u)) -= core::implicitUserTerm(y, rated.items(u)).transpose();
    return users;
}

} // namespace

class TestSvdpp : public QObject {
    Q_OBJECT

private slots:
    void gradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<bool>("squash");
        QTest::addColumn<bool>("implicitData");
        QTest::addRow("linear") << false << false;
        QTest::addRow("y-range sigmoid") << true << false;
        QTest::addRow("likes with negatives") << false << true;
    }
    void gradientMatchesFiniteDifferences()
    {
        QFETCH(bool, squash);
        QFETCH(bool, implicitData);
        auto data = test::demoTrainData({ 30, 20, 4, 8, implicitData, 3 });
        core::TrainConfig config = svdppConfig();
        config.optimizer = core::OptimizerKind::Adam; // the minibatch path: gradients, not SGD steps
        config.dimension = 5;
        config.regularization = 0.03;
        config.biasRegularizationFactor = 0.5;
        config.initStd = 0.5;
        config.ySquash = squash;
        core::DotBiasModel model(*data, config);
        QCOMPARE(model.trainableTables().size(), std::size_t(5));
        std::vector<std::uint32_t> batch(data->train.size());
        std::iota(batch.begin(), batch.end(), 0u);
        const double error = test::modelGradientError(model, batch);
        QVERIFY2(error < 1e-3, qPrintable(QStringLiteral("relative error %1").arg(error)));
    }

    // SGD walks the users: the loss falls, held-out RMSE falls, and the implicit term matters.
    void learnsOnDemoData()
    {
        auto data = test::demoTrainData({}, 0.2);
        core::TrainConfig config = svdppConfig();
        config.epochs = 15;
        config.initStd = 0.05;
        config.learningRate = 0.02;
        const core::TrainOutcome outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);
        const auto& first = outcome.history.front();
        const auto& last = outcome.history.back();
        QVERIFY2(last.trainLoss < 0.8 * first.trainLoss && last.metrics.at("rmse") < 0.95 * first.metrics.at("rmse"),
                 qPrintable(QStringLiteral("loss %1 → %2, rmse %3 → %4")
                                .arg(first.trainLoss)
                                .arg(last.trainLoss)
                                .arg(first.metrics.at("rmse"))
                                .arg(last.metrics.at("rmse"))));
        const core::RowMatrixXf* y = outcome.snapshot->parameter(core::DotBiasModel::implicitItemParameter);
        QVERIFY(y && y->rows() == static_cast<core::Index>(data->itemCount));
        const core::RowMatrixXf own = ownUserRows(*outcome.snapshot, *data);
        const double termNorm = (*outcome.snapshot->userEmbeddings() - own).norm();
        QVERIFY2(termNorm > 0.02 * own.norm(),
                 qPrintable(QStringLiteral("‖z‖ %1, ‖p‖ %2").arg(termNorm).arg(own.norm())));
        QCOMPARE(outcome.snapshot->hyperparameters.at("implicit_term"), std::string("true"));
    }

    // Y's SGD step shrinks by implicitLearningRateDecay an epoch while P and Q keep theirs: the
    // same epoch run as epoch 1 and as epoch 41 moves P alike and Y 0.93^40 ≈ 5 % as far.
    void implicitVectorsSettleInLateEpochs()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 10, false, 6 });
        core::TrainConfig config = svdppConfig();
        config.dimension = 8;
        config.initStd = 0.1;
        config.learningRate = 0.02;
        std::vector<std::uint32_t> all(data->train.size());
        std::iota(all.begin(), all.end(), 0u);
        auto moves = [&](int epoch) {
            core::DotBiasModel model(*data, config);
            const auto before = model.snapshot(0);
            model.beginEpoch(epoch);
            model.trainBatch(all);
            const auto after = model.snapshot(epoch);
            const char* y = core::DotBiasModel::implicitItemParameter;
            return std::pair { (ownUserRows(*after, *data) - ownUserRows(*before, *data)).norm(),
                               (*after->parameter(y) - *before->parameter(y)).norm() };
        };
        const auto [firstP, firstY] = moves(1);
        const auto [lateP, lateY] = moves(41);
        const double factor = std::pow(core::DotBiasModel::implicitLearningRateDecay, 40);
        QVERIFY2(firstY > 0 && lateY < 2 * factor * firstY && lateY > 0.5 * factor * firstY,
                 qPrintable(QStringLiteral("Y moved %1, then %2").arg(firstY).arg(lateY)));
        QVERIFY2(std::abs(lateP - firstP) < 0.2 * firstP,
                 qPrintable(QStringLiteral("P moved %1, then %2").arg(firstP).arg(lateP)));
    }

    void sameWeightsOnAnyThreadCount()
    {
        auto data = test::demoTrainData({ 80, 40, 4, 12, false, 5 });
        core::TrainConfig config = svdppConfig();
        config.epochs = 3;
        config.dimension = 8;
        config.initStd = 0.1;
        config.batchSize = 100; // users' runs split across batches
        const auto one = core::train(*data, config).snapshot;
        config.threads = 2;
        const auto two = core::train(*data, config).snapshot;
        for (const char* name : { "user_embedding", "item_embedding", core::DotBiasModel::implicitItemParameter })
            QVERIFY2(*one->parameter(name) == *two->parameter(name), name);
    }

    void scorerMatchesPredict()
    {
        auto data = test::demoTrainData({ 50, 40, 4, 10, false, 9 });
        for (bool squash : { false, true }) {
            core::TrainConfig config = svdppConfig();
            config.ySquash = squash;
            config.initStd = 0.1;
            core::DotBiasModel model(*data, config);
            model.beginEpoch(1);
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

    // A new user is p + z(picks), p the regularised least-squares fit with z·q_i in each prediction:
    // at [p; b] the normal equations Σ_k (r̂_k − r_k)[q_k; 1] + λn[p; βb] = 0 hold.
    void foldInSolvesWithTheImplicitTerm()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 10, false, 4 });
        core::TrainConfig config = svdppConfig();
        config.epochs = 5;
        config.initStd = 0.1;
        config.dimension = 6;
        const auto snapshot = core::train(*data, config).snapshot;
        const std::vector<core::PickedItem> picks { { 1, 5 }, { 7, 2 }, { 12, 4 }, { 30, 1 } };
        const core::QueryVector q = core::makeScorer(snapshot)->queryVector(picks, false, {});
        std::vector<std::uint32_t> items;
        for (const core::PickedItem& p : picks)
            items.push_back(p.item);
        const core::VectorXf z = core::implicitUserTerm(*snapshot->parameter(core::DotBiasModel::implicitItemParameter),
                                                        items);
        QVERIFY(z.norm() > 1e-3);
        const Eigen::VectorXd p = (q.vector - z).cast<double>();
        const double lambda = config.regularization, n = static_cast<double>(picks.size());
        const double mu = (*snapshot->parameter("global_bias"))(0, 0);
        Eigen::VectorXd residual = Eigen::VectorXd::Zero(p.size() + 1);
        residual.head(p.size()) = lambda * n * p;
        residual(p.size()) = lambda * n * config.biasRegularizationFactor * q.bias;
        for (const core::PickedItem& pick : picks) {
            const Eigen::VectorXd qi = snapshot->itemEmbeddings().row(pick.item).cast<double>().transpose();
            const double predicted = mu + (*snapshot->parameter("item_bias"))(pick.item, 0) + q.bias
                + q.vector.cast<double>().dot(qi);
            residual.head(p.size()) += (predicted - pick.rating) * qi;
            residual(p.size()) += predicted - pick.rating;
        }
        QVERIFY2(residual.norm() < 1e-4, qPrintable(QStringLiteral("normal equations off by %1").arg(residual.norm())));
    }

    void explanationSharesAddUp()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 10, false, 4 });
        core::TrainConfig config = svdppConfig();
        config.epochs = 5;
        config.initStd = 0.1;
        const auto snapshot = core::train(*data, config).snapshot;
        const core::RowMatrixXf own = ownUserRows(*snapshot, *data);
        for (std::uint32_t user : { 0u, 17u }) {
            const std::vector<std::uint32_t> rated = core::itemsRatedBy(data->train, user);
            const core::Explanation e = core::explainPrediction(snapshot, user, 5, rated);
            QVERIFY(std::abs(e.composed() - e.prediction) < 1e-4);
            QVERIFY(e.because);
            QCOMPARE(e.because->items.size(), rated.size());
            QVERIFY(std::abs(e.because->total() - e.raw) < 1e-6);
            // The rest is the score of the user's own vector.
            const double ownScore = (*snapshot->parameter("global_bias"))(0, 0)
                + (*snapshot->parameter("user_bias"))(user, 0) + (*snapshot->parameter("item_bias"))(5, 0)
                + own.row(user).dot(snapshot->itemEmbeddings().row(5));
            QVERIFY2(
                std::abs(e.because->others.back().value - ownScore) < 1e-4,
                qPrintable(QStringLiteral("rest %1, own score %2").arg(e.because->others.back().value).arg(ownScore)));
        }
    }

    void sessionKeepsTheImplicitItemVectors()
    {
        auto dataset = core::generateDemo({ 40, 30, 4, 8, false, 2 });
        const core::TrainData data = test::allRatingsOf(*dataset);
        core::TrainConfig config = svdppConfig();
        config.epochs = 2;
        const auto snapshot = core::train(data, config).snapshot;
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("svdpp.embex")).toStdString();
        QVERIFY(!core::saveSession({ dataset, snapshot, {} }, file));
        const core::SessionLoadOutcome loaded = core::loadSession(file);
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const core::RowMatrixXf* y = loaded.session->snapshot->parameter(core::DotBiasModel::implicitItemParameter);
        QVERIFY(y && *y == *snapshot->parameter(core::DotBiasModel::implicitItemParameter));
        QCOMPARE(loaded.session->snapshot->hyperparameters.at("implicit_term"), std::string("true"));

        // Y must match the catalogue, or a new user's term would read past it.
        auto damaged = std::make_shared<core::EmbeddingSnapshot>(*snapshot);
        for (auto& parameter : damaged->parameters)
            if (parameter.name == core::DotBiasModel::implicitItemParameter)
                parameter.value.conservativeResize(parameter.value.rows() - 1, Eigen::NoChange);
        QVERIFY(!core::saveSession({ dataset, damaged, {} }, file));
        const core::SessionLoadOutcome rejected = core::loadSession(file);
        QVERIFY(!rejected.ok());
        QVERIFY2(rejected.error.toString().find("implicit_item_embedding") != std::string::npos,
                 rejected.error.toString().c_str());
    }
};

QTEST_APPLESS_MAIN(TestSvdpp)

#include "tst_svdpp.moc"
