// SPDX-License-Identifier: MIT
#include "core/analysis/item_popularity.h"

namespace embex::core {

std::vector<std::uint32_t> itemRatingCounts(const RatingsTable& ratings, std::size_t itemCount)
{
    std::vector<std::uint32_t> counts(itemCount, 0);
    for (std::uint32_t item : ratings.items)
        if (item < itemCount)
            ++counts[item];
    return counts;
}

} // namespace embex::core
