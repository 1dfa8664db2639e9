// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace embex::core {

/// Ratings in columns, about 12 bytes a rating (+8 with timestamps).
/// users[r] and items[r] are dense indices from the dataset's IdMaps.
/// Implicit data (no rating column) stores 1 for every row.
struct RatingsTable {
    std::vector<std::uint32_t> users;
    std::vector<std::uint32_t> items;
    std::vector<float> ratings;
    std::vector<std::int64_t> timestamps; ///< empty when the file has none

    std::size_t size() const { return ratings.size(); }
    bool empty() const { return ratings.empty(); }
    bool hasTimestamps() const { return !timestamps.empty(); }

    void reserve(std::size_t n)
    {
        users.reserve(n);
        items.reserve(n);
        ratings.reserve(n);
    }

    /// A new table with the rows at `rows`, in that order.
    RatingsTable select(const std::vector<std::size_t>& rows) const
    {
        RatingsTable out;
        out.reserve(rows.size());
        if (hasTimestamps())
            out.timestamps.reserve(rows.size());
        for (std::size_t r : rows) {
            out.users.push_back(users[r]);
            out.items.push_back(items[r]);
            out.ratings.push_back(ratings[r]);
            if (hasTimestamps())
                out.timestamps.push_back(timestamps[r]);
        }
        return out;
    }
};

} // namespace embex::core
