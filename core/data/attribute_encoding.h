// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// How one attribute column becomes numbers.
///   Number: one feature, (x − mean) / std; an empty or missing value is 0 (the mean).
///   Category: one feature per value seen (one-hot; the dense layer it feeds is its embedding).
///   MultiCategory: one feature per value, `|`-separated values each set to 1 ("Action|Comedy").
/// A value never seen, like a user the table does not list, encodes as all zeros.
struct AttributeColumn {
    enum class Kind { Number, Category, MultiCategory };
    std::string name;
    Kind kind = Kind::Number;
    double mean = 0;
    double std = 1;
    std::vector<std::string> categories; ///< sorted; Category and MultiCategory only

    std::size_t featureCount() const { return kind == Kind::Number ? 1 : categories.size(); }
};

/// The columns of a table as features: what a model learned from, kept in its snapshot (as
/// text) so that a new user's raw attributes encode the same way.
struct AttributeEncoding {
    std::vector<AttributeColumn> columns;

    std::size_t featureCount() const;
    bool empty() const { return featureCount() == 0; }
    /// "age", "gender=F", "genres=Action", … one per feature.
    std::vector<std::string> featureNames() const;
    /// values[k] is column k's raw text (missing columns at the end count as empty);
    /// writes featureCount() numbers into out.
    void encode(std::span<const std::string> values, std::span<float> out) const;
    /// The same from column name → raw text; names the encoding lacks are ignored.
    std::vector<float> encode(const std::map<std::string, std::string>& values) const;
    /// "age (number), gender (2 categories), genres (19 values, multi)".
    std::string describe() const;

    /// One line per column, tab-separated; parse() reads it back. Throws std::invalid_argument
    /// on text that is not such an encoding.
    std::string toText() const;
    static AttributeEncoding parse(const std::string& text);
};

/// An attribute's text as a number, as the encoding reads it: the whole text, finite; else none.
std::optional<double> attributeNumber(std::string_view text);

/// The values of a multi-valued attribute ("Action| Comedy"): split at `|`, spaces trimmed, empty
/// values dropped.
std::vector<std::string_view> splitAttributeValues(std::string_view text);

} // namespace embex::core
