// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/models/embedding_snapshot.h"

#include <memory>
#include <string>

namespace embex::core {

struct ImportOptions {
    /// One raw id per line, in row order. Needed for .npy (default: npyIdsPath(path)) and for
    /// text without an id column (a projector vectors.tsv). A first line "id" or "id\t…" is a
    /// header, so a projector metadata.tsv works as an ids file.
    std::string idsPath;
    /// Titles and genres joined by raw id; items without an entry simply have none.
    ItemMetadata metadata;
    /// User vectors in any of the same formats (Spark ALS's userFactors folder beside its
    /// itemFactors, a Keras user embedding as .npy), so the model can score users:
    /// r̂ = p_u·q_i. Empty: items only. Their width must equal the items'.
    std::string usersPath;
    /// The user ids, like idsPath (default for .npy: npyIdsPath(usersPath)).
    std::string userIdsPath;
};

struct ImportOutcome {
    std::shared_ptr<Dataset> dataset;            ///< items IdMap, metadata, users IdMap when imported; no ratings
    std::shared_ptr<EmbeddingSnapshot> snapshot; ///< modelKind "imported", "item_embedding" (+ "user_embedding")
    Issue error;                                 ///< file and line of the first problem, on failure

    bool ok() const { return dataset && snapshot; }
};

/// Reads item embeddings trained elsewhere so they can be explored like a trained model:
///  - NumPy .npy (2-D, float32 or float64, as numpy.save writes a Keras get_weights() matrix)
///    plus an ids file;
///  - TSV/CSV text, delimiter detected, header row or not, the id in the column named id / item /
///    item_id / itemId / movieId or else the first column (or no id column when idsPath is given);
///  - JSON Lines {"id": …, "features": [ … ]}, one file or a folder of Spark part-*.json files.
/// The format is sniffed from the content (then the extension). Rows are reordered into IdMap
/// order (ascending raw id), so row i of the snapshot is dataset->items.rawId(i). Bad input is an
/// Issue with file and line: a non-number, a row of the wrong width, a duplicate or empty id, an
/// ids file whose length differs from the row count; for user vectors also a width other than the
/// items'. Either file's problem fails the whole import.
ImportOutcome importEmbeddings(const std::string& path, const ImportOptions& options = {});

} // namespace embex::core
