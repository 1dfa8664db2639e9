// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/embedding_import.h"
#include "core/io/npz_file.h"
#include "core/io/projector_files.h"

#include <cstdint>
#include <string>
#include <vector>

namespace embex::core {

/// How much a preview may read.
struct PreviewLimits {
    std::size_t rows = 8;                    ///< rows shown in firstRows
    std::uintmax_t fullReadBytes = 16 << 20; ///< text vectors up to this size are imported whole
    std::size_t headBytes = 256 << 10;       ///< of a larger text file, only this much is read
    /// Take the table named "user" as the users' when the options name none (false: none means none).
    bool choosesUsers = true;
};

/// What importEmbeddings(path, options) would read, found before reading it in full.
struct ImportPreview {
    std::string format;      ///< "TSV", "word2vec text", "Keras .keras", "npz", …
    std::string vectorsPath; ///< the file holding the vectors, once folders and configs are followed
    std::size_t rows = 0;
    bool isRowCountEstimated = false; ///< rows counted from the file's size and its first lines' lengths
    Index dimensions = 0;
    std::vector<std::string> columns;                ///< "id", then the dimensions "1", "2", …
    std::vector<std::vector<std::string>> firstRows; ///< the id, then the values, as text
    std::size_t textColumns = 0;     ///< a table of text's columns, to choose the id column from; 0: not such a file
    std::string idSource;            ///< "no id column: rows numbered 0–9,998", "ids from …"
    std::string labelSource;         ///< "labels from meta.tsv, 1 column"; empty: none
    std::string userSource;          ///< "943 user vectors from layer 'user_embedding' …"
    std::string metadataPath;        ///< the labels file the import would use
    std::vector<TableChoice> layers; ///< a Keras model's Embedding layers
    std::vector<TableChoice> arrays; ///< an .npz's 2-D float arrays
    std::vector<ProjectorEmbedding> embeddings; ///< a projector config's entries
    /// The options the import would take: those given, with a choice the file needs filled in (the
    /// items' Keras layer or .npz array not named "user", the users' one that is, see
    /// PreviewLimits::choosesUsers; the first Projector embedding).
    ImportOptions options;
    std::string statement; ///< the one line the import would state ("about" when estimated)
    Issue error;           ///< what the import would refuse; the choices above are still filled

    bool ok() const { return error.message.empty(); }
};

/// Looks at `path` as importEmbeddings would: follows folders and configs, lists the choices a file
/// offers, and reads the rows needed for the first rows. Text vectors larger than
/// limits.fullReadBytes are read only to limits.headBytes: their rows are estimated from the file's
/// size and the first lines' lengths (a word2vec count line gives them), and a problem further on is
/// found by the import itself. Model files and archives are read whole (their tables are compressed
/// or chunked). Never throws for bad input: the problem is `error`, file and line named.
ImportPreview previewImport(const std::string& path, const ImportOptions& options = {},
                            const PreviewLimits& limits = {});

} // namespace embex::core
