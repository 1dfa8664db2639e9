// SPDX-License-Identifier: MIT
// User and item attributes in the softmax and the autoencoder: gradients, snapshots, sessions,
// and cold start on demo data with planted ages.
#include "core/analysis/new_user_attributes.h"
#include "core/analysis/query_vector.h"
#include "core/data/attribute_table.h"
#include "core/io/session_file.h"
#include "core/models/autoencoder_model.h"
#include "core/models/model_registry.h"
#include "core/models/neural_scorers.h"
#include "core/models/scorer.h"
#include "core/models/softmax_model.h"
#include "core/training/evaluation.h"
#include "tests/support/temp_files.h"
#include "train_test_support.h"

#include <QtTest>

using namespace embex;

namespace {

core::TrainConfig featureConfig(core::ModelKind kind)
{
    core::TrainConfig config = core::defaultTrainConfig(kind);
    config.dimension = 4;
    config.hiddenLayers = { 5 };
    config.regularization = 0.05;
    config.initStd = 0.5;
    config.inputDropout = 0;
    config.useSideFeatures = true;
    return config;
}

/// The indices of the k highest scores.
std::vector<std::uint32_t> topK(const std::vector<float>& scores, std::size_t k)
{
    std::vector<std::uint32_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0u);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      [&](std::uint32_t a, std::uint32_t b) { return scores[a] > scores[b]; });
    order.resize(k);
    return order;
}

} // namespace

class TestSideFeatures : public QObject {
    Q_OBJECT

private slots:
    void demoPlantsAgesByType()
    {
        std::vector<int> types;
        auto demo = core::generateDemo({ 400, 40, 8, 10, true, 3 }, &types);
        QVERIFY(demo->userAttributes);
        QCOMPARE(QString::fromStdString(demo->userAttributes->encoding.describe()),
                 QStringLiteral("age (number), education (5 categories)"));
        // Mean age of type t ≈ 20 + 5t: each type's mean within 2 years of it.
        std::vector<double> sum(8, 0), count(8, 0);
        for (std::size_t u = 0; u < types.size(); ++u) {
            sum[types[u]] += std::stod(demo->userAttributes->rows.at(std::to_string(u + 1)).at(0));
            count[types[u]] += 1;
        }
        for (int t = 0; t < 8; ++t)
            QVERIFY2(std::abs(sum[t] / count[t] - (20 + 5 * t)) < 2,
                     qPrintable(QStringLiteral("type %1: mean age %2").arg(t).arg(sum[t] / count[t])));
        // The ratings are those of the same seed without attributes: the attribute stream is separate.
        auto again = core::generateDemo({ 400, 40, 8, 10, true, 3 });
        QVERIFY(again->ratings.items == demo->ratings.items);
    }

