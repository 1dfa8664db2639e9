// SPDX-License-Identifier: MIT
#include "core/analysis/explain.h"

#include "core/data/attribute_table.h"
#include "core/models/dense_stack.h"
#include "core/models/hyperparameter_text.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

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

    std::vector<float> values(const RowVectorXf& row)
    {
        return { row.data(), row.data() + row.size() };
    }

    const RowMatrixXf& required(const EmbeddingSnapshot& s, const std::string& name)
    {
        const RowMatrixXf* m = s.parameter(name);
        if (!m)
            throw std::invalid_argument(s.modelKind + " snapshot lacks the parameter '" + name + "'");
        return *m;
    }

    struct Layer {
        const RowMatrixXf* weight; // in × out
        const RowMatrixXf* bias;   // 1 × out
    };

    // The snapshot's "<prefix>k_weight/_bias" layers, checked for shape as the scorers check them.
    std::vector<Layer> layersOf(const EmbeddingSnapshot& s, const std::string& prefix)
    {
        const DenseStack check = DenseStack::fromSnapshot(s, prefix); // throws on inconsistent shapes
        std::vector<Layer> layers;
        for (std::size_t k = 0; k < check.layerCount(); ++k)
            layers.push_back({ s.parameter(prefix + std::to_string(k) + "_weight"),
                               s.parameter(prefix + std::to_string(k) + "_bias") });
        return layers;
    }

    // Runs `x` through every layer but the last (ReLU after each), keeping each activation as a
    // vector; returns the input of the last layer.
    RowVectorXf hiddenPass(const std::vector<Layer>& layers, RowVectorXf x, Explanation& e)
    {
        for (std::size_t k = 0; k + 1 < layers.size(); ++k) {
            RowVectorXf next = x * *layers[k].weight;
            next += layers[k].bias->row(0);
            x = next.cwiseMax(0.0f);
            e.vectors.push_back(
                { "hidden layer " + std::to_string(k + 1) + " (ReLU, " + std::to_string(x.size()) + " units)",
                  values(x) });
        }
        return x;
    }

    // Adds Σ_k left_k·right_k as terms: the explainedDimensions largest |products| one by one,
    // then one term for the rest (or every product when at most one would be left over).
    void addProducts(Explanation& e, const RowVectorXf& left, const RowVectorXf& right, const std::string& leftName,
                     const std::string& rightName, const std::string& unit)
    {
        const Index n = left.size();
        std::vector<double> products(static_cast<std::size_t>(n));
        for (Index k = 0; k < n; ++k)
            products[static_cast<std::size_t>(k)] = static_cast<double>(left(k)) * static_cast<double>(right(k));
        std::vector<Index> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), Index(0));
        std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
            return std::abs(products[static_cast<std::size_t>(a)]) > std::abs(products[static_cast<std::size_t>(b)]);
        });
        const Index named = n <= explainedDimensions + 1 ? n : explainedDimensions;
        for (Index r = 0; r < named; ++r) {
            const Index k = order[static_cast<std::size_t>(r)];
            e.terms.push_back({ leftName + "·" + rightName + "[" + std::to_string(k) + "]",
                                unit + " " + std::to_string(k) + ": " + number(left(k)) + " × " + number(right(k)),
                                products[static_cast<std::size_t>(k)] });
        }
        if (named < n) {
            double rest = 0;
            for (Index r = named; r < n; ++r)
                rest += products[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])];
            e.terms.push_back({ "Σ rest", "the other " + std::to_string(n - named) + " " + unit + "s", rest });
        }
    }

    void explainDotProduct(const EmbeddingSnapshot& s, std::uint32_t user, std::uint32_t item, Explanation& e)
    {
        const RowMatrixXf* users = s.userEmbeddings();
        if (!users)
            throw std::invalid_argument("this model has no user vectors, so it cannot explain a user's score");
        if (user >= users->rows())
            throw std::invalid_argument("user index out of range for this model");
        if (users->cols() != e.dimension)
            throw std::invalid_argument("user and item embeddings differ in dimension");
        const RowVectorXf p = users->row(user), q = s.itemEmbeddings().row(item);
        e.vectors.push_back({ "p_u: user embedding, row " + std::to_string(user), values(p) });
        e.vectors.push_back({ "q_i: item embedding, row " + std::to_string(item), values(q) });
        e.formula = "r̂ =";
        if (const RowMatrixXf* mu = s.parameter("global_bias")) {
            e.terms.push_back({ "μ", "global bias", (*mu)(0, 0) });
            e.formula += " μ +";
        }
        if (const RowMatrixXf* bu = s.parameter("user_bias")) {
            e.terms.push_back({ "b_u", "user bias, row " + std::to_string(user), (*bu)(user, 0) });
            e.formula += " b_u +";
        }
        if (const RowMatrixXf* bi = s.parameter("item_bias")) {
            e.terms.push_back({ "b_i", "item bias, row " + std::to_string(item), (*bi)(item, 0) });
            e.formula += " b_i +";
        }
        e.formula += " Σ_k p_uk·q_ik";
        addProducts(e, p, q, "p", "q", "dimension");
        const auto& h = s.hyperparameters;
        if (auto it = h.find("y_squash"); it != h.end() && it->second == "true") {
            e.squash = Explanation::Squash { hyperparameterNumber(h, "y_min"), hyperparameterNumber(h, "y_max") };
            e.formula = "z = " + e.formula.substr(std::string("r̂ = ").size()) + ";  r̂ = lo + (hi − lo)·σ(z)";
        }
    }

    void explainMlp(const EmbeddingSnapshot& s, std::uint32_t user, std::uint32_t item, Explanation& e)
    {
        const RowMatrixXf& users = required(s, "user_embedding");
        if (user >= users.rows())
            throw std::invalid_argument("user index out of range for this model");
        const std::vector<Layer> layers = layersOf(s, "mlp_");
        const Index d = e.dimension;
        if (users.cols() != d || layers.front().weight->rows() != 2 * d || layers.back().weight->cols() != 1)
            throw std::invalid_argument("mlp snapshot: embedding and layer shapes disagree");
        RowVectorXf x(2 * d);
        x << users.row(user), s.itemEmbeddings().row(item);
        e.vectors.push_back({ "p_u: user embedding, row " + std::to_string(user), values(users.row(user)) });
        e.vectors.push_back(
            { "q_i: item embedding, row " + std::to_string(item), values(s.itemEmbeddings().row(item)) });
        const RowVectorXf h = hiddenPass(layers, x, e);
        const Layer& out = layers.back();
        e.terms.push_back({ "b", "output bias", (*out.bias)(0, 0) });
        addProducts(e, h, out.weight->col(0).transpose(), "h", "w", layers.size() > 1 ? "unit" : "input");
        e.formula = layers.size() > 1 ? "r̂ = b + Σ_j h_j·w_j, h = the last hidden layer of MLP([p_u; q_i])"
                                      : "r̂ = b + Σ_j x_j·w_j, x = [p_u; q_i]";
    }

    // The feature names of the encoding the snapshot keeps under `key`, when it has `count`
    // features; none when it lacks one or it does not parse (the values still show).
    std::vector<std::string> featureNamesOf(const EmbeddingSnapshot& s, const char* key, Index count)
    {
        const auto it = s.hyperparameters.find(key);
        if (it == s.hyperparameters.end())
            return {};
        try {
            std::vector<std::string> names = AttributeEncoding::parse(it->second).featureNames();
            if (static_cast<Index>(names.size()) == count)
                return names;
        } catch (const std::invalid_argument&) {
        }
        return {};
    }

    // Puts the user's row of "user_features" at x[at…] as the scorers do (zeros for a user the
    // attribute table did not list) and shows it.
    void addUserFeatures(const EmbeddingSnapshot& s, const RowMatrixXf& features, std::uint32_t user, RowMatrixXf& x,
                         Index at, Explanation& e)
    {
        const Index f = features.cols();
        const bool listed = static_cast<Index>(user) < features.rows();
        if (listed)
            x.block(0, at, 1, f) = features.row(user);
        e.vectors.push_back({ "u: the user's attributes, row " + std::to_string(user) + " of user_features"
                                  + (listed ? "" : " (none: zeros)"),
                              values(x.block(0, at, 1, f)), featureNamesOf(s, "user_feature_encoding", f) });
    }

    void explainSoftmax(const EmbeddingSnapshot& s, std::uint32_t user, std::uint32_t item,
                        std::span<const std::uint32_t> rated, Explanation& e)
    {
        const RowMatrixXf& input = required(s, "input_embedding");
        const RowMatrixXf& bias = required(s, "item_bias");
        const RowMatrixXf* itemFeatures = s.parameter("item_features");
        const RowMatrixXf* userFeatures = s.parameter("user_features");
        const std::vector<Layer> layers = layersOf(s, "tower_");
        const Index d = input.cols(), g = itemFeatures ? itemFeatures->cols() : 0,
                    f = userFeatures ? userFeatures->cols() : 0;
        if (input.rows() != s.itemEmbeddings().rows() || layers.front().weight->rows() != d + g + f
            || layers.back().weight->cols() != e.dimension || (itemFeatures && itemFeatures->rows() != input.rows()))
            throw std::invalid_argument("softmax snapshot: embedding, feature and tower shapes disagree");
        // x = [mean E_j | mean item features_j | the user's attributes], summed in the scorer's order
        RowMatrixXf x = RowMatrixXf::Zero(1, d + g + f);
        for (std::uint32_t j : rated) {
            x.block(0, 0, 1, d) += input.row(j);
            if (g > 0)
                x.block(0, d, 1, g) += itemFeatures->row(j);
        }
        if (!rated.empty())
            x.block(0, 0, 1, d + g) /= static_cast<float>(rated.size());
        const std::string n = std::to_string(rated.size());
        std::string parts = "x_E";
        e.vectors.push_back(
            { std::string(g + f > 0 ? "x_E" : "x") + ": mean input embedding of the " + n + " rated items",
              values(x.block(0, 0, 1, d)) });
        if (g > 0) {
            e.vectors.push_back({ "x_G: mean item features of the " + n + " rated items", values(x.block(0, d, 1, g)),
                                  featureNamesOf(s, "item_feature_encoding", g) });
            parts += " | x_G";
        }
        if (f > 0) {
            addUserFeatures(s, *userFeatures, user, x, d + g, e);
            parts += " | u";
        }
        const RowVectorXf h = hiddenPass(layers, x.row(0), e);
        RowVectorXf psi = h * *layers.back().weight;
        psi += layers.back().bias->row(0);
        e.vectors.push_back({ "ψ(x): the user's query vector", values(psi) });
        const RowVectorXf v = s.itemEmbeddings().row(item);
        e.vectors.push_back({ "v_j: item embedding, row " + std::to_string(item), values(v) });
        e.terms.push_back({ "b_j", "item bias, row " + std::to_string(item), bias(item, 0) });
        addProducts(e, psi, v, "ψ", "v", "dimension");
        e.formula = "s_j = b_j + ψ(x)·v_j";
        if (g + f > 0)
            e.formula += ", x = [" + parts + "]";
        e.formula += ";  P(j | x) = e^s_j / Σ_l e^s_l";
    }

    void explainAutoencoder(const EmbeddingSnapshot& s, std::uint32_t user, std::uint32_t item,
                            std::span<const std::uint32_t> rated, Explanation& e)
    {
        const RowMatrixXf& items = s.itemEmbeddings();
        const RowMatrixXf* userFeatures = s.parameter("user_features");
        const std::vector<Layer> layers = layersOf(s, "decoder_");
        const Index d = items.cols(), f = userFeatures ? userFeatures->cols() : 0;
        if (layers.front().weight->rows() != d + f || layers.back().weight->cols() != items.rows())
            throw std::invalid_argument("autoencoder snapshot: embedding, feature and layer shapes disagree");
        RowMatrixXf x = RowMatrixXf::Zero(1, d + f);
        for (std::uint32_t j : rated)
            x.block(0, 0, 1, d) += items.row(j);
        if (!rated.empty())
            x.block(0, 0, 1, d) /= std::sqrt(static_cast<float>(rated.size()));
        e.vectors.push_back({ "x: sum of the item embeddings (encoder rows) of the " + std::to_string(rated.size())
                                  + " rated items / √n",
                              values(x.block(0, 0, 1, d)) });
        if (f > 0)
            addUserFeatures(s, *userFeatures, user, x, d, e);
        const RowVectorXf h = hiddenPass(layers, x.row(0), e);
        const Layer& out = layers.back();
        e.terms.push_back({ "b_j", "output bias of item row " + std::to_string(item), (*out.bias)(0, item) });
        addProducts(e, h, out.weight->col(item).transpose(), "h", "W",
                    layers.size() > 1 ? "unit"
                        : f > 0       ? "input"
                                      : "dimension");
        e.formula = "logit_j = b_j + Σ_k h_k·W_kj";
        if (f > 0)
            e.formula += layers.size() > 1 ? ", h from [x | u]" : ", h = [x | u]";
        e.formula += ";  P(j) = σ(logit_j)";
    }

} // namespace

