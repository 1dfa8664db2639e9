// SPDX-License-Identifier: MIT
// Internal to the ratings loader: pieces of a ratings file, counted and then parsed by threads.
#pragma once

#include "core/data/file_blocks.h"
#include "core/data/row_parser.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace embex::core {

/// Lines [begin, end) of a ratings file: a part starts at a line and ends after one. What was
/// found in it is kept here, so that any thread can take any part, in any order, and the loader
/// can still report in file order. Parts are small (a few MB) so that threads finish together
/// even when one core runs slower, as virtual machines' cores often do.
struct FilePart {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    std::uint64_t lines = 0;  ///< first pass; a last line without '\n' counts too
    std::size_t firstRow = 0; ///< where its rows go in the table: a slot for every line
    long firstLine = 0;
    std::size_t rows = 0;   ///< written; blank and bad lines leave their slot empty
    std::size_t loader = 0; ///< the PartLoader that parsed it, whose ids its rows hold
    long rowsRead = 0;
    long rowsSkipped = 0;
    std::vector<Issue> problems;
    std::optional<Issue> fatal; ///< strict mode: its first problem
    std::string error;          ///< the file could not be read, or changed between the passes
};

/// One thread's reader and parser, for whichever parts it takes. Its parser numbers the ids of
/// all of them in order of appearance; the loader maps those to the dataset's at the end.
class PartLoader {
public:
    static constexpr std::size_t blockSize = 1 << 20;
    static constexpr std::size_t maxLineLength = 1 << 20;

    PartLoader(const std::string& path, const FileFormat& format, std::uint64_t fileSize, bool strict,
               std::size_t maxProblems);

    /// Empty unless the file could not be opened.
    const std::string& openError() const { return m_reader.error(); }
    /// First pass: sets part.lines. Adds the bytes read to `bytesDone`.
    void countLines(FilePart& part, std::stop_token stop, std::atomic<std::uint64_t>& bytesDone);
    /// Second pass: parses the part's lines into its rows of `table`. A line over 1 MiB is a
    /// problem, not a row.
    void parse(FilePart& part, RatingsTable& table, std::stop_token stop, std::atomic<std::uint64_t>& bytesDone);

    RowParser parser;
    bool stopped = false;

private:
    BlockReader m_reader;
};

} // namespace embex::core
