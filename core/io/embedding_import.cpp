// SPDX-License-Identifier: MIT
#include "core/io/embedding_import.h"

#include "core/data/huge_pages.h"
#include "core/data/metadata_loader.h"
#include "core/io/embedding_export.h"
#include "core/io/json_feature_line.h"
#include "core/io/keras_file.h"
#include "core/io/mapped_file.h"
#include "core/io/npy_format.h"
#include "core/io/npz_file.h"
#include "core/io/projector_files.h"
#include "core/io/text_vectors.h"
#include "core/io/vector_rows.h"
#include "core/io/whole_file.h"
#include "core/io/word2vec_binary.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>
#include <variant>

namespace embex::core {
namespace {

    namespace fs = std::filesystem;

    std::string fileName(const std::string& path)
    {
        return fs::path(path).filename().string();
    }

    // The bytes, or the Issue (missing, a folder, changed while read) with `what` in front.
    std::variant<std::string, Issue> readAll(const std::string& path, const char* what = "")
    {
        auto read = readWholeFile(path);
        if (auto* issue = std::get_if<Issue>(&read))
            issue->message = what + issue->message;
        return read;
    }

    std::optional<Issue> readIdsFile(const std::string& path, VectorRows& rows)
    {
        const auto read = readAll(path, "ids file: ");
        if (const auto* issue = std::get_if<Issue>(&read))
            return *issue;
        const auto lines = splitLines(std::get<std::string>(read));
        rows.idFile = path;
        rows.idSource = fileName(path);
        rows.ids.clear();
        rows.lines.clear();
        for (std::size_t l = 0; l < lines.size(); ++l) {
            std::string_view id = lines[l].substr(0, lines[l].find('\t'));
            if (l == 0 && id == "id")
                continue; // a header
            if (lines[l].empty() && l + 1 == lines.size())
                break;
            rows.ids.emplace_back(id);
            rows.lines.push_back(static_cast<long>(l + 1));
        }
        return std::nullopt;
    }

    std::variant<std::size_t, Issue> checkRows(const VectorRows& rows, const std::string& path, bool numbered = false)
    {
        const std::size_t n = rows.dimension > 0 ? rows.values.size() / static_cast<std::size_t>(rows.dimension) : 0;
        if (n == 0)
            return Issue { path, 0, "no embeddings found" };
        if (rows.ids.size() != n)
            return Issue { rows.idFile, 0,
                           withThousands(rows.ids.size()) + " ids for " + withThousands(n) + " vectors in " + path };
        if (numbered)
            return n; // 0, 1, 2, …: unique by construction
        std::unordered_map<std::string_view, long> seen;
        for (std::size_t r = 0; r < n; ++r) {
            if (rows.ids[r].empty())
                return Issue { rows.idFile, rows.lines[r], "the id is empty" };
            if (auto [it, fresh] = seen.emplace(rows.ids[r], rows.lines[r]); !fresh)
                return Issue { rows.idFile, rows.lines[r],
                               "id '" + rows.ids[r] + "' appears twice"
                                   + (it->second > 0 ? " (first at line " + std::to_string(it->second) + ")" : "")
                                   + "; ids name one row each — labels that repeat belong in the metadata "
                                     "(--metadata)" };
        }
        return n;
    }

    // The rows in IdMap order (ascending raw id), with the IdMap.
    RowMatrixXf matrixInIdOrder(const VectorRows& rows, std::size_t n, IdMap& ids)
    {
        std::vector<std::uint32_t> dense;
        ids = IdMap::fromAppearanceOrder(rows.ids, dense);
        RowMatrixXf matrix(static_cast<Index>(n), rows.dimension);
        // fresh pages: huge ones where allowed, first touched on every thread
        adviseHugePages(matrix.data(), static_cast<std::size_t>(matrix.size()) * sizeof(float));
#pragma omp parallel for schedule(static)
        for (long r = 0; r < static_cast<long>(n); ++r)
            matrix.row(dense[static_cast<std::size_t>(r)]) = Eigen::Map<const RowVectorXf>(
                rows.values.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(rows.dimension),
                rows.dimension);
        return matrix;
    }

