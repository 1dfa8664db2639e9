// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embex::core {

/// Title and genres of one item, keyed by raw id in ItemMetadata.
/// genres are indices into ItemMetadata::genreNames.
struct ItemInfo {
    std::string title; ///< UTF-8
    std::vector<std::uint16_t> genres;
};

/// What is known about items beyond their ratings (movies.csv, u.item, movies.dat, demo types).
/// Keyed by raw id so it joins any embedding table that carries raw ids.
struct ItemMetadata {
    std::string sourceFile; ///< where it came from, for the UI; empty when none
    std::vector<std::string> genreNames;
    std::unordered_map<std::string, ItemInfo> items;

    bool empty() const { return items.empty(); }
    const ItemInfo* find(std::string_view rawId) const
    {
        auto it = items.find(std::string(rawId));
        return it == items.end() ? nullptr : &it->second;
    }
    std::string title(std::string_view rawId) const
    {
        const ItemInfo* info = find(rawId);
        return info ? info->title : std::string();
    }
    /// "Action|Adventure|Sci-Fi", or empty.
    std::string genresText(std::string_view rawId, char separator = '|') const
    {
        std::string text;
        if (const ItemInfo* info = find(rawId)) {
            for (std::uint16_t g : info->genres) {
                if (!text.empty())
                    text += separator;
                text += genreNames.at(g);
            }
        }
        return text;
    }
    /// Index of a genre name, added when new.
    std::uint16_t genreIndex(const std::string& name)
    {
        for (std::size_t g = 0; g < genreNames.size(); ++g)
            if (genreNames[g] == name)
                return static_cast<std::uint16_t>(g);
        genreNames.push_back(name);
        return static_cast<std::uint16_t>(genreNames.size() - 1);
    }
};

} // namespace embex::core
