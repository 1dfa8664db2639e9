// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/data/train_data.h"

#include <cstdint>
#include <memory>
#include <string>

namespace embex::core {

/// Which of a user's ratings a per-user holdout keeps for validation.
enum class HoldoutPick {
    /// The k latest by timestamp; random when the ratings have no timestamps. Each user is cut
    /// at their own time, so one user's test ratings can come before another's training ones:
    /// the model sees part of the future. SplitSpec::Kind::BeforeTime and TimeFraction do not.
    Latest,
    Random, ///< k at random (seeded)
};

/// How to split a dataset into training and validation: what the data dock and
/// `embex-cli train` ask for. The defaults are the ones every front end starts from.
struct SplitSpec {
    enum class Kind {
        None,          ///< train on everything, no validation
        RandomHoldout, ///< each rating to validation with probability `fraction`
        PerUser,       ///< `perUserCount` ratings of each user, chosen by `pick`
        TestFile,      ///< validation read from `testFile`, in the dataset's format
        BeforeTime,    ///< ratings before `before` train, the rest validate
        TimeFraction,  ///< the latest `timeFraction` of the ratings validate, cut at one timestamp
    };
    Kind kind = Kind::RandomHoldout;
    double fraction = 0.1;
    std::int64_t before = 0;   ///< Unix seconds
    double timeFraction = 0.2; ///< of the ratings, by count, in (0, 1)
    int perUserCount = 5;
    HoldoutPick pick = HoldoutPick::Latest;
    std::string testFile;
    std::uint64_t seed = 42;
};

/// What splitForTraining made: the training data and a one-line summary, or why not.
struct SplitOutcome {
    std::shared_ptr<TrainData> data; ///< set on success
    std::string summary;             ///< "80000 training and 20000 validation ratings", "no validation set"
    /// One line the front ends show even when quiet: a per-user "latest" pick that became random.
    std::string warning;
    /// On failure: a bad test file's name and line, an empty training part, a time split of
    /// ratings without timestamps, or a cut outside the data's range (named with that range).
    Issue error;

    bool ok() const { return data != nullptr; }
};

/// The one road from a dataset to training data, for the window, the CLI, the bench and the
/// tests. Throws std::invalid_argument for a spec that breaks a rule (fraction outside (0, 1),
/// perUserCount < 1); a test file that does not load is an Issue in the outcome. The training data
/// carries the dataset's attributes encoded (TrainData::userFeatures, itemFeatures); items
/// without an attribute table get theirs from the metadata (itemAttributesFromMetadata).
SplitOutcome splitForTraining(const Dataset& dataset, const SplitSpec& spec);
/// The same with the metadata and attribute tables given here instead of the dataset's own (a
/// window that replaced them keeps the ratings it opened): either table may be null.
SplitOutcome splitForTraining(const Dataset& dataset, const SplitSpec& spec, const ItemMetadata& metadata,
                              const AttributeTable* userAttributes, const AttributeTable* itemAttributes);

/// Training and validation parts of one dataset; both use the dataset's dense indices.
struct Split {
    RatingsTable train;
    RatingsTable test;
    long coldUsers = 0;       ///< users with ratings only in the test part
    long coldItems = 0;       ///< items with ratings only in the test part
    long droppedTestRows = 0; ///< separate test file: rows whose user or item training never saw

    /// "20000 validation ratings; 3 items appear only there", for the data dock and the CLI.
    std::string summary() const;
};

/// Every rating goes to test with probability `fraction` (0 < fraction < 1), seeded.
Split randomHoldout(const RatingsTable& ratings, double fraction, std::uint64_t seed);

/// For each user with more than k ratings, k go to test, chosen by `pick` (Latest falls back to
/// random when the ratings have no timestamps; random picks are seeded). Users with ≤ k stay whole.
Split perUserHoldout(const RatingsTable& ratings, int k, HoldoutPick pick, std::uint64_t seed);

/// Every rating before `cut` (Unix seconds) trains and every one at or after it tests, so no test
/// rating is older than a training one. Throws std::invalid_argument without timestamps.
Split splitAtTime(const RatingsTable& ratings, std::int64_t cut);

/// The timestamp that leaves the latest `fraction` of the ratings (by count) at or after it: the
/// ⌊(1 − fraction)·n⌋-th smallest. Ratings tied at the cut all test, so the test part can be a
/// little larger than asked. Throws std::invalid_argument without timestamps or for a fraction
/// outside (0, 1).
std::int64_t timeCutForFraction(const RatingsTable& ratings, double fraction);

/// A separate test file (ml-100k u1.test beside u1.base): its rows are re-indexed through the
/// training dataset's id maps; rows with ids training never saw are dropped and counted.
Split separateTestSet(const Dataset& train, const Dataset& test);

} // namespace embex::core
