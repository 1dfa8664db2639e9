// SPDX-License-Identifier: MIT
#include "core/analysis/explain.h"

#include "core/models/als_model.h"
#include "core/models/dot_bias_model.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace embex::core {
namespace {

    std::string number(double v, const char* format = "%.4f")
    {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, format, v);
        return buffer;
    }

    // Pads to `width` characters as a terminal shows them: UTF-8 continuation bytes take no column.
    std::string padded(const std::string& text, std::size_t width)
    {
        const auto shown = static_cast<std::size_t>(std::count_if(
            text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        return text + std::string(width > shown ? width - shown : 0, ' ');
    }

    std::string listedValues(const ExplanationVector& v)
    {
        std::string text = "[";
        const std::size_t shown = std::min<std::size_t>(v.values.size(), 12);
        for (std::size_t k = 0; k < shown; ++k)
            text += (k > 0 ? ", " : "") + number(v.values[k], "%.3f");
        if (shown < v.values.size())
            text += ", … " + std::to_string(v.values.size() - shown) + " more";
        return text + "]";
    }

    // Attribute features are mostly zeros (one-hot): "age -0.412, gender=M 1.000 (22 others 0)".
    std::string namedValues(const ExplanationVector& v)
    {
        std::string text;
        std::size_t shown = 0, more = 0, zeros = 0;
        for (std::size_t k = 0; k < v.values.size(); ++k) {
            if (v.values[k] == 0.0f) {
                ++zeros;
            } else if (shown == 12) {
                ++more;
            } else {
                text += (shown++ > 0 ? ", " : "") + v.names[k] + ' ' + number(v.values[k], "%.3f");
            }
        }
        if (more > 0)
            text += ", … " + std::to_string(more) + " more";
        if (zeros > 0)
            text += std::string(text.empty() ? "" : " ") + "(" + std::to_string(zeros)
                + (shown > 0 ? " others" : " features") + " 0)";
        return text;
    }

} // namespace

Explanation explainPrediction(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::uint32_t user, std::uint32_t item,
                              std::span<const std::uint32_t> ratedItems, std::span<const float> ratings)
{
    if (!snapshot || snapshot->itemEmbeddings().size() == 0)
        throw std::invalid_argument("an explanation needs a snapshot with an item embedding");
    const EmbeddingSnapshot& s = *snapshot;
    const Index itemCount = s.itemEmbeddings().rows();
    if (item >= itemCount)
        throw std::invalid_argument("item index out of range for this model");
    for (std::uint32_t j : ratedItems)
        if (j >= itemCount)
            throw std::invalid_argument("a rated item index is out of range for this model");
    if (!ratings.empty() && ratings.size() != ratedItems.size())
        throw std::invalid_argument("the ratings must be one per rated item");
    Explanation e;
    e.modelKind = s.modelKind;
    e.userRow = user;
    e.itemRow = item;
    e.dimension = s.itemEmbeddings().cols();
    e.itemCount = static_cast<int>(itemCount);
    // The model's own scores: the prediction the terms must add up to, the rank and the probability.
    const auto scorer = makeScorer(snapshot);
    scorer->explain(user, item, ratedItems, e);
    e.raw = 0;
    for (const ExplanationTerm& t : e.terms)
        e.raw += t.value;
    // ALS's solve weighs each rated item by its rating, which only the caller knows.
    if (s.modelKind == modelName(ModelKind::Als) && s.userEmbeddings() && (ratedItems.empty() || !ratings.empty()))
        e.because = alsBecauseYouRated(s, item, ratedItems, ratings, e.raw);
    else if (s.parameter(DotBiasModel::implicitItemParameter)) // SVD++: the user includes the rated items
        e.because = implicitTermBecauseYouRated(s, item, ratedItems, e.raw);
    if (e.because && !ratings.empty()) {
        std::unordered_map<std::uint32_t, float> ratingOf;
        for (std::size_t k = 0; k < ratedItems.size(); ++k)
            ratingOf[ratedItems[k]] = ratings[k];
        for (RatedItemShare& share : e.because->items)
            share.rating = ratingOf[share.item];
    }
    std::vector<float> scores(static_cast<std::size_t>(itemCount));
    scorer->scoreItems(user, ratedItems, scores);
    e.prediction = scores[item];
    e.rank = 1
        + static_cast<int>(std::count_if(scores.begin(), scores.end(), [&](float v) { return v > e.prediction; }));
    if (const std::optional<double> p = scorer->probability(scores, item)) {
        e.probability = *p;
        e.hasProbability = true;
    }
    return e;
}

UserRatings ratingsOfUser(const RatingsTable& table, std::uint32_t user)
{
    UserRatings r;
    for (std::size_t k = 0; k < table.size(); ++k)
        if (table.users[k] == user) {
            r.items.push_back(table.items[k]);
            r.ratings.push_back(table.ratings[k]);
        }
    return r;
}

std::string becauseText(const Explanation& e, const std::function<std::string(std::uint32_t)>& itemName,
                        std::size_t shown)
{
    if (!e.because)
        return {};
    const BecauseYouRated& b = *e.because;
    std::string text = "Because you rated: " + b.meaning + "\n";
    char line[256];
    const std::size_t named = std::min(shown, b.items.size());
    for (std::size_t k = 0; k < named; ++k) {
        const RatedItemShare& s = b.items[k];
        std::snprintf(line, sizeof line, "  %+12.5f  ", s.value);
        text += line + itemName(s.item);
        if (s.rating)
            text += ", rated " + number(*s.rating, "%g");
        if (s.confidence)
            text += " (confidence " + number(*s.confidence, "%g") + ")";
        text += '\n';
    }
    if (named < b.items.size()) {
        double rest = 0;
        for (std::size_t k = named; k < b.items.size(); ++k)
            rest += b.items[k].value;
        std::snprintf(line, sizeof line, "  %+12.5f  the other %zu rated items\n", rest, b.items.size() - named);
        text += line;
    }
    for (const ExplanationTerm& t : b.others) {
        std::snprintf(line, sizeof line, "  %+12.5f  ", t.value);
        text += line + padded(t.symbol, 10) + ' ' + t.label + '\n';
    }
    text += "  ------------\n";
    std::snprintf(line, sizeof line, "  %+12.5f  = %s%s\n", b.total(),
                  e.squash               ? "z"
                      : e.hasProbability ? "score"
                                         : "r̂",
                  b.isExactForThisInputOnly ? " (exact for this user's input only)" : "");
    return text + line;
}

std::string explanationText(const Explanation& e, const std::string& userId, const std::string& itemId,
                            const std::string& itemTitle)
{
    std::string text = "user " + userId + " (row " + std::to_string(e.userRow) + ") × item " + itemId;
    if (!itemTitle.empty())
        text += " “" + itemTitle + "”";
    text += " (row " + std::to_string(e.itemRow) + "), " + e.modelKind + ", " + std::to_string(e.dimension)
        + " dimensions\n" + e.formula + "\n\n";
    for (const ExplanationVector& v : e.vectors)
        text += v.label + ":\n  " + (v.names.size() == v.values.size() ? namedValues(v) : listedValues(v)) + '\n';
    if (!e.vectors.empty())
        text += '\n';
    char line[256];
    for (const ExplanationTerm& t : e.terms) {
        std::snprintf(line, sizeof line, "  %+12.5f  ", t.value);
        text += line + padded(t.symbol, 10) + ' ' + t.label + '\n';
    }
    text += "  ------------\n";
    const char* result = e.squash ? "z" : e.hasProbability ? "score" : "r̂";
    std::snprintf(line, sizeof line, "  %+12.5f  = %s\n", e.raw, result);
    text += line;
    if (e.squash) {
        std::snprintf(line, sizeof line, "  %+12.5f  = r̂ = %.4g + (%.4g − %.4g)·σ(z)\n", e.composed(), e.squash->low,
                      e.squash->high, e.squash->low);
        text += line;
    }
    std::snprintf(line, sizeof line, "\nthe model's score: %.5f, rank %d among all %d items",
                  static_cast<double>(e.prediction), e.rank, e.itemCount);
    text += line;
    if (e.hasProbability) {
        std::snprintf(line, sizeof line, ", probability %.4g", e.probability);
        text += line;
    }
    return text + "\n";
}

} // namespace embex::core
