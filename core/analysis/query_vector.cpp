// SPDX-License-Identifier: MIT
#include "core/analysis/query_vector.h"

#include "core/analysis/new_user_attributes.h"
#include "core/analysis/recommend.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"

#include <stdexcept>

namespace embex::core {
namespace {

    /// The kind's scorer for a snapshot the caller owns for as long as the scorer lives: the
    /// aliasing shared_ptr owns nothing.
    std::unique_ptr<ModelScorer> scorerOf(const EmbeddingSnapshot& snapshot)
    {
        return makeScorer(std::shared_ptr<const EmbeddingSnapshot>(std::shared_ptr<void>(), &snapshot));
    }

    /// Checks picks and attributes against the model before its scorer folds the user in.
    void checkNewUser(const EmbeddingSnapshot& s, std::span<const PickedItem> picks,
                      std::span<const float> userFeatures)
    {
        const RowMatrixXf& items = s.itemEmbeddings();
        if (items.size() == 0)
            throw std::invalid_argument("a query vector needs a snapshot with an item embedding");
        for (const PickedItem& p : picks)
            if (static_cast<Index>(p.item) >= items.rows())
                throw std::invalid_argument("picked item " + std::to_string(p.item) + " is out of range");
        if (userFeatures.empty())
            return;
        const UserAttributeInput input = userAttributeInput(s);
        if (!input.accepts())
            throw std::invalid_argument(input.whyNot);
        const Index f = s.parameter("user_features")->cols();
        if (static_cast<Index>(userFeatures.size()) != f)
            throw std::invalid_argument("the user has " + std::to_string(userFeatures.size())
                                        + " attribute features; the model was trained on " + std::to_string(f));
    }

    QueryVector queryVector(const ModelScorer& scorer, const EmbeddingSnapshot& snapshot,
                            std::span<const PickedItem> picks, bool implicitData, std::span<const float> userFeatures)
    {
        checkNewUser(snapshot, picks, userFeatures);
        return scorer.queryVector(picks, implicitData, userFeatures);
    }

    std::vector<float> scoreQuery(const ModelScorer& scorer, const EmbeddingSnapshot& snapshot,
                                  const QueryVector& query)
    {
        std::vector<float> out(static_cast<std::size_t>(snapshot.itemEmbeddings().rows()));
        scorer.scoreQuery(query, out);
        return out;
    }

} // namespace

QueryVector queryVector(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks, bool implicitData,
                        std::span<const float> userFeatures)
{
    if (snapshot.itemEmbeddings().size() == 0)
        throw std::invalid_argument("a query vector needs a snapshot with an item embedding");
    return queryVector(*scorerOf(snapshot), snapshot, picks, implicitData, userFeatures);
}

std::vector<float> scoreQuery(const EmbeddingSnapshot& snapshot, const QueryVector& query)
{
    return scoreQuery(*scorerOf(snapshot), snapshot, query);
}

NewUserRecommendations recommendForNewUser(const EmbeddingSnapshot& snapshot, std::span<const PickedItem> picks,
                                           bool implicitData, int n, std::span<const std::uint32_t> ratingCounts,
                                           std::uint32_t minRatings, std::span<const float> userFeatures,
                                           std::span<const std::uint8_t> allowed)
{
    if (snapshot.itemEmbeddings().size() == 0)
        throw std::invalid_argument("a query vector needs a snapshot with an item embedding");
    const auto scorer = scorerOf(snapshot);
    NewUserRecommendations result;
    result.query = queryVector(*scorer, snapshot, picks, implicitData, userFeatures);
    std::vector<std::uint32_t> picked;
    for (const PickedItem& p : picks)
        picked.push_back(p.item);
    result.top = topItems(scoreQuery(*scorer, snapshot, result.query), picked, n, ratingCounts, minRatings, allowed);
    return result;
}

bool scoresArePredictedRatings(const EmbeddingSnapshot& snapshot, bool implicitData)
{
    const auto kind = findModelKind(snapshot.modelKind);
    return kind && !isRanking(*kind, implicitData);
}

} // namespace embex::core
