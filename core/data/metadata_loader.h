// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/item_metadata.h"
#include "core/data/text_table_reader.h"

#include <optional>
#include <string>
#include <vector>

namespace embex::core {

struct MetadataOutcome : ReadReport {
    ItemMetadata metadata;
};

/// Reads item titles and genres. The layout is recognised from the content:
/// MovieLens movies.csv (header movieId,title,genres; quoted titles; genres split on |),
/// ml-100k u.item (| separated, Latin-1, 19 genre flags named by u.genre beside it),
/// ml-1m movies.dat (:: separated, Latin-1), or any delimited file with a header naming an
/// id column (itemId, movieId, book_id, …) and a title column (title, name), genres optional.
/// Text that is not valid UTF-8 is read as Latin-1.
MetadataOutcome loadItemMetadata(const std::string& path);

/// The metadata file that belongs beside a ratings file, if there is one:
/// <stem>.items.csv, movies.csv, u.item, movies.dat, items.csv — in that order.
std::optional<std::string> findMetadataBeside(const std::string& ratingsPath);

} // namespace embex::core
