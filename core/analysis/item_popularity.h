// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"

#include <cstdint>
#include <vector>

namespace embex::core {

/// Ratings per dense item (size itemCount), for popularity filters and the "ratings" column.
/// Item indices at or past itemCount are ignored.
std::vector<std::uint32_t> itemRatingCounts(const RatingsTable& ratings, std::size_t itemCount);

} // namespace embex::core