double Explanation::composed() const
{
    double sum = 0;
    for (const ExplanationTerm& t : terms)
        sum += t.value;
    if (squash)
        return squash->low + (squash->high - squash->low) / (1.0 + std::exp(-sum));
    return sum;
}

Explanation explainPrediction(std::shared_ptr<const EmbeddingSnapshot> snapshot, std::uint32_t user, std::uint32_t item,
                              std::span<const std::uint32_t> ratedItems)
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
    Explanation e;
    e.modelKind = s.modelKind;
    e.userRow = user;
    e.itemRow = item;
    e.dimension = s.itemEmbeddings().cols();
    e.itemCount = static_cast<int>(itemCount);
    const std::optional<ModelKind> kind = findModelKind(s.modelKind);
    if (kind == ModelKind::Mlp)
        explainMlp(s, user, item, e);
    else if (kind == ModelKind::Softmax)
        explainSoftmax(s, user, item, ratedItems, e);
    else if (kind == ModelKind::Autoencoder)
        explainAutoencoder(s, user, item, ratedItems, e);
    else
        explainDotProduct(s, user, item, e);
    e.raw = 0;
    for (const ExplanationTerm& t : e.terms)
        e.raw += t.value;

    // The model's own scores: the prediction the terms must add up to, the rank and the softmax.
    const auto scorer = makeScorer(snapshot);
    std::vector<float> scores(static_cast<std::size_t>(itemCount));
    scorer->scoreItems(user, ratedItems, scores);
    e.prediction = scores[item];
    e.rank = 1
        + static_cast<int>(std::count_if(scores.begin(), scores.end(), [&](float v) { return v > e.prediction; }));
    if (kind == ModelKind::Softmax) {
        const double top = *std::max_element(scores.begin(), scores.end());
        double total = 0;
        for (float v : scores)
            total += std::exp(static_cast<double>(v) - top);
        e.probability = std::exp(static_cast<double>(e.prediction) - top) / total;
        e.hasProbability = true;
    } else if (kind == ModelKind::Autoencoder) {
        e.probability = 1.0 / (1.0 + std::exp(-static_cast<double>(e.prediction)));
        e.hasProbability = true;
    }
    return e;
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
