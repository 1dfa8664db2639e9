// SPDX-License-Identifier: MIT
#include "core/data/split.h"

#include "core/data/attribute_table.h"
#include "core/data/random.h"
#include "core/data/ratings_loader.h"
#include "core/data/rows_by_key.h"
#include "core/data/timestamp.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>
#include <stdexcept>
#include <utility>

namespace embex::core {
namespace {

    long countOnlyInTest(std::span<const std::uint32_t> trainIds, std::span<const std::uint32_t> testIds)
    {
        std::uint32_t maxId = 0;
        for (auto id : trainIds)
            maxId = std::max(maxId, id);
        for (auto id : testIds)
            maxId = std::max(maxId, id);
        std::vector<std::uint8_t> seen(static_cast<std::size_t>(maxId) + 1, 0);
        for (auto id : trainIds)
            seen[id] = 1;
        long cold = 0;
        for (auto id : testIds)
            if (seen[id] == 0) {
                seen[id] = 2;
                ++cold;
            }
        return cold;
    }

    Split makeSplit(const RatingsTable& ratings, const std::vector<std::uint8_t>& isTest)
    {
        std::vector<std::size_t> trainRows, testRows;
        for (std::size_t r = 0; r < ratings.size(); ++r)
            (isTest[r] ? testRows : trainRows).push_back(r);
        Split split;
        split.train = ratings.select(trainRows);
        split.test = ratings.select(testRows);
        split.coldUsers = countOnlyInTest(split.train.users, split.test.users);
        split.coldItems = countOnlyInTest(split.train.items, split.test.items);
        return split;
    }

} // namespace

std::string Split::summary() const
{
    std::string text = std::to_string(train.size()) + " training and " + std::to_string(test.size())
        + " validation ratings";
    if (coldUsers > 0 || coldItems > 0)
        text += "; only in validation: " + std::to_string(coldUsers) + " users, " + std::to_string(coldItems)
            + " items";
    if (droppedTestRows > 0)
        text += "; " + std::to_string(droppedTestRows) + " test rows dropped (ids not in training)";
    return text;
}

Split randomHoldout(const RatingsTable& ratings, double fraction, std::uint64_t seed)
{
    if (!(fraction > 0.0 && fraction < 1.0))
        throw std::invalid_argument("holdout fraction must be between 0 and 1 (exclusive)");
    Rng rng(seed);
    std::vector<std::uint8_t> isTest(ratings.size());
    for (auto& flag : isTest)
        flag = rng.uniform() < fraction;
    return makeSplit(ratings, isTest);
}

Split perUserHoldout(const RatingsTable& ratings, int k, HoldoutPick pick, std::uint64_t seed)
{
    if (k < 1)
        throw std::invalid_argument("per-user holdout needs k of at least 1");
    std::uint32_t userCount = 0;
    for (auto u : ratings.users)
        userCount = std::max(userCount, u + 1);
    RowsByKey byUser = groupRowsByKey(ratings.users, userCount); // file order within a user
    const std::vector<std::size_t>& start = byUser.start;
    std::vector<std::size_t>& rows = byUser.rows;

    Rng rng(seed);
    const bool useTime = pick == HoldoutPick::Latest && ratings.hasTimestamps();
    std::vector<std::uint8_t> isTest(ratings.size(), 0);
    for (std::uint32_t u = 0; u < userCount; ++u) {
        auto first = rows.begin() + static_cast<std::ptrdiff_t>(start[u]);
        auto last = rows.begin() + static_cast<std::ptrdiff_t>(start[u + 1]);
        const auto n = static_cast<std::size_t>(last - first);
        if (n <= static_cast<std::size_t>(k))
            continue;
        if (useTime) {
            std::stable_sort(first, last, [&](std::size_t a, std::size_t b) {
                return ratings.timestamps[a] < ratings.timestamps[b];
            });
            for (auto it = last - k; it != last; ++it)
                isTest[*it] = 1;
        } else {
            for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j) {
                const std::size_t pick = j + rng.below(n - j);
                std::swap(first[static_cast<std::ptrdiff_t>(j)], first[static_cast<std::ptrdiff_t>(pick)]);
                isTest[first[static_cast<std::ptrdiff_t>(j)]] = 1;
            }
        }
    }
    return makeSplit(ratings, isTest);
}

Split splitAtTime(const RatingsTable& ratings, std::int64_t cut)
{
    if (!ratings.hasTimestamps())
        throw std::invalid_argument("a time split needs ratings with timestamps");
    std::vector<std::uint8_t> isTest(ratings.size());
    for (std::size_t r = 0; r < ratings.size(); ++r)
        isTest[r] = ratings.timestamps[r] >= cut;
    return makeSplit(ratings, isTest);
}

std::int64_t timeCutForFraction(const RatingsTable& ratings, double fraction)
{
    if (!ratings.hasTimestamps())
        throw std::invalid_argument("a time split needs ratings with timestamps");
    if (!(fraction > 0.0 && fraction < 1.0))
        throw std::invalid_argument("time fraction must be between 0 and 1 (exclusive)");
    std::vector<std::int64_t> times(ratings.timestamps.begin(), ratings.timestamps.end());
    const auto k = std::min(times.size() - 1,
                            static_cast<std::size_t>(std::floor((1.0 - fraction) * static_cast<double>(times.size()))));
    std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(k), times.end());
    return times[k];
}

