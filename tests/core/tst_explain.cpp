// SPDX-License-Identifier: MIT
// An explanation's terms must rebuild the model's own score: for every model kind trained on demo
// data, and on a hand-made model where every term is large enough that leaving one out shows.
#include "core/analysis/explain.h"
#include "core/analysis/recommend.h"
#include "core/data/attribute_table.h"
#include "core/io/session_file.h"
#include "core/models/model_registry.h"
#include "core/models/neural_scorers.h"
#include "core/models/scorer.h"
#include "tests/core/train_test_support.h"
#include "tests/support/cli_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace embex;
using namespace embex::core;

namespace {

// |composed − prediction| allowed: 1e-5, relative for scores beyond ±1 (the scorer sums in float).
double tolerance(float prediction)
{
    return 1e-5 * std::max(1.0, std::abs(static_cast<double>(prediction)));
}

enum class Features { None, User, UserAndItem };

std::shared_ptr<const EmbeddingSnapshot> trainBriefly(const TrainData& data, ModelKind kind, bool squash,
                                                      Features features = Features::None)
{
    TrainConfig config = defaultTrainConfig(kind);
    config.dimension = 16;
    config.epochs = 2;
    config.seed = 3;
    config.ySquash = squash;
    if (!config.hiddenLayers.empty())
        config.hiddenLayers = { 12, 5 };
    config.negativeSamples = std::min(config.negativeSamples, 40);
    config.useSideFeatures = features != Features::None;
    if (features != Features::User)
        return train(data, config).snapshot;
    TrainData userOnly = data; // the demo's items carry genres: leave them out
    userOnly.itemFeatures = {};
    userOnly.itemFeatureEncoding.clear();
    return train(userOnly, config).snapshot;
}

/// The snapshot with one of its feature tables zeroed: what an explanation that left that input
/// out would compose to.
std::shared_ptr<const EmbeddingSnapshot> withoutInput(const EmbeddingSnapshot& snapshot, const std::string& name)
{
    auto copy = std::make_shared<EmbeddingSnapshot>(snapshot);
    for (auto& parameter : copy->parameters)
        if (parameter.name == name)
            parameter.value.setZero();
    return copy;
}

const ExplanationVector* vectorNamed(const Explanation& e, const std::vector<std::string>& names)
{
    for (const ExplanationVector& v : e.vectors)
        if (!names.empty() && v.names == names)
            return &v;
    return nullptr;
}

} // namespace

