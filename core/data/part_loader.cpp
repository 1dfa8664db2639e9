// SPDX-License-Identifier: MIT
#include "core/data/part_loader.h"

namespace embex::core {

PartLoader::PartLoader(const std::string& path, const FileFormat& format, std::uint64_t fileSize, bool strict,
                       std::size_t maxProblems, std::uint64_t begin, std::uint64_t end)
    : parser(path, format, fileSize, strict, maxProblems)
    , error()
    , m_reader(path, blockSize)
    , m_begin(begin)
    , m_end(end)
{
    error = m_reader.error();
}

void PartLoader::countLines(std::stop_token stop, std::atomic<std::uint64_t>& bytesDone)
{
    if (!m_reader.seek(m_begin, m_end))
        return void(error = m_reader.error());
    lines = 0;
    char last = '\n';
    for (std::string_view block; !(block = m_reader.next()).empty();) {
        if (stop.stop_requested())
            return void(stopped = true);
        lines += countNewlines(block);
        last = block.back();
        bytesDone += block.size();
    }
    error = m_reader.error();
    if (last != '\n')
        ++lines;
}

void PartLoader::parse(RatingsTable& table, std::size_t firstRow, long firstLine, std::stop_token stop,
                       std::atomic<std::uint64_t>& bytesDone)
{
    parser.rows = RowSlots::of(table, firstRow, static_cast<std::size_t>(lines));
    if (!m_reader.seek(m_begin, m_end))
        return void(error = m_reader.error());
    long lineNumber = firstLine;
    std::string carry; // the start of a line that continues in the next block
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
    if (!m_reader.error().empty())
        return void(error = m_reader.error());
    if (parser.fatal)
        return;
    if (discarding)
        longLine();
    else if (!carry.empty())
        lineNumber += parser.parseLines(carry, lineNumber);
    if (static_cast<std::uint64_t>(lineNumber - firstLine) != lines || parser.overflow > 0)
        error = "the file changed while it was being read (its lines moved between two passes)";
}

} // namespace embex::core
