// SPDX-License-Identifier: MIT
// The TensorFlow Embedding Projector's files, as TensorBoard and the standalone projector read
// them: a metadata.tsv whose line i labels row i of the vectors, and the configs that name the
// tensors (projector_config.pbtxt in a TensorBoard log folder, a JSON config for the standalone
// projector).
#pragma once

#include "core/data/issue.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace embex::core {

/// A metadata.tsv: one label a line and no header, or a header row and several tab-separated
/// columns. Labels are labels: empty ones keep their row's place, repeats are normal.
struct ProjectorLabels {
    std::string path;
    std::vector<std::string> columns;            ///< the header's names; empty: one unnamed column
    std::vector<std::vector<std::string>> cells; ///< one per vector row, one cell per column
    long firstLine = 1;                          ///< the file line of row 0, for reports
    std::optional<std::size_t> idColumn;         ///< a column named as ids ("id", "movieId", …)
    std::size_t titleColumn = 0;                 ///< "title", "name", "label", or the first other column
    std::optional<std::size_t> genresColumn;     ///< "genres", '|' between genres
    std::vector<std::string> notes;              ///< what was assumed (an encoding, a header)

    std::size_t columnCount() const { return columns.empty() ? 1 : columns.size(); }
};

/// Reads `path` as the labels of `vectorRows` rows of `vectorsPath`. Text that is not UTF-8 is
/// read as Windows-1252 (and said). Blank lines at the end beyond the rows are dropped; a
/// one-column file with exactly one line more than the rows has a header (said). Any other count
/// is an Issue naming both counts and both files.
std::variant<ProjectorLabels, Issue> readProjectorLabels(const std::string& path, std::size_t vectorRows,
                                                         const std::string& vectorsPath);

/// One embedding a projector config lists.
struct ProjectorEmbedding {
    std::string name;         ///< tensor_name / tensorName
    std::string tensorPath;   ///< resolved against the config's folder; empty: in a checkpoint
    std::string metadataPath; ///< resolved likewise; empty: none
    std::vector<long> shape;  ///< tensor_shape / tensorShape, when given
};

struct ProjectorConfig {
    std::string path;
    std::vector<ProjectorEmbedding> embeddings;
    std::string checkpoint; ///< model_checkpoint_path / modelCheckpointPath, when given
    /// The standalone projector's JSON config, which reads a tensor not named *.tsv as float32 bytes;
    /// TensorBoard's projector_config.pbtxt names TSV tensors only.
    bool isStandalone = false;
};

/// projector_config.pbtxt (protobuf text: `embeddings { tensor_name: "…" tensor_path: "…"
/// metadata_path: "…" }`) or a standalone projector JSON config (`{"embeddings": [{"tensorName",
/// "tensorShape", "tensorPath", "metadataPath"}]}`), chosen by the text's first character.
std::variant<ProjectorConfig, Issue> readProjectorConfig(const std::string& path);

/// The entry named `wanted`, or the only one; otherwise an Issue listing the names to choose from.
std::variant<ProjectorEmbedding, Issue> chooseEmbedding(const ProjectorConfig& config, const std::string& wanted);

} // namespace embex::core
