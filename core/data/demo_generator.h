// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace embex::core {

/// "Somewhat rigid watchers": every user has one of `types` hidden types, item m has type
/// m mod types, and a user of type t likes item m when the circular distance between t and
/// m's type is small. Each user rates `ratingsPerUser` distinct random items, so the matrix is
/// sparse. The true item types are kept as metadata genres ("type 3"), so a learned space can
/// be checked: neighbours of an item should share its type.
struct DemoConfig {
    int users = 1000;
    int items = 500;
    int types = 8;
    int ratingsPerUser = 40;
    bool implicit = false; ///< true: only liked items appear, with rating 1
    std::uint64_t seed = 42;
    /// MovieLens-like skew: user activity log-normal around ratingsPerUser (its mean), item
    /// popularity Zipf (weight ∝ 1/rank) over a random order of items. Off: every user rates
    /// exactly ratingsPerUser items drawn uniformly.
    bool zipf = false;
};

/// Deterministic for a seed. Raw ids are "1".."users" and "1".."items"; item id k has type (k-1) mod types.
/// Users carry attributes planted as the Keras side-features notebook does (Dataset::userAttributes):
/// age ≈ 20 + 5·type + N(0, 2.5²), rounded, and an education level drawn per type (the type's own
/// level with probability 0.7, any level otherwise). They come from their own random stream, so
/// the ratings are those of the same seed without attributes.
/// userTypes, when given, receives every dense user's planted type (for tests).
/// Throws std::invalid_argument when a count is below 1 or ratingsPerUser exceeds items.
std::shared_ptr<Dataset> generateDemo(const DemoConfig& config, std::vector<int>* userTypes = nullptr);

/// The planted type of a demo item, from its raw id.
int demoItemType(const std::string& rawItemId, int types);

/// Writes the demo as `userId,itemId,rating,timestamp` CSV plus `<stem>.items.csv`
/// (`itemId,title,genres`) and, when it has user attributes, `<stem>.users.csv`
/// (`userId,age,education`) beside it. Returns an empty string or the reason it failed.
std::string writeDemoCsv(const Dataset& demo, const std::string& path);

} // namespace embex::core
