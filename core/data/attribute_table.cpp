// SPDX-License-Identifier: MIT
#include "core/data/attribute_table.h"

#include "core/data/field_splitter.h"
#include "core/data/text_sample.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace embex::core {
namespace {

    namespace fs = std::filesystem;

    constexpr std::size_t freeTextDistinct = 100;

    bool isIdName(std::string_view header)
    {
        const std::string n = normalizedName(header);
        return n == "id" || n == "userid" || n == "itemid" || n == "movieid" || n == "user" || n == "item" || n == "uid"
            || n == "iid" || n == "bookid";
    }

    std::string pickDelimiter(std::string_view line)
    {
        if (line.find("::") != std::string_view::npos)
            return "::";
        std::string best;
        std::ptrdiff_t most = 0;
        for (const char* candidate : { "\t", "|", ";", "," }) {
            const auto n = std::count(line.begin(), line.end(), candidate[0]);
            if (n > most) {
                most = n;
                best = candidate;
            }
        }
        return best;
    }

    /// Types a column from its raw values (one per row, in row order).
    AttributeColumn typeColumn(const std::string& name, const std::vector<std::string_view>& values,
                               bool barIsDelimiter, std::string& skipReason)
    {
        AttributeColumn column;
        column.name = name;
        const std::string normalized = normalizedName(name);
        const bool isCode = normalized.find("zip") != std::string::npos
            || normalized.find("postal") != std::string::npos;
        bool numeric = !isCode;
        bool multi = false;
        std::size_t filled = 0;
        for (std::string_view v : values) {
            if (v.empty())
                continue;
            ++filled;
            if (numeric && !attributeNumber(v))
                numeric = false;
            if (!barIsDelimiter && v.find('|') != std::string_view::npos)
                multi = true;
        }
        if (numeric && filled > 0) {
            double sum = 0, squares = 0;
            for (std::string_view v : values)
                if (auto x = attributeNumber(v)) {
                    sum += *x;
                    squares += *x * *x;
                }
            column.kind = AttributeColumn::Kind::Number;
            column.mean = sum / static_cast<double>(filled);
            const double variance = std::max(0.0, squares / static_cast<double>(filled) - column.mean * column.mean);
            column.std = variance > 1e-24 ? std::sqrt(variance) : 1.0;
            return column;
        }
        column.kind = multi ? AttributeColumn::Kind::MultiCategory : AttributeColumn::Kind::Category;
        std::set<std::string, std::less<>> distinct;
        for (std::string_view v : values) {
            if (multi) {
                for (std::string_view part : splitAttributeValues(v))
                    distinct.emplace(part);
            } else if (!v.empty()) {
                distinct.emplace(v);
            }
        }
        if (!multi && distinct.size() > freeTextDistinct && distinct.size() * 5 > values.size()) {
            skipReason = name + ": " + std::to_string(distinct.size()) + " distinct values in "
                + std::to_string(values.size()) + " rows, read as free text and skipped";
            return column;
        }
        column.categories.assign(distinct.begin(), distinct.end());
        return column;
    }

    class AttributeReader : TextTableReader {
    public:
        explicit AttributeReader(std::string path)
            : TextTableReader(std::move(path), m_outcome)
        {
            m_outcome.table.sourceFile = m_path;
        }

