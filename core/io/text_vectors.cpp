// SPDX-License-Identifier: MIT
#include "core/io/text_vectors.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <fast_float/fast_float.h>
#include <iterator>
#include <variant>

namespace embex::core {
namespace {

    // One line's fields as views into the line; quoted CSV fields with "" keep their unescaped
    // text in `unescaped`. ' ' splits on runs of spaces and tabs.
    struct Fields {
        std::vector<std::string_view> views;
        std::deque<std::string> unescaped;

        void split(std::string_view line, char delimiter)
        {
            views.clear();
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
                line.remove_suffix(1); // a trailing tab or space on every line is not a column
            if (delimiter == ' ') {
                std::size_t pos = 0;
                while ((pos = line.find_first_not_of(" \t", pos)) != std::string_view::npos) {
                    const std::size_t end = std::min(line.find_first_of(" \t", pos), line.size());
                    views.push_back(line.substr(pos, end - pos));
                    pos = end;
                }
                return;
            }
            std::size_t pos = 0;
            while (true) {
                if (pos < line.size() && line[pos] == '"') {
                    std::string cell;
                    std::size_t i = pos + 1;
                    for (; i < line.size(); ++i) {
                        if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"')
                            cell += line[++i];
                        else if (line[i] == '"')
                            break;
                        else
                            cell += line[i];
                    }
                    unescaped.push_back(std::move(cell));
                    views.push_back(unescaped.back());
                    pos = std::min(line.find(delimiter, i), line.size());
                } else {
                    const std::size_t end = std::min(line.find(delimiter, pos), line.size());
                    views.push_back(line.substr(pos, end - pos));
                    pos = end;
                }
                if (pos >= line.size())
                    return;
                ++pos; // past the delimiter: a field follows, even an empty last one
                if (pos == line.size()) {
                    views.push_back({});
                    return;
                }
            }
        }
    };

    char delimiterOf(std::string_view line)
    {
        for (char c : { '\t', ',', ';' })
            if (line.find(c) != std::string_view::npos)
                return c;
        return ' ';
    }

    bool isNumeric(std::string_view field)
    {
        float ignored = 0;
        return parseNumber(field, ignored);
    }

