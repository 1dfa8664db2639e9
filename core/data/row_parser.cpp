// SPDX-License-Identifier: MIT
#include "core/data/row_parser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>

#include <fast_float/fast_float.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace embex::core {
namespace {

    std::string clip(std::string_view text)
    {
        return text.size() > 40 ? std::string(text.substr(0, 40)) + "…" : std::string(text);
    }

#if defined(__SSE2__)
    struct PlainMasks {
        std::uint64_t delimiters, rejects; // bit k: byte k of the line
    };

    /// Bit masks of the delimiters and of the bytes parsePlainLine refuses (quote, space, tab
    /// unless it is the delimiter) in a line of 16 to 64 bytes, 16 bytes a step. The last step
    /// reads the line's final 16 bytes, overlapping the one before, so nothing past the line is read.
    PlainMasks plainMasks(std::string_view line, char delimiter)
    {
        const __m128i delimiterBytes = _mm_set1_epi8(delimiter);
        const __m128i quote = _mm_set1_epi8('"'), space = _mm_set1_epi8(' ');
        const __m128i tab = _mm_set1_epi8(delimiter == '\t' ? '"' : '\t');
        PlainMasks masks { 0, 0 };
        auto step = [&](std::size_t at) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + at));
            const auto d = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, delimiterBytes)));
            const __m128i refused = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, space)),
                _mm_cmpeq_epi8(bytes, tab));
            const auto r = static_cast<std::uint32_t>(_mm_movemask_epi8(refused));
            masks.delimiters |= std::uint64_t(d) << at;
            masks.rejects |= std::uint64_t(r) << at;
        };
        std::size_t at = 0;
        for (; at + 16 <= line.size(); at += 16)
            step(at);
        if (at < line.size())
            step(line.size() - 16);
        return masks;
    }
#endif

} // namespace

IdCollector::IdCollector(std::uint64_t fileSize)
    : m_tableLimit(static_cast<std::uint32_t>(std::min<std::uint64_t>(1u << 24, fileSize / 2 + 1024)))
{
}

std::uint32_t IdCollector::add(std::string_view id)
{
    // Small integers first: their table slot is cheap, while the string of the previous id
    // sits in a deque node that shuffled item ids have long evicted (74% of add() in perf).
    if (const std::uint32_t value = smallInteger(id); value != notSmall) {
        if (value >= m_byValue.size())
            m_byValue.resize(std::min<std::size_t>(m_tableLimit, std::max<std::size_t>(value + 1, m_byValue.size() * 2)), 0);
        std::uint32_t& slot = m_byValue[value];
        if (slot == 0) {
            // Kept out of m_index: a canonical integer id can only ever arrive through here.
            m_ids.emplace_back(id);
            slot = static_cast<std::uint32_t>(m_ids.size());
        }
        return m_last = slot - 1;
    }
    // Files are often grouped by user: the previous row's id is a cheap first guess.
    if (!m_ids.empty() && id == m_ids[m_last])
        return m_last;
    if (auto it = m_index.find(id); it != m_index.end())
        return m_last = it->second;
    const std::string& owned = m_ids.emplace_back(id);
    m_last = static_cast<std::uint32_t>(m_ids.size() - 1);
    m_index.emplace(owned, m_last);
    return m_last;
}

std::vector<std::string> IdCollector::take()
{
    m_index.clear();
    m_byValue.clear();
    std::vector<std::string> ids(std::make_move_iterator(m_ids.begin()), std::make_move_iterator(m_ids.end()));
    m_ids.clear();
    m_last = 0;
    return ids;
}

std::uint32_t IdCollector::smallInteger(std::string_view id) const
{
    if (id.empty() || id.size() > 8 || (id[0] == '0' && id.size() > 1))
        return notSmall;
    std::uint32_t value = 0;
    for (char c : id) {
        if (c < '0' || c > '9')
            return notSmall;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return value < m_tableLimit ? value : notSmall;
}

RowParser::RowParser(const std::string& fileName, const FileFormat& format, std::uint64_t fileSize, bool strict,
                     std::size_t maxProblems)
    : users(fileSize)
    , items(fileSize)
    , m_fileName(fileName)
    , m_format(format)
    , m_strict(strict)
    , m_maxProblems(maxProblems)
    , m_splitter(format.delimiter)
{
    const std::string& d = format.delimiter;
    if (d.size() == 1 && d[0] != ' ' && d[0] != '"' && format.fieldCount <= maxPlainFields) {
        m_plainDelimiter = d[0];
        m_plainClass.fill(plainText);
        m_plainClass['"'] = m_plainClass[' '] = m_plainClass['\t'] = plainReject;
        m_plainClass[static_cast<unsigned char>(d[0])] = plainDelimiter;
    }
}

void RowParser::clearBatch()
{
    rows.users.clear();
    rows.items.clear();
    rows.ratings.clear();
    rows.timestamps.clear();
    problems.clear();
}

long RowParser::parseLines(std::string_view text, long firstLine)
{
    long lineNumber = firstLine;
    std::size_t pos = 0;
    while (pos < text.size() && !fatal) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        if (!parsePlainLine(line))
            parseLine(line, lineNumber);
        ++lineNumber;
        pos = end + 1;
    }
    return lineNumber - firstLine;
}

