// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace embex::core {

/// std::allocator, except that resize() leaves new elements of trivial types uninitialised.
/// A loader can then size a column once and let several threads fill their own rows, each
/// faulting in its own pages, instead of one thread zeroing the whole column first.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
    template <typename U>
    struct rebind {
        using other = UninitialisedAllocator<U>;
    };
    UninitialisedAllocator() = default;
    template <typename U>
    UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept
    {
    }
    template <typename U>
    void construct(U* p) noexcept
    {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

template <typename T>
using Column = std::vector<T, UninitialisedAllocator<T>>;

/// Ratings in columns, about 12 bytes a rating (+8 with timestamps).
/// users[r] and items[r] are dense indices from the dataset's IdMaps.
/// Implicit data (no rating column) stores 1 for every row.
struct RatingsTable {
    Column<std::uint32_t> users;
    Column<std::uint32_t> items;
    Column<float> ratings;
    Column<std::int64_t> timestamps; ///< empty when the file has none

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
