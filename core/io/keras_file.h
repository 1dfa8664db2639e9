// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/npz_file.h"
#include "core/io/vector_rows.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// The first bytes are HDF5's signature.
bool looksLikeHdf5(std::string_view bytes);

/// Reads an Embedding layer's table from a Keras model:
///  - Keras 3's .keras zip (config.json, model.weights.h5 with the table at "layers/<group>/vars/0",
///    metadata.json), given as its members. Keras names the group by class, counted in the config's
///    order (embedding, embedding_1; nested: layers/sequential/layers/embedding), not by the layer's
///    name; a group named after the layer is accepted when that path is missing;
///  - a Keras 2 .h5 model (root attribute "model_config", the table at
///    "model_weights/<layer>/<layer>/embeddings:0") or weights file (layer groups at the root,
///    "layer_names" and "weight_names" attributes), given as its bytes.
/// The Embedding layers are those of class "Embedding" in the config (for a weights file, the
/// weights named "embeddings"); optimizer state is never one. A subclassed model's config names no
/// layers: its tables are then the .keras groups layers/embedding, layers/embedding_1, … or, in an
/// .h5, model_weights' layers whose weight is named "embeddings", and go by those names.
/// `layer` chooses; empty takes the only one, and several are an Issue listing them with their
/// shapes. Ids come from the vocabulary of a StringLookup/IntegerLookup layer feeding the
/// Embedding, its reserved rows marked "[mask]" and "[OOV]" (Keras's default num_oov_indices=1
/// puts out-of-vocabulary at row 0), else the row index. float32/float64 tables only. rows.notes
/// says which layer and where the ids came from. `offered`, when given, receives the Embedding
/// layers to choose from, even when the read fails. The table is read a few megabytes at a time:
/// rows.progress counts its bytes, rows.stop is heard between blocks.
std::optional<Issue> readKerasArchive(const std::string& path, const std::vector<ZipMember>& members,
                                      const std::string& layer, VectorRows& rows, std::string& format,
                                      std::vector<TableChoice>* offered = nullptr);
std::optional<Issue> readKerasH5(const std::string& path, std::string_view bytes, const std::string& layer,
                                 VectorRows& rows, std::string& format, std::vector<TableChoice>* offered = nullptr);

} // namespace embex::core
