// SPDX-License-Identifier: MIT
#include "core/analysis/item_filter.h"

#include <algorithm>

namespace embex::core {
namespace {

    bool carriesAny(const std::vector<std::uint16_t>& genres, const std::vector<std::uint16_t>& wanted)
    {
        return std::any_of(genres.begin(), genres.end(),
                           [&](std::uint16_t g) { return std::find(wanted.begin(), wanted.end(), g) != wanted.end(); });
    }

    std::string genreList(const std::vector<std::uint16_t>& genres, std::span<const std::string> names)
    {
        std::string text;
        for (std::size_t i = 0; i < genres.size(); ++i) {
            if (i > 0)
                text += i + 1 == genres.size() ? " or " : ", ";
            text += genres[i] < names.size() ? names[genres[i]] : "genre " + std::to_string(genres[i]);
        }
        return text;
    }

    template <typename T>
    std::string rangeText(const std::optional<T>& from, const std::optional<T>& to)
    {
        if (from && to)
            return *from == *to ? std::to_string(*from) : std::to_string(*from) + "\u2013" + std::to_string(*to);
        if (from)
            return "from " + std::to_string(*from);
        return "to " + std::to_string(*to);
    }

} // namespace

bool ItemFilter::isEmpty() const
{
    return includeGenres.empty() && excludeGenres.empty() && !fromYear && !toYear && !minRatings && !maxRatings;
}

std::vector<std::uint8_t> itemFilterMask(const ItemFilter& filter, const ItemFacts& facts)
{
    const std::size_t n = facts.genres.size();
    std::vector<std::uint8_t> mask(n, 1);
    if (filter.isEmpty())
        return mask;
    for (std::size_t i = 0; i < n; ++i) {
        const std::vector<std::uint16_t>& genres = facts.genres[i];
        const int year = i < facts.years.size() ? facts.years[i] : 0;
        const std::uint32_t count = i < facts.ratingCounts.size() ? facts.ratingCounts[i] : 0;
        bool passes = true;
        if (!filter.includeGenres.empty() && !carriesAny(genres, filter.includeGenres))
            passes = false;
        else if (!filter.excludeGenres.empty() && carriesAny(genres, filter.excludeGenres))
            passes = false;
        else if (filter.hasYearRange()
                 && (year == 0 || (filter.fromYear && year < *filter.fromYear)
                     || (filter.toYear && year > *filter.toYear)))
            passes = false;
        else if ((filter.minRatings && count < *filter.minRatings) || (filter.maxRatings && count > *filter.maxRatings))
            passes = false;
        mask[i] = passes ? 1 : 0;
    }
    return mask;
}

ItemFacts itemFilterFacts(const IdMap& items, const ItemMetadata& metadata, std::span<const std::uint32_t> ratingCounts)
{
    const std::size_t n = items.size();
    ItemFacts facts;
    facts.genreNames = metadata.genreNames;
    facts.genres.resize(n);
    facts.years.assign(n, 0);
    facts.ratingCounts.assign(n, 0);
    if (ratingCounts.size() == n)
        std::copy(ratingCounts.begin(), ratingCounts.end(), facts.ratingCounts.begin());
    for (std::size_t i = 0; i < n; ++i)
        if (const ItemInfo* info = metadata.find(items.rawId(static_cast<std::uint32_t>(i)))) {
            facts.genres[i] = info->genres;
            facts.years[i] = yearInTitle(info->title);
        }
    return facts;
}

std::vector<std::uint8_t> itemFilterMask(const ItemFilter& filter, const IdMap& items, const ItemMetadata& metadata,
                                         std::span<const std::uint32_t> ratingCounts)
{
    return itemFilterMask(filter, itemFilterFacts(items, metadata, ratingCounts));
}

std::size_t countPassing(std::span<const std::uint8_t> mask)
{
    return static_cast<std::size_t>(std::count_if(mask.begin(), mask.end(), [](std::uint8_t m) { return m != 0; }));
}

std::string describeItemFilter(const ItemFilter& filter, std::span<const std::string> genreNames)
{
    std::string genres = genreList(filter.includeGenres, genreNames);
    if (!filter.excludeGenres.empty())
        genres += (genres.empty() ? "not " : ", not ") + genreList(filter.excludeGenres, genreNames);
    std::string years = filter.hasYearRange() ? rangeText(filter.fromYear, filter.toYear) : std::string();
    std::string ratings;
    if (filter.minRatings && filter.maxRatings)
        ratings = rangeText(filter.minRatings, filter.maxRatings) + " ratings";
    else if (filter.minRatings)
        ratings = "\u2265 " + std::to_string(*filter.minRatings) + " ratings";
    else if (filter.maxRatings)
        ratings = "\u2264 " + std::to_string(*filter.maxRatings) + " ratings";
    std::string text;
    for (const std::string* part : { &genres, &years, &ratings })
        if (!part->empty())
            text += (text.empty() ? "" : " \u00b7 ") + *part;
    return text;
}

std::string itemFilterCaveats(const ItemFilter& filter)
{
    std::string text;
    if (filter.hasYearRange())
        text += "Items with no year in their title fail a year range.";
    if (!filter.includeGenres.empty())
        text += std::string(text.empty() ? "" : " ") + "Items with no genres fail an include list.";
    return text;
}

} // namespace embex::core