bool RowParser::parsePlainLine(std::string_view line)
{
    if (m_plainDelimiter == 0)
        return false;
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    // Field boundaries in one scan; a quote or a space would make parseLine split differently.
    std::array<std::string_view, maxPlainFields> fields;
    int count = 0;
#if defined(__SSE2__)
    if (line.size() >= 16 && line.size() <= 64) {
        const auto [delimiters, rejects] = plainMasks(line, m_plainDelimiter);
        if (rejects != 0 || std::popcount(delimiters) + 1 != m_format.fieldCount)
            return false;
        std::size_t start = 0;
        for (std::uint64_t rest = delimiters; rest != 0; rest &= rest - 1) {
            const auto at = static_cast<std::size_t>(std::countr_zero(rest));
            fields[static_cast<std::size_t>(count++)] = line.substr(start, at - start);
            start = at + 1;
        }
        fields[static_cast<std::size_t>(count++)] = line.substr(start);
    } else
#endif
    {
        const auto* c = reinterpret_cast<const unsigned char*>(line.data());
        const auto* const end = c + line.size();
        const auto* start = c;
        for (;; ++c) {
            const std::uint8_t kind = c == end ? std::uint8_t(plainDelimiter) : m_plainClass[*c];
            if (kind == plainText)
                continue;
            if (kind == plainReject || count == m_format.fieldCount)
                return false;
            fields[static_cast<std::size_t>(count++)]
                = std::string_view(reinterpret_cast<const char*>(start), static_cast<std::size_t>(c - start));
            if (c == end)
                break;
            start = c + 1;
        }
    }
    if (count != m_format.fieldCount)
        return false;
    const std::string_view user = fields[static_cast<std::size_t>(m_format.userColumn)];
    const std::string_view item = fields[static_cast<std::size_t>(m_format.itemColumn)];
    if (user.empty() || item.empty())
        return false;
    float rating = 1.0f;
    if (m_format.ratingColumn >= 0) {
        const std::string_view text = fields[static_cast<std::size_t>(m_format.ratingColumn)];
        auto [stop, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), rating);
        if (text.empty() || ec != std::errc() || stop != text.data() + text.size() || !std::isfinite(rating))
            return false;
    }
    std::int64_t timestamp = 0;
    if (m_format.timestampColumn >= 0) {
        // Up to 18 digits cannot overflow; longer or signed ones are parseLine's (std::from_chars).
        const std::string_view text = fields[static_cast<std::size_t>(m_format.timestampColumn)];
        if (text.empty() || text.size() > 18)
            return false;
        for (char digit : text) {
            if (digit < '0' || digit > '9')
                return false;
            timestamp = timestamp * 10 + (digit - '0');
        }
    }
    ++rowsRead;
    rows.users.push_back(users.add(user));
    rows.items.push_back(items.add(item));
    rows.ratings.push_back(rating);
    if (m_format.timestampColumn >= 0)
        rows.timestamps.push_back(timestamp);
    return true;
}

void RowParser::parseLine(std::string_view line, long lineNumber)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos)
        return;
    ++rowsRead;
    std::string error;
    if (!m_splitter.split(line, m_fields, error))
        return problem(lineNumber, error);
    if (static_cast<int>(m_fields.size()) != m_format.fieldCount)
        return problem(lineNumber, "expected " + std::to_string(m_format.fieldCount) + " fields, found "
                + std::to_string(m_fields.size()));
    const std::string_view user = m_fields[static_cast<std::size_t>(m_format.userColumn)];
    const std::string_view item = m_fields[static_cast<std::size_t>(m_format.itemColumn)];
    if (user.empty())
        return problem(lineNumber, "empty user id");
    if (item.empty())
        return problem(lineNumber, "empty item id");
    float rating = 1.0f;
    if (m_format.ratingColumn >= 0) {
        const std::string_view text = m_fields[static_cast<std::size_t>(m_format.ratingColumn)];
        auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), rating);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty())
            return problem(lineNumber, "rating '" + clip(text) + "' is not a number");
        if (!std::isfinite(rating))
            return problem(lineNumber, "rating '" + clip(text) + "' is not a finite number");
    }
    std::int64_t timestamp = 0;
    if (m_format.timestampColumn >= 0) {
        const std::string_view text = m_fields[static_cast<std::size_t>(m_format.timestampColumn)];
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), timestamp);
        if (ec != std::errc() || end != text.data() + text.size())
            return problem(lineNumber, "timestamp '" + clip(text) + "' is not a whole number");
    }
    rows.users.push_back(users.add(user));
    rows.items.push_back(items.add(item));
    rows.ratings.push_back(rating);
    if (m_format.timestampColumn >= 0)
        rows.timestamps.push_back(timestamp);
}

void RowParser::problem(long lineNumber, std::string message)
{
    ++rowsSkipped;
    Issue issue { m_fileName, lineNumber, std::move(message) };
    if (m_strict && !fatal)
        fatal = issue;
    if (problems.size() < m_maxProblems)
        problems.push_back(std::move(issue));
}

} // namespace embex::core
