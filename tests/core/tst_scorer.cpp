// SPDX-License-Identifier: MIT
// Every model kind's Scorer answers every question asked of a trained model: a user's scores, a
// new user's query vector and its scores, an explanation of one score. A kind that cannot answer
// says so in words; none falls through to another kind's answer.
#include "core/analysis/explain.h"
#include "core/analysis/query_vector.h"
#include "core/models/model_registry.h"
#include "core/models/neural_scorers.h"
#include "core/models/scorer.h"
#include "tests/core/train_test_support.h"

#include <QtTest>

using namespace embex;

namespace {

bool allFinite(std::span<const float> values)
{
    return !values.empty() && std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

std::string refusal(const std::function<void()>& ask)
{
    try {
        ask();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestScorer : public QObject {
    Q_OBJECT

private slots:
    void everyKindAnswersEveryQuestion_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("implicit");
        const auto rows = core::modelRegistry();
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const std::string name(rows[k].name);
            QTest::addRow("%s", name.c_str()) << static_cast<int>(k) << false;
            if (rows[k].learnsFromLikes)
                QTest::addRow("%s on likes", name.c_str()) << static_cast<int>(k) << true;
        }
    }

    void everyKindAnswersEveryQuestion()
    {
        QFETCH(int, row);
        QFETCH(bool, implicit);
        const core::ModelTraits& traits = core::modelRegistry()[static_cast<std::size_t>(row)];
        auto data = test::demoTrainData(
            { .users = 60, .items = 40, .types = 3, .ratingsPerUser = 10, .implicit = implicit });
        core::TrainConfig config = core::defaultTrainConfig(traits.kind);
        config.dimension = 4;
        config.epochs = 2;
        config.useSideFeatures = traits.usesSideFeatures;
        if (!config.hiddenLayers.empty())
            config.hiddenLayers = { 4 };
        const std::shared_ptr<const core::EmbeddingSnapshot> snapshot = core::train(*data, config).snapshot;
        QVERIFY(snapshot);
        QCOMPARE(snapshot->modelKind, std::string(traits.name));

        const std::uint32_t user = 3;
        std::vector<std::uint32_t> rated;
        std::vector<core::PickedItem> picks;
        for (std::size_t r = 0; r < data->train.size(); ++r)
            if (data->train.users[r] == user) {
                rated.push_back(data->train.items[r]);
                picks.push_back({ data->train.items[r], data->train.ratings[r] });
            }
        QVERIFY(!rated.empty());

        // A trained user.
        const auto scorer = core::makeScorer(snapshot);
        QVERIFY(scorer->canScoreUsers());
        std::vector<float> trained(data->itemCount);
        scorer->scoreItems(user, rated, trained);
        QVERIFY(allFinite(trained));

        // A new user who picked the same items, and one who picked none.
        for (const std::span<const core::PickedItem> chosen :
             { std::span<const core::PickedItem>(picks), std::span<const core::PickedItem>() }) {
            const core::QueryVector q = core::queryVector(*snapshot, chosen, implicit);
            QVERIFY(allFinite({ q.vector.data(), static_cast<std::size_t>(q.vector.size()) }));
            QVERIFY(!q.method.empty());
            const std::vector<float> scores = core::scoreQuery(*snapshot, q);
            QCOMPARE(scores.size(), std::size_t(data->itemCount));
            QVERIFY(allFinite(scores));
        }

        // An explanation whose terms add up to the model's own score.
        for (std::uint32_t item : { rated.front(), std::uint32_t(data->itemCount - 1) }) {
            const core::Explanation e = core::explainPrediction(snapshot, user, item, rated);
            QVERIFY(!e.formula.empty());
            QVERIFY(!e.terms.empty());
            QCOMPARE(e.prediction, trained[item]);
            QVERIFY2(std::abs(e.composed() - e.prediction) <= 1e-4 * std::max(1.0, std::abs(e.composed())),
                     core::explanationText(e, "u", "i").c_str());
            QVERIFY(e.rank >= 1 && e.rank <= static_cast<int>(data->itemCount));
            // A predicted rating is no probability.
            if (!traits.alwaysRanks)
                QVERIFY(!e.hasProbability);
            if (e.hasProbability)
                QVERIFY(e.probability > 0 && e.probability <= 1);
        }

        // Scoring from attributes is for the kinds whose row says they take them, and refused by
        // the others in words.
        std::vector<float> cold(data->itemCount);
        const std::string why = refusal([&] { core::scoreFromAttributes(snapshot, {}, {}, cold); });
        if (traits.usesSideFeatures) {
            QVERIFY2(why.empty(), why.c_str());
            QVERIFY(allFinite(cold));
        } else {
            QVERIFY2(why.find("score a user from attributes, not '" + std::string(traits.name) + "'")
                         != std::string::npos,
                     why.c_str());
        }
    }

    // Imported item vectors score a new user by fold-in, and refuse what needs trained users.
    void itemVectorsAloneRefuseWhatNeedsUsers()
    {
        auto s = std::make_shared<core::EmbeddingSnapshot>();
        s->modelKind = std::string(core::importedModelKind);
        core::RowMatrixXf items(3, 2);
        items << 1, 0, 0, 1, 1, 1;
        s->parameters.push_back({ "item_embedding", items });
        QVERIFY(!core::makeScorer(s)->canScoreUsers());
        const std::vector<core::PickedItem> picks { { 0, 4 } };
        QVERIFY(core::scoreQuery(*s, core::queryVector(*s, picks, false))[0] > 0);
        QVERIFY(refusal([&] { core::explainPrediction(s, 0, 0, {}); }).find("no user vectors") != std::string::npos);
    }

    // A kind no row names is refused by name, never scored as a dot product.
    void unknownKindIsRefused()
    {
        auto s = std::make_shared<core::EmbeddingSnapshot>();
        s->modelKind = "svd";
        s->parameters.push_back({ "item_embedding", core::RowMatrixXf::Ones(3, 2) });
        s->parameters.push_back({ "user_embedding", core::RowMatrixXf::Ones(2, 2) });
        const std::vector<core::PickedItem> picks { { 0, 4 } };
        for (const std::string& why :
             { refusal([&] { core::makeScorer(s); }), refusal([&] { core::queryVector(*s, picks, false); }),
               refusal([&] { core::explainPrediction(s, 0, 0, {}); }) })
            QVERIFY2(why.find("'svd'") != std::string::npos, why.c_str());
    }
};

QTEST_APPLESS_MAIN(TestScorer)
#include "tst_scorer.moc"
