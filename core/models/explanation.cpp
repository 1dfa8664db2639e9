// SPDX-License-Identifier: MIT
#include "core/models/explanation.h"

#include "core/data/attribute_table.h"
#include "core/models/dense_stack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace embex::core {
namespace {

    std::string fourDecimals(double v)
    {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, "%.4f", v);
        return buffer;
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

double BecauseYouRated::total() const
{
    double sum = 0;
    for (const RatedItemShare& s : items)
        sum += s.value;
    for (const ExplanationTerm& t : others)
        sum += t.value;
    return sum;
}

void sortShares(BecauseYouRated& b)
{
    std::stable_sort(b.items.begin(), b.items.end(), [](const RatedItemShare& a, const RatedItemShare& c) {
        return std::abs(a.value) > std::abs(c.value);
    });
}

LocalLinear localLinear(const std::vector<SnapshotLayer>& layers, const RowVectorXf& x, const RowVectorXf& direction)
{
    std::vector<RowVectorXf> active; // 1 where a hidden unit is on at x
    RowVectorXf h = x;
    for (std::size_t k = 0; k + 1 < layers.size(); ++k) {
        RowVectorXf next = h * *layers[k].weight;
        next += layers[k].bias->row(0);
        active.push_back((next.array() > 0.0f).cast<float>().matrix());
        h = next.cwiseMax(0.0f);
    }
    // The biases alone through the same units: the map at input 0 with x's pattern.
    RowVectorXf bias = RowVectorXf::Zero(x.size());
    for (std::size_t k = 0; k + 1 < layers.size(); ++k) {
        RowVectorXf next = bias * *layers[k].weight;
        next += layers[k].bias->row(0);
        bias = next.cwiseProduct(active[k]);
    }
    RowVectorXf out = bias * *layers.back().weight;
    out += layers.back().bias->row(0);
    LocalLinear l;
    l.offset = out.cast<double>().dot(direction.cast<double>());
    RowVectorXf g = direction * layers.back().weight->transpose();
    for (std::size_t k = layers.size() - 1; k-- > 0;) {
        g = g.cwiseProduct(active[k]);
        g = (g * layers[k].weight->transpose()).eval();
    }
    l.gradient = std::move(g);
    return l;
}

std::vector<float> explanationValues(const RowVectorXf& row)
{
    return { row.data(), row.data() + row.size() };
}

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
        e.terms.push_back(
            { leftName + "·" + rightName + "[" + std::to_string(k) + "]",
              unit + " " + std::to_string(k) + ": " + fourDecimals(left(k)) + " × " + fourDecimals(right(k)),
              products[static_cast<std::size_t>(k)] });
    }
    if (named < n) {
        double rest = 0;
        for (Index r = named; r < n; ++r)
            rest += products[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])];
        e.terms.push_back({ "Σ rest", "the other " + std::to_string(n - named) + " " + unit + "s", rest });
    }
}

std::vector<SnapshotLayer> snapshotLayers(const EmbeddingSnapshot& s, const std::string& prefix)
{
    const DenseStack check = DenseStack::fromSnapshot(s, prefix); // throws on inconsistent shapes
    std::vector<SnapshotLayer> layers;
    for (std::size_t k = 0; k < check.layerCount(); ++k)
        layers.push_back(
            { s.parameter(prefix + std::to_string(k) + "_weight"), s.parameter(prefix + std::to_string(k) + "_bias") });
    return layers;
}

RowVectorXf explainHiddenLayers(const std::vector<SnapshotLayer>& layers, RowVectorXf x, Explanation& e)
{
    for (std::size_t k = 0; k + 1 < layers.size(); ++k) {
        RowVectorXf next = x * *layers[k].weight;
        next += layers[k].bias->row(0);
        x = next.cwiseMax(0.0f);
        e.vectors.push_back(
            { "hidden layer " + std::to_string(k + 1) + " (ReLU, " + std::to_string(x.size()) + " units)",
              explanationValues(x) });
    }
    return x;
}

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

} // namespace embex::core
