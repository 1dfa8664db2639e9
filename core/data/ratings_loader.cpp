// SPDX-License-Identifier: MIT
#include "core/data/ratings_loader.h"

#include "core/data/field_splitter.h"
#include "core/data/metadata_loader.h"
#include "core/data/text_sample.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <unordered_map>

#include <fast_float/fast_float.h>

namespace embex::core {
namespace {

    constexpr std::size_t blockSize = 8 << 20;
    constexpr std::size_t maxLineLength = 1 << 20;

    /// Numbers raw ids in order of appearance; keys are owned here, lookups take views.
    /// Canonical small integers ("0", "42", not "042") skip hashing: a direct table maps the
    /// value to its index, which is what makes MovieLens-style files fast to read.
    class IdCollector {
    public:
        std::uint32_t add(std::string_view id)
        {
            // Files are often grouped by user: the previous row's id is a cheap first guess.
            if (!m_ids.empty() && id == m_ids[m_last])
                return m_last;
            if (const std::uint32_t value = smallInteger(id); value != notSmall)
                return m_last = addSmall(value, id);
            auto it = m_index.find(id);
            if (it != m_index.end())
                return m_last = it->second;
            return m_last = append(id);
        }
        /// Hands the ids over; the collector is empty afterwards.
        std::vector<std::string> take()
        {
            m_index.clear();
            m_byValue.clear();
            std::vector<std::string> ids(std::make_move_iterator(m_ids.begin()), std::make_move_iterator(m_ids.end()));
            m_ids.clear();
            m_last = 0;
            return ids;
        }

    private:
        static constexpr std::uint32_t notSmall = ~0u;
        static constexpr std::uint32_t tableLimit = 1u << 24; // 64 MB of table at most

        std::deque<std::string> m_ids; // deque: growing never moves the strings the index views
        std::unordered_map<std::string_view, std::uint32_t> m_index;
        std::vector<std::uint32_t> m_byValue; // value → index + 1; 0 = not seen
        std::uint32_t m_last = 0;

        static std::uint32_t smallInteger(std::string_view id)
        {
            if (id.empty() || id.size() > 8 || (id[0] == '0' && id.size() > 1))
                return notSmall;
            std::uint32_t value = 0;
            for (char c : id) {
                if (c < '0' || c > '9')
                    return notSmall;
                value = value * 10 + static_cast<std::uint32_t>(c - '0');
            }
            return value < tableLimit ? value : notSmall;
        }

        std::uint32_t addSmall(std::uint32_t value, std::string_view id)
        {
            if (value >= m_byValue.size())
                m_byValue.resize(std::min<std::size_t>(tableLimit, std::max<std::size_t>(value + 1, m_byValue.size() * 2)), 0);
            std::uint32_t& slot = m_byValue[value];
            if (slot == 0) {
                // Kept out of m_index: a canonical integer id can only ever arrive through here.
                m_ids.emplace_back(id);
                slot = static_cast<std::uint32_t>(m_ids.size());
            }
            return slot - 1;
        }

        std::uint32_t append(std::string_view id)
        {
            const std::string& owned = m_ids.emplace_back(id);
            const auto index = static_cast<std::uint32_t>(m_ids.size() - 1);
            m_index.emplace(owned, index);
            return index;
        }
    };

    class RowParser {
    public:
        RowParser(const std::string& fileName, const FileFormat& format, const LoadOptions& options, LoadReport& report)
            : m_fileName(fileName)
            , m_format(format)
            , m_options(options)
            , m_report(report)
            , m_splitter(format.delimiter)
        {
        }

        RatingsTable table;
        IdCollector users;
        IdCollector items;
        std::optional<Issue> fatal; // strict mode: the first problem

