// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/group_summary.h"
#include "core/data/id_map.h"
#include "core/data/item_metadata.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// Which items to look at: by genre, year and popularity, every part optional. An item passes
/// when it carries any of `includeGenres` (when given), none of `excludeGenres`, has a year in
/// [fromYear, toYear] (when either end is given) and a rating count in [minRatings, maxRatings]
/// (when either end is given). An item with no year fails a year range; one with no genres
/// fails an include list. Genres are indices into ItemFacts::genreNames.
struct ItemFilter {
    std::vector<std::uint16_t> includeGenres;
    std::vector<std::uint16_t> excludeGenres;
    std::optional<int> fromYear, toYear;                 ///< inclusive
    std::optional<std::uint32_t> minRatings, maxRatings; ///< inclusive

    /// No part is set: every item passes.
    bool isEmpty() const;
    bool hasYearRange() const { return fromYear || toYear; }
    bool operator==(const ItemFilter&) const = default;
};

/// Whether each item passes (1) or not (0), in dense item order; an empty filter passes all.
/// Uses facts.genres, facts.years and facts.ratingCounts.
std::vector<std::uint8_t> itemFilterMask(const ItemFilter& filter, const ItemFacts& facts);

/// The facts a filter reads (genreNames, genres, years from the titles as yearInTitle reads them,
/// ratingCounts) from the metadata and one rating count per item (size items.size(), or empty:
/// every count is 0), without gatherItemFacts's pass over the ratings.
ItemFacts itemFilterFacts(const IdMap& items, const ItemMetadata& metadata,
                          std::span<const std::uint32_t> ratingCounts);

/// itemFilterMask over itemFilterFacts.
std::vector<std::uint8_t> itemFilterMask(const ItemFilter& filter, const IdMap& items, const ItemMetadata& metadata,
                                         std::span<const std::uint32_t> ratingCounts);

/// How many items of a mask pass.
std::size_t countPassing(std::span<const std::uint8_t> mask);

/// One line: "Comedy or Romance, not Horror · 1980–1999 · 20–500 ratings"; empty for an empty
/// filter. Open ends read "from 1980", "to 1999", "≥ 20 ratings", "≤ 500 ratings".
std::string describeItemFilter(const ItemFilter& filter, std::span<const std::string> genreNames);

/// What the description leaves out, one sentence a part that drops items silently: "Items with no
/// year in their title fail a year range." and "Items with no genres fail an include list.".
/// Empty when no part does.
std::string itemFilterCaveats(const ItemFilter& filter);

} // namespace embex::core
