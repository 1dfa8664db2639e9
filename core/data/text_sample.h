// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// The first lines of a file, for detection: BOM stripped, CR/LF endings removed, blank lines
/// left out. `error` is set when the bytes are not delimited text (UTF-16/32, binary).
struct TextSample {
    std::vector<std::string_view> lines;
    std::string error;

    /// `complete` is false when `text` is only the start of the file: its last line may be cut.
    static TextSample fromPrefix(std::string_view text, std::size_t maxLines, bool complete = true);
};

/// Bytes of a UTF-8 byte-order mark at the start of `text` (0 or 3).
std::size_t utf8BomLength(std::string_view text);

/// Why these leading bytes are not text Embex can read, or empty: names UTF-16/UTF-32 by their
/// byte-order mark or NUL pattern, and binary data by its first NUL or control byte.
std::string describeNonText(std::string_view prefix);

/// Reads a whole text file into `out`. Returns why it cannot be read ("cannot open the file", or
/// describeNonText's reason), else empty. The byte-order mark is left for the caller to skip.
std::string readWholeTextFile(const std::string& path, std::string& out);

/// Reads up to `bytes` from the start of a file. Returns the reason on failure, else empty.
std::string readFilePrefix(const std::string& path, std::string& out, bool& complete, std::size_t bytes = 1 << 16);

} // namespace embex::core