    void gradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("negatives");
        QTest::addRow("softmax, exact") << "softmax" << 0;
        QTest::addRow("softmax, sampled") << "softmax" << 6;
        QTest::addRow("autoencoder") << "autoencoder" << 0;
    }
    void gradientsMatchFiniteDifferences()
    {
        QFETCH(QString, model);
        QFETCH(int, negatives);
        auto data = test::demoTrainData({ 20, 15, 3, 6, false, 3 });
        QVERIFY(data->userFeatures.cols() > 0 && data->itemFeatures.cols() > 0);
        core::TrainConfig config = featureConfig(core::parseModelKind(model.toStdString()));
        config.negativeSamples = negatives;
        std::unique_ptr<core::Model> m = core::makeModel(*data, config);
        std::vector<std::uint32_t> examples(model == QLatin1String("softmax") ? 30 : 8);
        std::iota(examples.begin(), examples.end(), 0u);
        const double error = test::modelGradientError(*m, examples);
        // As in tst_ranking_models: float softmax noise ~1e-3, a wrong term errors of order 1.
        QVERIFY2(error < 1e-2, qPrintable(QStringLiteral("relative error %1").arg(error)));
        // The features reach the loss: the tower's input is wider by exactly F (+ G for the softmax).
        const auto snapshot = m->snapshot(0);
        const char* first = model == QLatin1String("softmax") ? "tower_0_weight" : "decoder_0_weight";
        const core::Index extra = data->userFeatures.cols()
            + (model == QLatin1String("softmax") ? data->itemFeatures.cols() : 0);
        QCOMPARE(snapshot->parameter(first)->rows(), config.dimension + extra);
        QVERIFY(snapshot->parameter("user_features"));
        QCOMPARE(snapshot->hyperparameters.at("side_features"), std::string("true"));
    }

    void withoutTheFlagNothingChanges()
    {
        auto data = test::demoTrainData({ 60, 40, 4, 10, true, 2 });
        for (core::ModelKind kind : { core::ModelKind::Softmax, core::ModelKind::Autoencoder }) {
            core::TrainConfig config = core::defaultTrainConfig(kind);
            config.epochs = 1;
            const auto snapshot = core::train(*data, config).snapshot;
            QVERIFY(!snapshot->parameter("user_features"));
            QVERIFY(!snapshot->parameter("item_features"));
            QCOMPARE(snapshot->hyperparameters.at("side_features"), std::string("false"));
        }
    }

    // The features live in the snapshot, so a saved session scores exactly as the trained model.
    void sessionRoundTripsFeatures_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addRow("softmax") << "softmax";
        QTest::addRow("autoencoder") << "autoencoder";
    }
    void sessionRoundTripsFeatures()
    {
        QFETCH(QString, model);
        auto demo = core::generateDemo({ 60, 40, 4, 10, true, 2 });
        core::SplitSpec spec;
        spec.kind = core::SplitSpec::Kind::None;
        auto data = core::splitForTraining(*demo, spec).data;
        core::TrainConfig config = core::defaultTrainConfig(model.toStdString());
        config.epochs = 1;
        config.useSideFeatures = true;
        const auto outcome = core::train(*data, config);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("s.embex")).toStdString();
        QVERIFY(!core::saveSession({ demo, outcome.snapshot, outcome.history }, path));
        const core::SessionLoadOutcome loaded = core::loadSession(path);
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const auto& restored = loaded.session->snapshot;
        QVERIFY(*restored->parameter("user_features") == data->userFeatures);
        QCOMPARE(core::userAttributeEncoding(*restored).featureNames(), demo->userAttributes->encoding.featureNames());
        const std::vector<std::uint32_t> rated { 1, 5, 9 };
        std::vector<float> a(data->itemCount), b(data->itemCount);
        core::makeScorer(outcome.snapshot)->scoreItems(3, rated, a);
        core::makeScorer(restored)->scoreItems(3, rated, b);
        QVERIFY(a == b);
        // The user's attributes matter: another user with the same items scores differently
        // unless their attributes encode the same.
        std::vector<float> other(data->itemCount);
        core::makeScorer(restored)->scoreItems(4, rated, other);
        QVERIFY((data->userFeatures.row(3) == data->userFeatures.row(4)) == (a == other));
        // Cold start through the public function agrees with the scorer for the same features.
        std::vector<float> cold(data->itemCount);
        const auto row = data->userFeatures.row(3);
        core::scoreFromAttributes(restored, rated, { row.data(), static_cast<std::size_t>(row.size()) }, cold);
        QVERIFY(cold == a);
        const std::vector<float> wrong(row.size() + 1, 0.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::scoreFromAttributes(restored, rated, wrong, cold));
    }

    // Users with no ratings but an age: their top 10 from attributes alone hit their type's items
    // at least twice as often as the most popular items do, scored directly from the encoded
    // attributes and as a new user whose raw attributes are typed in (the window's and the CLI's path).
    void coldStartFromAgeBeatsMostPopular()
    {
        constexpr int types = 8;
        std::vector<int> typeOf;
        auto demo = core::generateDemo({ 1500, 160, types, 30, true, 11 }, &typeOf);
        // Every fifth user is new: all their ratings leave the training data.
        core::RatingsTable train;
        for (std::size_t r = 0; r < demo->ratings.size(); ++r) {
            if (demo->ratings.users[r] % 5 == 0)
                continue;
            train.users.push_back(demo->ratings.users[r]);
            train.items.push_back(demo->ratings.items[r]);
            train.ratings.push_back(demo->ratings.ratings[r]);
        }
        core::Dataset trained = *demo;
        trained.ratings = train;
        core::SplitSpec spec;
        spec.kind = core::SplitSpec::Kind::None;
        auto data = core::splitForTraining(trained, spec).data;
        core::TrainConfig config = core::defaultTrainConfig(core::ModelKind::Softmax);
        config.useSideFeatures = true;
        config.epochs = 10;
        const auto outcome = core::train(*data, config);
        QCOMPARE(outcome.status, core::TrainOutcome::Status::Finished);

        std::vector<double> popularity(data->itemCount, 0);
        for (auto i : data->train.items)
            popularity[i] += 1;
        std::vector<float> popular(popularity.begin(), popularity.end());
        const auto popularTop = topK(popular, 10);
        auto hits = [&](const std::vector<std::uint32_t>& top, int type) {
            return static_cast<double>(std::count_if(top.begin(), top.end(), [&](std::uint32_t i) {
                return static_cast<int>(i) % types == type; // dense i is raw id i + 1: type i mod types
            }));
        };
        double model = 0, newUser = 0, baseline = 0;
        int users = 0;
        std::vector<float> scores(data->itemCount);
        const auto& columns = core::userAttributeInput(*outcome.snapshot).encoding.columns;
        for (std::uint32_t u = 0; u < data->userCount; u += 5) {
            const auto row = data->userFeatures.row(u);
            core::scoreFromAttributes(outcome.snapshot, {}, { row.data(), static_cast<std::size_t>(row.size()) },
                                      scores);
            model += hits(topK(scores, 10), typeOf[u]) / 10;
            std::map<std::string, std::string> raw;
            const auto& values = demo->userAttributes->rows.at(demo->users.rawId(u));
            for (std::size_t k = 0; k < columns.size(); ++k)
                raw[columns[k].name] = values.at(k);
            const auto features = core::encodeNewUserAttributes(*outcome.snapshot, raw);
            const auto top = core::recommendForNewUser(*outcome.snapshot, {}, true, 10, {}, 0, features).top;
            std::vector<std::uint32_t> items;
            for (const core::Neighbour& n : top)
                items.push_back(n.item);
            newUser += hits(items, typeOf[u]) / 10;
            baseline += hits(popularTop, typeOf[u]) / 10;
            ++users;
        }
        model /= users;
        newUser /= users;
        baseline /= users;
        const QString figures = QStringLiteral("cold-start precision@10 %1, as a new user %2, most popular %3")
                                    .arg(model)
                                    .arg(newUser)
                                    .arg(baseline);
        qInfo("%s", qPrintable(figures));
        QVERIFY2(model >= 2 * baseline, qPrintable(figures));
        QVERIFY2(newUser >= 2 * baseline, qPrintable(figures));
    }
};

QTEST_APPLESS_MAIN(TestSideFeatures)
#include "tst_side_features.moc"
