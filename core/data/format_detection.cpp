// SPDX-License-Identifier: MIT
// Delimiter, header and column-role detection from the first lines of a ratings file.
#include "core/data/field_splitter.h"
#include "core/data/ratings_loader.h"
#include "core/data/text_sample.h"
#include "core/data/timestamp.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

#include <fast_float/fast_float.h>

namespace embex::core {
namespace {

    constexpr std::size_t sampleLineCount = 200;

    bool isNumber(std::string_view s)
    {
        if (s.empty())
            return false;
        double v = 0;
        auto [end, ec] = fast_float::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc() && end == s.data() + s.size();
    }

    bool isInteger(std::string_view s)
    {
        long long v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return !s.empty() && ec == std::errc() && end == s.data() + s.size();
    }

    // Unix seconds or milliseconds, or an ISO 8601 date: the loader settles which for the column.
    bool isTimestamp(std::string_view s)
    {
        return isInteger(s) || parseIsoTimestamp(s).has_value();
    }

    bool anyIsTimestamp(const std::vector<std::vector<std::string>>& rows, std::size_t fieldCount, std::size_t firstRow,
                        int column)
    {
        for (std::size_t r = firstRow; r < rows.size(); ++r)
            if (rows[r].size() == fieldCount && isTimestamp(rows[r][static_cast<std::size_t>(column)]))
                return true;
        return false;
    }

    enum class Role { None, User, Item, Rating, Timestamp };

    Role roleOfHeader(std::string_view header)
    {
        static const std::map<std::string, Role> names = {
            { "user", Role::User },          { "userid", Role::User },        { "uid", Role::User },
            { "customer", Role::User },      { "customerid", Role::User },    { "visitorid", Role::User },
            { "reviewerid", Role::User },    { "member", Role::User },        { "memberid", Role::User },
            { "account", Role::User },       { "item", Role::Item },          { "itemid", Role::Item },
            { "iid", Role::Item },           { "movie", Role::Item },         { "movieid", Role::Item },
            { "book", Role::Item },          { "bookid", Role::Item },        { "isbn", Role::Item },
            { "product", Role::Item },       { "productid", Role::Item },     { "asin", Role::Item },
            { "song", Role::Item },          { "songid", Role::Item },        { "track", Role::Item },
            { "trackid", Role::Item },       { "artist", Role::Item },        { "artistid", Role::Item },
            { "anime", Role::Item },         { "animeid", Role::Item },       { "game", Role::Item },
            { "gameid", Role::Item },        { "recipe", Role::Item },        { "recipeid", Role::Item },
            { "sku", Role::Item },           { "rating", Role::Rating },      { "ratings", Role::Rating },
            { "score", Role::Rating },       { "stars", Role::Rating },       { "bookrating", Role::Rating },
            { "value", Role::Rating },       { "weight", Role::Rating },      { "playcount", Role::Rating },
            { "plays", Role::Rating },       { "count", Role::Rating },       { "timestamp", Role::Timestamp },
            { "time", Role::Timestamp },     { "ts", Role::Timestamp },       { "date", Role::Timestamp },
            { "datetime", Role::Timestamp }, { "unixtime", Role::Timestamp },
        };
        auto it = names.find(normalizedName(header));
        return it == names.end() ? Role::None : it->second;
    }

    struct Candidate {
        const char* delimiter;
        const char* label;
    };
    // Priority when two delimiters split the sample equally well.
    constexpr std::array<Candidate, 6> candidates {
        { { "::", "::" }, { "\t", "tab" }, { ",", "," }, { ";", ";" }, { "|", "|" }, { " ", "whitespace" } }
    };

    struct SplitSample {
        std::vector<std::vector<std::string>> rows;
        int modalCount = 0;
        double consistency = 0; // share of lines with the modal field count
    };

