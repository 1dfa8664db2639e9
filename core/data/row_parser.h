// SPDX-License-Identifier: MIT
// Internal to the ratings loader: turns lines of text into columnar rows.
#pragma once

#include "core/data/dataset.h"
#include "core/data/field_splitter.h"
#include "core/data/issue.h"

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embex::core {

/// Numbers raw ids in order of appearance; keys are owned here, lookups take views.
/// Canonical small integers ("0", "42", not "042") skip hashing: a direct table maps the value
/// to its index, which is what makes MovieLens-style files fast to read.
class IdCollector {
public:
    /// The direct table never grows past ~2 bytes per file byte, so a tiny file holding id
    /// 9999999 cannot make the loader allocate 40 MB; larger values take the hash path.
    explicit IdCollector(std::uint64_t fileSize);

    std::uint32_t add(std::string_view id);
    /// add(id) for a canonical integer id whose value the caller has already read. Inline: it
    /// runs twice a row, and its common case is one table lookup.
    std::uint32_t addInteger(std::uint32_t value, std::string_view id)
    {
        if (value < m_byValue.size()) [[likely]] {
            if (const std::uint32_t slot = m_byValue[value]; slot != 0) [[likely]]
                return m_last = slot - 1;
        }
        return addNewInteger(value, id);
    }
    std::size_t size() const { return m_ids.size(); }
    const std::string& id(std::uint32_t index) const { return m_ids[index]; }
    /// Hands the ids over in order of appearance; the collector is empty afterwards.
    std::vector<std::string> take();

private:
    static constexpr std::uint32_t notSmall = ~0u;
    const std::uint32_t m_tableLimit;
    std::deque<std::string> m_ids; // deque: growing never moves the strings the index views
    std::unordered_map<std::string_view, std::uint32_t> m_index;
    std::vector<std::uint32_t> m_byValue; // value → index + 1; 0 = not seen
    std::uint32_t m_last = 0;

    std::uint32_t smallInteger(std::string_view id) const;
    std::uint32_t addNewInteger(std::uint32_t value, std::string_view id);
};

/// A parser's share of the loader's columns: it writes rows at [first, first + capacity).
struct RowSlots {
    std::uint32_t* users = nullptr;
    std::uint32_t* items = nullptr;
    float* ratings = nullptr;
    std::int64_t* timestamps = nullptr; ///< null when the file has none
    std::size_t capacity = 0;
    std::size_t size = 0;

    /// Rows [first, first + capacity) of `table`, whose columns must be that long already.
    static RowSlots of(RatingsTable& table, std::size_t first, std::size_t capacity);
};

/// Parses lines into its slots, its own ids and its problems. One per thread: nothing is shared.
/// Ids are local to this parser (see IdCollector); the loader maps them to global ones.
class RowParser {
public:
    RowParser(const std::string& fileName, const FileFormat& format, std::uint64_t fileSize, bool strict,
              std::size_t maxProblems);

    /// Parses every line of `text` (lines end in '\n'; a last line without one is parsed too),
    /// numbering them from firstLine. Blank lines are skipped silently. Returns the lines seen
    /// (all of them unless strict mode stopped at a problem).
    long parseLines(std::string_view text, long firstLine);
    void parseLine(std::string_view line, long lineNumber);
    /// The common line in one pass, or false (nothing changed) for parseLine to decide: a one-byte
    /// delimiter, no quote, no space or tab, the expected field count, non-empty ids, and a rating and
    /// timestamp that parse to their field's end. What it accepts parseLine reads alike.
    static constexpr int maxPlainFields = 16;
    bool parsePlainLine(std::string_view line);
    void problem(long lineNumber, std::string message);

    /// Rows go here; a row beyond the capacity is dropped and counts in `overflow`.
    RowSlots rows;
    long overflow = 0;
    IdCollector users;
    IdCollector items;
    long rowsRead = 0;
    long rowsSkipped = 0;
    std::vector<Issue> problems;
    std::optional<Issue> fatal; ///< strict mode: the first problem
    /// The timestamp column holds ISO 8601 dates, not Unix times; set before parsing.
    bool isoTimestamps = false;

private:
    /// parsePlainLine's second half: the line's fields, from the delimiters' bit mask (a line of
    /// up to 64 bytes) or from where each field starts (field k is [start[k], start[k + 1] - 1)).
    using FieldStarts = std::array<std::size_t, maxPlainFields + 1>;
    bool parsePlainFields(std::string_view line, std::uint64_t delimiters);
    bool parsePlainFields(std::string_view line, const FieldStarts& start);
    void addRow(std::uint32_t user, std::uint32_t item, float rating, std::int64_t timestamp);

    const std::string& m_fileName;
    const FileFormat& m_format;
    bool m_strict;
    std::size_t m_maxProblems;
    FieldSplitter m_splitter;
    std::vector<std::string_view> m_fields;
    char m_plainDelimiter = 0; // 0: every line takes parseLine
    enum : std::uint8_t { plainText, plainDelimiter, plainReject };
    std::array<std::uint8_t, 256> m_plainClass {}; // what each byte means to parsePlainLine
    std::array<float, 100> m_tenths {};            // "d.d" ratings, as the general parser reads them
};

} // namespace embex::core
