// SPDX-License-Identifier: MIT
#include "core/io/embedding_import.h"

#include "core/io/embedding_export.h"
#include "core/io/json_feature_line.h"
#include "core/io/npy_format.h"
#include "core/io/whole_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fast_float/fast_float.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>
#include <variant>

namespace embex::core {
namespace {

    // Rows as read, in file order, before they are sorted into IdMap order.
    struct RawRows {
        std::vector<std::string> ids;
        std::vector<long> lines; // where each row came from, for duplicate reports
        std::string idFile;      // the file the ids came from
        std::vector<float> values;
        Index dimension = 0;
    };

    // The bytes, or the Issue (missing, a folder, changed while read) with `what` in front.
    std::variant<std::string, Issue> readAll(const std::string& path, const char* what = "")
    {
        auto read = readWholeFile(path);
        if (auto* issue = std::get_if<Issue>(&read))
            issue->message = what + issue->message;
        return read;
    }

    // Lines without their terminators, numbered from 1; blank lines are skipped by callers.
    std::vector<std::string_view> splitLines(std::string_view text)
    {
        std::vector<std::string_view> lines;
        while (!text.empty()) {
            const std::size_t end = std::min(text.find('\n'), text.size());
            std::string_view line = text.substr(0, end);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            lines.push_back(line);
            text.remove_prefix(std::min(end + 1, text.size()));
        }
        return lines;
    }

    bool isBlank(std::string_view line)
    {
        return line.find_first_not_of(" \t") == std::string_view::npos;
    }

