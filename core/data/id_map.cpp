// SPDX-License-Identifier: MIT
#include "core/data/id_map.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace embex::core {
namespace {

    bool isIntegerText(std::string_view s)
    {
        if (s.empty())
            return false;
        std::size_t start = (s[0] == '-') ? 1 : 0;
        if (start == s.size() || s.size() - start > 18)
            return false;
        return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(start), s.end(),
                           [](char c) { return c >= '0' && c <= '9'; });
    }

    long long toInteger(std::string_view s)
    {
        long long v = 0;
        std::from_chars(s.data(), s.data() + s.size(), v);
        return v;
    }

} // namespace

IdMap IdMap::fromAppearanceOrder(std::vector<std::string> ids, std::vector<std::uint32_t>& denseOfAppearance)
{
    const bool numeric = !ids.empty() && std::all_of(ids.begin(), ids.end(), isIntegerText);
    std::vector<std::uint32_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0u);
    if (numeric) {
        std::vector<long long> values(ids.size());
        std::transform(ids.begin(), ids.end(), values.begin(), toInteger);
        // "007" and "7" are different ids with the same value: break ties by text.
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return values[a] != values[b] ? values[a] < values[b] : ids[a] < ids[b];
        });
    } else {
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
    }

    IdMap map;
    map.m_numeric = numeric;
    map.m_ids.reserve(ids.size());
    denseOfAppearance.assign(ids.size(), 0);
    for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
        if (!map.m_ids.empty() && map.m_ids.back() == ids[order[rank]]) {
            denseOfAppearance[order[rank]] = static_cast<std::uint32_t>(map.m_ids.size() - 1);
            continue;
        }
        denseOfAppearance[order[rank]] = static_cast<std::uint32_t>(map.m_ids.size());
        map.m_ids.push_back(std::move(ids[order[rank]]));
    }
    map.rebuildIndex();
    return map;
}

IdMap IdMap::fromIds(std::vector<std::string> ids)
{
    std::vector<std::uint32_t> unused;
    return fromAppearanceOrder(std::move(ids), unused);
}

std::optional<std::uint32_t> IdMap::indexOf(std::string_view rawId) const
{
    auto it = m_index.find(rawId);
    if (it == m_index.end())
        return std::nullopt;
    return it->second;
}

void IdMap::rebuildIndex()
{
    m_index.clear();
    m_index.reserve(m_ids.size());
    for (std::uint32_t i = 0; i < m_ids.size(); ++i)
        m_index.emplace(m_ids[i], i);
}

IdMap& IdMap::operator=(const IdMap& other)
{
    if (this != &other) {
        m_ids = other.m_ids;
        m_numeric = other.m_numeric;
        rebuildIndex();
    }
    return *this;
}

} // namespace embex::core
