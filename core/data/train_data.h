// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"
#include "core/eigen_types.h"

#include <cstddef>
#include <string>

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
    /// Side features, encoded (AttributeTable::encode): userCount × F and itemCount × G, or 0 columns
    /// when there are none. Models use them only when TrainConfig::useSideFeatures is set; the
    /// encodings (AttributeEncoding::toText) go into the snapshot beside them.
    RowMatrixXf userFeatures {};
    RowMatrixXf itemFeatures {};
    std::string userFeatureEncoding {};
    std::string itemFeatureEncoding {};
};

} // namespace embex::core
