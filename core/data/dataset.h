// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/id_map.h"
#include "core/data/item_metadata.h"
#include "core/data/ratings_table.h"

#include <memory>
#include <string>

namespace embex::core {

struct AttributeTable;

/// How a delimited file was read; detected, never assumed, and editable before loading.
struct FileFormat {
    std::string delimiter = ","; ///< ",", "\t", ";", "|", "::", or " " for runs of whitespace
    bool hasHeader = false;
    int fieldCount = 0;
    int userColumn = 0;
    int itemColumn = 1;
    int ratingColumn = 2; ///< -1: implicit data, every row counts as 1
    int timestampColumn = -1;
    std::vector<std::string> headerNames; ///< empty without a header

    bool isImplicit() const { return ratingColumn < 0; }
};

/// What sourceFile says for the generated demo; sessions store it, and reading one back sets
/// Dataset::isDemo from it.
inline constexpr const char* demoSourceLabel = "demo";

/// One opened ratings file: the table, its id maps and whatever item metadata was found.
struct Dataset {
    std::string sourceFile; ///< the path read, or demoSourceLabel
    /// Made by generateDemo, not read from a file: its genres are the planted types.
    bool isDemo = false;
    FileFormat format;
    RatingsTable ratings;
    IdMap users;
    IdMap items;
    ItemMetadata metadata;
    /// Side features (core/data/attribute_table.h), keyed by raw id; null when none are loaded.
    std::shared_ptr<const AttributeTable> userAttributes;
    std::shared_ptr<const AttributeTable> itemAttributes;
    float ratingMin = 0;
    float ratingMax = 0;

    bool isImplicit() const { return format.isImplicit(); }
    /// Fraction of the user × item grid that is empty (0.98 = 2% filled).
    double sparsity() const
    {
        const double cells = static_cast<double>(users.size()) * static_cast<double>(items.size());
        return cells > 0 ? 1.0 - static_cast<double>(ratings.size()) / cells : 1.0;
    }
};

} // namespace embex::core