class TestExplain : public QObject {
    Q_OBJECT
private slots:
    void termsComposeToTheModelsScore_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("squash");
        QTest::addColumn<int>("features");
        for (const ModelTraits& row : modelRegistry())
            QTest::addRow("%s", std::string(row.name).c_str()) << static_cast<int>(row.kind) << false << 0;
        QTest::addRow("dotbias, y_squash") << static_cast<int>(ModelKind::DotBias) << true << 0;
        QTest::addRow("softmax, user and item features")
            << static_cast<int>(ModelKind::Softmax) << false << static_cast<int>(Features::UserAndItem);
        QTest::addRow("softmax, user features")
            << static_cast<int>(ModelKind::Softmax) << false << static_cast<int>(Features::User);
        QTest::addRow("autoencoder, user features")
            << static_cast<int>(ModelKind::Autoencoder) << false << static_cast<int>(Features::User);
    }
    void termsComposeToTheModelsScore()
    {
        QFETCH(int, kind);
        QFETCH(bool, squash);
        QFETCH(int, features);
        const auto data = test::demoTrainData({ 200, 80, 4, 20 }); // with planted ages and education
        const auto snapshot = trainBriefly(*data, static_cast<ModelKind>(kind), squash,
                                           static_cast<Features>(features));
        QVERIFY(snapshot);
        const bool hasUserFeatures = features != static_cast<int>(Features::None);
        const bool hasItemFeatures = features == static_cast<int>(Features::UserAndItem);
        QCOMPARE(snapshot->parameter("user_features") != nullptr, hasUserFeatures);
        QCOMPARE(snapshot->parameter("item_features") != nullptr, hasItemFeatures);
        const std::vector<std::string> userNames = userAttributeEncoding(*snapshot).featureNames();
        const std::vector<std::string> itemNames = hasItemFeatures
            ? AttributeEncoding::parse(snapshot->hyperparameters.at("item_feature_encoding")).featureNames()
            : std::vector<std::string>();
        // An explanation that left an input out would compose to the score of the model without
        // it; the case can fail only if that is far from the real score somewhere.
        const auto noUserInput = hasUserFeatures ? makeScorer(withoutInput(*snapshot, "user_features")) : nullptr;
        const auto noItemInput = hasItemFeatures ? makeScorer(withoutInput(*snapshot, "item_features")) : nullptr;
        double userInputMatters = 0, itemInputMatters = 0;
        std::vector<float> without(data->itemCount);
        QCOMPARE(snapshot->hyperparameters.count("y_squash") ? snapshot->hyperparameters.at("y_squash") == "true"
                                                             : false,
                 squash);
        const auto scorer = makeScorer(snapshot);
        std::vector<float> scores(data->itemCount);
        for (std::uint32_t user : { 0u, 17u, 199u }) {
            const std::vector<std::uint32_t> rated = itemsRatedBy(data->train, user);
            scorer->scoreItems(user, rated, scores);
            if (noUserInput) {
                noUserInput->scoreItems(user, rated, without);
                for (std::uint32_t item : { 0u, 5u, 79u })
                    userInputMatters = std::max(userInputMatters, std::abs(double(without[item] - scores[item])));
            }
            if (noItemInput) {
                noItemInput->scoreItems(user, rated, without);
                for (std::uint32_t item : { 0u, 5u, 79u })
                    itemInputMatters = std::max(itemInputMatters, std::abs(double(without[item] - scores[item])));
            }
            for (std::uint32_t item : { 0u, 5u, 79u }) {
                const Explanation e = explainPrediction(snapshot, user, item, rated);
                // The attribute inputs are shown with their feature names and the model's numbers.
                const ExplanationVector* u = vectorNamed(e, userNames);
                QCOMPARE(u != nullptr, hasUserFeatures);
                if (u) {
                    const auto row = snapshot->parameter("user_features")->row(user);
                    QVERIFY(u->values == std::vector<float>(row.data(), row.data() + row.size()));
                    QVERIFY2(u->values
                                 == std::vector<float>(data->userFeatures.row(user).data(),
                                                       data->userFeatures.row(user).data() + row.size()),
                             "the user's attributes as the data encodes them");
                }
                const ExplanationVector* bag = vectorNamed(e, itemNames);
                QCOMPARE(bag != nullptr, hasItemFeatures);
                if (bag) {
                    RowVectorXf mean = RowVectorXf::Zero(data->itemFeatures.cols());
                    for (std::uint32_t j : rated)
                        mean += data->itemFeatures.row(j);
                    mean /= static_cast<float>(rated.size());
                    for (std::size_t k = 0; k < bag->values.size(); ++k)
                        QVERIFY(std::abs(bag->values[k] - mean(static_cast<Index>(k))) < 1e-6f);
                }
                QCOMPARE(e.prediction, scores[item]);
                QVERIFY2(std::abs(e.composed() - e.prediction) <= tolerance(e.prediction),
                         qPrintable(QStringLiteral("user %1 item %2: terms give %3, the model %4")
                                        .arg(user)
                                        .arg(item)
                                        .arg(e.composed(), 0, 'g', 9)
                                        .arg(e.prediction, 0, 'g', 9)));
                QCOMPARE(e.userRow, user);
                QCOMPARE(e.itemRow, item);
                // five named dimensions and the rest, besides the biases
                QVERIFY(e.terms.size() >= static_cast<std::size_t>(explainedDimensions + 1));
                QVERIFY(!e.vectors.empty());
                QVERIFY(e.rank >= 1 && e.rank <= e.itemCount);
                const int higher = static_cast<int>(
                    std::count_if(scores.begin(), scores.end(), [&](float s) { return s > scores[item]; }));
                QCOMPARE(e.rank, higher + 1);
                QCOMPARE(e.squash.has_value(), squash);
                const bool ranksByProbability = kind == static_cast<int>(ModelKind::Softmax)
                    || kind == static_cast<int>(ModelKind::Autoencoder);
                QCOMPARE(e.hasProbability, ranksByProbability);
                if (e.hasProbability)
                    QVERIFY(e.probability > 0 && e.probability < 1);
                const std::string text = explanationText(e, "u", "i");
                QVERIFY(!text.empty());
                if (hasUserFeatures)
                    QVERIFY2(text.find("u: the user's attributes") != std::string::npos, text.c_str());
            }
        }
        if (noUserInput)
            QVERIFY2(userInputMatters > 100 * tolerance(1), qPrintable(QString::number(userInputMatters)));
        if (noItemInput)
            QVERIFY2(itemInputMatters > 100 * tolerance(1), qPrintable(QString::number(itemInputMatters)));
    }

    // μ = 3, b_u = 0.5, b_i = −0.25, p·q = 2·1 + 1·(−3) + … : every term is far from 0, so the
    // sum check fails if any one of them is not shown.
    void everyTermIsNeeded()
    {
        auto s = std::make_shared<EmbeddingSnapshot>();
        s->modelKind = "dotbias";
        RowMatrixXf users(2, 7), items(3, 7);
        users << 2, 1, 0.5, -1, 3, 1, -2, //
            0, 0, 0, 0, 0, 0, 0;
        items << 1, -3, 4, 1, 1, 0.5, 0.25, //
            0, 0, 0, 0, 0, 0, 0,            //
            0, 0, 0, 0, 0, 0, 0;
        s->parameters = { { "item_embedding", items },
                          { "user_embedding", users },
                          { "item_bias", RowMatrixXf::Constant(3, 1, -0.25f) },
                          { "user_bias", RowMatrixXf::Constant(2, 1, 0.5f) },
                          { "global_bias", RowMatrixXf::Constant(1, 1, 3.0f) } };
        const Explanation e = explainPrediction(s, 0, 0, {});
        // 2 − 3 + 2 − 1 + 3 + 0.5 − 0.5 = 3, plus 3 + 0.5 − 0.25
        QCOMPARE(e.prediction, 6.25f);
        QVERIFY(std::abs(e.composed() - 6.25) < 1e-6);
        QCOMPARE(e.terms[0].symbol, std::string("μ"));
        QCOMPARE(e.terms[1].symbol, std::string("b_u"));
        QCOMPARE(e.terms[2].symbol, std::string("b_i"));
        QCOMPARE(e.terms.size(), std::size_t(3 + explainedDimensions + 1)); // 7 dimensions: 5 named and the rest
        QCOMPARE(e.terms.back().symbol, std::string("Σ rest"));
        QCOMPARE(e.terms.back().value, 0.0); // the two smallest, +0.5 and −0.5
        for (std::size_t left = 0; left + 1 < e.terms.size(); ++left) {
            double sum = 0;
            for (std::size_t t = 0; t < e.terms.size(); ++t)
                sum += t == left ? 0 : e.terms[t].value;
            QVERIFY2(std::abs(sum - e.prediction) > 0.2, e.terms[left].symbol.c_str());
        }
        // named dimensions come by |p_k·q_k|, largest first
        for (std::size_t t = 4; t < e.terms.size() - 1; ++t)
            QVERIFY(std::abs(e.terms[t].value) <= std::abs(e.terms[t - 1].value));
        QCOMPARE(e.rank, 1);
    }

    void rejectsWhatItCannotExplain()
    {
        auto itemsOnly = std::make_shared<EmbeddingSnapshot>();
        itemsOnly->modelKind = std::string(importedModelKind);
        itemsOnly->parameters = { { "item_embedding", RowMatrixXf::Ones(4, 2) } };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explainPrediction(itemsOnly, 0, 0, {}));
        auto withUsers = std::make_shared<EmbeddingSnapshot>(*itemsOnly);
        withUsers->parameters.push_back({ "user_embedding", RowMatrixXf::Ones(2, 2) });
        QCOMPARE(explainPrediction(withUsers, 1, 3, {}).prediction, 2.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explainPrediction(withUsers, 2, 0, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, explainPrediction(withUsers, 0, 4, {}));
    }

    // embex-cli explain: the same arithmetic by raw ids, agreeing with recommend's score.
    void explainsOnTheCommandLine()
    {
        auto demo = generateDemo({ 120, 60, 4, 15 });
        SplitSpec none;
        const auto data = splitForTraining(*demo, none).data;
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("m.embex")).toStdString();
        QVERIFY(!saveSession({ demo, trainBriefly(*data, ModelKind::DotBias, false), {} }, model));

        std::string out, err;
        QCOMPARE(test::runCli({ "recommend", model, "--user", "7", "-n", "1", "--json" }, out, err), 0);
        const QJsonObject top = test::parseJsonObject(out)[u"recommendations"].toArray()[0].toObject();
        const std::string item = top[u"id"].toString().toStdString();
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", item, "--json" }, out, err), 0);
        const QJsonObject json = test::parseJsonObject(out);
        QCOMPARE(json[u"user_row"].toInt(), static_cast<int>(*demo->users.indexOf("7")));
        QCOMPARE(json[u"item_row"].toInt(), static_cast<int>(*demo->items.indexOf(item)));
        double sum = 0;
        for (const QJsonValue& t : json[u"terms"].toArray())
            sum += t.toObject()[u"value"].toDouble();
        QVERIFY(std::abs(sum - json[u"prediction"].toDouble()) < 1e-5);
        QVERIFY(std::abs(json[u"prediction"].toDouble() - top[u"score"].toDouble()) < 1e-5);
        QCOMPARE(json[u"rank"].toInt() >= 1, true);

        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", item }, out, err), 0);
        QVERIFY2(QString::fromStdString(out).contains(u"μ"), out.c_str());
        QVERIFY(QString::fromStdString(out).contains(u"Σ rest"));
        QCOMPARE(test::runCli({ "explain", model, "--user", "nobody", "--item", item }, out, err), 1);
        QVERIFY2(QString::fromStdString(err).contains(u"no user has the id 'nobody'"), err.c_str());
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", "9999" }, out, err), 1);
        QVERIFY2(QString::fromStdString(err).contains(u"no item has the id '9999'"), err.c_str());
        QCOMPARE(test::runCli({ "explain", model, "--user", "7" }, out, err), 2);
        QVERIFY2(QString::fromStdString(err).contains(u"--item is required"), err.c_str());
    }

    // A softmax trained with the demo's planted attributes: explain prints them by name, in text
    // and in JSON, and its terms still add up to the score.
    void explainsAttributeInputsOnTheCommandLine()
    {
        auto demo = generateDemo({ 120, 60, 4, 15 });
        SplitSpec none;
        const auto data = splitForTraining(*demo, none).data;
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("m.embex")).toStdString();
        const auto snapshot = trainBriefly(*data, ModelKind::Softmax, false, Features::UserAndItem);
        QVERIFY(!saveSession({ demo, snapshot, {} }, model));

        std::string out, err;
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", "3" }, out, err), 0);
        const QString text = QString::fromStdString(out);
        QVERIFY2(text.contains(u"u: the user's attributes") && text.contains(u"age ") && text.contains(u"education="),
                 out.c_str());
        QVERIFY2(text.contains(u"x_G: mean item features") && text.contains(u"genres="), out.c_str());
        QCOMPARE(test::runCli({ "explain", model, "--user", "7", "--item", "3", "--json" }, out, err), 0);
        const QJsonObject json = test::parseJsonObject(out);
        const QStringList userNames = [&] {
            QStringList names;
            for (const std::string& n : userAttributeEncoding(*snapshot).featureNames())
                names << QString::fromStdString(n);
            return names;
        }();
        bool shown = false;
        for (const QJsonValue& v : json[u"vectors"].toArray()) {
            const QJsonArray names = v.toObject()[u"names"].toArray();
            QCOMPARE(names.size() == 0 || names.size() == v.toObject()[u"values"].toArray().size(), true);
            QStringList got;
            for (const QJsonValue& n : names)
                got << n.toString();
            shown = shown || got == userNames;
        }
        QVERIFY2(shown, out.c_str());
        double sum = 0;
        for (const QJsonValue& t : json[u"terms"].toArray())
            sum += t.toObject()[u"value"].toDouble();
        QVERIFY(std::abs(sum - json[u"prediction"].toDouble()) < tolerance(float(json[u"prediction"].toDouble())));
    }
};

QTEST_APPLESS_MAIN(TestExplain)
#include "tst_explain.moc"