    SplitSample splitSample(const std::vector<std::string_view>& lines, const std::string& delimiter)
    {
        SplitSample sample;
        FieldSplitter splitter(delimiter);
        std::vector<std::string_view> fields;
        std::string error;
        std::map<int, int> counts;
        for (std::string_view line : lines) {
            if (!splitter.split(line, fields, error))
                fields.clear();
            sample.rows.emplace_back(fields.begin(), fields.end());
            ++counts[static_cast<int>(fields.size())];
        }
        int modalLines = 0;
        for (auto [count, lineCount] : counts)
            if (lineCount > modalLines || (lineCount == modalLines && count > sample.modalCount)) {
                sample.modalCount = count;
                modalLines = lineCount;
            }
        sample.consistency = lines.empty()
            ? 0
            : static_cast<double>(counts[sample.modalCount]) / static_cast<double>(lines.size());
        return sample;
    }

    // Whether every well-formed row (of `fieldCount` fields) from `firstRow` on has `predicate` true
    // in `column`, and there is at least one.
    bool columnIs(const std::vector<std::vector<std::string>>& rows, std::size_t fieldCount, std::size_t firstRow,
                  int column, bool (*predicate)(std::string_view))
    {
        bool any = false;
        for (std::size_t r = firstRow; r < rows.size(); ++r) {
            if (rows[r].size() != fieldCount)
                continue; // a malformed row says nothing about what a column holds
            if (!predicate(rows[r][static_cast<std::size_t>(column)]))
                return false;
            any = true;
        }
        return any;
    }

    // The first line names at least two columns (userId, movieId, rating…) in as many fields as
    // most lines have, and at least three quarters of the lines after it have that many too.
    bool explainsHeaderAndMostRows(const SplitSample& s)
    {
        if (s.modalCount < 2 || s.rows.size() < 2 || static_cast<int>(s.rows[0].size()) != s.modalCount)
            return false;
        int named = 0;
        for (const std::string& field : s.rows[0])
            named += roleOfHeader(field) != Role::None ? 1 : 0;
        const auto wellFormed = std::count_if(s.rows.begin() + 1, s.rows.end(), [&](const auto& row) {
            return static_cast<int>(row.size()) == s.modalCount;
        });
        return named >= 2 && 4 * wellFormed >= 3 * static_cast<long>(s.rows.size() - 1);
    }

} // namespace

FormatDetection detectFormatFromText(std::string_view text, const std::string& fileName, std::size_t previewRowCount)
{
    return detectFormatFromPrefix(text, true, fileName, previewRowCount);
}

FormatDetection detectFormatFromPrefix(std::string_view text, bool complete, const std::string& fileName,
                                       std::size_t previewRowCount)
{
    FormatDetection detection;
    auto fail = [&](long line, std::string message) {
        detection.error = Issue { fileName, line, std::move(message) };
        return detection;
    };
    TextSample sample = TextSample::fromPrefix(text, sampleLineCount, complete);
    if (!sample.error.empty())
        return fail(0, sample.error);
    if (sample.lines.empty())
        return fail(0, "the file is empty");

    // Pick the delimiter that splits the sample most consistently into the most fields.
    const SplitSample* best = nullptr;
    std::vector<SplitSample> splits;
    splits.reserve(candidates.size());
    std::size_t bestIndex = 0;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        splits.push_back(splitSample(sample.lines, candidates[c].delimiter));
        const SplitSample& s = splits.back();
        const bool consistent = s.modalCount >= 2 && s.consistency >= 0.9;
        if (consistent && (!best || s.modalCount > best->modalCount)) {
            best = &splits.back();
            bestIndex = c;
        }
    }
    // A small file with many malformed rows is not consistent enough above, yet a header of
    // column names shows the delimiter: take it when one delimiter explains the header and most
    // rows (or several do, agreeing on which rows are well formed, as ", " does for comma and
    // whitespace); the loader then skips and lists the others with their line numbers.
    if (!best) {
        std::vector<bool> firstWellFormed;
        bool ambiguous = false;
        for (std::size_t c = 0; c < candidates.size() && !ambiguous; ++c) {
            if (!explainsHeaderAndMostRows(splits[c]))
                continue;
            std::vector<bool> wellFormed;
            for (const auto& row : splits[c].rows)
                wellFormed.push_back(static_cast<int>(row.size()) == splits[c].modalCount);
            if (!best) {
                best = &splits[c];
                bestIndex = c;
                firstWellFormed = std::move(wellFormed);
            } else {
                ambiguous = wellFormed != firstWellFormed;
            }
        }
        if (ambiguous)
            best = nullptr;
    }
    if (!best) {
        if (sample.lines.size() == 1)
            return fail(1, "only one line, with no delimiter (, tab ; | :: or spaces) separating a user and an item");
        return fail(0, "no delimiter (, tab ; | :: or spaces) splits the lines into the same number of fields");
    }