    // A Spark output folder holds part-*.json files (and _SUCCESS, .crc files to skip).
    std::vector<std::string> jsonFilesIn(const std::string& dir)
    {
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (entry.is_regular_file() && name[0] != '.' && name[0] != '_'
                && (name.ends_with(".json") || name.starts_with("part-")) && name != "projector_config.json")
                files.push_back(entry.path().string());
        }
        std::sort(files.begin(), files.end());
        return files;
    }

    // Where the vectors are, once folders and configs are followed, and the labels found beside.
    struct Source {
        std::string vectors;
        std::string labels;      // a Projector metadata.tsv named by a config or lying in the folder
        std::string container;   // "Projector folder", "projector_config.pbtxt", …; empty for a plain file
        std::vector<long> shape; // the config's stated shape
        long rawColumns = 0;     // the standalone projector's binary tensor: float32, this many a row
        bool sparkFolder = false;
    };

    bool isProjectorJsonConfig(const std::string& path)
    {
        if (!path.ends_with(".json"))
            return false;
        std::ifstream in(path, std::ios::binary);
        std::string start(4096, '\0');
        in.read(start.data(), static_cast<std::streamsize>(start.size()));
        start.resize(static_cast<std::size_t>(in.gcount()));
        return start.find("\"embeddings\"") != std::string::npos && start.find("\"features\"") == std::string::npos;
    }

    std::optional<Issue> fromConfig(const std::string& configPath, const ImportOptions& options, Source& source)
    {
        auto config = readProjectorConfig(configPath);
        if (auto* issue = std::get_if<Issue>(&config))
            return *issue;
        auto chosen = chooseEmbedding(std::get<ProjectorConfig>(config), options.embedding);
        if (auto* issue = std::get_if<Issue>(&chosen))
            return *issue;
        const ProjectorEmbedding& e = std::get<ProjectorEmbedding>(chosen);
        if (e.tensorPath.empty()) {
            std::string checkpoint = std::get<ProjectorConfig>(config).checkpoint;
            // none named: TensorBoard takes the latest in the log folder, as load_variable does given it
            std::error_code ec;
            const fs::path folder = fs::path(configPath).parent_path();
            if (checkpoint.empty() && fs::is_regular_file(folder / "checkpoint", ec))
                checkpoint = folder.empty() ? "." : folder.string();
            return Issue { configPath, 0,
                           "the embedding '" + e.name + "' lives in a TensorFlow checkpoint"
                               + (checkpoint.empty() ? "" : " (" + checkpoint + ")")
                               + ", which Embex does not read; write it as a TSV with one line of Python and import "
                                 "that: python3 -c \"import numpy as np, tensorflow as tf; np.savetxt('vectors.tsv', "
                                 "tf.train.load_variable('"
                               + (checkpoint.empty() ? "CHECKPOINT" : checkpoint) + "', '" + e.name
                               + "'), delimiter='\\t')\"" };
        }
        source.vectors = e.tensorPath;
        source.labels = e.metadataPath;
        if (std::get<ProjectorConfig>(config).isStandalone && !e.tensorPath.ends_with("tsv")) {
            // the standalone projector reads any other tensor as raw float32
            if (e.shape.size() != 2 || e.shape[1] < 1)
                return Issue { configPath, 0,
                               "the embedding '" + e.name
                                   + "' is a binary tensor, which needs its tensorShape [rows, dimensions]" };
            source.rawColumns = e.shape[1];
        }
        source.container = fileName(configPath) + ", embedding '" + e.name + "'";
        source.shape = e.shape;
        return std::nullopt;
    }

