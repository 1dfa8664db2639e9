// SPDX-License-Identifier: MIT
#include "core/data/part_loader.h"

#include <utility>

namespace embex::core {

PartLoader::PartLoader(const std::string& path, const FileFormat& format, std::uint64_t fileSize, bool strict,
                       std::size_t maxProblems)
    : parser(path, format, fileSize, strict, maxProblems)
    , m_reader(path, blockSize)
{
}

void PartLoader::countLines(FilePart& part, std::stop_token stop, std::atomic<std::uint64_t>& bytesDone)
{
    if (!m_reader.seek(part.begin, part.end))
        return void(part.error = m_reader.error());
    part.lines = 0;
    char last = '\n';
    for (std::string_view block; !(block = m_reader.next()).empty();) {
        if (stop.stop_requested())
            return void(stopped = true);
        part.lines += countNewlines(block);
        last = block.back();
        bytesDone += block.size();
    }
    part.error = m_reader.error();
    if (last != '\n')
        ++part.lines;
}

void PartLoader::parse(FilePart& part, RatingsTable& table, std::stop_token stop, std::atomic<std::uint64_t>& bytesDone)
{
    parser.rows = RowSlots::of(table, part.firstRow, static_cast<std::size_t>(part.lines));
    if (!m_reader.seek(part.begin, part.end))
        return void(part.error = m_reader.error());
    long lineNumber = part.firstLine;
    std::string carry;       // the start of a line that continues in the next block
    bool discarding = false; // inside a line over maxLineLength
    auto longLine = [&] {
        parser.problem(lineNumber++, "line is longer than 1 MiB; is this a ratings file?");
        discarding = false;
    };
    auto keep = [&](std::string_view start) {
        if (!discarding)
            carry.append(start);
        if (carry.size() > maxLineLength) {
            carry.clear();
            discarding = true;
        }
    };
    for (std::string_view block; !parser.fatal && !(block = m_reader.next()).empty();) {
        if (stop.stop_requested())
            return void(stopped = true);
        bytesDone += block.size();
        if (!carry.empty() || discarding) {
            const std::size_t newline = block.find('\n');
            if (newline == std::string_view::npos) {
                keep(block);
                continue;
            }
            if (discarding || carry.size() + newline > maxLineLength) {
                carry.clear();
                longLine();
            } else {
                carry.append(block.substr(0, newline));
                lineNumber += parser.parseLines(carry, lineNumber);
                carry.clear();
            }
            block.remove_prefix(newline + 1);
        }
        const std::size_t lastNewline = block.rfind('\n');
        const std::size_t whole = lastNewline == std::string_view::npos ? 0 : lastNewline + 1;
        lineNumber += parser.parseLines(block.substr(0, whole), lineNumber);
        keep(block.substr(whole));
    }
    if (!parser.fatal && m_reader.error().empty()) {
        if (discarding)
            longLine();
        else if (!carry.empty())
            lineNumber += parser.parseLines(carry, lineNumber);
    }
    // Hand the part its findings; the parser keeps only its ids for the next part.
    part.error = m_reader.error();
    if (part.error.empty() && !parser.fatal
        && (static_cast<std::uint64_t>(lineNumber - part.firstLine) != part.lines || parser.overflow > 0))
        part.error = "the file changed while it was being read (its lines moved between two passes)";
    part.rows = parser.rows.size;
    part.rowsRead = std::exchange(parser.rowsRead, 0);
    part.rowsSkipped = std::exchange(parser.rowsSkipped, 0);
    part.problems = std::exchange(parser.problems, {});
    part.fatal = std::exchange(parser.fatal, std::nullopt);
    parser.overflow = 0;
}

} // namespace embex::core
