// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_table.h"

#include <cstdint>
#include <span>
#include <vector>

namespace embex::core {

/// Ratings grouped by user (compressed rows): items(u) and ratings(u) list user u's ratings in
/// table order. Built once per run; O(ratings) memory.
class UserItems {
public:
    UserItems() = default;
    UserItems(const RatingsTable& table, std::size_t userCount, bool byItem = false)
        : m_start(userCount + 1, 0)
    {
        const auto& keys = byItem ? table.items : table.users;
        const auto& values = byItem ? table.users : table.items;
        for (auto k : keys)
            ++m_start[k + 1];
        for (std::size_t u = 0; u < userCount; ++u)
            m_start[u + 1] += m_start[u];
        m_items.resize(table.size());
        m_ratings.resize(table.size());
        std::vector<std::size_t> fill(m_start.begin(), m_start.end() - 1);
        for (std::size_t r = 0; r < table.size(); ++r) {
            const std::size_t at = fill[keys[r]]++;
            m_items[at] = values[r];
            m_ratings[at] = table.ratings[r];
        }
    }

    std::size_t userCount() const { return m_start.empty() ? 0 : m_start.size() - 1; }
    std::span<const std::uint32_t> items(std::size_t user) const
    {
        return { m_items.data() + m_start[user], m_start[user + 1] - m_start[user] };
    }
    std::span<const float> ratings(std::size_t user) const
    {
        return { m_ratings.data() + m_start[user], m_start[user + 1] - m_start[user] };
    }
    std::size_t count(std::size_t user) const { return m_start[user + 1] - m_start[user]; }

private:
    std::vector<std::size_t> m_start;
    std::vector<std::uint32_t> m_items;
    std::vector<float> m_ratings;
};

} // namespace embex::core
