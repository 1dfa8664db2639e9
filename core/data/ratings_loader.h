// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/data/timestamp.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace embex::core {

struct LoadOptions {
    /// Stop at the first bad row instead of skipping it.
    bool strict = false;
    /// Use this format instead of detecting one (the open dialog's edited choice).
    std::optional<FileFormat> format;
    /// Look for movies.csv / u.item / movies.dat / <stem>.items.csv beside the file.
    bool findMetadata = true;
    /// How many problems the report keeps (all are counted).
    std::size_t maxProblems = 20;
    /// Parsing threads; 0 = one per core (at most 8). Results do not depend on it.
    int threads = 0;
};

/// What a load found out, kept whether it succeeded or not.
struct LoadReport {
    FileFormat format;
    long rowsRead = 0;           ///< data rows seen (not counting the header)
    long rowsSkipped = 0;        ///< bad rows left out
    std::vector<Issue> problems; ///< the first LoadOptions::maxProblems, with line numbers
    std::vector<Issue> notes;    ///< not problems: "metadata: u.item (1682 titles)"
    /// How the timestamp column wrote its times; the table holds them as Unix seconds either way.
    TimestampForm timestampForm = TimestampForm::None;

    /// "12 rows skipped, first: ratings.csv:1234: rating 'abc' is not a number", or empty.
    std::string skippedSummary() const;
};

struct LoadOutcome {
    enum class Status { Loaded, Failed, Cancelled };
    Status status = Status::Failed;
    std::shared_ptr<Dataset> dataset; ///< set when Loaded
    LoadReport report;
    Issue error; ///< set when Failed: names the file, and the line when one is to blame

    bool ok() const { return status == Status::Loaded; }
};

/// Called on the loading thread with the bytes done so far (both passes weighed into one
/// figure that ends at the file size) and the file size.
using LoadProgress = std::function<void(std::uint64_t bytesDone, std::uint64_t bytesTotal)>;

/// Reads a ratings file into a fresh Dataset. Never throws for bad input: problems come back
/// in the outcome. The file is cut at line ends into parts (up to 16 a thread) that threads
/// take in turn; every part is read twice in 1 MiB blocks, once to count its lines (so its
/// rows' place in the table is known) and once to parse them into that place. Memory ≈ the
/// columnar table + distinct ids + a block per thread. Checks `stop` between blocks.
LoadOutcome loadRatings(const std::string& path, const LoadOptions& options = {}, const LoadProgress& progress = {},
                        std::stop_token stop = {});

/// Detects delimiter, header and column roles from the first lines of a file.
/// Fails (with the reason) for UTF-16, binary data, or text with no consistent columns.
struct FormatDetection {
    std::optional<FileFormat> format;
    Issue error;
    std::vector<std::vector<std::string>> previewRows; ///< the first rows split with the format
};
FormatDetection detectFormat(const std::string& path, std::size_t previewRowCount = 20);
FormatDetection detectFormatFromText(std::string_view text, const std::string& fileName,
                                     std::size_t previewRowCount = 20);
/// As above for the first bytes of a longer file (`complete` false: the last line may be cut).
FormatDetection detectFormatFromPrefix(std::string_view text, bool complete, const std::string& fileName,
                                       std::size_t previewRowCount = 20);

} // namespace embex::core
