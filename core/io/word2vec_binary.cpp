// SPDX-License-Identifier: MIT
#include "core/io/word2vec_binary.h"

#include "core/io/import_progress.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace embex::core {
namespace {

    struct CountLine {
        long rows = 0, dimension = 0;
        std::size_t end = 0; // the offset after its '\n'
    };

    std::optional<CountLine> countLine(std::string_view bytes)
    {
        const std::size_t newline = bytes.find('\n');
        if (newline == std::string_view::npos || newline > 40)
            return std::nullopt;
        CountLine line;
        line.end = newline + 1;
        std::string_view text = bytes.substr(0, newline);
        while (!text.empty() && (text.back() == '\r' || text.back() == ' '))
            text.remove_suffix(1);
        const std::size_t space = text.find(' ');
        if (space == std::string_view::npos)
            return std::nullopt;
        const auto digits = [](std::string_view s, long& value) {
            if (s.empty() || s.size() > 11)
                return false;
            value = 0;
            for (char c : s) {
                if (c < '0' || c > '9')
                    return false;
                value = value * 10 + (c - '0');
            }
            return true;
        };
        if (!digits(text.substr(0, space), line.rows) || !digits(text.substr(space + 1), line.dimension))
            return std::nullopt;
        return line;
    }

} // namespace

bool looksLikeWord2vecBinary(std::string_view bytes)
{
    const auto head = countLine(bytes);
    if (!head || head->dimension < 1)
        return false;
    const std::size_t space = bytes.find(' ', head->end);
    if (space == std::string_view::npos)
        return false;
    const std::string_view vector = bytes.substr(space + 1, static_cast<std::size_t>(head->dimension) * 4);
    for (unsigned char c : vector) // numbers written as text have no control bytes
        if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F)
            return true;
    return false;
}

std::optional<Issue> readWord2vecBinary(const std::string& path, std::string_view bytes, VectorRows& rows)
{
    const auto head = countLine(bytes);
    if (!head)
        return Issue { path, 1, "a word2vec binary file starts with a line \"N D\" (vectors, dimensions)" };
    if (head->dimension < 1 || head->rows < 1)
        return Issue { path, 1,
                       "line 1 announces " + std::to_string(head->rows) + " vectors of "
                           + std::to_string(head->dimension) + " dimensions" };
    const auto d = static_cast<std::size_t>(head->dimension);
    rows.dimension = head->dimension;
    rows.idFile = path;
    rows.idSource = "the words";
    rows.values.reserve(static_cast<std::size_t>(head->rows) * d);
    std::size_t pos = head->end;
    constexpr long rowsPerReport = 4096; // a report or a stop check per row would cost more than the row
    if (rows.progress)
        rows.progress->begin("reading " + std::filesystem::path(path).filename().string(),
                             static_cast<std::size_t>(head->rows));
    for (long r = 0; r < head->rows; ++r) {
        if (r > 0 && r % rowsPerReport == 0) {
            if (rows.stop.stop_requested())
                return Issue { path, 0, "the import was stopped" };
            if (rows.progress)
                rows.progress->advance(rowsPerReport);
        }
        const std::string what = "vector " + std::to_string(r + 1) + " of " + std::to_string(head->rows);
        while (pos < bytes.size() && (bytes[pos] == '\n' || bytes[pos] == '\r'))
            ++pos;
        const std::size_t space = bytes.find(' ', pos);
        if (pos >= bytes.size() || space == std::string_view::npos)
            return Issue { path, 0,
                           "the file ends before " + what + " (line 1 announces " + std::to_string(head->rows)
                               + "): is it cut short?" };
        if (space == pos || space - pos > 1000)
            return Issue { path, 0,
                           "no word where " + what + " should start (byte " + std::to_string(pos)
                               + "): does line 1's dimension (" + std::to_string(d) + ") match the file?" };
        std::string word(bytes.substr(pos, space - pos));
        pos = space + 1;
        if (bytes.size() - pos < d * sizeof(float))
            return Issue { path, 0, "the file ends inside " + what + " ('" + word + "'): is it cut short?" };
        const std::size_t at = rows.values.size();
        rows.values.resize(at + d);
        std::memcpy(rows.values.data() + at, bytes.data() + pos, d * sizeof(float)); // little-endian, as written
        pos += d * sizeof(float);
        for (std::size_t j = 0; j < d; ++j)
            if (!std::isfinite(rows.values[at + j]))
                return Issue { path, 0, what + " ('" + word + "') holds a number that is not finite" };
        rows.ids.push_back(std::move(word));
        rows.lines.push_back(0);
    }
    while (pos < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[pos])))
        ++pos;
    if (pos < bytes.size())
        return Issue { path, 0,
                       "more bytes follow the " + std::to_string(head->rows)
                           + " vectors line 1 announces: does its count or dimension match the file?" };
    return std::nullopt;
}

} // namespace embex::core