        void parse(std::string_view line, long lineNumber)
        {
            ++m_report.rowsRead;
            std::string error;
            if (!m_splitter.split(line, m_fields, error))
                return problem(lineNumber, error);
            if (static_cast<int>(m_fields.size()) != m_format.fieldCount)
                return problem(lineNumber, "expected " + std::to_string(m_format.fieldCount) + " fields, found "
                        + std::to_string(m_fields.size()));
            const std::string_view user = m_fields[static_cast<std::size_t>(m_format.userColumn)];
            const std::string_view item = m_fields[static_cast<std::size_t>(m_format.itemColumn)];
            if (user.empty())
                return problem(lineNumber, "empty user id");
            if (item.empty())
                return problem(lineNumber, "empty item id");
            float rating = 1.0f;
            if (m_format.ratingColumn >= 0) {
                const std::string_view text = m_fields[static_cast<std::size_t>(m_format.ratingColumn)];
                auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), rating);
                if (ec != std::errc() || end != text.data() + text.size() || text.empty())
                    return problem(lineNumber, "rating '" + clip(text) + "' is not a number");
                if (!std::isfinite(rating))
                    return problem(lineNumber, "rating '" + clip(text) + "' is not a finite number");
            }
            std::int64_t timestamp = 0;
            if (m_format.timestampColumn >= 0) {
                const std::string_view text = m_fields[static_cast<std::size_t>(m_format.timestampColumn)];
                auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), timestamp);
                if (ec != std::errc() || end != text.data() + text.size())
                    return problem(lineNumber, "timestamp '" + clip(text) + "' is not a whole number");
            }
            table.users.push_back(users.add(user));
            table.items.push_back(items.add(item));
            table.ratings.push_back(rating);
            if (m_format.timestampColumn >= 0)
                table.timestamps.push_back(timestamp);
        }

        void problem(long lineNumber, std::string message)
        {
            ++m_report.rowsSkipped;
            Issue issue { m_fileName, lineNumber, std::move(message) };
            if (m_options.strict && !fatal)
                fatal = issue;
            if (m_report.problems.size() < m_options.maxProblems)
                m_report.problems.push_back(std::move(issue));
        }

    private:
        const std::string& m_fileName;
        const FileFormat& m_format;
        const LoadOptions& m_options;
        LoadReport& m_report;
        FieldSplitter m_splitter;
        std::vector<std::string_view> m_fields;

        static std::string clip(std::string_view text)
        {
            return text.size() > 40 ? std::string(text.substr(0, 40)) + "…" : std::string(text);
        }
    };

    // One reservation sized from the first block's line length: growing by doubling would
    // double the peak memory of a large load.
    void reserveFromSample(RatingsTable& table, std::string_view sample, std::uint64_t fileSize, bool timestamps)
    {
        const auto lines = static_cast<std::uint64_t>(std::count(sample.begin(), sample.end(), '\n')) + 1;
        const double bytesPerLine = static_cast<double>(sample.size()) / static_cast<double>(lines);
        const auto rows = static_cast<std::size_t>(static_cast<double>(fileSize) / std::max(bytesPerLine, 2.0) * 1.02) + 16;
        table.reserve(rows);
        if (timestamps)
            table.timestamps.reserve(rows);
    }

    void remap(std::vector<std::uint32_t>& column, const std::vector<std::uint32_t>& dense)
    {
        for (auto& v : column)
            v = dense[v];
    }

} // namespace

std::string LoadReport::skippedSummary() const
{
    if (rowsSkipped == 0)
        return {};
    std::string text = std::to_string(rowsSkipped) + (rowsSkipped == 1 ? " row skipped" : " rows skipped");
    if (!problems.empty())
        text += ", first: " + problems.front().toString();
    return text;
}