Split separateTestSet(const Dataset& train, const Dataset& test)
{
    Split split;
    split.train = train.ratings;
    const RatingsTable& t = test.ratings;
    split.test.reserve(t.size());
    const bool keepTime = t.hasTimestamps();
    std::vector<std::uint8_t> coldUser(test.users.size(), 0), coldItem(test.items.size(), 0);
    for (std::size_t r = 0; r < t.size(); ++r) {
        auto u = train.users.indexOf(test.users.rawId(t.users[r]));
        auto i = train.items.indexOf(test.items.rawId(t.items[r]));
        if (!u || !i) {
            ++split.droppedTestRows;
            if (!u && !std::exchange(coldUser[t.users[r]], 1))
                ++split.coldUsers;
            if (!i && !std::exchange(coldItem[t.items[r]], 1))
                ++split.coldItems;
            continue;
        }
        split.test.users.push_back(*u);
        split.test.items.push_back(*i);
        split.test.ratings.push_back(t.ratings[r]);
        if (keepTime)
            split.test.timestamps.push_back(t.timestamps[r]);
    }
    return split;
}

SplitOutcome splitForTraining(const Dataset& dataset, const SplitSpec& spec)
{
    return splitForTraining(dataset, spec, dataset.metadata, dataset.userAttributes.get(),
                            dataset.itemAttributes.get());
}

SplitOutcome splitForTraining(const Dataset& dataset, const SplitSpec& spec, const ItemMetadata& metadata,
                              const AttributeTable* userAttributes, const AttributeTable* itemAttributes)
{
    SplitOutcome outcome;
    Split split;
    const RatingsTable& all = dataset.ratings;
    const bool byTime = spec.kind == SplitSpec::Kind::BeforeTime || spec.kind == SplitSpec::Kind::TimeFraction;
    std::int64_t cut = spec.before;
    if (byTime && !all.hasTimestamps()) {
        outcome.error = {
            dataset.sourceFile, 0,
            "a time split needs timestamps, and these ratings have none (inspect shows the columns read)"
        };
        return outcome;
    }
    if (spec.kind == SplitSpec::Kind::TimeFraction)
        cut = timeCutForFraction(all, spec.timeFraction);
    switch (spec.kind) {
    case SplitSpec::Kind::None: split.train = dataset.ratings; break;
    case SplitSpec::Kind::RandomHoldout: split = randomHoldout(dataset.ratings, spec.fraction, spec.seed); break;
    case SplitSpec::Kind::PerUser:
        split = perUserHoldout(dataset.ratings, spec.perUserCount, spec.pick, spec.seed);
        break;
    case SplitSpec::Kind::TestFile: {
        LoadOptions options;
        options.format = dataset.format;
        options.findMetadata = false;
        const LoadOutcome test = loadRatings(spec.testFile, options);
        if (!test.ok()) {
            outcome.error = test.error;
            if (outcome.error.file.empty())
                outcome.error.file = spec.testFile;
            return outcome;
        }
        split = separateTestSet(dataset, *test.dataset);
        break;
    }
    case SplitSpec::Kind::BeforeTime:
    case SplitSpec::Kind::TimeFraction: split = splitAtTime(all, cut); break;
    }
    if (byTime && (split.train.empty() || split.test.empty())) {
        const auto [first, last] = std::minmax_element(all.timestamps.begin(), all.timestamps.end());
        outcome.error = { dataset.sourceFile, 0,
                          (split.train.empty() ? "no ratings before " : "no ratings on or after ")
                              + formatTimePoint(cut) + ": the data runs from " + formatDate(*first) + " to "
                              + formatDate(*last) };
        return outcome;
    }
    if (split.train.empty()) {
        outcome.error = { dataset.sourceFile, 0, "the split leaves no training ratings" };
        return outcome;
    }
    outcome.summary = spec.kind == SplitSpec::Kind::None ? "no validation set" : split.summary();
    if (byTime)
        outcome.summary += "; cut at " + formatTimePoint(cut);
    if (spec.kind == SplitSpec::Kind::PerUser && spec.pick == HoldoutPick::Latest && !all.hasTimestamps()) {
        outcome.summary += " (picked at random: the ratings have no timestamps)";
        outcome.warning = "the ratings have no timestamps: each user's held-out ratings are picked at random, not the "
                          "latest";
    }
    auto data = std::make_shared<TrainData>();
    data->train = std::move(split.train);
    data->validation = std::move(split.test);
    data->userCount = dataset.users.size();
    data->itemCount = dataset.items.size();
    data->ratingMin = dataset.ratingMin;
    data->ratingMax = dataset.ratingMax;
    data->implicit = dataset.isImplicit();
    if (userAttributes && !userAttributes->empty()) {
        data->userFeatures = userAttributes->encode(dataset.users);
        data->userFeatureEncoding = userAttributes->encoding.toText();
    }
    // Items without an attribute table of their own get their genres and years from the metadata.
    const AttributeTable fromMetadata = itemAttributes ? AttributeTable {} : itemAttributesFromMetadata(metadata);
    const AttributeTable& items = itemAttributes ? *itemAttributes : fromMetadata;
    if (!items.empty()) {
        data->itemFeatures = items.encode(dataset.items);
        data->itemFeatureEncoding = items.encoding.toText();
    }
    outcome.data = std::move(data);
    return outcome;
}

} // namespace embex::core
