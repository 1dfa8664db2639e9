// SPDX-License-Identifier: MIT
// What the embedding readers share (core/io only): the rows as read, in file order, and the
// text helpers each format's reader uses.
#pragma once

#include "core/data/issue.h"
#include "core/eigen_types.h"

#include <cstring>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

class ImportProgress;

/// Rows as read, in file order, before they are sorted into IdMap order.
struct VectorRows {
    std::vector<std::string> ids; ///< empty: the rows have no ids and are numbered from 0
    std::vector<long> lines;      ///< where each row came from (0: not a text line), for reports
    std::string idFile;           ///< the file the ids came from
    std::vector<float> values;
    Index dimension = 0;
    std::string idSource;               ///< how the ids were found, for the import's one-line statement
    std::vector<std::string> notes;     ///< what was assumed, each a short clause the user sees
    std::stop_token stop;               ///< asked to stop: the runs not begun are skipped, the read fails
    ImportProgress* progress = nullptr; ///< told of the work done in the stage its caller began, when set

    std::size_t rowCount() const { return dimension > 0 ? values.size() / static_cast<std::size_t>(dimension) : 0; }
};

/// Where a run of lines writes its rows: room for one row a line, in the final arrays, so that
/// no row is copied after it is parsed.
struct RowSlots {
    float* values = nullptr;      ///< room × dimension
    std::string* ids = nullptr;   ///< room, or nullptr when the rows take their ids elsewhere
    long* lines = nullptr;        ///< room
    std::size_t room = 0;         ///< the run's lines, blank ones included
    long firstLine = 0;           ///< the file's number of the run's first line
    std::size_t filled = 0;       ///< rows written, set by the reader
    std::optional<Issue> problem; ///< the first one the reader met in the run
};

/// Reads one run of whole lines into its slots, stopping at the first problem.
using LineRunReader = std::function<void(std::string_view run, RowSlots& slots)>;

/// Where to cut text[from, size) into at most `parts` runs of whole lines of similar size: the
/// offsets of the runs' starts and text.size() at the end. Each run but the last ends after a '\n'.
std::vector<std::size_t> lineRuns(std::string_view text, std::size_t from, std::size_t parts);

/// Reads text[from, size), whose first line is line `firstLine`, into rows of `rows.dimension`
/// numbers after `rows`' own: it is cut into runs of about a megabyte, their lines counted and
/// then parsed by `readRun` on every OpenMP thread, each straight into its place (on huge pages
/// where the kernel allows: a fresh 4 KiB page costs ~11 µs on a VM). `withIds`: the rows carry
/// ids. Each run read advances rows.progress by its bytes. Returns the problem a reading from the
/// top meets first; `rows` is then partly filled.
std::optional<Issue> readLineRuns(std::string_view text, std::size_t from, long firstLine, bool withIds,
                                  const LineRunReader& readRun, VectorRows& rows);

/// Lines of a run, without their terminators ('\n', and a '\r' before it): `line(text, number)`
/// for each, numbered on from `firstLine`, until it returns false.
template <typename LineVisitor>
void forEachLine(std::string_view run, long firstLine, LineVisitor&& line)
{
    for (const char *p = run.data(), *end = p + run.size(); p < end; ++firstLine) {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        const char* stop = newline ? static_cast<const char*>(newline) : end;
        std::string_view text(p, static_cast<std::size_t>(stop - p));
        p = newline ? stop + 1 : end;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (!line(text, firstLine))
            return;
    }
}

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
