// SPDX-License-Identifier: MIT
// "Because you rated": the rated items' shares of a score, checked against the models' own
// arithmetic. ALS: with the users solved once more against the final items, the shares and the
// biases are the whole score (the "rest" vanishes). Softmax and autoencoder: the shares and the
// parts no item carries add up to the score, and with a linear tower each share is what the
// model scores for that item alone, scaled as the tower's input averages or sums.
#include "core/analysis/explain.h"
#include "core/analysis/recommend.h"
#include "core/io/session_file.h"
#include "core/models/als_model.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "tests/core/train_test_support.h"
#include "tests/support/cli_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace embex;
using namespace embex::core;

namespace {

double relative(double got, double want)
{
    return std::abs(got - want) / std::max(1.0, std::abs(want));
}

const ExplanationTerm* otherNamed(const BecauseYouRated& b, const std::string& symbol)
{
    for (const ExplanationTerm& t : b.others)
        if (t.symbol == symbol)
            return &t;
    return nullptr;
}

/// ALS trained for a few epochs, then every user solved once more against the final item
/// vectors, as a last user half-epoch would: the stored p_u is then the solve the shares split.
std::shared_ptr<const EmbeddingSnapshot> alsWithUsersSolvedLast(const TrainData& data, bool solveUsersLast)
{
    TrainConfig config = defaultTrainConfig(ModelKind::Als);
    config.dimension = 8;
    config.seed = 5;
    AlsModel model(data, config);
    std::vector<std::uint32_t> rows(data.userCount + data.itemCount);
    std::iota(rows.begin(), rows.end(), 0u);
    for (int epoch = 0; epoch < 3; ++epoch) {
        model.beginEpoch(epoch);
        model.trainBatch(rows);
    }
    if (solveUsersLast) {
        model.beginEpoch(3);
        model.trainBatch(std::span(rows).first(data.userCount));
    }
    return model.snapshot(3);
}

std::shared_ptr<const EmbeddingSnapshot> trainTower(const TrainData& data, ModelKind kind, std::vector<int> hidden,
                                                    bool features)
{
    TrainConfig config = defaultTrainConfig(kind);
    config.dimension = 10;
    config.epochs = 2;
    config.seed = 3;
    config.hiddenLayers = std::move(hidden);
    config.negativeSamples = std::min(config.negativeSamples, 40);
    config.useSideFeatures = features;
    return train(data, config).snapshot;
}

} // namespace

class TestBecauseYouRated : public QObject {
    Q_OBJECT
private slots:
    void alsSharesAreTheUsersOwnSolve_data()
    {
        QTest::addColumn<bool>("implicit");
        QTest::addRow("explicit") << false;
        QTest::addRow("implicit") << true;
    }
    void alsSharesAreTheUsersOwnSolve()
    {
        QFETCH(bool, implicit);
        const auto data = test::demoTrainData({ 150, 60, 4, 30, implicit });
        QCOMPARE(data->implicit, implicit);
        const auto solvedLast = alsWithUsersSolvedLast(*data, true);
        const auto asTrained = alsWithUsersSolvedLast(*data, false);
        double staleness = 0;
        for (std::uint32_t user : { 0u, 31u, 149u }) {
            const UserRatings rated = ratingsOfUser(data->train, user);
            QVERIFY(rated.items.size() >= 2);
            for (std::uint32_t item : { 0u, 7u, 59u }) {
                const Explanation e = explainPrediction(solvedLast, user, item, rated.items, rated.ratings);
                QVERIFY(e.because);
                const BecauseYouRated& b = *e.because;
                QCOMPARE(b.items.size(), rated.items.size());
                QVERIFY(!b.isExactForThisInputOnly);
                // The shares and the biases alone make the model's score: the rest is rounding.
                const ExplanationTerm* rest = otherNamed(b, "rest");
                QVERIFY(rest);
                double shares = 0;
                for (const RatedItemShare& s : b.items)
                    shares += s.value;
                for (const ExplanationTerm& t : b.others)
                    shares += t.symbol == "rest" ? 0 : t.value;
                QVERIFY2(relative(shares, e.prediction) < 1e-4,
                         qPrintable(QStringLiteral("user %1 item %2: shares %3, the model %4")
                                        .arg(user)
                                        .arg(item)
                                        .arg(shares, 0, 'g', 9)
                                        .arg(e.prediction, 0, 'g', 9)));
                QVERIFY(relative(b.total(), e.raw) < 1e-9);
                QCOMPARE(otherNamed(b, "μ") != nullptr, !implicit);
                for (std::size_t k = 1; k < b.items.size(); ++k)
                    QVERIFY(std::abs(b.items[k].value) <= std::abs(b.items[k - 1].value));
                for (const RatedItemShare& s : b.items) {
                    QVERIFY(s.rating);
                    QCOMPARE(s.confidence.has_value(), implicit);
                }
                // As trained, the users were solved before the last item half-epoch: the rest
                // says by how much, and the whole still adds up.
                const Explanation stale = explainPrediction(asTrained, user, item, rated.items, rated.ratings);
                QVERIFY(relative(stale.because->total(), stale.raw) < 1e-9);
                staleness = std::max(staleness, std::abs(otherNamed(*stale.because, "rest")->value));
            }
        }
        QVERIFY2(staleness > 1e-4, qPrintable(QString::number(staleness))); // the rest is needed there
        // Without the ratings ALS cannot weigh the items: no list rather than a wrong one.
        const std::vector<std::uint32_t> items = itemsRatedBy(data->train, 0);
        QVERIFY(!explainPrediction(solvedLast, 0, 1, items).because);
    }

