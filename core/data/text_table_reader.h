// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/issue.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace embex::core {

/// What reading a small text table (item metadata, an attribute table) reports beside its data:
/// the failure that stopped it, or the lines it skipped, counted, with the first 20 kept.
struct ReadReport {
    Issue error; ///< set when nothing could be read
    long rowsSkipped = 0;
    std::vector<Issue> problems; ///< the first 20 bad lines

    bool ok() const { return error.message.empty(); }
};

/// The shape the readers of item metadata and attribute tables share: the whole file as its
/// non-blank lines, numbered from 1 (a UTF-8 BOM and each line's '\r' dropped), and every
/// problem an Issue naming the file and line, written into the reader's ReadReport.
class TextTableReader {
protected:
    TextTableReader(std::string path, ReadReport& report);

    enum class Text { AsRead, Utf8 };
    /// Reads the file; `Utf8` converts Latin-1 bytes in the whole text first (otherwise the
    /// reader converts the fields it keeps). False, with the error set, when the file cannot
    /// be read or holds no line.
    bool readLines(Text text);
    /// The read stops: nothing usable. line 0 means the file as a whole.
    void fail(long line, std::string message);
    /// One line is skipped; the rest goes on.
    void skip(long line, std::string message);
    /// Fails with "no WHAT found", naming the first skipped line if there is one.
    void failAsEmpty(const std::string& what);

    std::string m_path;
    std::vector<std::pair<long, std::string_view>> m_lines; ///< line number, text; into m_text

private:
    ReadReport& m_report;
    std::string m_text;
};

/// The first of `names` that is a file in the folder of `ratingsPath` (never that file itself).
std::optional<std::string> findFileBeside(const std::string& ratingsPath, std::initializer_list<std::string> names);

} // namespace embex::core