    FileFormat format;
    format.delimiter = candidates[bestIndex].delimiter;
    format.fieldCount = best->modalCount;
    const auto& rows = best->rows;
    const auto fieldCount = static_cast<std::size_t>(format.fieldCount);

    // Header: a known column name, or a first row that is text where the rest is numbers.
    std::vector<Role> headerRoles(static_cast<std::size_t>(format.fieldCount), Role::None);
    bool header = false;
    if (static_cast<int>(rows[0].size()) == format.fieldCount) {
        for (int c = 0; c < format.fieldCount; ++c) {
            headerRoles[static_cast<std::size_t>(c)] = roleOfHeader(rows[0][static_cast<std::size_t>(c)]);
            if (headerRoles[static_cast<std::size_t>(c)] != Role::None)
                header = true;
            else if (rows.size() > 1 && !isNumber(rows[0][static_cast<std::size_t>(c)])
                     && columnIs(rows, fieldCount, 1, c, isNumber))
                header = true;
        }
    }
    format.hasHeader = header;
    if (header)
        format.headerNames = rows[0];
    const std::size_t firstData = header ? 1 : 0;

    // Roles: by header name first, then by position.
    format.userColumn = format.itemColumn = format.ratingColumn = format.timestampColumn = -1;
    if (header)
        for (int c = 0; c < format.fieldCount; ++c) {
            int* slot = nullptr;
            switch (headerRoles[static_cast<std::size_t>(c)]) {
            case Role::User: slot = &format.userColumn; break;
            case Role::Item: slot = &format.itemColumn; break;
            case Role::Rating: slot = &format.ratingColumn; break;
            case Role::Timestamp: slot = &format.timestampColumn; break;
            case Role::None: break;
            }
            if (slot && *slot < 0)
                *slot = c;
        }
    auto taken = [&](int c) {
        return c == format.userColumn || c == format.itemColumn || c == format.ratingColumn
            || c == format.timestampColumn;
    };
    auto firstFree = [&]() {
        for (int c = 0; c < format.fieldCount; ++c)
            if (!taken(c))
                return c;
        return -1;
    };
    if (format.userColumn < 0)
        format.userColumn = firstFree();
    if (format.itemColumn < 0)
        format.itemColumn = firstFree();
    const bool namedRating = format.ratingColumn >= 0;
    if (!namedRating) {
        const int c = firstFree();
        // A third column of large integers is a timestamp of implicit data, not a rating.
        auto looksLikeTime = [](std::string_view s) { return isInteger(s) && s.size() >= 9; };
        if (c >= 0 && columnIs(rows, fieldCount, firstData, c, isNumber)
            && !columnIs(rows, fieldCount, firstData, c, looksLikeTime))
            format.ratingColumn = c;
    }
    if (format.timestampColumn < 0) {
        const int c = firstFree();
        if (c >= 0 && (!header || headerRoles[static_cast<std::size_t>(c)] == Role::None)
            && columnIs(rows, fieldCount, firstData, c, isTimestamp))
            format.timestampColumn = c;
    } else if (!anyIsTimestamp(rows, fieldCount, firstData, format.timestampColumn)) {
        // A named column with times in some rows is read, and its other rows reported by line.
        format.timestampColumn = -1;
    }
    if (format.userColumn < 0 || format.itemColumn < 0)
        return fail(0, "needs at least a user and an item column");

    detection.format = format;
    for (std::size_t r = 0; r < rows.size() && detection.previewRows.size() < previewRowCount + firstData; ++r)
        detection.previewRows.push_back(rows[r]);
    return detection;
}

FormatDetection detectFormat(const std::string& path, std::size_t previewRowCount)
{
    std::string prefix;
    bool complete = false;
    if (std::string error = readFilePrefix(path, prefix, complete); !error.empty()) {
        FormatDetection detection;
        detection.error = Issue { path, 0, error };
        return detection;
    }
    return detectFormatFromPrefix(prefix, complete, path, previewRowCount);
}

} // namespace embex::core