        AttributeOutcome read()
        {
            if (!readLines(Text::Utf8))
                return m_outcome;
            const std::string delimiter = pickDelimiter(m_lines.front().second);
            if (delimiter.empty())
                return failed(m_lines.front().first, "one column only: an attribute table needs an id and attributes");
            FieldSplitter splitter(delimiter);
            std::vector<std::vector<std::string>> split; // the first lines' fields, for the header check
            std::vector<std::string_view> fields;
            std::string error;
            for (std::size_t k = 0; k < std::min<std::size_t>(2, m_lines.size()); ++k) {
                if (!splitter.split(m_lines[k].second, fields, error))
                    return failed(m_lines[k].first, error);
                split.emplace_back(fields.begin(), fields.end());
            }
            const bool header = hasHeader(split);
            std::vector<std::string> names;
            if (header) {
                names = split.front();
            } else {
                names.resize(split.front().size());
                for (std::size_t c = 0; c < names.size(); ++c)
                    names[c] = "column " + std::to_string(c + 1);
                if (names.size() == 5 && delimiter == "|")
                    names = { "id", "age", "gender", "occupation", "zip" }; // ml-100k u.user
                else if (names.size() == 5 && delimiter == "::")
                    names = { "id", "gender", "age", "occupation", "zip" }; // ml-1m users.dat
            }
            if (names.size() < 2)
                return failed(m_lines.front().first, "one column only: an attribute table needs an id and attributes");

            std::vector<std::string> ids;
            std::vector<std::vector<std::string>> values;
            std::unordered_map<std::string, long> firstLine;
            for (std::size_t k = header ? 1 : 0; k < m_lines.size(); ++k) {
                const auto& [lineNumber, text] = m_lines[k];
                if (!splitter.split(text, fields, error)) {
                    skip(lineNumber, error);
                    continue;
                }
                if (fields.size() != names.size()) {
                    skip(lineNumber,
                         "expected " + std::to_string(names.size()) + " fields, found "
                             + std::to_string(fields.size()));
                    continue;
                }
                const std::string id(fields.front());
                if (id.empty()) {
                    skip(lineNumber, "the id is empty");
                    continue;
                }
                if (auto [it, inserted] = firstLine.emplace(id, lineNumber); !inserted) {
                    skip(lineNumber,
                         "id '" + id + "' appears again (first on line " + std::to_string(it->second) + ")");
                    continue;
                }
                ids.push_back(id);
                values.emplace_back(fields.begin() + 1, fields.end());
            }
            if (ids.empty()) {
                failAsEmpty("rows");
                return m_outcome;
            }

            std::unordered_map<std::string, std::vector<std::string>> rows;
            for (std::size_t r = 0; r < ids.size(); ++r)
                rows.emplace(std::move(ids[r]), std::move(values[r]));
            m_outcome.table = attributeTableFromRows(m_path, std::vector<std::string>(names.begin() + 1, names.end()),
                                                     std::move(rows), delimiter == "|");
            if (m_outcome.table.encoding.columns.empty())
                return failed(0, "no attribute column is usable: " + m_outcome.table.skippedColumns.front());
            return m_outcome;
        }

    private:
        AttributeOutcome m_outcome;

        AttributeOutcome failed(long line, std::string message)
        {
            fail(line, std::move(message));
            return m_outcome;
        }
        // A header names the id column, or has text where the next line has numbers.
        static bool hasHeader(const std::vector<std::vector<std::string>>& first)
        {
            if (first.front().empty())
                return false;
            if (isIdName(first.front().front()))
                return true;
            if (first.size() < 2)
                return false;
            for (std::size_t c = 0; c < std::min(first[0].size(), first[1].size()); ++c)
                if (!attributeNumber(first[0][c]) && attributeNumber(first[1][c]))
                    return true;
            return false;
        }
    };

} // namespace

RowMatrixXf AttributeTable::encode(const IdMap& ids) const
{
    const auto features = static_cast<Index>(encoding.featureCount());
    RowMatrixXf out = RowMatrixXf::Zero(static_cast<Index>(ids.size()), features);
    for (std::uint32_t k = 0; k < ids.size(); ++k)
        if (auto it = rows.find(ids.rawId(k)); it != rows.end())
            encoding.encode(it->second, std::span<float>(out.row(k).data(), static_cast<std::size_t>(features)));
    return out;
}

std::size_t AttributeTable::matchedCount(const IdMap& ids) const
{
    std::size_t n = 0;
    for (const std::string& id : ids.rawIds())
        n += rows.count(id);
    return n;
}