    // Two rated items along the axes; the recommended item lies almost along the first: the first
    // rated item carries nearly all of its score.
    void alsPutsTheDrivingItemFirst_data()
    {
        QTest::addColumn<bool>("implicit");
        QTest::addRow("explicit") << false;
        QTest::addRow("implicit") << true;
    }
    void alsPutsTheDrivingItemFirst()
    {
        QFETCH(bool, implicit);
        auto s = std::make_shared<EmbeddingSnapshot>();
        s->modelKind = "als";
        s->hyperparameters = { { "implicit", implicit ? "true" : "false" },
                               { "effective_regularization", "0.1" },
                               { "confidence_alpha", "10" } };
        RowMatrixXf items(4, 2), users(1, 2);
        items << 0, 1,   //
            0.1f, -0.2f, //
            1, 0,        //
            0.95f, 0.05f;
        users << 1, 1;
        s->parameters = { { "item_embedding", items }, { "user_embedding", users } };
        if (!implicit) {
            s->parameters.push_back({ "item_bias", RowMatrixXf::Zero(4, 1) });
            s->parameters.push_back({ "user_bias", RowMatrixXf::Zero(1, 1) });
            s->parameters.push_back({ "global_bias", RowMatrixXf::Constant(1, 1, 3.0f) });
        }
        const std::vector<std::uint32_t> rated { 0, 1, 2 };
        const std::vector<float> ratings { 4, 3, 5 };
        const Explanation e = explainPrediction(s, 0, 3, rated, ratings);
        QVERIFY(e.because);
        QCOMPARE(e.because->items.front().item, 2u);
        QVERIFY(std::abs(e.because->items.front().value) > 5 * std::abs(e.because->items[1].value));
        QCOMPARE(*e.because->items.front().rating, 5.0f);
        const std::string text = becauseText(
            e, [](std::uint32_t j) { return "item " + std::to_string(j); }, 1);
        QVERIFY2(text.find("Because you rated") != std::string::npos
                     && text.find("item 2, rated 5") != std::string::npos
                     && text.find("the other 2 rated items") != std::string::npos,
                 text.c_str());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explainPrediction(s, 0, 3, rated, std::vector<float> { 4, 3 }));
    }

    void towerSharesAddUpToTheScore_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("hasHiddenLayers");
        QTest::addColumn<bool>("features");
        for (const ModelKind kind : { ModelKind::Softmax, ModelKind::Autoencoder })
            for (const bool hidden : { false, true })
                for (const bool features : { false, true })
                    QTest::addRow("%s, %s%s", std::string(modelName(kind)).c_str(), hidden ? "ReLU layers" : "linear",
                                  features ? ", side features" : "")
                        << static_cast<int>(kind) << hidden << features;
    }
    void towerSharesAddUpToTheScore()
    {
        QFETCH(int, kind);
        QFETCH(bool, hasHiddenLayers);
        QFETCH(bool, features);
        const auto data = test::demoTrainData({ 150, 60, 4, 15 });
        const auto snapshot = trainTower(*data, static_cast<ModelKind>(kind),
                                         hasHiddenLayers ? std::vector<int> { 12, 6 } : std::vector<int> {}, features);
        QVERIFY(snapshot);
        QCOMPARE(snapshot->parameter("user_features") != nullptr, features);
        const auto scorer = makeScorer(snapshot);
        std::vector<float> alone(data->itemCount), none(data->itemCount);
        for (std::uint32_t user : { 0u, 31u, 149u }) {
            const std::vector<std::uint32_t> rated = itemsRatedBy(data->train, user);
            scorer->scoreItems(user, {}, none);
            for (std::uint32_t item : { 0u, 7u, 59u }) {
                const Explanation e = explainPrediction(snapshot, user, item, rated);
                QVERIFY(e.because);
                const BecauseYouRated& b = *e.because;
                QCOMPARE(b.items.size(), rated.size());
                QCOMPARE(b.isExactForThisInputOnly, hasHiddenLayers);
                QVERIFY2(relative(b.total(), e.prediction) < 1e-4,
                         qPrintable(QStringLiteral("shares %1, the model %2")
                                        .arg(b.total(), 0, 'g', 9)
                                        .arg(e.prediction, 0, 'g', 9)));
                QCOMPARE(otherNamed(b, "g·u") != nullptr, features);
                if (hasHiddenLayers)
                    continue;
                // Linear: the score of the item alone, less the score of no items, is the item's
                // share undone from the mean (softmax) or the sum over √n (autoencoder).
                const double n = static_cast<double>(rated.size());
                const double scale = kind == static_cast<int>(ModelKind::Softmax) ? n : std::sqrt(n);
                for (const RatedItemShare& s : b.items) {
                    const std::uint32_t only[] = { s.item };
                    scorer->scoreItems(user, only, alone);
                    const double direct = static_cast<double>(alone[item]) - none[item];
                    QVERIFY2(std::abs(s.value * scale - direct) < 1e-4 * std::max(1.0, std::abs(direct)),
                             qPrintable(QStringLiteral("item %1: share × %2 = %3, alone %4")
                                            .arg(s.item)
                                            .arg(scale)
                                            .arg(s.value * scale, 0, 'g', 9)
                                            .arg(direct, 0, 'g', 9)));
                }
            }
        }
    }

    // embex-cli explain prints the list and puts every rated item in --json, adding up to the score.
    void explainPrintsBecauseYouRated()
    {
        auto demo = generateDemo({ 120, 60, 4, 15 });
        const auto data = splitForTraining(*demo, SplitSpec {}).data;
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("m.embex")).toStdString();
        TrainConfig config = defaultTrainConfig(ModelKind::Als);
        config.dimension = 8;
        config.epochs = 3;
        QVERIFY(!saveSession({ demo, train(*data, config).snapshot, {} }, model));
        std::string out, err;
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", "3" }, out, err), 0);
        QVERIFY2(QString::fromStdString(out).contains(u"Because you rated")
                     && out.find(", rated ") != std::string::npos,
                 out.c_str());
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", "3", "--json" }, out, err), 0);
        const QJsonObject json = test::parseJsonObject(out);
        const QJsonObject because = json[u"because_you_rated"].toObject();
        const QJsonArray items = because[u"items"].toArray();
        QCOMPARE(items.size(), static_cast<int>(itemsRatedBy(demo->ratings, *demo->users.indexOf("7")).size()));
        double sum = 0;
        for (const QJsonValue& v : items) {
            sum += v.toObject()[u"share"].toDouble();
            QVERIFY(v.toObject().contains(u"rating") && !v.toObject()[u"id"].toString().isEmpty());
        }
        for (const QJsonValue& v : because[u"others"].toArray())
            sum += v.toObject()[u"value"].toDouble();
        QVERIFY2(relative(sum, json[u"prediction"].toDouble()) < 1e-5, out.c_str());
    }
};

QTEST_APPLESS_MAIN(TestBecauseYouRated)
#include "tst_because_you_rated.moc"
