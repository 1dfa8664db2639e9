// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/id_map.h"
#include "core/data/item_metadata.h"
#include "core/data/ratings_table.h"
#include "core/eigen_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

/// What is known of every item of a catalogue, gathered once so that any group of items (a
/// cluster, a selection on the map) can be summarised quickly. Dense item order.
struct ItemFacts {
    std::vector<std::uint32_t> ratingCounts;
    std::vector<double> ratingSums;
    std::vector<int> years; ///< from a title's trailing "(1995)"; 0 when it has none
    std::vector<std::vector<std::uint16_t>> genres;
    std::vector<std::string> genreNames;
    std::vector<double> genreShare; ///< share of the catalogue's items that carry each genre
    std::vector<std::string> names; ///< the title, or the raw id when there is none
    std::vector<float> biases;      ///< the model's item biases; empty when it has none
};

/// `itemBiases`: the model's n × 1 item biases, or null.
ItemFacts gatherItemFacts(const RatingsTable& ratings, const IdMap& items, const ItemMetadata& metadata,
                          const RowMatrixXf* itemBiases = nullptr);

/// A genre's place in a group: its share of the group's items against its share of the catalogue's.
struct GenreLift {
    std::uint16_t genre = 0;
    std::string name;
    int members = 0;  ///< the group's items that carry it
    double share = 0; ///< members / group size
    double lift = 0;  ///< share / catalogue share
};

struct GroupSummary {
    std::size_t size = 0;
    /// Genres over-represented in the group (lift at least SummaryConfig::minimumLift, carried by
    /// at least SummaryConfig::minimumSupport of its items), highest lift first.
    std::vector<GenreLift> overRepresented;
    /// Every genre of the group's items, by share, for a genre mix.
    std::vector<GenreLift> genreMix;
    int firstYear = 0, lastYear = 0;      ///< the 10th and 90th percentile of the known years; 0: none
    std::string years;                    ///< "1990s", "1970s–1990s", or empty
    std::vector<std::uint32_t> bestKnown; ///< dense items, most rated first
    std::string label;                    ///< "Comedy, Romance · 1990s · Toy Story, Babe"
    double meanRating = 0;                ///< over all the group's ratings; NaN when none
    double medianRatings = 0;             ///< the median item's rating count
    std::optional<double> meanBias;       ///< where the model has item biases
};

struct SummaryConfig {
    /// A genre names a group only when this share of its items carry it (and at least 2 do), so
    /// that one odd item does not name a group.
    double minimumSupport = 0.2;
    /// A genre names a group only when its share there is this many times its catalogue share.
    double minimumLift = 1.2;
    int labelGenres = 2;
    int labelTitles = 2;
    int bestKnown = 3;
};

/// `items`: dense indices, each once; an empty group gives an empty summary with NaN mean rating.
GroupSummary summariseGroup(std::span<const std::uint32_t> items, const ItemFacts& facts,
                            const SummaryConfig& config = {});

/// One summary per group of `groupOf` (group ids 0..count−1; −1: in none), rows being `rowItems`.
std::vector<GroupSummary> summariseGroups(std::span<const int> groupOf, int count,
                                          std::span<const std::uint32_t> rowItems, const ItemFacts& facts,
                                          const SummaryConfig& config = {});

/// The year in a title's trailing "(1995)" or "(1995) " — MovieLens's form; 0 when there is none.
int yearInTitle(std::string_view title);

} // namespace embex::core
