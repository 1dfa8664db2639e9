// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"

#include <cstddef>

namespace embex::core {

/// Ratings to learn from; indices are dense (0..userCount-1, 0..itemCount-1).
struct TrainData {
    RatingsTable train;
    RatingsTable validation; ///< may be empty: no validation metrics then
    std::size_t userCount = 0;
    std::size_t itemCount = 0;
    float ratingMin = 1;
    float ratingMax = 5;
    bool implicit = false;
};

} // namespace embex::core
