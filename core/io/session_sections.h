// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/io/byte_reader.h"
#include "core/io/byte_writer.h"
#include "core/io/session_file.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/epoch_report.h"
#include "core/training/training_run.h"

#include <string>
#include <vector>

namespace embex::core::session_sections {

/// The payload of each .embex section (see session_file.h for the framing). Each read*
/// returns an empty string on success, else what is wrong with the payload; the caller adds
/// the file, section name and offset. Reads leave their output partly filled on failure, so
/// the caller parses into fresh objects only.
void writeModel(ByteWriter& out, const EmbeddingSnapshot& snapshot);
std::string readModel(ByteReader& in, EmbeddingSnapshot& snapshot);

/// Source file, detected format and rating range.
void writeDataset(ByteWriter& out, const Dataset& dataset);
std::string readDataset(ByteReader& in, Dataset& dataset);

/// Raw ids in dense order; reading rebuilds the IdMap and checks the order survived.
void writeIdMap(ByteWriter& out, const IdMap& ids);
std::string readIdMap(ByteReader& in, IdMap& ids);

/// Genre names, then (raw id, title, genre indices) sorted by raw id so files are reproducible.
void writeMetadata(ByteWriter& out, const ItemMetadata& metadata);
std::string readMetadata(ByteReader& in, ItemMetadata& metadata);

/// The ratings table; reading checks every index against the id maps' sizes.
void writeRatings(ByteWriter& out, const RatingsTable& ratings);
std::string readRatings(ByteReader& in, RatingsTable& ratings, std::size_t userCount, std::size_t itemCount);

/// Named parameter matrices (name, rows, cols, row-major floats); reading checks the shapes
/// every reader relies on (item rows = item count, user rows = user count).
void writeWeights(ByteWriter& out, const EmbeddingSnapshot& snapshot);
std::string readWeights(ByteReader& in, EmbeddingSnapshot& snapshot, std::size_t userCount, std::size_t itemCount);

void writeHistory(ByteWriter& out, const std::vector<EpochReport>& history);
std::string readHistory(ByteReader& in, std::vector<EpochReport>& history);

/// How many runs the file keeps and which one is open (format 2).
void writeRunList(ByteWriter& out, std::size_t runCount, std::size_t activeRun);
std::string readRunList(ByteReader& in, std::uint64_t& runCount, std::uint64_t& activeRun);

/// One kept run: name, split label, seconds, outcome, history, then its model and weights unless
/// `ownWeights` is false (the open run, whose model and weights are the "model" and "weights"
/// sections). Reading checks the flag in the file against `ownWeights` and the weights' shapes.
void writeRun(ByteWriter& out, const TrainingRun& run, bool ownWeights);
std::string readRun(ByteReader& in, TrainingRun& run, bool ownWeights, std::size_t userCount, std::size_t itemCount);

/// The window's view, or its absence (format 3). Reading checks the filter's genres against
/// `genreCount` (the metadata's genre names), its ranges' order and the projection's name.
void writeView(ByteWriter& out, const std::optional<SessionView>& view);
std::string readView(ByteReader& in, std::optional<SessionView>& view, std::size_t genreCount);

} // namespace embex::core::session_sections
