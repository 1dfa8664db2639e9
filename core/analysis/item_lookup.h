// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// Lower-case ASCII with Latin-1 accents dropped ("Á köldum klaka" → "a koldum klaka",
/// "ß" → "ss", "Æ" → "ae"); other characters pass through. Bytes that are not valid UTF-8 are
/// read as Latin-1, so raw u.item titles fold the same way.
std::string foldForSearch(std::string_view text);

/// Finds items by raw id or by a piece of their title (case- and accent-insensitive), for the
/// lookup box and `--item`. Keeps folded titles, built once per dataset; immutable afterwards.
class ItemLookup {
public:
    /// Throws std::invalid_argument for a null dataset.
    explicit ItemLookup(std::shared_ptr<const Dataset> dataset);
    /// The same with titles from `metadata` instead of the dataset's own (a window's replaced metadata).
    ItemLookup(std::shared_ptr<const Dataset> dataset, const ItemMetadata& metadata);

    /// The dense index of a raw id, exactly as in the file.
    std::optional<std::uint32_t> byId(std::string_view rawId) const;
    /// Items whose title contains `text`, best first: exact title, then titles that start with
    /// it, then a word that starts with it, then anywhere; shorter titles first within each. At
    /// most `limit`. Empty text matches nothing.
    std::vector<std::uint32_t> byTitle(std::string_view text, std::size_t limit = 20) const;
    /// A raw id when one matches, else the best title match.
    std::optional<std::uint32_t> resolve(std::string_view text) const;

    const Dataset& dataset() const { return *m_dataset; }

private:
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<std::string> m_foldedTitles; // by dense index; empty when the item has no title
};

} // namespace embex::core
