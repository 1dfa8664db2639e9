// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace embex::core {

/// A table's row indices grouped by a key column (a counting sort: table order within a key).
struct RowsByKey {
    std::vector<std::size_t> start; ///< rows[start[k] .. start[k + 1]) have key k
    std::vector<std::size_t> rows;

    std::span<const std::size_t> of(std::size_t key) const
    {
        return { rows.data() + start[key], start[key + 1] - start[key] };
    }
};

/// Every key must be below keyCount.
inline RowsByKey groupRowsByKey(std::span<const std::uint32_t> keys, std::size_t keyCount)
{
    RowsByKey grouped;
    grouped.start.assign(keyCount + 1, 0);
    for (auto k : keys)
        ++grouped.start[k + 1];
    std::partial_sum(grouped.start.begin(), grouped.start.end(), grouped.start.begin());
    grouped.rows.resize(keys.size());
    std::vector<std::size_t> fill(grouped.start.begin(), grouped.start.end() - 1);
    for (std::size_t r = 0; r < keys.size(); ++r)
        grouped.rows[fill[keys[r]]++] = r;
    return grouped;
}

} // namespace embex::core
