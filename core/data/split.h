// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace embex::core {

/// Training and validation parts of one dataset; both use the dataset's dense indices.
struct Split {
    RatingsTable train;
    RatingsTable test;
    long coldUsers = 0;     ///< users with ratings only in the test part
    long coldItems = 0;     ///< items with ratings only in the test part
    long droppedTestRows = 0; ///< separate test file: rows whose user or item training never saw

    /// "20000 validation ratings; 3 items appear only there", for the data dock and the CLI.
    std::string summary() const;
};

/// Every rating goes to test with probability `fraction` (0 < fraction < 1), seeded.
Split randomHoldout(const RatingsTable& ratings, double fraction, std::uint64_t seed);

/// For each user with more than k ratings, k go to test: the latest k by timestamp when
/// `byTime` and timestamps exist, otherwise k at random (seeded). Users with ≤ k stay whole.
Split perUserHoldout(const RatingsTable& ratings, int k, bool byTime, std::uint64_t seed);

/// A separate test file (ml-100k u1.test beside u1.base): its rows are re-indexed through the
/// training dataset's id maps; rows with ids training never saw are dropped and counted.
Split separateTestSet(const Dataset& train, const Dataset& test);

} // namespace embex::core
