// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/io/import_progress.h"
#include "core/models/embedding_snapshot.h"

#include <memory>
#include <stop_token>
#include <string>

namespace embex::core {

struct ImportOptions {
    /// One raw id per line, in row order. Needed for .npy (default: npyIdsPath(path)); for text it
    /// means no column is an id. A first line "id" or "id\t…" is a header. Ids must be unique:
    /// labels that repeat (a Projector metadata.tsv's) belong in metadataPath.
    std::string idsPath;
    /// The id column of a text file: "" (none unless a header names one), "3" (from 1) or a name.
    std::string idColumn;
    /// Labels or metadata. For vectors without ids (a Projector vectors.tsv, a matrix), line i of
    /// a Projector metadata.tsv labels row i (one column without a header, or several under one;
    /// an id column gives the ids, a title or the first column the titles, "genres" the genres).
    /// For vectors with ids, titles and genres joined by id (u.item, movies.csv, …).
    std::string metadataPath;
    /// Titles and genres already loaded (the open dataset's), joined by raw id when metadataPath
    /// gives none.
    ItemMetadata metadata;
    /// The embedding to read when a Projector config lists several (its tensor name).
    std::string embedding;
    /// User vectors in any of the same formats (Spark ALS's userFactors folder beside its
    /// itemFactors, a Keras user embedding as .npy), so the model can score users:
    /// r̂ = p_u·q_i. Empty: items only. Their width must equal the items'.
    std::string usersPath;
    /// The user ids, like idsPath (default for .npy: npyIdsPath(usersPath)).
    std::string userIdsPath;
    /// The member of an .npz to read ("items"); empty: the only 2-D float array in it.
    std::string array;
    /// The Embedding layer of a Keras model holding the item table; empty: the only one.
    std::string layer;
    /// The Embedding layer holding the user table, read from usersPath or, when that is empty, from
    /// the same model (for an .npz: the users' array).
    std::string userLayer;
    /// Asked to stop (File › Import's Esc): a text or JSON Lines read ends after the runs under
    /// way, and the import fails with "the import was stopped".
    std::stop_token stop;
    /// Told how far the read is, as the stage ("reading vectors.tsv") and the fraction of it done:
    /// text and JSON Lines by bytes parsed, word2vec .bin by rows, Keras and .npz by bytes of the
    /// table or archive read; each stage starts at 0 and ends at 1 (import_progress.h: which
    /// thread, how often).
    ImportProgressCallback progress;
};

struct ImportOutcome {
    std::shared_ptr<Dataset> dataset;            ///< items IdMap, metadata, users IdMap when imported; no ratings
    std::shared_ptr<EmbeddingSnapshot> snapshot; ///< modelKind "imported", "item_embedding" (+ "user_embedding")
    Issue error;                                 ///< file and line of the first problem, on failure
    /// What was read and what was assumed, in one line for the user: "9,999 vectors × 15
    /// dimensions from vecs.tsv (TSV); no id column: rows numbered 0–9,998; labels from meta.tsv, 1 column".
    std::string statement;

    bool ok() const { return dataset && snapshot; }
};

/// Reads item embeddings trained elsewhere so they can be explored like a trained model:
///  - text: TSV/CSV/space separated, header or not (text_vectors.h says when a column is the id:
///    never by guessing), word2vec / fastText .vec and GloVe text, word2vec binary .bin;
///  - the Projector's vectors.tsv + metadata.tsv, a folder holding them (Embex's own export),
///    a TensorBoard log folder's projector_config.pbtxt, a standalone projector JSON config;
///  - NumPy .npy (2-D, float32 or float64) plus an ids file; .npz (one array chosen, ids from an ids
///    member or file, else rows numbered);
///  - Keras models: a .keras zip or a legacy .h5 model or weights file (one Embedding layer chosen,
///    ids from the StringLookup/IntegerLookup vocabulary feeding it, else the row index);
///  - JSON Lines {"id": …, "features": [ … ]}, one file or a folder of Spark part-*.json files.
/// The format is found from the content (then the extension); a Python pickle is refused, never
/// run. Rows are reordered into IdMap order (ascending raw id), so row i of the snapshot is
/// dataset->items.rawId(i). Bad input is an Issue with file and line (or vector); counts that
/// disagree name both counts and both files. Either file's problem fails the whole import.
ImportOutcome importEmbeddings(const std::string& path, const ImportOptions& options = {});

} // namespace embex::core
