// SPDX-License-Identifier: MIT
#include "core/analysis/new_user_attributes.h"

#include "core/models/model_registry.h"
#include "core/models/neural_scorers.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace embex::core {
namespace {

    std::string trimmedCopy(std::string_view text)
    {
        const auto first = text.find_first_not_of(" \t");
        if (first == std::string_view::npos)
            return {};
        return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
    }

    bool isNumberText(const std::string& text)
    {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
    }

    /// "F, M" — or the first few and how many more, so an error stays one line.
    std::string listOf(const std::vector<std::string>& values)
    {
        constexpr std::size_t shown = 12;
        std::string text;
        for (std::size_t k = 0; k < std::min(shown, values.size()); ++k)
            text += (k ? ", " : "") + values[k];
        if (values.size() > shown)
            text += ", … (" + std::to_string(values.size()) + " in all)";
        return text;
    }

    /// The value as the encoding reads it, or throws naming the attribute.
    std::string checkedValue(const AttributeColumn& column, const std::string& raw)
    {
        const std::string value = trimmedCopy(raw);
        if (value.empty())
            return value; // unknown, as a blank cell in the training table
        if (column.kind == AttributeColumn::Kind::Number) {
            if (!isNumberText(value))
                throw std::invalid_argument("attribute '" + column.name + "' is a number, not '" + value + "'");
            return value;
        }
        std::vector<std::string> parts;
        if (column.kind == AttributeColumn::Kind::MultiCategory) {
            std::size_t start = 0;
            while (start <= value.size()) {
                const std::size_t bar = std::min(value.find('|', start), value.size());
                if (std::string part = trimmedCopy(std::string_view(value).substr(start, bar - start)); !part.empty())
                    parts.push_back(std::move(part));
                start = bar + 1;
            }
        } else {
            parts.push_back(value);
        }
        std::string joined;
        for (const std::string& part : parts) {
            if (!std::binary_search(column.categories.begin(), column.categories.end(), part))
                throw std::invalid_argument("attribute '" + column.name + "' has no value '" + part
                                            + "' in the training data; it had " + listOf(column.categories));
            joined += (joined.empty() ? "" : "|") + part;
        }
        return joined;
    }

} // namespace

UserAttributeInput userAttributeInput(const EmbeddingSnapshot& snapshot)
{
    UserAttributeInput input;
    const auto kind = findModelKind(snapshot.modelKind);
    if (!kind || !traitsOf(*kind).usesSideFeatures) {
        const std::string who = kind ? std::string(traitsOf(*kind).label) : "an imported model";
        input.whyNot = who
            + " predicts from user and item vectors alone: it has no input for a user's attributes"
              " (the softmax and the autoencoder trained with side features have one)";
        return input;
    }
    input.encoding = userAttributeEncoding(snapshot);
    if (input.encoding.empty() || !snapshot.parameter("user_features"))
        input.whyNot = "this " + std::string(traitsOf(*kind).label)
            + " model was trained without user attributes (train it with side features to use them)";
    return input;
}

std::vector<float> encodeNewUserAttributes(const EmbeddingSnapshot& snapshot,
                                           const std::map<std::string, std::string>& attributes)
{
    if (attributes.empty())
        return {};
    const UserAttributeInput input = userAttributeInput(snapshot);
    if (!input.accepts())
        throw std::invalid_argument(input.whyNot);
    std::vector<std::string> names;
    for (const AttributeColumn& c : input.encoding.columns)
        names.push_back(c.name);
    std::map<std::string, std::string> values;
    for (const auto& [rawName, raw] : attributes) {
        const std::string name = trimmedCopy(rawName);
        const auto column = std::find_if(input.encoding.columns.begin(), input.encoding.columns.end(),
                                         [&](const AttributeColumn& c) { return c.name == name; });
        if (column == input.encoding.columns.end())
            throw std::invalid_argument("the model was not trained on a user attribute '" + name + "'; it knows "
                                        + listOf(names));
        values[name] = checkedValue(*column, raw);
    }
    return input.encoding.encode(values);
}

} // namespace embex::core
