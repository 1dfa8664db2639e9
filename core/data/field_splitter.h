// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// Splits one record (a line without its ending) into fields.
/// Quotes follow RFC 4180 within a line: a field that starts with `"` runs to the closing `"`,
/// delimiters inside it are text and `""` is one quote. A quote in the middle of an unquoted
/// field is kept as text. Unquoted fields are trimmed of spaces and tabs (unless tab is the
/// delimiter, where only spaces are trimmed). Delimiter " " means "runs of spaces and tabs".
/// Records never span lines: ratings and item files have none that do, and a stray quote then
/// costs one line instead of swallowing the rest of the file.
class FieldSplitter {
public:
    explicit FieldSplitter(std::string delimiter);

    /// Fields stay valid until the next call. Returns false, with `error`, on an unterminated quote.
    bool split(std::string_view line, std::vector<std::string_view>& fields, std::string& error);

    const std::string& delimiter() const { return m_delimiter; }

private:
    std::string m_delimiter;
    std::deque<std::string> m_unescaped; // storage for quoted fields that contained ""
};

/// Text helpers shared by the loaders.
bool isValidUtf8(std::string_view text);
std::string latin1ToUtf8(std::string_view text);
/// The text as UTF-8: kept when it already is valid UTF-8, read as Latin-1 otherwise.
std::string toUtf8(std::string_view text);
/// Lower-case ASCII letters and digits only: "Movie_ID" → "movieid".
std::string normalizedName(std::string_view header);

} // namespace embex::core
