// SPDX-License-Identifier: MIT
#include "core/data/attribute_encoding.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace embex::core {
namespace {

    constexpr char categorySeparator = '\x1f'; // in toText(): never part of a category read from a file

    std::size_t indexOfCategory(const AttributeColumn& column, std::string_view value)
    {
        auto it = std::lower_bound(column.categories.begin(), column.categories.end(), value);
        return it != column.categories.end() && *it == value ? static_cast<std::size_t>(it - column.categories.begin())
                                                             : column.categories.size();
    }

} // namespace

std::optional<double> attributeNumber(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    const std::string copy(text);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::vector<std::string_view> splitAttributeValues(std::string_view text)
{
    std::vector<std::string_view> values;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t bar = std::min(text.find('|', start), text.size());
        std::string_view value = text.substr(start, bar - start);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        while (!value.empty() && value.back() == ' ')
            value.remove_suffix(1);
        if (!value.empty())
            values.push_back(value);
        start = bar + 1;
    }
    return values;
}

std::size_t AttributeEncoding::featureCount() const
{
    std::size_t n = 0;
    for (const AttributeColumn& c : columns)
        n += c.featureCount();
    return n;
}

std::vector<std::string> AttributeEncoding::featureNames() const
{
    std::vector<std::string> names;
    for (const AttributeColumn& c : columns) {
        if (c.kind == AttributeColumn::Kind::Number)
            names.push_back(c.name);
        else
            for (const std::string& value : c.categories)
                names.push_back(c.name + '=' + value);
    }
    return names;
}

void AttributeEncoding::encode(std::span<const std::string> values, std::span<float> out) const
{
    if (out.size() != featureCount())
        throw std::invalid_argument("attribute output size must equal the feature count");
    std::fill(out.begin(), out.end(), 0.0f);
    std::size_t at = 0;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const AttributeColumn& c = columns[k];
        const std::string_view value = k < values.size() ? std::string_view(values[k]) : std::string_view();
        switch (c.kind) {
        case AttributeColumn::Kind::Number:
            if (auto x = attributeNumber(value))
                out[at] = static_cast<float>((*x - c.mean) / c.std);
            break;
        case AttributeColumn::Kind::Category:
            if (std::size_t i = indexOfCategory(c, value); i < c.categories.size())
                out[at + i] = 1.0f;
            break;
        case AttributeColumn::Kind::MultiCategory:
            for (std::string_view part : splitAttributeValues(value))
                if (std::size_t i = indexOfCategory(c, part); i < c.categories.size())
                    out[at + i] = 1.0f;
            break;
        }
        at += c.featureCount();
    }
}

std::vector<float> AttributeEncoding::encode(const std::map<std::string, std::string>& values) const
{
    std::vector<std::string> ordered(columns.size());
    for (std::size_t k = 0; k < columns.size(); ++k)
        if (auto it = values.find(columns[k].name); it != values.end())
            ordered[k] = it->second;
    std::vector<float> out(featureCount());
    encode(ordered, out);
    return out;
}

std::string AttributeEncoding::describe() const
{
    std::string text;
    for (const AttributeColumn& c : columns) {
        if (!text.empty())
            text += ", ";
        text += c.name;
        if (c.kind == AttributeColumn::Kind::Number)
            text += " (number)";
        else
            text += " (" + std::to_string(c.categories.size())
                + (c.kind == AttributeColumn::Kind::MultiCategory ? " values, multi)" : " categories)");
    }
    return text;
}

std::string AttributeEncoding::toText() const
{
    std::string text;
    char number[64];
    for (const AttributeColumn& c : columns) {
        text += c.kind == AttributeColumn::Kind::Number ? "number"
            : c.kind == AttributeColumn::Kind::Category ? "category"
                                                        : "multi";
        text += '\t' + c.name + '\t';
        std::snprintf(number, sizeof number, "%.17g\t%.17g\t", c.mean, c.std);
        text += number;
        for (std::size_t k = 0; k < c.categories.size(); ++k)
            text += (k ? std::string(1, categorySeparator) : std::string()) + c.categories[k];
        text += '\n';
    }
    return text;
}

AttributeEncoding AttributeEncoding::parse(const std::string& text)
{
    AttributeEncoding encoding;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty())
            continue;
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
            parts.push_back(line.substr(start, tab - start));
        parts.push_back(line.substr(start));
        if (parts.size() != 5)
            throw std::invalid_argument("attribute encoding line has " + std::to_string(parts.size())
                                        + " fields, not 5: '" + line + "'");
        AttributeColumn c;
        if (parts[0] == "number")
            c.kind = AttributeColumn::Kind::Number;
        else if (parts[0] == "category")
            c.kind = AttributeColumn::Kind::Category;
        else if (parts[0] == "multi")
            c.kind = AttributeColumn::Kind::MultiCategory;
        else
            throw std::invalid_argument("attribute encoding: unknown column kind '" + parts[0] + "'");
        c.name = parts[1];
        const auto mean = attributeNumber(parts[2]), std = attributeNumber(parts[3]);
        if (!mean || !std || *std <= 0)
            throw std::invalid_argument("attribute encoding: bad mean or std for '" + c.name + "'");
        c.mean = *mean;
        c.std = *std;
        std::size_t from = 0;
        while (!parts[4].empty() && from <= parts[4].size()) {
            const std::size_t end = std::min(parts[4].find(categorySeparator, from), parts[4].size());
            c.categories.push_back(parts[4].substr(from, end - from));
            from = end + 1;
        }
        if (!std::is_sorted(c.categories.begin(), c.categories.end()))
            throw std::invalid_argument("attribute encoding: categories of '" + c.name + "' are not sorted");
        encoding.columns.push_back(std::move(c));
    }
    return encoding;
}

} // namespace embex::core
