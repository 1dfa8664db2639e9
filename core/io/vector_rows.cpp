// SPDX-License-Identifier: MIT
#include "core/io/vector_rows.h"

#include "core/data/file_blocks.h"
#include "core/data/huge_pages.h"
#include "core/io/import_progress.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fast_float/fast_float.h>
#include <iterator>

namespace embex::core {

std::vector<std::size_t> lineRuns(std::string_view text, std::size_t from, std::size_t parts)
{
    std::vector<std::size_t> starts { std::min(from, text.size()) };
    const std::size_t size = text.size() - starts.front();
    for (std::size_t k = 1; k < parts; ++k) {
        const std::size_t share = std::max(starts.back(), starts.front() + size * k / parts);
        if (share == 0 || share >= text.size())
            break;
        // the run ends after the first '\n' at or beyond its share: a line is never split
        const auto* newline = static_cast<const char*>(
            std::memchr(text.data() + share - 1, '\n', text.size() - share + 1));
        if (!newline || newline + 1 == text.data() + text.size())
            break;
        const auto cut = static_cast<std::size_t>(newline + 1 - text.data());
        if (cut > starts.back())
            starts.push_back(cut);
    }
    starts.push_back(text.size());
    return starts;
}

std::optional<Issue> readLineRuns(std::string_view text, std::size_t from, long firstLine, bool withIds,
                                  const LineRunReader& readRun, VectorRows& rows)
{
    // Runs of about a megabyte stay in the cache between the line count and the parse, and are
    // many enough for dynamic scheduling to even out the threads.
    constexpr std::size_t runBytes = std::size_t { 1 } << 20;
    const std::size_t bytes = text.size() - std::min(from, text.size());
    const std::vector<std::size_t> starts = lineRuns(text, from, std::clamp<std::size_t>(bytes / runBytes, 1, 4096));
    const auto runCount = static_cast<long>(starts.size() - 1);
    std::vector<RowSlots> slots(starts.size() - 1);
    auto run = [&](long k) {
        const auto at = static_cast<std::size_t>(k);
        return text.substr(starts[at], starts[at + 1] - starts[at]);
    };
    // The first touch of a freshly mapped page is what costs here: done on every thread.
#pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < runCount; ++k) {
        const std::string_view lines = run(k);
        slots[static_cast<std::size_t>(k)].room = countNewlines(lines)
            + (!lines.empty() && lines.back() != '\n' ? 1 : 0);
    }

    const auto d = static_cast<std::size_t>(rows.dimension);
    const std::size_t firstRow = rows.lines.size();
    std::size_t room = 0;
    for (RowSlots& slot : slots) {
        slot.firstLine = firstLine + static_cast<long>(room);
        room += slot.room;
    }
    reserveOnHugePages(rows.values, (firstRow + room) * d);
    rows.values.resize((firstRow + room) * d);
    rows.lines.resize(firstRow + room);
    if (withIds)
        rows.ids.resize(firstRow + room);
    std::size_t row = firstRow;
    for (RowSlots& slot : slots) {
        slot.values = rows.values.data() + row * d;
        slot.lines = rows.lines.data() + row;
        slot.ids = withIds ? rows.ids.data() + row : nullptr;
        row += slot.room;
    }
#pragma omp parallel for schedule(dynamic, 1)
    for (long k = 0; k < runCount; ++k)
        if (!rows.stop.stop_requested()) {
            const std::string_view lines = run(k);
            readRun(lines, slots[static_cast<std::size_t>(k)]);
            if (rows.progress)
                rows.progress->advance(lines.size());
        }
    if (rows.stop.stop_requested())
        return Issue { {}, 0, "the import was stopped" };

    // Blank lines leave rooms unfilled: the rows after them move up, in order.
    std::size_t filled = firstRow;
    for (RowSlots& slot : slots) {
        if (slot.problem)
            return slot.problem;
        const std::size_t at = static_cast<std::size_t>(slot.lines - rows.lines.data());
        if (at != filled) {
            std::copy_n(slot.values, slot.filled * d, rows.values.data() + filled * d);
            std::copy_n(slot.lines, slot.filled, rows.lines.data() + filled);
            if (withIds)
                std::move(slot.ids, slot.ids + slot.filled, rows.ids.data() + filled);
        }
        filled += slot.filled;
    }
    rows.values.resize(filled * d);
    rows.lines.resize(filled);
    if (withIds)
        rows.ids.resize(filled);
    return std::nullopt;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = newline ? newline : end;
        std::string_view line(p, static_cast<std::size_t>(stop - p));
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        p = newline ? newline + 1 : end;
    }
    return lines;
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool parseNumber(std::string_view text, float& value)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') // written by some tools; fast_float wants none
        text.remove_prefix(1);
    auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
    // a float too small for float32 (1e-50) reads as 0 rather than failing
    return (ec == std::errc() || ec == std::errc::result_out_of_range) && end == text.data() + text.size()
        && !text.empty();
}

bool parseFloat(std::string_view text, float& value)
{
    return parseNumber(text, value) && std::isfinite(value);
}

std::string loweredName(std::string_view name)
{
    std::string out;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool namesAnIdColumn(std::string_view name)
{
    const std::string n = loweredName(name);
    return n == "id" || n == "item" || n == "word" || n == "token" || n == "key" || (n.size() > 2 && n.ends_with("id"));
}

std::string withThousands(std::size_t count)
{
    std::string digits = std::to_string(count), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace embex::core