LoadOutcome loadRatings(const std::string& path, const LoadOptions& options, const LoadProgress& progress,
                        std::stop_token stop)
{
    LoadOutcome outcome;
    auto fail = [&](long line, std::string message) {
        outcome.status = LoadOutcome::Status::Failed;
        outcome.error = Issue { path, line, std::move(message) };
        return outcome;
    };

    std::error_code ec;
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        return fail(0, ec.message());
    if (std::filesystem::is_directory(path, ec))
        return fail(0, "is a folder, not a file");
    if (fileSize == 0)
        return fail(0, "the file is empty");

    FileFormat format;
    if (options.format) {
        format = *options.format;
    } else {
        FormatDetection detection = detectFormat(path, 0);
        if (!detection.format) {
            outcome.status = LoadOutcome::Status::Failed;
            outcome.error = detection.error;
            return outcome;
        }
        format = *detection.format;
    }
    const int columns[] = { format.userColumn, format.itemColumn, format.ratingColumn, format.timestampColumn };
    for (int c : columns)
        if (c >= format.fieldCount || c < -1 || format.userColumn < 0 || format.itemColumn < 0)
            return fail(0, "the column roles do not fit a " + std::to_string(format.fieldCount) + "-field format");
    outcome.report.format = format;

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        return fail(0, std::strerror(errno));

    RowParser parser(path, format, options, outcome.report);

    std::string buffer;
    buffer.reserve(blockSize + maxLineLength);
    std::vector<char> block(blockSize);
    std::uint64_t bytesDone = 0;
    long lineNumber = 0;
    bool headerPending = format.hasHeader;
    bool firstBlock = true;
    bool discardingLongLine = false;

    auto handleLine = [&](std::string_view line) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            return;
        if (headerPending) {
            headerPending = false;
            return;
        }
        parser.parse(line, lineNumber);
    };

    while (true) {
        if (stop.stop_requested()) {
            outcome.status = LoadOutcome::Status::Cancelled;
            return outcome;
        }
        const std::size_t got = std::fread(block.data(), 1, block.size(), file.get());
        if (std::ferror(file.get()))
            return fail(0, std::string("read error: ") + std::strerror(errno));
        if (got == 0)
            break;
        std::string_view chunk(block.data(), got);
        if (firstBlock) {
            firstBlock = false;
            if (std::string reason = describeNonText(chunk); !reason.empty())
                return fail(0, reason);
            chunk.remove_prefix(utf8BomLength(chunk));
            reserveFromSample(parser.table, chunk, fileSize, format.timestampColumn >= 0);
        }
        bytesDone += got;

        std::size_t pos = 0;
        while (pos < chunk.size()) {
            const std::size_t newline = chunk.find('\n', pos);
            if (newline == std::string_view::npos) {
                if (!discardingLongLine)
                    buffer.append(chunk.substr(pos));
                if (buffer.size() > maxLineLength) {
                    ++lineNumber;
                    parser.problem(lineNumber, "line is longer than 1 MiB; is this a ratings file?");
                    --lineNumber; // counted again when its newline arrives
                    buffer.clear();
                    discardingLongLine = true;
                }
                break;
            }
            if (discardingLongLine) {
                discardingLongLine = false;
                ++lineNumber;
            } else if (!buffer.empty()) {
                buffer.append(chunk.substr(pos, newline - pos));
                handleLine(buffer);
                buffer.clear();
            } else {
                handleLine(chunk.substr(pos, newline - pos));
            }
            if (parser.fatal)
                return fail(parser.fatal->line, parser.fatal->message);
            pos = newline + 1;
        }
        if (progress)
            progress(std::min(bytesDone, fileSize), fileSize);
    }
    if (!buffer.empty() && !discardingLongLine)
        handleLine(buffer);
    if (parser.fatal)
        return fail(parser.fatal->line, parser.fatal->message);
    if (bytesDone != fileSize)
        return fail(0, "the file changed while it was being read (" + std::to_string(fileSize) + " bytes expected, "
                + std::to_string(bytesDone) + " read)");

    RatingsTable& table = parser.table;
    if (table.empty()) {
        if (outcome.report.rowsRead == 0)
            return fail(0, format.hasHeader ? "the file has a header but no data rows" : "the file has no data rows");
        const Issue& first = outcome.report.problems.front();
        return fail(first.line, "no valid rows (" + std::to_string(outcome.report.rowsSkipped) + " skipped); first problem: "
                + first.message);
    }

    auto dataset = std::make_shared<Dataset>();
    dataset->sourceFile = path;
    dataset->format = format;
    std::vector<std::uint32_t> dense;
    dataset->users = IdMap::fromAppearanceOrder(parser.users.take(), dense);
    remap(table.users, dense);
    dataset->items = IdMap::fromAppearanceOrder(parser.items.take(), dense);
    remap(table.items, dense);
    auto [lo, hi] = std::minmax_element(table.ratings.begin(), table.ratings.end());
    dataset->ratingMin = *lo;
    dataset->ratingMax = *hi;
    table.users.shrink_to_fit();
    table.items.shrink_to_fit();
    table.ratings.shrink_to_fit();
    table.timestamps.shrink_to_fit();
    dataset->ratings = std::move(table);

    if (options.findMetadata) {
        if (auto found = findMetadataBeside(path)) {
            MetadataOutcome metadata = loadItemMetadata(*found);
            if (metadata.ok()) {
                outcome.report.notes.push_back(Issue { metadata.metadata.sourceFile, 0,
                    "item metadata: " + std::to_string(metadata.metadata.items.size()) + " titles" });
                dataset->metadata = std::move(metadata.metadata);
            } else {
                outcome.report.notes.push_back(Issue { metadata.error.file, metadata.error.line,
                    "item metadata not used: " + metadata.error.message });
            }
        }
    }
    outcome.dataset = std::move(dataset);
    outcome.status = LoadOutcome::Status::Loaded;
    return outcome;
}

} // namespace embex::core
