// SPDX-License-Identifier: MIT
// Internal to the ratings loader: reading byte ranges of a file in blocks, one handle per thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// Reads [begin, end) of a file in fixed-size blocks through a handle of its own, so that
/// several threads can each read their part of one file at once.
class BlockReader {
public:
    BlockReader(const std::string& path, std::size_t blockSize);

    /// Why the file could not be opened or read as expected; empty while all is well.
    const std::string& error() const { return m_error; }
    /// Starts reading [begin, end); false (with error()) when the file cannot be positioned there.
    bool seek(std::uint64_t begin, std::uint64_t end);
    /// The next block of the range: empty at its end, or on a read error or a file that has
    /// become shorter than the range (error() tells which).
    std::string_view next();

private:
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
    std::vector<char> m_buffer;
    std::uint64_t m_position = 0;
    std::uint64_t m_end = 0;
    std::string m_error;
};

/// Cuts [begin, end) into at most `parts` ranges of similar size, each but the last ending just
/// after a '\n' (a range holds whole lines). Returns the parts + 1 boundaries, begin and end
/// included; fewer parts when lines are long. Empty (with reader.error()) on a read error.
std::vector<std::uint64_t> cutAtLines(BlockReader& reader, std::uint64_t begin, std::uint64_t end, std::size_t parts);

/// Newlines in `text`, 32 bytes a step where the compiler can vectorise.
std::uint64_t countNewlines(std::string_view text);

} // namespace embex::core
