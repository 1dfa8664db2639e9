// SPDX-License-Identifier: MIT
#include "core/io/import_preview.h"

#include "core/io/keras_file.h"
#include "core/io/text_vectors.h"
#include "core/io/vector_rows.h"
#include "core/io/whole_file.h"
#include "core/io/word2vec_binary.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <variant>

namespace embex::core {
namespace {

    namespace fs = std::filesystem;

    std::string fileNameOf(const std::string& path)
    {
        return fs::path(path).filename().string();
    }

    std::string firstBytes(const std::string& path, std::size_t count)
    {
        std::ifstream in(path, std::ios::binary);
        std::string bytes(count, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(count));
        bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
        return bytes;
    }

    bool looksLikeProjectorJsonConfig(const std::string& path)
    {
        if (!path.ends_with(".json"))
            return false;
        const std::string start = firstBytes(path, 4096);
        return start.find("\"embeddings\"") != std::string::npos && start.find("\"features\"") == std::string::npos;
    }

    bool mentionsUsers(const std::string& name)
    {
        return loweredName(name).find("user") != std::string::npos;
    }

    // The config's entries; the chosen one's tensor and metadata become the preview's files.
    void followConfig(const std::string& configPath, ImportPreview& preview, std::string& labels)
    {
        auto config = readProjectorConfig(configPath);
        if (auto* issue = std::get_if<Issue>(&config)) {
            preview.error = *issue;
            return;
        }
        preview.embeddings = std::get<ProjectorConfig>(config).embeddings;
        if (preview.options.embedding.empty() && !preview.embeddings.empty())
            preview.options.embedding = preview.embeddings.front().name;
        for (const ProjectorEmbedding& e : preview.embeddings)
            if (e.name == preview.options.embedding) {
                preview.vectorsPath = e.tensorPath;
                labels = e.metadataPath;
            }
    }

    // Where the vectors and the labels are, as importEmbeddings resolves them.
    void locate(const std::string& path, ImportPreview& preview, std::string& labels)
    {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            for (const char* name : { "projector_config.pbtxt", "projector_config.json" })
                if (fs::is_regular_file(fs::path(path) / name, ec))
                    return followConfig((fs::path(path) / name).string(), preview, labels);
            if (fs::is_regular_file(fs::path(path) / "vectors.tsv", ec)) {
                preview.vectorsPath = (fs::path(path) / "vectors.tsv").string();
                if (fs::is_regular_file(fs::path(path) / "metadata.tsv", ec))
                    labels = (fs::path(path) / "metadata.tsv").string();
            }
            return; // a Spark folder: the import reads it
        }
        if (path.ends_with(".pbtxt") || looksLikeProjectorJsonConfig(path))
            return followConfig(path, preview, labels);
        preview.vectorsPath = path;
        const fs::path beside = fs::path(path).parent_path() / "metadata.tsv";
        if (fileNameOf(path) == "vectors.tsv" && preview.options.idsPath.empty() && fs::is_regular_file(beside, ec))
            labels = beside.string();
    }

