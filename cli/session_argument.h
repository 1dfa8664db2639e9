// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/item_metadata.h"
#include "core/io/session_file.h"
#include "core/util/json_writer.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace embex::cli {

/// Loads the MODEL argument (a .embex file) of `command`; on failure prints
/// "embex-cli COMMAND: FILE: reason" to err and returns nullopt (exit 1).
std::optional<core::Session> openSession(const std::string& command, const std::string& path, std::ostream& err);

/// The --min-ratings of an analysis command: its value, and whether it was given at all.
struct MinRatingsArgument {
    long long value = 0;
    bool given = false;
};

/// The MODEL of an analysis command, opened, with its items' rating counts and the --min-ratings
/// floor that applies. An imported session has vectors but no ratings: no floor applies to it,
/// and asking for one is a usage error rather than an empty list.
struct AnalysisSession {
    std::optional<core::Session> session; ///< set when it opened
    int exitCode = 0;                     ///< when it did not: 1 (the file) or 2 (the floor)
    bool hasRatings = false;
    std::vector<std::uint32_t> counts; ///< ratings per dense item; zeros without ratings
    std::uint32_t minRatings = 0;      ///< the floor that applies: 0 without ratings

    bool ok() const { return session.has_value(); }
    const core::Dataset& data() const { return *session->dataset; }
    /// The counts when there are ratings, else empty (core's "every item counts").
    std::span<const std::uint32_t> countsIfRated() const
    {
        return hasRatings ? std::span<const std::uint32_t>(counts) : std::span<const std::uint32_t> {};
    }
};

/// Opens MODEL for `command` (openSession), counts its ratings and applies `minRatings`; on
/// failure prints "embex-cli COMMAND: …" to err and leaves exitCode set.
AnalysisSession openAnalysisSession(const std::string& command, const std::string& path, std::ostream& err,
                                    MinRatingsArgument minRatings = {});

/// Reads the --metadata FILE of `command` (titles and genres under any file name); on failure
/// prints "embex-cli COMMAND: FILE: reason" to err and returns nullopt (exit 1).
std::optional<core::ItemMetadata> loadMetadataArgument(const std::string& command, const std::string& path,
                                                       std::ostream& err);

/// One {"id", "title", "score", "ratings"} object per hit, for neighbors and recommend --json.
struct ItemRow {
    std::uint32_t item;
    float score;
    /// The model's own output when `score` is it clipped to the rating scale (recommend).
    std::optional<float> raw = std::nullopt;
};
void writeItemRows(core::JsonWriter& json, const core::Dataset& data, const std::vector<std::uint32_t>& counts,
                   const std::vector<ItemRow>& rows);
/// The same as an aligned text table: rank, id, score, [raw,] ratings, title.
void printItemRows(std::ostream& out, const core::Dataset& data, const std::vector<std::uint32_t>& counts,
                   const std::vector<ItemRow>& rows);

} // namespace embex::cli
