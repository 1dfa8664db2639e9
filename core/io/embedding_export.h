// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/models/embedding_snapshot.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

enum class ExportFormat {
    Projector, ///< TensorBoard projector: OUT/vectors.tsv (no header) + OUT/metadata.tsv (header id, title, genres,
               ///< ratings)
    Csv,       ///< OUT: header "id,e0,…,e{d-1}", then the raw id and the vector of every item
    Npy,       ///< OUT: float32 n × d C-order .npy, plus npyIdsPath(OUT) with one raw id per line
};

/// "tsv" (the projector), "csv", "npy"; nullopt for anything else.
std::optional<ExportFormat> exportFormatFromName(std::string_view name);

/// Where the ids of `npyPath` go: "items.npy" → "items.ids.txt".
std::string npyIdsPath(const std::string& npyPath);

struct ExportOutcome {
    std::vector<std::string> files; ///< what was written, on success
    std::optional<Issue> error;     ///< the path and reason, on failure

    bool ok() const { return !error; }
};

/// Writes the snapshot's item embeddings (rows in dense-index order, so row i is
/// dataset.items.rawId(i)) in `format`. Numbers are written in the shortest form that reads back
/// to the same float, so export → import reproduces the matrix exactly. Each file is written
/// atomically; the projector's folder is created when missing. Throws std::invalid_argument when
/// the item_embedding rows differ from the dataset's item count. The projector's titles and
/// genres come from `metadata`, or from the dataset's own when it is null.
ExportOutcome exportEmbeddings(const Dataset& dataset, const EmbeddingSnapshot& snapshot, ExportFormat format,
                               const std::string& out, const ItemMetadata* metadata = nullptr);

/// The same for the user vectors (row u = dataset.users.rawId(u)), as CSV or .npy + ids, which
/// `import --users` reads back. Throws std::invalid_argument when the snapshot has no
/// user_embedding with one row per dataset user, or for the projector format.
ExportOutcome exportUserEmbeddings(const Dataset& dataset, const EmbeddingSnapshot& snapshot, ExportFormat format,
                                   const std::string& out);

} // namespace embex::core