    std::vector<std::string> splitFields(std::string_view line, char delimiter)
    {
        std::vector<std::string> fields;
        if (delimiter == ' ') {
            std::size_t pos = 0;
            while ((pos = line.find_first_not_of(" \t", pos)) != std::string_view::npos) {
                const std::size_t end = std::min(line.find_first_of(" \t", pos), line.size());
                fields.emplace_back(line.substr(pos, end - pos));
                pos = end;
            }
            return fields;
        }
        std::string field;
        bool quoted = false;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted) {
                if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                    field += line[++i];
                else if (c == '"')
                    quoted = false;
                else
                    field += c;
            } else if (c == '"' && field.empty()) {
                quoted = true;
            } else if (c == delimiter) {
                fields.push_back(std::move(field));
                field.clear();
            } else {
                field += c;
            }
        }
        fields.push_back(std::move(field));
        return fields;
    }

    bool parseNumber(std::string_view text, float& value)
    {
        while (!text.empty() && text.front() == ' ')
            text.remove_prefix(1);
        while (!text.empty() && text.back() == ' ')
            text.remove_suffix(1);
        auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
        return ec == std::errc() && end == text.data() + text.size();
    }

    bool parseFloat(std::string_view text, float& value)
    {
        return parseNumber(text, value) && std::isfinite(value);
    }

    std::optional<Issue> readIdsFile(const std::string& path, RawRows& rows)
    {
        const auto read = readAll(path, "ids file: ");
        if (const auto* issue = std::get_if<Issue>(&read))
            return *issue;
        const auto lines = splitLines(std::get<std::string>(read));
        rows.idFile = path;
        for (std::size_t l = 0; l < lines.size(); ++l) {
            std::string_view id = lines[l].substr(0, lines[l].find('\t'));
            if (l == 0 && id == "id")
                continue; // a projector metadata.tsv's header
            if (lines[l].empty() && l + 1 == lines.size())
                break;
            rows.ids.emplace_back(id);
            rows.lines.push_back(static_cast<long>(l + 1));
        }
        return std::nullopt;
    }

    std::optional<Issue> readText(const std::string& path, std::string_view text, bool hasIdColumn, RawRows& rows)
    {
        const auto lines = splitLines(text);
        std::size_t first = 0;
        while (first < lines.size() && isBlank(lines[first]))
            ++first;
        if (first == lines.size())
            return Issue { path, 0, "the file has no rows" };
        const std::string_view sample = lines[first];
        const char delimiter = sample.find('\t') != std::string_view::npos ? '\t'
            : sample.find(',') != std::string_view::npos                   ? ','
            : sample.find(';') != std::string_view::npos                   ? ';'
                                                                           : ' ';
        std::vector<std::string> head = splitFields(sample, delimiter);
        std::size_t idColumn = 0;
        float ignored = 0;
        const bool hasHeader = std::any_of(head.begin() + (hasIdColumn ? 1 : 0), head.end(),
                                           [&](const std::string& f) { return !parseNumber(f, ignored); });
        if (hasHeader && hasIdColumn) {
            for (std::size_t c = 0; c < head.size(); ++c) {
                std::string name = head[c];
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char ch) { return std::tolower(ch); });
                if (name == "id" || name == "item" || name == "itemid" || name == "item_id" || name == "movieid"
                    || name == "movie_id") {
                    idColumn = c;
                    break;
                }
            }
        }
        const std::size_t width = head.size();
        rows.dimension = static_cast<Index>(width - (hasIdColumn ? 1 : 0));
        if (rows.dimension < 1)
            return Issue { path, static_cast<long>(first + 1), "a row needs at least one number besides the id" };
        if (hasIdColumn)
            rows.idFile = path;
        for (std::size_t l = first + (hasHeader ? 1 : 0); l < lines.size(); ++l) {
            if (isBlank(lines[l]))
                continue;
            const auto line = static_cast<long>(l + 1);
            const std::vector<std::string> fields = splitFields(lines[l], delimiter);
            if (fields.size() != width)
                return Issue {
                    path, line, "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size())
                };
            for (std::size_t c = 0; c < width; ++c) {
                if (hasIdColumn && c == idColumn) {
                    rows.ids.push_back(fields[c]);
                    rows.lines.push_back(line);
                    continue;
                }
                float v = 0;
                if (!parseFloat(fields[c], v))
                    return Issue {
                        path, line, "'" + fields[c] + "' in column " + std::to_string(c + 1) + " is not a finite number"
                    };
                rows.values.push_back(v);
            }
        }
        return std::nullopt;
    }

    // Lines [from, to) of JSON Lines into `rows`; stops at the first problem and returns it.
    std::optional<Issue> readJsonLineRange(const std::string& path, std::string_view text,
                                           const std::vector<std::string_view>& lines, std::size_t from, std::size_t to,
                                           RawRows& rows)
    {
        JsonFeatureLineReader reader;
        JsonFeatureLine parsed;
        for (std::size_t l = from; l < to; ++l) {
            if (isBlank(lines[l]))
                continue;
            const auto line = static_cast<long>(l + 1);
            // The rest of the file lies after the line, so most lines are parsed where they are.
            const auto readable = static_cast<std::size_t>(text.data() + text.size() - lines[l].data());
            if (std::string problem = reader.parse(lines[l], parsed, readable); !problem.empty())
                return Issue { path, line, problem };
            const auto d = static_cast<Index>(parsed.features.size());
            if (d == 0)
                return Issue { path, line, "\"features\" is empty" };
            if (rows.dimension == 0) {
                rows.dimension = d;
                rows.values.reserve((to - l) * parsed.features.size());
            }
            if (d != rows.dimension)
                return Issue { path, line,
                               std::to_string(d) + " features where earlier rows have "
                                   + std::to_string(rows.dimension) };
            rows.ids.push_back(parsed.id);
            rows.lines.push_back(line);
            rows.values.insert(rows.values.end(), parsed.features.begin(), parsed.features.end());
        }
        return std::nullopt;
    }

    // simdjson picks its fastest indexing (stage 1) at run time, but its On Demand walk over the
    // values and numbers is compiled for the build's baseline CPU, so big files are parsed in
    // chunks of lines on every core. The chunks join in file order, and the problem reported is
    // the one a reading from the top meets first.
    std::optional<Issue> readJsonLines(const std::string& path, std::string_view text, RawRows& rows)
    {
        const auto lines = splitLines(text);
        struct Chunk {
            RawRows rows;
            std::optional<Issue> problem;
        };
        const long chunkCount = static_cast<long>(std::clamp<std::size_t>(lines.size() / 2048, 1, 256));
        std::vector<Chunk> chunks(static_cast<std::size_t>(chunkCount));
#pragma omp parallel for schedule(dynamic, 1)
        for (long c = 0; c < chunkCount; ++c) {
            const std::size_t from = lines.size() * static_cast<std::size_t>(c) / static_cast<std::size_t>(chunkCount);
            const std::size_t to = lines.size() * static_cast<std::size_t>(c + 1)
                / static_cast<std::size_t>(chunkCount);
            Chunk& chunk = chunks[static_cast<std::size_t>(c)];
            chunk.problem = readJsonLineRange(path, text, lines, from, to, chunk.rows);
        }
        for (Chunk& chunk : chunks) {
            const Index d = chunk.rows.dimension;
            if (d != 0 && rows.dimension != 0 && d != rows.dimension) // a chunk agrees with its first row
                return Issue { path, chunk.rows.lines.front(),
                               std::to_string(d) + " features where earlier rows have "
                                   + std::to_string(rows.dimension) };
            if (rows.dimension == 0)
                rows.dimension = d;
            std::move(chunk.rows.ids.begin(), chunk.rows.ids.end(), std::back_inserter(rows.ids));
            rows.lines.insert(rows.lines.end(), chunk.rows.lines.begin(), chunk.rows.lines.end());
            rows.values.insert(rows.values.end(), chunk.rows.values.begin(), chunk.rows.values.end());
            std::vector<float>().swap(chunk.rows.values);
            if (chunk.problem)
                return chunk.problem;
        }
        rows.idFile = path;
        return std::nullopt;
    }

    // A Spark output folder holds part-*.json files (and _SUCCESS, .crc files to skip).
    std::vector<std::string> jsonFilesIn(const std::string& dir)
    {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (entry.is_regular_file() && name[0] != '.' && name[0] != '_'
                && (name.ends_with(".json") || name.starts_with("part-")))
                files.push_back(entry.path().string());
        }
        std::sort(files.begin(), files.end());
        return files;
    }

    // Ids present once each and as many as rows; the rows' count on success.
    std::variant<std::size_t, Issue> checkRows(const RawRows& rows, const std::string& path)
    {
        const std::size_t n = rows.dimension > 0 ? rows.values.size() / static_cast<std::size_t>(rows.dimension) : 0;
        if (n == 0)
            return Issue { path, 0, "no embeddings found" };
        if (rows.ids.size() != n)
            return Issue { rows.idFile, 0,
                           std::to_string(rows.ids.size()) + " ids for " + std::to_string(n) + " rows in " + path };
        std::unordered_map<std::string_view, long> seen;
        for (std::size_t r = 0; r < n; ++r) {
            if (rows.ids[r].empty())
                return Issue { rows.idFile, rows.lines[r], "the id is empty" };
            if (auto [it, fresh] = seen.emplace(rows.ids[r], rows.lines[r]); !fresh)
                return Issue { rows.idFile, rows.lines[r],
                               "id '" + rows.ids[r] + "' appears twice (first at line " + std::to_string(it->second)
                                   + ")" };
        }
        return n;
    }

    // The rows in IdMap order (ascending raw id), with the IdMap.
    RowMatrixXf matrixInIdOrder(const RawRows& rows, std::size_t n, IdMap& ids)
    {
        std::vector<std::uint32_t> dense;
        ids = IdMap::fromAppearanceOrder(rows.ids, dense);
        RowMatrixXf matrix(static_cast<Index>(n), rows.dimension);
        for (std::size_t r = 0; r < n; ++r)
            matrix.row(dense[r]) = Eigen::Map<const RowVectorXf>(
                rows.values.data() + r * static_cast<std::size_t>(rows.dimension), rows.dimension);
        return matrix;
    }

    ImportOutcome assemble(RawRows rows, const std::string& path, const std::string& format,
                           const ImportOptions& options)
    {
        ImportOutcome outcome;
        const auto checked = checkRows(rows, path);
        if (const auto* issue = std::get_if<Issue>(&checked)) {
            outcome.error = *issue;
            return outcome;
        }
        auto data = std::make_shared<Dataset>();
        RowMatrixXf matrix = matrixInIdOrder(rows, std::get<std::size_t>(checked), data->items);
        data->sourceFile = path;
        data->metadata = options.metadata;
        auto snapshot = std::make_shared<EmbeddingSnapshot>();
        snapshot->modelKind = importedModelKind;
        snapshot->hyperparameters = { { "source", path },
                                      { "format", format },
                                      { "dimension", std::to_string(rows.dimension) } };
        snapshot->parameters.push_back({ "item_embedding", std::move(matrix) });
        outcome.dataset = std::move(data);
        outcome.snapshot = std::move(snapshot);
        return outcome;
    }

    // Any of the formats at `path` (a file, or a folder of Spark part files) into `rows`.
    std::optional<Issue> readRows(const std::string& path, const std::string& idsPath, RawRows& rows,
                                  std::string& format)
    {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            const auto files = jsonFilesIn(path);
            if (files.empty())
                return Issue { path, 0, "the folder has no .json or part-* files" };
            for (const std::string& file : files) {
                const auto read = readAll(file);
                if (const auto* issue = std::get_if<Issue>(&read))
                    return *issue;
                if (auto problem = readJsonLines(file, std::get<std::string>(read), rows))
                    return problem;
            }
            rows.idFile = path;
            format = "json lines";
            return std::nullopt;
        }
        const auto read = readAll(path);
        if (const auto* issue = std::get_if<Issue>(&read))
            return *issue;
        const std::string* text = std::get_if<std::string>(&read);
        const std::size_t firstChar = text->find_first_not_of(" \t\r\n");
        if (text->starts_with("\x93NUMPY") || path.ends_with(".npy")) {
            format = "npy";
            auto matrix = parseNpy(*text, path);
            if (auto* issue = std::get_if<Issue>(&matrix))
                return *issue;
            const RowMatrixXf& m = std::get<RowMatrixXf>(matrix);
            rows.dimension = m.cols();
            rows.values.assign(m.data(), m.data() + m.size());
            return readIdsFile(idsPath.empty() ? npyIdsPath(path) : idsPath, rows);
        }
        if (firstChar != std::string::npos && (*text)[firstChar] == '{') {
            format = "json lines";
            return readJsonLines(path, *text, rows);
        }
        format = "text";
        if (auto problem = readText(path, *text, idsPath.empty(), rows))
            return problem;
        if (!idsPath.empty())
            return readIdsFile(idsPath, rows);
        return std::nullopt;
    }

    // The user vectors beside the items': same dimension, ids once each; "user_embedding" and the
    // users IdMap on success.
    std::optional<Issue> addUsers(const ImportOptions& options, ImportOutcome& outcome)
    {
        RawRows rows;
        std::string format;
        if (auto problem = readRows(options.usersPath, options.userIdsPath, rows, format))
            return problem;
        const auto checked = checkRows(rows, options.usersPath);
        if (const auto* issue = std::get_if<Issue>(&checked))
            return *issue;
        const Index d = outcome.snapshot->itemEmbeddings().cols();
        // A row's line is a line of usersPath itself for one text or JSON Lines file.
        std::error_code ec;
        const bool hasLines = format != "npy" && rows.idFile == options.usersPath
            && !std::filesystem::is_directory(options.usersPath, ec);
        if (rows.dimension != d)
            return Issue { options.usersPath, hasLines ? rows.lines.front() : 0,
                           "user vectors have " + std::to_string(rows.dimension) + " numbers where the item vectors ("
                               + outcome.dataset->sourceFile + ") have " + std::to_string(d) };
        RowMatrixXf users = matrixInIdOrder(rows, std::get<std::size_t>(checked), outcome.dataset->users);
        outcome.snapshot->parameters.push_back({ "user_embedding", std::move(users) });
        outcome.snapshot->hyperparameters["users_source"] = options.usersPath;
        return std::nullopt;
    }

} // namespace

ImportOutcome importEmbeddings(const std::string& path, const ImportOptions& options)
{
    ImportOutcome failed;
    RawRows rows;
    std::string format;
    if (auto problem = readRows(path, options.idsPath, rows, format)) {
        failed.error = *problem;
        return failed;
    }
    ImportOutcome outcome = assemble(std::move(rows), path, format, options);
    if (outcome.ok() && !options.usersPath.empty()) {
        if (auto problem = addUsers(options, outcome)) {
            failed.error = *problem;
            return failed;
        }
    }
    return outcome;
}

} // namespace embex::core
