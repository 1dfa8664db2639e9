// SPDX-License-Identifier: MIT
#include "core/analysis/item_lookup.h"

#include "core/analysis/item_popularity.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <tuple>

namespace embex::core {
namespace {

    // U+00C0..U+00DF; U+00E0..U+00FF fold like their capitals (ß, ÷ and ÿ aside).
    constexpr const char* latin1Folds[32] = { "a", "a",     "a", "a", "a", "a", "ae", "c", "e",  "e", "e",
                                              "e", "i",     "i", "i", "i", "d", "n",  "o", "o",  "o", "o",
                                              "o", nullptr, "o", "u", "u", "u", "u",  "y", "th", "ss" };

    // Decodes one UTF-8 sequence at `pos`; a malformed one is a single Latin-1 byte.
    char32_t decode(std::string_view s, std::size_t& pos)
    {
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
        const unsigned char lead = byte(pos);
        int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (length > 1 && pos + static_cast<std::size_t>(length) <= s.size()) {
            char32_t cp = lead & (0x7F >> length);
            bool valid = true;
            for (int i = 1; i < length && valid; ++i) {
                const unsigned char c = byte(pos + static_cast<std::size_t>(i));
                valid = (c & 0xC0) == 0x80;
                cp = (cp << 6) | (c & 0x3F);
            }
            if (valid && cp >= 0x80) {
                pos += static_cast<std::size_t>(length);
                return cp;
            }
        }
        ++pos;
        return lead;
    }

    void encode(char32_t cp, std::string& out)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool isWordStart(const std::string& text, std::size_t pos)
    {
        if (pos == 0)
            return true;
        const auto before = static_cast<unsigned char>(text[pos - 1]);
        return !(std::isalnum(before) || before >= 0x80);
    }

} // namespace

std::string foldForSearch(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = decode(text, pos);
        if (cp >= 'A' && cp <= 'Z') {
            out += static_cast<char>(cp - 'A' + 'a');
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            const char* fold = cp == 0xFF ? "y" : cp == 0xDF ? "ss" : latin1Folds[(cp - 0xC0) & 0x1F];
            if (fold)
                out += fold;
            else
                encode(cp, out); // × and ÷
        } else {
            encode(cp, out);
        }
    }
    return out;
}

static const ItemMetadata noMetadata; // a null dataset's, until the constructor refuses it

ItemLookup::ItemLookup(std::shared_ptr<const Dataset> dataset)
    : ItemLookup(dataset, dataset ? dataset->metadata : noMetadata)
{
}

ItemLookup::ItemLookup(std::shared_ptr<const Dataset> dataset, const ItemMetadata& metadata)
    : m_dataset(std::move(dataset))
{
    if (!m_dataset)
        throw std::invalid_argument("an item lookup needs a dataset");
    m_foldedTitles.reserve(m_dataset->items.size());
    for (const std::string& id : m_dataset->items.rawIds()) {
        const std::string& title = metadata.title(id);
        m_foldedTitles.push_back(foldForSearch(title.empty() ? id : title));
    }
    m_ratings = itemRatingCounts(m_dataset->ratings, m_dataset->items.size());
}

std::optional<std::uint32_t> ItemLookup::byId(std::string_view rawId) const
{
    return m_dataset->items.indexOf(rawId);
}

std::vector<std::uint32_t> ItemLookup::byTitle(std::string_view text, std::size_t limit) const
{
    const std::string needle = foldForSearch(text);
    if (needle.empty() || limit == 0)
        return {};
    // (match class, fewer ratings, title length, index): lexicographic order is the ranking.
    std::vector<std::tuple<int, std::int64_t, std::size_t, std::uint32_t>> hits;
    for (std::uint32_t i = 0; i < m_foldedTitles.size(); ++i) {
        const std::string& title = m_foldedTitles[i];
        std::size_t pos = title.find(needle);
        if (pos == std::string::npos)
            continue;
        int kind = title.size() == needle.size() ? 0 : pos == 0 ? 1 : 3;
        for (; kind == 3 && pos != std::string::npos; pos = title.find(needle, pos + 1))
            if (isWordStart(title, pos))
                kind = 2;
        hits.emplace_back(kind, -std::int64_t(m_ratings[i]), title.size(), i);
    }
    const std::size_t keep = std::min(limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end());
    std::vector<std::uint32_t> items;
    for (std::size_t h = 0; h < keep; ++h)
        items.push_back(std::get<3>(hits[h]));
    return items;
}

std::vector<std::uint32_t> ItemLookup::matches(std::string_view text, std::size_t limit) const
{
    if (limit == 0)
        return {};
    const std::optional<std::uint32_t> id = byId(text);
    std::vector<std::uint32_t> items = byTitle(text, id ? limit + 1 : limit);
    if (id) {
        std::erase(items, *id);
        items.insert(items.begin(), *id);
        items.resize(std::min(items.size(), limit));
    }
    return items;
}

std::optional<std::uint32_t> ItemLookup::resolve(std::string_view text) const
{
    const std::vector<std::uint32_t> best = matches(text, 1);
    if (best.empty())
        return std::nullopt;
    return best.front();
}

} // namespace embex::core