AttributeTable attributeTableFromRows(std::string sourceFile, const std::vector<std::string>& names,
                                      std::unordered_map<std::string, std::vector<std::string>> rows,
                                      bool barIsDelimiter)
{
    AttributeTable table;
    table.sourceFile = std::move(sourceFile);
    std::vector<bool> kept;
    for (std::size_t c = 0; c < names.size(); ++c) {
        std::vector<std::string_view> column;
        column.reserve(rows.size());
        for (const auto& [id, row] : rows)
            column.push_back(c < row.size() ? std::string_view(row[c]) : std::string_view());
        std::string skipReason;
        AttributeColumn typed = typeColumn(names[c], column, barIsDelimiter, skipReason);
        kept.push_back(skipReason.empty());
        if (skipReason.empty())
            table.encoding.columns.push_back(std::move(typed));
        else
            table.skippedColumns.push_back(std::move(skipReason));
    }
    for (auto& [id, row] : rows) {
        std::vector<std::string> keptValues;
        for (std::size_t c = 0; c < kept.size(); ++c)
            if (kept[c])
                keptValues.push_back(c < row.size() ? std::move(row[c]) : std::string());
        row = std::move(keptValues);
    }
    table.rows = std::move(rows);
    return table;
}

AttributeOutcome loadAttributes(const std::string& path)
{
    return AttributeReader(path).read();
}

AttributeTable itemAttributesFromMetadata(const ItemMetadata& metadata)
{
    AttributeTable table;
    if (metadata.empty())
        return table;
    table.sourceFile = metadata.sourceFile;
    std::vector<std::string_view> genres, years;
    for (const auto& [id, info] : metadata.items) {
        std::string year;
        const std::string& t = info.title;
        // "Toy Story (1995)", also "Toy Story (1995) " as some MovieLens titles end
        const std::size_t close = t.find_last_of(')');
        if (close != std::string::npos && close >= 5 && t[close - 5] == '(') {
            const std::string digits = t.substr(close - 4, 4);
            if (std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
                year = digits;
        }
        table.rows.emplace(id, std::vector<std::string> { metadata.genresText(id), year });
    }
    for (const auto& [id, row] : table.rows) {
        genres.push_back(row[0]);
        years.push_back(row[1]);
    }
    std::string unused;
    AttributeColumn genre = typeColumn("genres", genres, false, unused);
    genre.kind = AttributeColumn::Kind::MultiCategory; // even when every item has a single genre
    genre.categories.clear();
    std::set<std::string, std::less<>> distinct;
    for (std::string_view g : genres)
        for (std::string_view part : splitAttributeValues(g))
            distinct.emplace(part);
    genre.categories.assign(distinct.begin(), distinct.end());
    table.encoding.columns.push_back(std::move(genre));
    AttributeColumn year = typeColumn("year", years, false, unused);
    if (year.kind == AttributeColumn::Kind::Number)
        table.encoding.columns.push_back(std::move(year));
    else
        for (auto& [id, row] : table.rows)
            row.pop_back();
    return table;
}

std::string attributeSummary(const AttributeTable& table, const IdMap& ids, const char* what)
{
    std::string text = std::to_string(table.matchedCount(ids)) + " of " + std::to_string(ids.size()) + ' ' + what
        + "s listed: " + table.encoding.describe();
    for (const std::string& skipped : table.skippedColumns)
        text += "; " + skipped;
    return text;
}

std::optional<Issue> attachUserAttributesBeside(Dataset& dataset)
{
    const std::optional<std::string> path = findUserAttributesBeside(dataset.sourceFile);
    if (!path)
        return std::nullopt;
    AttributeOutcome outcome = loadAttributes(*path);
    if (!outcome.ok())
        return outcome.error;
    Issue note { *path, 0, "user attributes, " + attributeSummary(outcome.table, dataset.users, "user") };
    if (outcome.rowsSkipped > 0)
        note.message += "; " + std::to_string(outcome.rowsSkipped)
            + " rows skipped, first: " + outcome.problems.front().toString();
    dataset.userAttributes = std::make_shared<AttributeTable>(std::move(outcome.table));
    return note;
}

std::optional<std::string> findUserAttributesBeside(const std::string& ratingsPath)
{
    return findFileBeside(ratingsPath,
                          { fs::path(ratingsPath).stem().string() + ".users.csv", "u.user", "users.dat", "users.csv" });
}

} // namespace embex::core