    std::string cell(float value)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", static_cast<double>(value));
        return text;
    }

    void fillFirstRows(ImportPreview& preview, const std::vector<std::string>& ids, const float* values,
                       std::size_t rowCount, std::size_t limit)
    {
        preview.columns = { ids.empty() ? "row" : "id" };
        for (Index j = 0; j < preview.dimensions; ++j)
            preview.columns.push_back(std::to_string(j + 1));
        for (std::size_t r = 0; r < std::min(rowCount, limit); ++r) {
            std::vector<std::string> row { ids.empty() ? std::to_string(r) : ids[r] };
            for (Index j = 0; j < preview.dimensions; ++j)
                row.push_back(
                    cell(values[r * static_cast<std::size_t>(preview.dimensions) + static_cast<std::size_t>(j)]));
            preview.firstRows.push_back(std::move(row));
        }
    }

    // The layers or arrays a model file or archive offers, the items' and users' defaults, and the
    // chosen table's first rows in the file's order.
    void listTables(const std::string& path, const PreviewLimits& limits, ImportPreview& preview)
    {
        const auto read = readWholeFile(path);
        if (std::holds_alternative<Issue>(read))
            return; // the import names the problem
        const std::string& bytes = std::get<std::string>(read);
        ImportOptions& o = preview.options;
        std::vector<ZipMember> members;
        if (!looksLikeHdf5(bytes)) {
            auto archive = readZipArchive(path, bytes);
            if (std::holds_alternative<Issue>(archive))
                return;
            members = std::move(std::get<std::vector<ZipMember>>(archive));
        }
        const bool isKeras = looksLikeHdf5(bytes)
            || std::any_of(members.begin(), members.end(), [](const ZipMember& m) { return m.name == "config.json"; });
        const auto readTable = [&](VectorRows& rows) {
            std::string format;
            preview.layers.clear();
            preview.arrays.clear();
            if (looksLikeHdf5(bytes))
                return readKerasH5(path, bytes, o.layer, rows, format, &preview.layers);
            if (isKeras)
                return readKerasArchive(path, members, o.layer, rows, format, &preview.layers);
            return readNpz(path, members, { o.array, true }, rows, format, &preview.arrays);
        };
        VectorRows rows;
        if (readTable(rows)) {
            const std::vector<TableChoice>& tables = isKeras ? preview.layers : preview.arrays;
            std::string& items = isKeras ? o.layer : o.array;
            if (!items.empty() || tables.size() < 2)
                return; // the import names the problem
            for (const TableChoice& t : tables)
                if (!mentionsUsers(t.name)) {
                    items = t.name;
                    break;
                }
            if (items.empty() || readTable(rows = {}))
                return;
        }
        const std::vector<TableChoice>& tables = isKeras ? preview.layers : preview.arrays;
        const std::string& items = isKeras ? o.layer : o.array;
        if (limits.choosesUsers && o.userLayer.empty() && o.usersPath.empty() && tables.size() >= 2)
            for (const TableChoice& t : tables)
                if (mentionsUsers(t.name) && t.name != items) {
                    o.userLayer = t.name;
                    break;
                }
        preview.dimensions = rows.dimension;
        fillFirstRows(preview, rows.ids, rows.values.data(), rows.rowCount(), limits.rows);
    }

    // The statement's clauses say where ids, labels and users came from.
    void splitStatement(ImportPreview& preview)
    {
        std::string_view rest = preview.statement;
        while (!rest.empty()) {
            const std::size_t end = std::min(rest.find("; "), rest.size());
            const std::string clause(rest.substr(0, end));
            rest.remove_prefix(std::min(end + 2, rest.size()));
            if (preview.idSource.empty()
                && (clause.starts_with("ids from") || clause.find("rows numbered") != std::string::npos))
                preview.idSource = clause;
            else if (preview.labelSource.empty()
                     && (clause.starts_with("labels from") || clause.starts_with("titles ")))
                preview.labelSource = clause;
            else if (clause.find(" user vectors from ") != std::string::npos)
                preview.userSource = clause;
        }
    }

    void previewByImport(const std::string& path, const PreviewLimits& limits, ImportPreview& preview)
    {
        ImportOutcome outcome;
        try {
            outcome = importEmbeddings(path, preview.options);
        } catch (const std::exception& e) { // out of memory: a preview never throws
            outcome.error = Issue { path, 0, e.what() };
        }
        if (!outcome.ok()) {
            preview.error = outcome.error;
            return;
        }
        const RowMatrixXf& items = outcome.snapshot->itemEmbeddings();
        preview.format = outcome.snapshot->hyperparameters["format"];
        preview.rows = static_cast<std::size_t>(items.rows());
        preview.dimensions = items.cols();
        preview.statement = outcome.statement;
        if (preview.firstRows.empty()) { // a model's table shows in its file's order (listTables)
            std::vector<std::string> ids;
            for (std::size_t r = 0; r < std::min(preview.rows, limits.rows); ++r)
                ids.push_back(outcome.dataset->items.rawId(static_cast<std::uint32_t>(r)));
            fillFirstRows(preview, ids, items.data(), preview.rows, limits.rows);
        }
        splitStatement(preview);
    }

    // Text too large to read whole for a look: its head, up to the last whole line.
    void previewByHead(const std::string& path, std::uintmax_t size, const PreviewLimits& limits,
                       const std::string& labels, ImportPreview& preview)
    {
        std::string head = firstBytes(path, limits.headBytes);
        head.resize(head.rfind('\n') == std::string::npos ? head.size() : head.rfind('\n') + 1);
        const TextVectorOptions textOptions { preview.options.idColumn, !preview.options.idsPath.empty() };
        VectorRows rows;
        // A word2vec count line announces every row, more than the head holds: say the head's count
        // to the reader, and keep the announced one when the reader agrees it is a count line.
        long announced = -1;
        unsigned long n = 0, d = 0;
        char extra = 0;
        const std::size_t firstEnd = std::min(head.find('\n'), head.size());
        if (std::sscanf(head.substr(0, firstEnd).c_str(), "%lu %lu%c", &n, &d, &extra) == 2) {
            const std::vector<std::string_view> lines = splitLines(head);
            const auto vectorLines = std::count_if(lines.begin() + 1, lines.end(),
                                                   [](std::string_view l) { return !isBlank(l); });
            std::string counted = head;
            counted.replace(0, firstEnd, std::to_string(vectorLines) + " " + std::to_string(d));
            std::string format;
            if (!readTextVectors(path, counted, textOptions, rows, format) && format == "word2vec text") {
                announced = static_cast<long>(n);
                preview.format = format;
            } else {
                rows = {};
            }
        }
        if (announced < 0) {
            if (auto problem = readTextVectors(path, head, textOptions, rows, preview.format)) {
                preview.error = *problem;
                return;
            }
        }
        const std::vector<std::string_view> lines = splitLines(head);
        preview.dimensions = rows.dimension;
        const std::size_t headRows = rows.rowCount();
        if (headRows == 0) {
            preview.error = Issue { path, 0, "no vectors in the first " + withThousands(head.size()) + " bytes" };
            return;
        }
        if (announced >= 0) {
            preview.rows = static_cast<std::size_t>(announced);
        } else {
            const std::size_t firstRowAt = static_cast<std::size_t>(
                lines.size() > headRows ? lines[lines.size() - headRows].data() - head.data() : 0);
            const double perRow = static_cast<double>(head.size() - firstRowAt) / static_cast<double>(headRows);
            preview.rows = headRows + static_cast<std::size_t>(static_cast<double>(size - head.size()) / perRow + 0.5);
            preview.isRowCountEstimated = true;
        }
        fillFirstRows(preview, rows.ids, rows.values.data(), headRows, limits.rows);

        const std::string about = preview.isRowCountEstimated ? "about " : "";
        preview.statement = about + withThousands(preview.rows) + " vectors × " + std::to_string(rows.dimension)
            + " dimensions from " + fileNameOf(path) + " (" + preview.format + ")";
        if (!rows.idSource.empty())
            preview.idSource = "ids from " + rows.idSource;
        // the labels' own id column, found by reading them as the import would, as many as they are
        // (the vectors' count is an estimate)
        if (!labels.empty() && rows.ids.empty()) {
            std::size_t labelLines = 0;
            if (const auto read = readWholeFile(labels); const auto* text = std::get_if<std::string>(&read)) {
                const std::vector<std::string_view> all = splitLines(*text);
                labelLines = all.size();
                while (labelLines > 0 && isBlank(all[labelLines - 1]))
                    --labelLines;
            }
            for (std::size_t count : { labelLines, labelLines - std::min<std::size_t>(labelLines, 1) }) {
                auto read = readProjectorLabels(labels, count, path);
                if (auto* found = std::get_if<ProjectorLabels>(&read)) {
                    if (found->idColumn)
                        preview.idSource = "ids from " + fileNameOf(labels) + "'s column '"
                            + found->columns[*found->idColumn] + "'";
                    const std::size_t columns = found->columnCount();
                    preview.labelSource = "labels from " + fileNameOf(labels) + ", " + std::to_string(columns)
                        + (columns == 1 ? " column" : " columns");
                    break;
                }
            }
            if (preview.labelSource.empty())
                preview.labelSource = "labels from " + fileNameOf(labels);
        }
        if (preview.idSource.empty())
            preview.idSource = "no id column: rows numbered 0–" + about
                + withThousands(std::max<std::size_t>(preview.rows, 1) - 1);
        preview.statement += "; " + preview.idSource;
        for (const std::string& note : rows.notes)
            preview.statement += "; " + note;
        if (!preview.labelSource.empty())
            preview.statement += "; " + preview.labelSource;
    }

    // Formats only importEmbeddings tells apart: binary files, JSON Lines.
    bool isPlainText(std::string_view start)
    {
        const std::size_t firstChar = start.find_first_not_of(" \t\r\n");
        return !looksLikeHdf5(start) && !start.starts_with("PK\x03\x04") && !start.starts_with("\x93NUMPY")
            && !looksLikeWord2vecBinary(start) && !(start.size() >= 2 && static_cast<unsigned char>(start[0]) == 0x80)
            && (firstChar == std::string_view::npos || start[firstChar] != '{');
    }

} // namespace