    bool isCount(std::string_view field)
    {
        return !field.empty() && field.size() < 12
            && std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; });
    }

    // "0 1 2 … 31" (or from 1), after at most one leading cell: pandas' to_csv header of an
    // unnamed matrix, with its index's empty name in front when the index was written.
    std::optional<std::size_t> numberHeaderStart(const std::vector<std::string_view>& head)
    {
        for (std::size_t start = 0; start <= 1 && start + 2 <= head.size(); ++start)
            for (int base = 0; base <= 1; ++base) {
                bool sequence = true;
                for (std::size_t c = start; c < head.size() && sequence; ++c)
                    sequence = head[c] == std::to_string(c - start + static_cast<std::size_t>(base));
                if (sequence && (start == 0 || !isNumeric(head[0])))
                    return start;
            }
        return std::nullopt;
    }

    // The layout found from the first lines, then applied to every row.
    struct Layout {
        char delimiter = ' ';
        std::size_t firstRow = 0; // index into the lines of the first data line
        std::size_t width = 0;    // fields a row has
        std::optional<std::size_t> idColumn;
        std::vector<std::string> columnNames; // the header's, when there is one
        long announcedRows = -1;              // a word2vec count line's N
    };

    std::string columnName(const Layout& layout, std::size_t c)
    {
        std::string name = "column " + std::to_string(c + 1);
        if (c < layout.columnNames.size() && !layout.columnNames[c].empty())
            name += " ('" + layout.columnNames[c] + "')";
        return name;
    }

    // The common line, read where it lies: numbers between single delimiters and no quotes.
    // False (and `rows` as it was) for anything else, which the general path then reads or names.
    bool readPlainLine(std::string_view line, const Layout& layout, VectorRows& rows)
    {
        const char* p = line.data();
        const char* end = p + line.size();
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            --end;
        const std::size_t before = rows.values.size();
        const char* idStart = nullptr;
        const char* idEnd = nullptr;
        for (std::size_t c = 0; c < layout.width; ++c) {
            if (c > 0) {
                if (p == end || *p != layout.delimiter)
                    break;
                ++p;
            }
            if (layout.idColumn == c) {
                idStart = p;
                while (p != end && *p != layout.delimiter && *p != '"')
                    ++p;
                idEnd = p;
                continue;
            }
            float v = 0;
            const auto [next, ec] = fast_float::from_chars(p, end, v);
            if (ec != std::errc() || !std::isfinite(v))
                break;
            rows.values.push_back(v);
            p = next;
            if (c + 1 == layout.width && p == end) {
                if (idStart)
                    rows.ids.emplace_back(idStart, static_cast<std::size_t>(idEnd - idStart));
                return true;
            }
        }
        rows.values.resize(before);
        return false;
    }

    // Rows [from, to) of the lines into `rows`; the first problem stops the range.
    std::optional<Issue> readRange(const std::string& path, const std::vector<std::string_view>& lines,
                                   std::size_t from, std::size_t to, const Layout& layout, VectorRows& rows)
    {
        Fields fields;
        const std::size_t dimension = layout.width - (layout.idColumn ? 1 : 0);
        for (std::size_t l = from; l < to; ++l) {
            if (isBlank(lines[l]))
                continue;
            const auto line = static_cast<long>(l + 1);
            if (layout.delimiter != ' ' && readPlainLine(lines[l], layout, rows)) {
                rows.lines.push_back(line);
                continue;
            }
            fields.split(lines[l], layout.delimiter);
            if (fields.views.size() != layout.width) {
                std::string message = "expected " + std::to_string(layout.width) + " fields, found "
                    + std::to_string(fields.views.size());
                if (layout.announcedRows >= 0)
                    message += " (line 1 announces " + std::to_string(dimension) + " numbers after each word)";
                return Issue { path, line, message };
            }
            for (std::size_t c = 0; c < layout.width; ++c) {
                if (layout.idColumn == c) {
                    rows.ids.emplace_back(fields.views[c]);
                    rows.lines.push_back(line);
                    continue;
                }
                float v = 0;
                if (!parseFloat(fields.views[c], v)) {
                    // appended piece by piece: GCC 12 misreads a chain of operator+ here (-Wrestrict)
                    std::string message = "'";
                    message += fields.views[c];
                    message += "' in ";
                    message += columnName(layout, c);
                    message += " is not a finite number";
                    if (!isNumeric(fields.views[c]) && !layout.idColumn)
                        message += "; if this column holds the ids, name it with --id-column " + std::to_string(c + 1);
                    return Issue { path, line, message };
                }
                rows.values.push_back(v);
            }
            if (!layout.idColumn)
                rows.lines.push_back(line);
        }
        return std::nullopt;
    }

    // Chunks of lines parsed on every core, joined in file order; the problem reported is the
    // one a reading from the top meets first.
    std::optional<Issue> readRows(const std::string& path, const std::vector<std::string_view>& lines,
                                  const Layout& layout, VectorRows& rows)
    {
        const std::size_t count = lines.size() - layout.firstRow;
        const long chunkCount = static_cast<long>(std::clamp<std::size_t>(count / 4096, 1, 256));
        struct Chunk {
            VectorRows rows;
            std::optional<Issue> problem;
        };
        std::vector<Chunk> chunks(static_cast<std::size_t>(chunkCount));
#pragma omp parallel for schedule(dynamic, 1)
        for (long c = 0; c < chunkCount; ++c) {
            const std::size_t from = layout.firstRow
                + count * static_cast<std::size_t>(c) / static_cast<std::size_t>(chunkCount);
            const std::size_t to = layout.firstRow
                + count * static_cast<std::size_t>(c + 1) / static_cast<std::size_t>(chunkCount);
            Chunk& chunk = chunks[static_cast<std::size_t>(c)];
            chunk.rows.values.reserve((to - from) * layout.width);
            chunk.problem = readRange(path, lines, from, to, layout, chunk.rows);
        }
        std::size_t values = 0;
        for (const Chunk& chunk : chunks)
            values += chunk.rows.values.size();
        rows.values.reserve(values);
        for (Chunk& chunk : chunks) {
            appendRows(rows, chunk.rows);
            if (chunk.problem)
                return chunk.problem;
        }
        return std::nullopt;
    }

    // The id column the user named, or an Issue.
    std::variant<std::size_t, Issue> chosenColumn(const std::string& path, const std::string& wanted,
                                                  const Layout& layout)
    {
        if (isCount(wanted)) {
            const std::size_t c = std::stoul(wanted);
            if (c >= 1 && c <= layout.width)
                return c - 1;
            return Issue { path, static_cast<long>(layout.firstRow),
                           "--id-column " + wanted + ": the rows have " + std::to_string(layout.width) + " columns" };
        }
        for (std::size_t c = 0; c < layout.columnNames.size(); ++c)
            if (layout.columnNames[c] == wanted || loweredName(layout.columnNames[c]) == loweredName(wanted))
                return c;
        std::string names;
        for (const std::string& n : layout.columnNames)
            names += (names.empty() ? "" : ", ") + n;
        return Issue { path, layout.columnNames.empty() ? 0 : 1,
                       layout.columnNames.empty()
                           ? "--id-column " + wanted + ": the file has no header to name columns; give its number"
                           : "--id-column " + wanted + ": no column has that name (" + names + ")" };
    }

} // namespace

