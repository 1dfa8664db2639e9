// SPDX-License-Identifier: MIT
#include "core/io/text_vectors.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
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

    // The common line, read where it lies: numbers between single delimiters and no quotes, into
    // `values` (the row's numbers) and `id`. False for anything else, which the general path then
    // reads or names.
    bool readPlainLine(std::string_view line, const Layout& layout, float* values, std::string* id)
    {
        const char* p = line.data();
        const char* end = p + line.size();
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            --end;
        const char* idStart = nullptr;
        const char* idEnd = nullptr;
        for (std::size_t c = 0; c < layout.width; ++c) {
            if (c > 0) {
                if (p == end || *p != layout.delimiter)
                    return false;
                ++p;
            }
            if (layout.idColumn == c) {
                idStart = p;
                while (p != end && *p != layout.delimiter && *p != '"')
                    ++p;
                idEnd = p;
                continue;
            }
            const auto [next, ec] = fast_float::from_chars(p, end, *values);
            if (ec != std::errc() || !std::isfinite(*values))
                return false;
            ++values;
            p = next;
        }
        if (p != end)
            return false;
        if (idStart)
            id->assign(idStart, static_cast<std::size_t>(idEnd - idStart));
        return true;
    }

    // One line of data into `values` and `id`, or the Issue that stops the reading.
    std::optional<Issue> readLine(const std::string& path, std::string_view text, long line, const Layout& layout,
                                  Fields& fields, float* values, std::string* id)
    {
        if (layout.delimiter != ' ' && readPlainLine(text, layout, values, id))
            return std::nullopt;
        const std::size_t dimension = layout.width - (layout.idColumn ? 1 : 0);
        fields.split(text, layout.delimiter);
        if (fields.views.size() != layout.width) {
            std::string message = "expected " + std::to_string(layout.width) + " fields, found "
                + std::to_string(fields.views.size());
            if (layout.announcedRows >= 0)
                message += " (line 1 announces " + std::to_string(dimension) + " numbers after each word)";
            return Issue { path, line, message };
        }
        for (std::size_t c = 0; c < layout.width; ++c) {
            if (layout.idColumn == c) {
                id->assign(fields.views[c]);
                continue;
            }
            if (!parseFloat(fields.views[c], *values++)) {
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
        }
        return std::nullopt;
    }

    // The data lines, text[from, …) with `from` on line `firstLine`, in runs on every core.
    std::optional<Issue> readRows(const std::string& path, std::string_view text, std::size_t from, long firstLine,
                                  const Layout& layout, VectorRows& rows)
    {
        const auto d = static_cast<std::size_t>(rows.dimension);
        auto readRun = [&](std::string_view run, RowSlots& slots) {
            Fields fields;
            forEachLine(run, slots.firstLine, [&](std::string_view line, long number) {
                if (isBlank(line))
                    return true;
                std::string* id = slots.ids ? slots.ids + slots.filled : nullptr;
                slots.problem = readLine(path, line, number, layout, fields, slots.values + slots.filled * d, id);
                if (slots.problem)
                    return false;
                slots.lines[slots.filled++] = number;
                return true;
            });
        };
        return readLineRuns(text, from, firstLine, layout.idColumn.has_value(), readRun, rows);
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
    // The lines up to the second one that is not blank, and where each starts: enough for the layout.
    std::vector<std::string_view> lines;
    std::vector<std::size_t> starts;
    std::size_t scanned = 0;
    for (std::size_t nonBlank = 0; scanned < text.size() && nonBlank < 2;) {
        const std::size_t newline = std::min(text.find('\n', scanned), text.size());
        std::string_view line = text.substr(scanned, newline - scanned);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        starts.push_back(scanned);
        nonBlank += isBlank(line) ? 0 : 1;
        scanned = newline + 1;
    }
    starts.push_back(std::min(scanned, text.size()));
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
    if (auto problem = readRows(path, text, starts[layout.firstRow], static_cast<long>(layout.firstRow + 1), layout,
                                rows))
        return problem;
    if (layout.announcedRows >= 0 && static_cast<long>(rows.rowCount()) != layout.announcedRows)
        return Issue { path, headLine,
                       "line 1 announces " + withThousands(static_cast<std::size_t>(layout.announcedRows))
                           + " vectors; the file holds " + withThousands(rows.rowCount()) };
    return std::nullopt;
}

} // namespace embex::core
