// SPDX-License-Identifier: MIT
#include "core/io/embedding_export.h"

#include "core/analysis/item_popularity.h"
#include "core/io/atomic_file.h"
#include "core/io/npy_format.h"

#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace embex::core {
namespace {

    void appendFloat(std::string& line, float value)
    {
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        line.append(buffer, end);
    }

    // Tabs and line breaks would split a projector cell.
    std::string tsvCell(std::string_view text)
    {
        std::string cell(text);
        for (char& c : cell)
            if (c == '\t' || c == '\n' || c == '\r')
                c = ' ';
        return cell;
    }

    std::string csvCell(std::string_view text)
    {
        if (text.find_first_of(",\"\r\n") == std::string_view::npos)
            return std::string(text);
        std::string cell = "\"";
        for (char c : text) {
            if (c == '"')
                cell += '"';
            cell += c;
        }
        return cell + '"';
    }

    // Writes one file through AtomicFile, a line (or block) at a time from `next`.
    template <typename Lines>
    std::optional<Issue> writeFile(const std::string& path, Index count, Lines next)
    {
        AtomicFile file(path);
        if (!file.open())
            return file.error();
        std::string line;
        for (Index i = -1; i < count && !file.hasFailed(); ++i) { // -1: the header, if any
            line.clear();
            next(i, line);
            file.write(line);
        }
        return file.commit();
    }

    std::optional<Issue> writeProjector(const Dataset& data, const ItemMetadata& about, const RowMatrixXf& items,
                                        const std::string& dir, std::vector<std::string>& files)
    {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec)
            return Issue { dir, 0, "cannot create the folder: " + ec.message() };
        const std::string vectors = (std::filesystem::path(dir) / "vectors.tsv").string();
        const std::string metadata = (std::filesystem::path(dir) / "metadata.tsv").string();
        auto problem = writeFile(vectors, items.rows(), [&](Index i, std::string& line) {
            if (i < 0)
                return;
            for (Index j = 0; j < items.cols(); ++j) {
                if (j > 0)
                    line += '\t';
                appendFloat(line, items(i, j));
            }
            line += '\n';
        });
        if (problem)
            return problem;
        files.push_back(vectors);
        const std::vector<std::uint32_t> counts = itemRatingCounts(data.ratings, data.items.size());
        problem = writeFile(metadata, items.rows(), [&](Index i, std::string& line) {
            if (i < 0) {
                line = "id\ttitle\tgenres\tratings\n"; // several columns: the projector needs a header row
                return;
            }
            const std::string& id = data.items.rawId(static_cast<std::uint32_t>(i));
            line = tsvCell(id) + '\t' + tsvCell(about.title(id)) + '\t' + tsvCell(about.genresText(id)) + '\t'
                + std::to_string(counts[static_cast<std::size_t>(i)]) + '\n';
        });
        if (!problem)
            files.push_back(metadata);
        return problem;
    }

    std::optional<Issue> writeCsv(const IdMap& ids, const RowMatrixXf& items, const std::string& path)
    {
        return writeFile(path, items.rows(), [&](Index i, std::string& line) {
            line = i < 0 ? "id" : csvCell(ids.rawId(static_cast<std::uint32_t>(i)));
            for (Index j = 0; j < items.cols(); ++j) {
                line += ',';
                if (i < 0)
                    line += 'e' + std::to_string(j);
                else
                    appendFloat(line, items(i, j));
            }
            line += '\n';
        });
    }

    std::optional<Issue> writeNpy(const IdMap& rowIds, const RowMatrixXf& items, const std::string& path,
                                  std::vector<std::string>& files)
    {
        constexpr Index rowsPerBlock = 4096;
        auto problem = writeFile(path, (items.rows() + rowsPerBlock - 1) / rowsPerBlock,
                                 [&](Index b, std::string& block) {
                                     if (b < 0) {
                                         block = npyHeader(items.rows(), items.cols());
                                         return;
                                     }
                                     const Index rows = std::min(rowsPerBlock, items.rows() - b * rowsPerBlock);
                                     const float* start = items.data() + b * rowsPerBlock * items.cols();
                                     block.assign(reinterpret_cast<const char*>(start),
                                                  static_cast<std::size_t>(rows * items.cols()) * sizeof(float));
                                 });
        if (problem)
            return problem;
        files.push_back(path);
        const std::string ids = npyIdsPath(path);
        problem = writeFile(ids, items.rows(), [&](Index i, std::string& line) {
            if (i >= 0)
                line = rowIds.rawId(static_cast<std::uint32_t>(i)) + '\n';
        });
        if (!problem)
            files.push_back(ids);
        return problem;
    }

} // namespace

std::optional<ExportFormat> exportFormatFromName(std::string_view name)
{
    if (name == "tsv")
        return ExportFormat::Projector;
    if (name == "csv")
        return ExportFormat::Csv;
    if (name == "npy")
        return ExportFormat::Npy;
    return std::nullopt;
}

std::string npyIdsPath(const std::string& npyPath)
{
    std::filesystem::path path(npyPath);
    if (path.extension() == ".npy")
        path.replace_extension();
    return path.string() + ".ids.txt";
}

ExportOutcome exportEmbeddings(const Dataset& dataset, const EmbeddingSnapshot& snapshot, ExportFormat format,
                               const std::string& out, const ItemMetadata* metadata)
{
    const RowMatrixXf& items = snapshot.itemEmbeddings();
    if (items.size() == 0 || static_cast<std::size_t>(items.rows()) != dataset.items.size())
        throw std::invalid_argument("export needs an item_embedding with one row per dataset item");
    ExportOutcome outcome;
    switch (format) {
    case ExportFormat::Projector:
        outcome.error = writeProjector(dataset, metadata ? *metadata : dataset.metadata, items, out, outcome.files);
        break;
    case ExportFormat::Csv:
        outcome.error = writeCsv(dataset.items, items, out);
        if (!outcome.error)
            outcome.files.push_back(out);
        break;
    case ExportFormat::Npy: outcome.error = writeNpy(dataset.items, items, out, outcome.files); break;
    }
    return outcome;
}

ExportOutcome exportUserEmbeddings(const Dataset& dataset, const EmbeddingSnapshot& snapshot, ExportFormat format,
                                   const std::string& out)
{
    const RowMatrixXf* users = snapshot.userEmbeddings();
    if (!users || users->size() == 0 || static_cast<std::size_t>(users->rows()) != dataset.users.size())
        throw std::invalid_argument("exporting users needs a user_embedding with one row per dataset user");
    ExportOutcome outcome;
    switch (format) {
    case ExportFormat::Projector: throw std::invalid_argument("user vectors are written as csv or npy");
    case ExportFormat::Csv:
        outcome.error = writeCsv(dataset.users, *users, out);
        if (!outcome.error)
            outcome.files.push_back(out);
        break;
    case ExportFormat::Npy: outcome.error = writeNpy(dataset.users, *users, out, outcome.files); break;
    }
    return outcome;
}

} // namespace embex::core