std::optional<Issue> readTextVectors(const std::string& path, std::string_view text, const TextVectorOptions& options,
                                     VectorRows& rows, std::string& format)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    const std::vector<std::string_view> lines = splitLines(text);
    Layout layout;
    while (layout.firstRow < lines.size() && isBlank(lines[layout.firstRow]))
        ++layout.firstRow;
    if (layout.firstRow == lines.size())
        return Issue { path, 0, "the file has no rows" };
    layout.delimiter = delimiterOf(lines[layout.firstRow]);
    Fields head;
    head.split(lines[layout.firstRow], layout.delimiter);
    const auto headLine = static_cast<long>(layout.firstRow + 1);
    std::size_t next = layout.firstRow + 1;
    while (next < lines.size() && isBlank(lines[next]))
        ++next;
    Fields second;
    if (next < lines.size())
        second.split(lines[next], layout.delimiter);
    format = layout.delimiter == '\t' ? "TSV"
        : layout.delimiter == ','     ? "CSV"
        : layout.delimiter == ';'     ? "';'-separated text"
                                      : "space-separated text";

    const bool countLine = layout.delimiter == ' ' && head.views.size() == 2 && isCount(head.views[0])
        && isCount(head.views[1]) && second.views.size() > 2;
    if (countLine) { // word2vec's and fastText's text form: the word is the id, by the format
        format = "word2vec text";
        layout.announcedRows = std::stol(std::string(head.views[0]));
        const auto announcedDimension = std::stoul(std::string(head.views[1]));
        if (announcedDimension < 1)
            return Issue { path, headLine, "line 1 announces vectors of 0 dimensions" };
        layout.firstRow = next;
        layout.width = announcedDimension + 1;
        layout.idColumn = 0;
        rows.idSource = "the words";
    } else {
        std::size_t textFields = 0;
        for (std::string_view f : head.views)
            textFields += isNumeric(f) ? 0 : 1;
        // a header of column numbers sits over rows of real numbers; over whole numbers it may be data
        const bool realsBelow = std::any_of(second.views.begin(), second.views.end(), [](std::string_view f) {
            return f.find_first_of(".eE") != std::string_view::npos && isNumeric(f);
        });
        const auto numbers = realsBelow ? numberHeaderStart(head.views) : std::nullopt;
        const bool wordFirst = textFields == 1 && !isNumeric(head.views[0]) && head.views.size() >= 2;
        const bool hasHeader = numbers.has_value() || (textFields >= 2) || (textFields == 1 && head.views.size() == 1);
        layout.width = head.views.size();
        if (hasHeader) {
            for (std::string_view f : head.views)
                layout.columnNames.emplace_back(f);
            layout.firstRow = next;
            if (numbers) {
                std::string first(head.views[*numbers]), last(head.views.back());
                rows.notes.push_back("line " + std::to_string(headLine) + " (" + first + ", …, " + last
                                     + ") read as a header of column numbers");
            }
            if (numbers == 1 && head.views[0].empty() && options.idColumn.empty() && !options.idsElsewhere) {
                layout.idColumn = 0; // pandas writes its index first, under an empty name
                rows.idSource = "column 1, which has no name (a pandas index)";
            }
            for (std::size_t c = 0;
                 c < layout.width && !layout.idColumn && options.idColumn.empty() && !options.idsElsewhere; ++c)
                if (namesAnIdColumn(layout.columnNames[c])) {
                    layout.idColumn = c;
                    rows.idSource = "column " + std::to_string(c + 1) + " ('" + layout.columnNames[c] + "')";
                }
        } else if (wordFirst && !options.idsElsewhere && options.idColumn.empty()) {
            // a word in front of numbers, with no count line: GloVe's form (and a headerless
            // table of ids): words cannot be dimensions, so they are the ids
            if (layout.delimiter == ' ')
                format = "GloVe text";
            layout.idColumn = 0;
            rows.idSource = "column 1, which holds words";
        }
    }
    if (!options.idColumn.empty()) {
        if (options.idsElsewhere)
            return Issue { path, 0, "--id-column and an ids file both give the ids: use one" };
        auto chosen = chosenColumn(path, options.idColumn, layout);
        if (auto* issue = std::get_if<Issue>(&chosen))
            return *issue;
        layout.idColumn = std::get<std::size_t>(chosen);
        rows.idSource = columnName(layout, *layout.idColumn) + ", as asked";
    }
    rows.dimension = static_cast<Index>(layout.width - (layout.idColumn ? 1 : 0));
    if (rows.dimension < 1)
        return Issue { path, headLine, "a row needs at least one number besides the id" };
    if (layout.idColumn)
        rows.idFile = path;
    if (auto problem = readRows(path, lines, layout, rows))
        return problem;
    if (layout.announcedRows >= 0 && static_cast<long>(rows.rowCount()) != layout.announcedRows)
        return Issue { path, headLine,
                       "line 1 announces " + withThousands(static_cast<std::size_t>(layout.announcedRows))
                           + " vectors; the file holds " + withThousands(rows.rowCount()) };
    return std::nullopt;
}

} // namespace embex::core
