// SPDX-License-Identifier: MIT
#include "core/data/row_parser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/data/plain_scan.h"
#include "core/data/timestamp.h"

#include <fast_float/fast_float.h>

namespace embex::core {
namespace {

    std::string clippedField(std::string_view text)
    {
        return text.size() > 40 ? std::string(text.substr(0, 40)) + "…" : std::string(text);
    }

} // namespace

IdCollector::IdCollector(std::uint64_t fileSize)
    : m_tableLimit(static_cast<std::uint32_t>(std::min<std::uint64_t>(1u << 24, fileSize / 2 + 1024)))
{
}

std::uint32_t IdCollector::addNewInteger(std::uint32_t value, std::string_view id)
{
    if (value >= m_tableLimit)
        return add(id);
    if (value >= m_byValue.size())
        m_byValue.resize(std::min<std::size_t>(m_tableLimit, std::max<std::size_t>(value + 1, m_byValue.size() * 2)),
                         0);
    std::uint32_t& slot = m_byValue[value];
    if (slot == 0) {
        // Kept out of m_index: a canonical integer id can only ever arrive through here.
        m_ids.emplace_back(id);
        slot = static_cast<std::uint32_t>(m_ids.size());
    }
    return m_last = slot - 1;
}

std::uint32_t IdCollector::add(std::string_view id)
{
    // Small integers first: their table slot is cheap, while the string of the previous id
    // sits in a deque node that shuffled item ids have long evicted: a cache miss per id.
    if (const std::uint32_t value = smallInteger(id); value != notSmall)
        return addInteger(value, id);
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
    for (int k = 0; k < 100; ++k) {
        const char text[3] = { static_cast<char>('0' + k / 10), '.', static_cast<char>('0' + k % 10) };
        fast_float::from_chars(text, text + 3, m_tenths[static_cast<std::size_t>(k)]);
    }
}

RowSlots RowSlots::of(RatingsTable& table, std::size_t first, std::size_t capacity)
{
    RowSlots slots;
    slots.users = table.users.data() + first;
    slots.items = table.items.data() + first;
    slots.ratings = table.ratings.data() + first;
    slots.timestamps = table.hasTimestamps() ? table.timestamps.data() + first : nullptr;
    slots.capacity = capacity;
    return slots;
}

void RowParser::addRow(std::uint32_t user, std::uint32_t item, float rating, std::int64_t timestamp)
{
    // The loader counted the lines first: more rows than lines means the file changed since.
    if (rows.size == rows.capacity) {
        ++overflow;
        return;
    }
    const std::size_t r = rows.size++;
    rows.users[r] = user;
    rows.items[r] = item;
    rows.ratings[r] = rating;
    if (rows.timestamps)
        rows.timestamps[r] = timestamp;
}

long RowParser::parseLines(std::string_view text, long firstLine)
{
    long lineNumber = firstLine;
    std::size_t pos = 0;
    while (pos < text.size() && !fatal) {
#if defined(__SSE2__)
        // The common short line: one look at 32 bytes finds its end and its fields together.
        if (m_plainDelimiter != 0 && pos + 32 <= text.size()) {
            const plain::ByteMasks masks = plain::masks32(text.data() + pos, m_plainDelimiter);
            if (masks.newlines != 0) {
                const auto end = static_cast<std::size_t>(std::countr_zero(masks.newlines));
                const std::string_view line(text.data() + pos, end); // pos + end < pos + 32 <= text.size()
                const std::size_t length = end - (end > 0 && line.back() == '\r' ? 1 : 0);
                const std::uint64_t inLine = (std::uint64_t(1) << length) - 1;
                if (length == 0 || (masks.rejects & inLine) != 0
                    || !parsePlainFields(std::string_view(line.data(), length), masks.delimiters & inLine))
                    parseLine(line, lineNumber);
                ++lineNumber;
                pos += end + 1;
                continue;
            }
        }
#endif
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
#if defined(__SSE2__)
    if (line.size() >= 16 && line.size() <= 64) {
        const plain::ByteMasks masks = plain::lineMasks(line, m_plainDelimiter);
        return masks.rejects == 0 && parsePlainFields(line, masks.delimiters);
    }
#endif
    // Field boundaries in one scan; a quote or a space would make parseLine split differently.
    FieldStarts start; // left uninitialised: zeroing it per line is measurable here
    int count = 0;
    start[0] = 0;
    for (std::size_t at = 0;; ++at) {
        const std::uint8_t kind = at == line.size() ? std::uint8_t(plainDelimiter)
                                                    : m_plainClass[static_cast<unsigned char>(line[at])];
        if (kind == plainText)
            continue;
        if (kind == plainReject || count == m_format.fieldCount)
            return false;
        start[static_cast<std::size_t>(++count)] = at + 1;
        if (at == line.size())
            break;
    }
    return count == m_format.fieldCount && parsePlainFields(line, start);
}

bool RowParser::parsePlainFields(std::string_view line, std::uint64_t delimiters)
{
    if (std::popcount(delimiters) + 1 != m_format.fieldCount)
        return false;
    FieldStarts start;
    std::size_t count = 0;
    start[0] = 0;
    for (std::uint64_t rest = delimiters; rest != 0; rest &= rest - 1)
        start[++count] = static_cast<std::size_t>(std::countr_zero(rest)) + 1;
    start[++count] = line.size() + 1;
    return parsePlainFields(line, start);
}

bool RowParser::parsePlainFields(std::string_view line, const FieldStarts& start)
{
    auto field = [&](int k) { // the bounds are the line's own: no check needed
        const auto s = start[static_cast<std::size_t>(k)];
        return std::string_view(line.data() + s, start[static_cast<std::size_t>(k) + 1] - 1 - s);
    };
    const std::string_view user = field(m_format.userColumn);
    const std::string_view item = field(m_format.itemColumn);
    if (user.empty() || item.empty())
        return false;
    const bool wordsFit = plain::littleEndian && line.size() >= 8;
    auto offset = [&](std::string_view text) { return static_cast<std::size_t>(text.data() - line.data()); };
    // Canonical integer ids ("7", not "07") of up to 8 digits skip the collector's own reading.
    auto idWord = [&](std::string_view id) {
        const bool canonical = wordsFit && id.size() <= 8 && (id.size() == 1 || id[0] != '0');
        return canonical ? plain::digitWord(line, offset(id), id.size()) : 0;
    };
    const std::uint64_t userWord = idWord(user), itemWord = idWord(item);
    const plain::TwoValues ids = plain::twoValues(userWord ? userWord : plain::zeroDigits,
                                                  itemWord ? itemWord : plain::zeroDigits);
    float rating = 1.0f;
    if (m_format.ratingColumn >= 0) {
        const std::string_view text = field(m_format.ratingColumn);
        const auto digit = [](char c) { return static_cast<unsigned>(c - '0') < 10; };
        if (text.size() == 1 && digit(text[0])) {
            rating = static_cast<float>(text[0] - '0');
        } else if (text.size() == 3 && digit(text[0]) && text[1] == '.' && digit(text[2])) {
            rating = m_tenths[static_cast<std::size_t>((text[0] - '0') * 10 + (text[2] - '0'))];
        } else {
            auto [stop, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), rating);
            if (text.empty() || ec != std::errc() || stop != text.data() + text.size() || !std::isfinite(rating))
                return false;
        }
    }
    std::int64_t timestamp = 0;
    if (m_format.timestampColumn >= 0) {
        // Up to 18 digits cannot overflow; longer or signed ones are parseLine's (std::from_chars).
        const std::string_view text = field(m_format.timestampColumn);
        if (isoTimestamps) {
            const auto parsed = parseIsoTimestamp(text);
            if (!parsed)
                return false;
            timestamp = *parsed;
        } else if (text.empty() || text.size() > 18) {
            return false;
        } else if (wordsFit && text.size() <= 16) {
            const std::size_t n = text.size(), low = std::min<std::size_t>(n, 8);
            const plain::TwoValues parts = plain::twoValues(n > 8 ? plain::digitWord(line, offset(text), n - 8)
                                                                  : plain::zeroDigits,
                                                            plain::digitWord(line, offset(text) + n - low, low));
            if (!parts.firstIsDigits || !parts.secondIsDigits)
                return false;
            timestamp = std::int64_t(parts.first) * 100000000 + parts.second;
        } else {
            for (char digit : text) {
                if (digit < '0' || digit > '9')
                    return false;
                timestamp = timestamp * 10 + (digit - '0');
            }
        }
    }
    ++rowsRead;
    const std::uint32_t userId = userWord && ids.firstIsDigits ? users.addInteger(ids.first, user) : users.add(user);
    const std::uint32_t itemId = itemWord && ids.secondIsDigits ? items.addInteger(ids.second, item) : items.add(item);
    addRow(userId, itemId, rating, timestamp);
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
        return problem(lineNumber,
                       "expected " + std::to_string(m_format.fieldCount) + " fields, found "
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
            return problem(lineNumber, "rating '" + clippedField(text) + "' is not a number");
        if (!std::isfinite(rating))
            return problem(lineNumber, "rating '" + clippedField(text) + "' is not a finite number");
    }
    std::int64_t timestamp = 0;
    if (m_format.timestampColumn >= 0) {
        const std::string_view text = m_fields[static_cast<std::size_t>(m_format.timestampColumn)];
        // The column holds one form (the loader decides which); a row in another is named, not guessed.
        const auto parsed = isoTimestamps ? parseIsoTimestamp(text) : parseUnixTimestamp(text);
        if (!parsed && isoTimestamps)
            return problem(lineNumber,
                           "timestamp '" + clippedField(text) + "' is not an ISO 8601 date"
                               + (parseUnixTimestamp(text) ? ", as the rest of the column is" : ""));
        if (!parsed)
            return problem(lineNumber,
                           "timestamp '" + clippedField(text) + "' is not a whole number"
                               + (parseIsoTimestamp(text) ? " (Unix time), as the rest of the column is" : ""));
        timestamp = *parsed;
    }
    addRow(users.add(user), items.add(item), rating, timestamp);
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
