// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/item_metadata.h"
#include "core/io/session_file.h"
#include "core/util/json_writer.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace embex::cli {

/// Loads the MODEL argument (a .embex file) of `command`; on failure prints
/// "embex-cli COMMAND: FILE: reason" to err and returns nullopt (exit 1).
std::optional<core::Session> openSession(const std::string& command, const std::string& path, std::ostream& err);

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
