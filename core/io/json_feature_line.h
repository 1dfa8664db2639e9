// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/vector_rows.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// One line of JSON Lines as Spark MLlib's ALS `itemFactors.write.json` writes it:
/// {"id": 12, "features": [0.1, -0.3, …]}. The id may be a number (kept as its text) or a string.
struct JsonFeatureLine {
    std::string id;
    std::vector<float> features;
};

/// Parses JSON Lines one line at a time with simdjson's On Demand API, each line its own
/// document, so a bad line is reported with its own number. Keeps the parser and a padded buffer
/// between lines; not to be shared between threads.
class JsonFeatureLineReader {
public:
    JsonFeatureLineReader();
    ~JsonFeatureLineReader();
    JsonFeatureLineReader(const JsonFeatureLineReader&) = delete;
    JsonFeatureLineReader& operator=(const JsonFeatureLineReader&) = delete;

    /// Parses one line; other keys are skipped whatever their value. `readable` is how many bytes
    /// from line.data() on may be read (the rest of the file): with simdjson's padding to spare
    /// the line is parsed where it lies, else from a copy. Returns an empty string on success,
    /// else what is wrong, with the 1-based character column when one is to blame:
    /// "column 14: expected a number in \"features\"", "no \"id\" key".
    std::string parse(std::string_view line, JsonFeatureLine& out, std::size_t readable = 0);

private:
    struct Parser;
    std::unique_ptr<Parser> m_parser;
};

/// One line on its own (a reader for one call).
std::string parseJsonFeatureLine(std::string_view line, JsonFeatureLine& out);

/// Every line of a JSON Lines file (`text`, read from `path`) appended to `rows`: ids, line
/// numbers and features, in file order; blank lines skipped. Runs of lines are parsed on every
/// OpenMP thread. On failure the Issue names the line a reading from the top meets first: its
/// parse problem, "\"features\" is empty", or "12 features where earlier rows have 64".
std::optional<Issue> readJsonLines(const std::string& path, std::string_view text, VectorRows& rows);

} // namespace embex::core
