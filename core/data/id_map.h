// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embex::core {

/// Raw ids (opaque strings from the file) ↔ dense indices 0..n-1.
/// Dense order is ascending raw-id order: numeric when every id is an integer,
/// byte-wise otherwise, so "row 0 of the item matrix" never depends on file order.
class IdMap {
public:
    IdMap() = default;
    /// Builds from distinct raw ids in any order; duplicates are kept once.
    static IdMap fromIds(std::vector<std::string> ids);

    std::size_t size() const { return m_ids.size(); }
    bool empty() const { return m_ids.empty(); }
    bool isNumeric() const { return m_numeric; }

    const std::string& rawId(std::uint32_t index) const { return m_ids[index]; }
    const std::vector<std::string>& rawIds() const { return m_ids; }
    std::optional<std::uint32_t> indexOf(std::string_view rawId) const;

    /// Sorts `ids` in IdMap order and returns, for every input position, its dense index.
    /// Used by loaders that first number ids in order of appearance.
    static IdMap fromAppearanceOrder(std::vector<std::string> idsInAppearanceOrder,
                                     std::vector<std::uint32_t>& denseOfAppearance);

private:
    std::vector<std::string> m_ids;
    std::unordered_map<std::string_view, std::uint32_t> m_index; // views into m_ids
    bool m_numeric = false;

    void rebuildIndex();

public:
    IdMap(const IdMap& other) { *this = other; }
    IdMap& operator=(const IdMap& other);
    IdMap(IdMap&&) noexcept = default;
    IdMap& operator=(IdMap&&) noexcept = default;
};

} // namespace embex::core
