// SPDX-License-Identifier: MIT
// Internal to the ratings loader: one thread's part of a ratings file, counted and then parsed.
#pragma once

#include "core/data/file_blocks.h"
#include "core/data/row_parser.h"

#include <atomic>
#include <cstdint>
#include <stop_token>
#include <string>

namespace embex::core {

/// Lines [begin, end) of a ratings file: a part starts at a line and ends after one, so parts
/// can be read by threads of their own. The loader counts every part's lines first, to know
/// where each part's rows go in the one table, then parses them straight into their slots.
class PartLoader {
public:
    static constexpr std::size_t blockSize = 1 << 20; // read blocks stay in the core's L2 cache
    static constexpr std::size_t maxLineLength = 1 << 20;

    PartLoader(const std::string& path, const FileFormat& format, std::uint64_t fileSize, bool strict,
               std::size_t maxProblems, std::uint64_t begin, std::uint64_t end);

    /// First pass: sets `lines` (a last line without '\n' counts too). Adds the bytes read to `bytesDone`.
    void countLines(std::stop_token stop, std::atomic<std::uint64_t>& bytesDone);
    /// Second pass: parses the lines into rows [firstRow, firstRow + lines) of `table`, numbering
    /// them from firstLine. A line over 1 MiB is a problem, not a row.
    void parse(RatingsTable& table, std::size_t firstRow, long firstLine, std::stop_token stop,
               std::atomic<std::uint64_t>& bytesDone);

    std::uint64_t lines = 0;
    RowParser parser;
    std::string error; ///< the file could not be read, or changed between the passes
    bool stopped = false;

private:
    BlockReader m_reader;
    std::uint64_t m_begin;
    std::uint64_t m_end;
};

} // namespace embex::core
