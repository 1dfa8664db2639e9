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

/// Finds items by raw id or by a piece of their title (case- and accent-insensitive). One
/// ranking serves every way of picking an item: the lookup box's completer lists matches(),
/// and its Enter and the CLI's `--item` take resolve(), the first of them. Keeps folded titles
/// and rating counts, built once per dataset; immutable afterwards.
class ItemLookup {
public:
    /// Throws std::invalid_argument for a null dataset.
    explicit ItemLookup(std::shared_ptr<const Dataset> dataset);
    /// The same with titles from `metadata` instead of the dataset's own (a window's replaced metadata).
    ItemLookup(std::shared_ptr<const Dataset> dataset, const ItemMetadata& metadata);

    /// The dense index of a raw id, exactly as in the file.
    std::optional<std::uint32_t> byId(std::string_view rawId) const;
    /// Items whose title (the raw id for an item without one) contains `text`, best first, by
    /// match class: exact title, then titles that start with it, then a word that starts with
    /// it, then anywhere. Within a class, well-known titles first (more ratings), then shorter
    /// ones. At most `limit`. Empty text matches nothing.
    std::vector<std::uint32_t> byTitle(std::string_view text, std::size_t limit = 20) const;
    /// The item whose raw id is `text` first, if there is one, then byTitle(text); at most `limit`.
    std::vector<std::uint32_t> matches(std::string_view text, std::size_t limit = 20) const;
    /// The first of matches(text): what a person typing `text` means.
    std::optional<std::uint32_t> resolve(std::string_view text) const;

    const Dataset& dataset() const { return *m_dataset; }

private:
    std::shared_ptr<const Dataset> m_dataset;
    std::vector<std::string> m_foldedTitles; // by dense index; the raw id when the item has no title
    std::vector<std::uint32_t> m_ratings;    // by dense index
};

} // namespace embex::core
