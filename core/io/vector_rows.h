// SPDX-License-Identifier: MIT
// What the embedding readers share (core/io only): the rows as read, in file order, and the
// text helpers each format's reader uses.
#pragma once

#include "core/data/issue.h"
#include "core/eigen_types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// Rows as read, in file order, before they are sorted into IdMap order.
struct VectorRows {
    std::vector<std::string> ids; ///< empty: the rows have no ids and are numbered from 0
    std::vector<long> lines;      ///< where each row came from (0: not a text line), for reports
    std::string idFile;           ///< the file the ids came from
    std::vector<float> values;
    Index dimension = 0;
    std::string idSource;           ///< how the ids were found, for the import's one-line statement
    std::vector<std::string> notes; ///< what was assumed, each a short clause the user sees

    std::size_t rowCount() const { return dimension > 0 ? values.size() / static_cast<std::size_t>(dimension) : 0; }
};

/// Appends `part`'s rows (ids, lines and values) after `into`'s, leaving `part` empty: chunks
/// parsed in parallel join in file order.
void appendRows(VectorRows& into, VectorRows& part);

/// Lines without their terminators ('\n', and a '\r' before it), numbered from 1 by position.
std::vector<std::string_view> splitLines(std::string_view text);
bool isBlank(std::string_view line);
/// A number as fast_float reads it ("1e-05", "-0.", "%.18e" forms), spaces around allowed.
bool parseNumber(std::string_view text, float& value);
/// parseNumber and finite: nan and inf are refused.
bool parseFloat(std::string_view text, float& value);
/// A header name that says "this column is the id": "id", "item", "word", "token", "key", or a
/// name ending in "id" ("movieId", "item_id"), case and punctuation ignored.
bool namesAnIdColumn(std::string_view name);
/// Lower-case letters and digits only: "Movie_ID" → "movieid".
std::string loweredName(std::string_view name);
/// "9,999": counts in messages and statements.
std::string withThousands(std::size_t count);

} // namespace embex::core