ImportPreview previewImport(const std::string& path, const ImportOptions& options, const PreviewLimits& limits)
{
    ImportPreview preview;
    preview.options = options;
    std::string labels;
    locate(path, preview, labels);
    if (!preview.ok())
        return preview;
    if (!options.metadataPath.empty())
        labels = options.metadataPath;
    preview.metadataPath = labels;

    std::error_code ec;
    const bool isFile = !preview.vectorsPath.empty() && fs::is_regular_file(preview.vectorsPath, ec);
    const std::string start = isFile ? firstBytes(preview.vectorsPath, 4096) : std::string();
    if (looksLikeHdf5(start) || start.starts_with("PK\x03\x04"))
        listTables(preview.vectorsPath, limits, preview);
    const std::uintmax_t size = isFile ? fs::file_size(preview.vectorsPath, ec) : 0;
    const bool isLargeText = isFile && !ec && size > limits.fullReadBytes && size > limits.headBytes
        && isPlainText(start) && preview.options.usersPath.empty() && preview.options.userLayer.empty();
    if (isLargeText)
        previewByHead(preview.vectorsPath, size, limits, labels, preview);
    else
        previewByImport(path, limits, preview);
    const bool isText = preview.format == "TSV" || preview.format == "CSV"
        || preview.format.ends_with("separated text");
    if (isText && preview.dimensions > 0)
        preview.textColumns = static_cast<std::size_t>(preview.dimensions)
            + (preview.idSource.starts_with("ids from column") ? 1 : 0);
    if (preview.vectorsPath.empty())
        preview.vectorsPath = path;
    return preview;
}

} // namespace embex::core