    std::optional<Issue> resolve(const std::string& path, const ImportOptions& options, Source& source)
    {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            if (path.ends_with(".pbtxt") || isProjectorJsonConfig(path))
                return fromConfig(path, options, source);
            source.vectors = path;
            // the Projector's pair: a vectors.tsv is labelled by the metadata.tsv beside it
            const fs::path beside = fs::path(path).parent_path() / "metadata.tsv";
            if (fileName(path) == "vectors.tsv" && options.idsPath.empty() && fs::is_regular_file(beside, ec)) {
                source.labels = beside.string();
                source.container = "Projector pair";
            }
            return std::nullopt;
        }
        for (const char* name : { "projector_config.pbtxt", "projector_config.json" })
            if (fs::is_regular_file(fs::path(path) / name, ec))
                return fromConfig((fs::path(path) / name).string(), options, source);
        if (fs::is_regular_file(fs::path(path) / "vectors.tsv", ec)) {
            source.vectors = (fs::path(path) / "vectors.tsv").string();
            if (fs::is_regular_file(fs::path(path) / "metadata.tsv", ec))
                source.labels = (fs::path(path) / "metadata.tsv").string();
            source.container = "Projector folder";
            return std::nullopt;
        }
        if (jsonFilesIn(path).empty())
            return Issue { path, 0,
                           "the folder has no vectors.tsv, projector_config.pbtxt or .json, nor Spark part-* files" };
        source.vectors = path;
        source.sparkFolder = true;
        return std::nullopt;
    }

    // What the first bytes say a file is, for the formats Embex refuses to read.
    std::optional<std::string> refusedKind(std::string_view bytes)
    {
        if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x80 && bytes[1] >= 2 && bytes[1] <= 5)
            return "a Python pickle, which Embex never runs (unpickling executes code): save the matrix with "
                   "numpy.save (.npy) or as a TSV";
        return std::nullopt;
    }

    // A Keras model (.keras zip, .h5) or an .npz: the chosen table, its ids when the file holds them.
    std::optional<Issue> readModelFile(const std::string& path, std::string_view bytes, const ImportOptions& options,
                                       const std::string& idsPath, VectorRows& rows, std::string& format)
    {
        if (looksLikeHdf5(bytes))
            return readKerasH5(path, bytes, options.layer, rows, format);
        auto members = readZipArchive(path, bytes, rows.progress);
        if (const auto* issue = std::get_if<Issue>(&members))
            return *issue;
        const auto& list = std::get<std::vector<ZipMember>>(members);
        if (std::any_of(list.begin(), list.end(), [](const ZipMember& m) { return m.name == "config.json"; }))
            return readKerasArchive(path, list, options.layer, rows, format);
        if (auto problem = readNpz(path, list, { options.array, idsPath.empty() }, rows, format))
            return problem;
        if (!idsPath.empty())
            return readIdsFile(idsPath, rows);
        std::error_code ec;
        const std::string besideIds = (path.ends_with(".npz") ? path.substr(0, path.size() - 4) : path) + ".ids.txt";
        if (rows.ids.empty() && fs::is_regular_file(besideIds, ec))
            return readIdsFile(besideIds, rows);
        return std::nullopt;
    }

    std::optional<Issue> readRowsOf(const Source& source, const ImportOptions& options, const std::string& idsPath,
                                    VectorRows& rows, std::string& format)
    {
        const std::string& path = source.vectors;
        if (source.sparkFolder) {
            const std::vector<std::string> files = jsonFilesIn(path);
            if (rows.progress) {
                std::size_t total = 0;
                std::error_code ec;
                for (const std::string& file : files) {
                    const std::uintmax_t size = fs::file_size(file, ec);
                    total += ec ? 0 : static_cast<std::size_t>(size);
                }
                rows.progress->begin("reading " + fileName(path), total);
            }
            for (const std::string& file : files) {
                const auto read = readAll(file);
                if (const auto* issue = std::get_if<Issue>(&read))
                    return *issue;
                if (auto problem = readJsonLines(file, std::get<std::string>(read), rows))
                    return problem;
            }
            rows.idFile = path;
            rows.idSource = "\"id\"";
            format = "Spark JSON Lines folder";
            return std::nullopt;
        }
        auto mapped = MappedFile::open(path);
        if (const auto* issue = std::get_if<Issue>(&mapped))
            return *issue;
        const std::string_view text = std::get<MappedFile>(mapped).bytes();
        if (rows.progress && !looksLikeHdf5(text) && !text.starts_with("PK\x03\x04")) // those count their own
            rows.progress->begin("reading " + fileName(path), text.size());
        if (source.rawColumns > 0) {
            format = "float32 tensor";
            const auto rowBytes = static_cast<std::size_t>(source.rawColumns) * sizeof(float);
            if (text.size() % rowBytes != 0)
                return Issue { path, 0,
                               std::to_string(text.size()) + " bytes are not whole rows of "
                                   + std::to_string(source.rawColumns)
                                   + " float32 numbers (the config's tensorShape)" };
            rows.dimension = source.rawColumns;
            rows.values.resize(text.size() / sizeof(float));
            std::memcpy(rows.values.data(), text.data(), text.size());
            for (std::size_t i = 0; i < rows.values.size(); ++i)
                if (!std::isfinite(rows.values[i]))
                    return Issue { path, 0,
                                   "row " + std::to_string(i / static_cast<std::size_t>(source.rawColumns) + 1)
                                       + " holds a number that is not finite" };
            return std::nullopt;
        }
        if (looksLikeHdf5(text) || text.starts_with("PK\x03\x04"))
            return readModelFile(path, text, options, idsPath, rows, format);
        if (auto refused = refusedKind(text))
            return Issue { path, 0, "this is " + *refused };
        if (text.starts_with("\x93NUMPY") || path.ends_with(".npy")) {
            format = "npy";
            auto matrix = parseNpy(text, path);
            if (auto* issue = std::get_if<Issue>(&matrix))
                return *issue;
            const RowMatrixXf& m = std::get<RowMatrixXf>(matrix);
            rows.dimension = m.cols();
            rows.values.assign(m.data(), m.data() + m.size());
            return readIdsFile(idsPath.empty() ? npyIdsPath(path) : idsPath, rows);
        }
        if (looksLikeWord2vecBinary(text)) {
            format = "word2vec binary";
            return readWord2vecBinary(path, text, rows);
        }
        const std::size_t firstChar = text.find_first_not_of(" \t\r\n");
        if (firstChar != std::string_view::npos && text[firstChar] == '{') {
            format = "JSON Lines";
            rows.idSource = "\"id\"";
            return readJsonLines(path, text, rows);
        }
        TextVectorOptions textOptions { options.idColumn, !idsPath.empty() };
        if (auto problem = readTextVectors(path, text, textOptions, rows, format))
            return problem;
        if (!idsPath.empty())
            return readIdsFile(idsPath, rows);
        return std::nullopt;
    }

    // The rows of `source`, its stage of rows.progress finished on success.
    std::optional<Issue> readRows(const Source& source, const ImportOptions& options, const std::string& idsPath,
                                  VectorRows& rows, std::string& format)
    {
        auto problem = readRowsOf(source, options, idsPath, rows, format);
        if (!problem && rows.progress)
            rows.progress->finish();
        return problem;
    }

    // Ids for rows that have none: the labels' id column, else the row numbers (true).
    bool giveIds(VectorRows& rows, const ProjectorLabels* labels)
    {
        if (!rows.ids.empty())
            return false;
        const std::size_t n = rows.rowCount();
        rows.lines.assign(n, 0);
        if (labels && labels->idColumn) {
            for (std::size_t r = 0; r < n; ++r) {
                rows.ids.push_back(labels->cells[r][*labels->idColumn]);
                rows.lines[r] = labels->firstLine + static_cast<long>(r);
            }
            rows.idFile = labels->path;
            rows.idSource = fileName(labels->path) + "'s column '" + labels->columns[*labels->idColumn] + "'";
            return false;
        }
        for (std::size_t r = 0; r < n; ++r)
            rows.ids.push_back(std::to_string(r));
        rows.idSource.clear();
        rows.notes.insert(rows.notes.begin(), "no id column: rows numbered 0–" + std::to_string(n == 0 ? 0 : n - 1));
        return true;
    }

    // Titles (and genres) from the labels, row by row; the ids are the rows'.
    ItemMetadata metadataFromLabels(const ProjectorLabels& labels, const VectorRows& rows)
    {
        ItemMetadata metadata;
        metadata.sourceFile = labels.path;
        std::unordered_map<std::string, std::uint16_t> genreIndex;
        for (std::size_t r = 0; r < labels.cells.size(); ++r) {
            ItemInfo info;
            info.title = labels.cells[r][labels.titleColumn];
            if (labels.genresColumn) {
                std::string_view genres = labels.cells[r][*labels.genresColumn];
                while (!genres.empty()) {
                    const std::size_t bar = std::min(genres.find('|'), genres.size());
                    const std::string genre(genres.substr(0, bar));
                    genres.remove_prefix(std::min(bar + 1, genres.size()));
                    if (genre.empty())
                        continue;
                    auto [it, fresh] = genreIndex.emplace(genre,
                                                          static_cast<std::uint16_t>(metadata.genreNames.size()));
                    if (fresh)
                        metadata.genreNames.push_back(genre);
                    info.genres.push_back(it->second);
                }
            }
            metadata.items.emplace(rows.ids[r], std::move(info));
        }
        return metadata;
    }

    std::string labelsClause(const ProjectorLabels& labels)
    {
        const std::size_t columns = labels.columnCount();
        std::string clause = "labels from " + fileName(labels.path) + ", " + std::to_string(columns)
            + (columns == 1 ? " column" : " columns");
        if (columns > 1)
            clause += " (titles from '" + labels.columns[labels.titleColumn] + "'"
                + (labels.genresColumn ? ", genres from '" + labels.columns[*labels.genresColumn] + "'" : "") + ")";
        return clause;
    }

    std::size_t matching(const ItemMetadata& metadata, const std::vector<std::string>& ids)
    {
        return static_cast<std::size_t>(
            std::count_if(ids.begin(), ids.end(), [&](const std::string& id) { return metadata.find(id) != nullptr; }));
    }

    // The user vectors beside the items': same dimension, ids once each; "user_embedding" and the
    // users IdMap on success.
    std::optional<Issue> addUsers(const std::string& usersPath, const ImportOptions& options, ImportProgress& progress,
                                  ImportOutcome& outcome)
    {
        VectorRows rows;
        rows.stop = options.stop;
        rows.progress = &progress;
        std::string format;
        Source source;
        if (auto problem = resolve(usersPath, {}, source))
            return problem;
        ImportOptions usersOptions;
        usersOptions.layer = options.userLayer;
        usersOptions.array = options.userLayer;
        if (auto problem = readRows(source, usersOptions, options.userIdsPath, rows, format))
            return problem;
        const bool numbered = giveIds(rows, nullptr);
        const auto checked = checkRows(rows, usersPath);
        if (const auto* issue = std::get_if<Issue>(&checked))
            return *issue;
        const Index d = outcome.snapshot->itemEmbeddings().cols();
        if (rows.dimension != d)
            return Issue { usersPath, rows.lines.empty() ? 0 : rows.lines.front(),
                           "user vectors have " + std::to_string(rows.dimension) + " numbers where the item vectors ("
                               + outcome.dataset->sourceFile + ") have " + std::to_string(d) };
        RowMatrixXf users = matrixInIdOrder(rows, std::get<std::size_t>(checked), outcome.dataset->users);
        outcome.snapshot->parameters.push_back({ "user_embedding", std::move(users) });
        outcome.snapshot->hyperparameters["users_source"] = usersPath;
        outcome.statement += "; " + withThousands(outcome.dataset->users.size()) + " user vectors from ";
        if (format.starts_with("Keras")) { // its clauses say which layer and where the ids came from
            for (std::size_t i = 0; i < rows.notes.size(); ++i)
                if (!rows.notes[i].starts_with("a subclassed model")) // the items' clause said it
                    outcome.statement += (i ? ", " : "") + rows.notes[i];
        } else {
            outcome.statement += fileName(usersPath);
            for (const std::string& note : rows.notes)
                if (note.starts_with("array '")) // an .npz's
                    outcome.statement += " " + note;
            outcome.statement += numbered ? " (rows numbered)" : "";
        }
        return std::nullopt;
    }

    ImportOutcome failure(Issue issue)
    {
        ImportOutcome failed;
        failed.error = std::move(issue);
        return failed;
    }

} // namespace

ImportOutcome importEmbeddings(const std::string& path, const ImportOptions& options)
{
    Source source;
    if (auto problem = resolve(path, options, source))
        return failure(*problem);
    if (!options.metadataPath.empty())
        source.labels = options.metadataPath;
    ImportProgress progress(options.progress);
    VectorRows rows;
    rows.stop = options.stop;
    rows.progress = &progress;
    std::string format;
    if (auto problem = readRows(source, options, options.idsPath, rows, format))
        return failure(*problem);
    if (options.stop.stop_requested()) // a format read in one piece (Keras, npz) finishes first
        return failure(Issue { source.vectors, 0, "the import was stopped" });
    const std::size_t n = rows.rowCount();
    if (n == 0)
        return failure(Issue { source.vectors, 0, "no embeddings found" });

    // Labels by line for rows without ids of their own; metadata by id for rows with them.
    std::optional<ProjectorLabels> labels;
    std::optional<ItemMetadata> keyed;
    if (!source.labels.empty() && rows.ids.empty()) {
        auto read = readProjectorLabels(source.labels, n, source.vectors);
        if (auto* issue = std::get_if<Issue>(&read))
            return failure(*issue);
        labels = std::move(std::get<ProjectorLabels>(read));
    } else if (!source.labels.empty()) {
        MetadataOutcome loaded = loadItemMetadata(source.labels);
        if (!loaded.ok()) {
            loaded.error.message += " (these vectors have their own ids, so the metadata is joined by id; labels "
                                    "by line go with vectors that have no id column)";
            return failure(loaded.error);
        }
        keyed = std::move(loaded.metadata);
    }
    const bool numbered = giveIds(rows, labels ? &*labels : nullptr);
    const auto checked = checkRows(rows, source.vectors, numbered);
    if (const auto* issue = std::get_if<Issue>(&checked))
        return failure(*issue);

    auto data = std::make_shared<Dataset>();
    std::string statement = withThousands(n) + " vectors × " + std::to_string(rows.dimension) + " dimensions from "
        + fileName(source.vectors) + " (" + (source.container.empty() ? format : source.container + ", " + format)
        + ")";
    if (!rows.idSource.empty())
        statement += "; ids from " + rows.idSource;
    for (const std::string& note : rows.notes)
        statement += "; " + note;
    if (!source.shape.empty()
        && (source.shape.size() != 2 || source.shape[0] != static_cast<long>(n)
            || source.shape[1] != static_cast<long>(rows.dimension)))
        statement += "; the config's shape (" + std::to_string(source.shape.front())
            + (source.shape.size() > 1 ? " × " + std::to_string(source.shape[1]) : "")
            + ") disagrees with the data: the data is used";
    if (labels) {
        data->metadata = metadataFromLabels(*labels, rows);
        statement += "; " + labelsClause(*labels);
        for (const std::string& note : labels->notes)
            statement += "; " + note;
    } else if (keyed) {
        data->metadata = std::move(*keyed);
        statement += "; titles from " + fileName(source.labels) + " for "
            + withThousands(matching(data->metadata, rows.ids)) + " of " + withThousands(n) + " ids";
    } else if (!options.metadata.empty() && !numbered) { // row numbers are not the open dataset's ids
        data->metadata = options.metadata;
        const std::size_t found = matching(data->metadata, rows.ids);
        statement += "; titles of the open dataset for " + withThousands(found) + " of " + withThousands(n) + " ids";
    }
    RowMatrixXf matrix = matrixInIdOrder(rows, std::get<std::size_t>(checked), data->items);
    data->sourceFile = path;
    auto snapshot = std::make_shared<EmbeddingSnapshot>();
    snapshot->modelKind = importedModelKind;
    snapshot->hyperparameters = { { "source", path },
                                  { "format", format },
                                  { "dimension", std::to_string(rows.dimension) } };
    snapshot->parameters.push_back({ "item_embedding", std::move(matrix) });
    ImportOutcome outcome;
    outcome.dataset = std::move(data);
    outcome.snapshot = std::move(snapshot);
    outcome.statement = std::move(statement);
    if (!options.usersPath.empty() || !options.userLayer.empty())
        if (auto problem = addUsers(options.usersPath.empty() ? path : options.usersPath, options, progress, outcome))
            return failure(*problem);
    return outcome;
}

} // namespace embex::core
