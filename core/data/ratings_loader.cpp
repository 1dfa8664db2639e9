// SPDX-License-Identifier: MIT
#include "core/data/ratings_loader.h"

#include "core/data/huge_pages.h"
#include "core/data/metadata_loader.h"
#include "core/data/row_parser.h"
#include "core/data/text_sample.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <thread>
#include <utility>

namespace embex::core {
namespace {

    constexpr std::size_t blockSize = 8 << 20;
    constexpr std::size_t maxLineLength = 1 << 20;
    constexpr std::size_t minBytesPerThread = 1 << 20;

    // One reservation sized from the first block's line length: growing by doubling would
    // double the peak memory of a large load.
    void reserveFromSample(RatingsTable& table, std::string_view sample, std::uint64_t fileSize, bool timestamps)
    {
        const auto lines = static_cast<std::uint64_t>(std::count(sample.begin(), sample.end(), '\n')) + 1;
        const double bytesPerLine = static_cast<double>(sample.size()) / static_cast<double>(lines);
        const auto rows = static_cast<std::size_t>(static_cast<double>(fileSize) / std::max(bytesPerLine, 2.0) * 1.02) + 16;
        reserveOnHugePages(table.users, rows);
        reserveOnHugePages(table.items, rows);
        reserveOnHugePages(table.ratings, rows);
        if (timestamps)
            reserveOnHugePages(table.timestamps, rows);
    }

    void remap(std::vector<std::uint32_t>& column, const std::vector<std::uint32_t>& dense)
    {
        for (auto& v : column)
            v = dense[v];
    }

    /// The whole file's rows, in file order, with ids numbered by first appearance in the file.
    /// Parsers work on parts of a block in parallel with ids of their own; merging them in part
    /// order keeps both the row order and the id order exactly what one thread would produce.
    class RowMerger {
    public:
        RowMerger(std::uint64_t fileSize, std::size_t parsers, std::size_t maxProblems)
            : users(fileSize)
            , items(fileSize)
            , m_userMaps(parsers)
            , m_itemMaps(parsers)
            , m_maxProblems(maxProblems)
        {
        }

        RatingsTable table;
        IdCollector users;
        IdCollector items;

        void merge(RowParser& parser, std::size_t index, LoadReport& report)
        {
            extend(m_userMaps[index], parser.users, users);
            extend(m_itemMaps[index], parser.items, items);
            const auto& userMap = m_userMaps[index];
            const auto& itemMap = m_itemMaps[index];
            for (std::uint32_t u : parser.rows.users)
                table.users.push_back(userMap[u]);
            for (std::uint32_t i : parser.rows.items)
                table.items.push_back(itemMap[i]);
            table.ratings.insert(table.ratings.end(), parser.rows.ratings.begin(), parser.rows.ratings.end());
            table.timestamps.insert(table.timestamps.end(), parser.rows.timestamps.begin(), parser.rows.timestamps.end());
            report.rowsRead += std::exchange(parser.rowsRead, 0);
            report.rowsSkipped += std::exchange(parser.rowsSkipped, 0);
            for (Issue& problem : parser.problems)
                if (report.problems.size() < m_maxProblems)
                    report.problems.push_back(std::move(problem));
            parser.clearBatch();
        }

    private:
        std::vector<std::vector<std::uint32_t>> m_userMaps; // per parser: local id → file id
        std::vector<std::vector<std::uint32_t>> m_itemMaps;
        std::size_t m_maxProblems;

        static void extend(std::vector<std::uint32_t>& map, const IdCollector& local, IdCollector& global)
        {
            for (auto l = static_cast<std::uint32_t>(map.size()); l < local.size(); ++l)
                map.push_back(global.add(local.id(l)));
        }
    };

    /// Splits whole lines into up to `parts` pieces of similar size, each ending in '\n'.
    std::vector<std::string_view> splitAtLines(std::string_view body, std::size_t parts)
    {
        std::vector<std::string_view> pieces;
        std::size_t start = 0;
        for (std::size_t k = 1; k <= parts && start < body.size(); ++k) {
            std::size_t end = body.size();
            if (k < parts) {
                const std::size_t target = std::max(start, body.size() * k / parts);
                const std::size_t newline = body.find('\n', target);
                end = newline == std::string_view::npos ? body.size() : newline + 1;
            }
            pieces.push_back(body.substr(start, end - start));
            start = end;
        }
        return pieces;
    }

    std::size_t threadCount(int requested)
    {
        if (requested > 0)
            return static_cast<std::size_t>(std::min(requested, 64));
        return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
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
    if (std::filesystem::is_directory(path, ec))
        return fail(0, "is a folder, not a file");
    const std::uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        return fail(0, ec.message());
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

    const std::size_t threads = threadCount(options.threads);
    std::vector<RowParser> parsers;
    parsers.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t)
        parsers.emplace_back(path, format, fileSize, options.strict, options.maxProblems);
    RowMerger merger(fileSize, threads, options.maxProblems);
    LoadReport& report = outcome.report;

    std::string carry; // the start of a line that continues in the next block
    std::vector<char> block(static_cast<std::size_t>(std::min<std::uint64_t>(blockSize, fileSize + 1)));
    std::uint64_t bytesDone = 0;
    long lineNumber = 0; // lines completed so far
    bool headerPending = format.hasHeader;
    bool firstBlock = true;
    bool discardingLongLine = false;

    // A complete line outside the parallel parts (one across two blocks, or the header),
    // merged at once so parsers hold nothing but their part's rows when the threads start.
    auto serialLine = [&](std::string_view line) -> const Issue* {
        ++lineNumber;
        if (headerPending) {
            if (line.find_first_not_of(" \t\r") != std::string_view::npos)
                headerPending = false;
            return nullptr;
        }
        parsers[0].parseLine(line, lineNumber);
        if (parsers[0].fatal)
            return &*parsers[0].fatal;
        merger.merge(parsers[0], 0, report);
        return nullptr;
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
            reserveFromSample(merger.table, chunk, fileSize, format.timestampColumn >= 0);
        }
        bytesDone += got;

        // Finish the line the previous block started.
        const std::size_t firstNewline = chunk.find('\n');
        if (!carry.empty() || discardingLongLine) {
            if (firstNewline == std::string_view::npos) {
                if (!discardingLongLine)
                    carry.append(chunk);
                chunk = {};
            } else {
                if (discardingLongLine)
                    ++lineNumber;
                else if (const Issue* fatal = serialLine(carry.append(chunk.substr(0, firstNewline))))
                    return fail(fatal->line, fatal->message);
                carry.clear();
                discardingLongLine = false;
                chunk.remove_prefix(firstNewline + 1);
            }
        }
        // The header is the first non-blank line.
        while (headerPending && !chunk.empty()) {
            const std::size_t newline = chunk.find('\n');
            if (newline == std::string_view::npos)
                break;
            if (const Issue* fatal = serialLine(chunk.substr(0, newline)))
                return fail(fatal->line, fatal->message);
            chunk.remove_prefix(newline + 1);
        }
        // Whole lines go to the parsers; the unfinished last one waits for the next block.
        const std::size_t lastNewline = chunk.rfind('\n');
        const std::string_view body = lastNewline == std::string_view::npos ? std::string_view() : chunk.substr(0, lastNewline + 1);
        const std::string_view tail = chunk.substr(body.size());
        if (!discardingLongLine)
            carry.append(tail);
        const bool lineTooLong = carry.size() > maxLineLength;
        if (lineTooLong) {
            carry.clear();
            discardingLongLine = true;
        }

        const std::vector<std::string_view> parts = splitAtLines(body, std::clamp<std::size_t>(body.size() / minBytesPerThread, 1, threads));
        std::vector<long> lineCounts(parts.size(), 0);
        std::vector<std::exception_ptr> errors(parts.size());
        auto work = [&](std::size_t t) {
            try {
                lineCounts[t] = parsers[t].parseLines(parts[t], 1); // every part ends in '\n'
            } catch (...) {
                errors[t] = std::current_exception();
            }
        };
        {
            std::vector<std::jthread> workers;
            for (std::size_t t = 1; t < parts.size(); ++t)
                workers.emplace_back(work, t);
            if (!parts.empty())
                work(0);
        }
        for (const auto& error : errors)
            if (error)
                std::rethrow_exception(error);
        // Parts numbered their lines from 1: shift them to the file's numbers, then merge in order.
        for (std::size_t t = 0; t < parts.size(); ++t) {
            for (Issue& problem : parsers[t].problems)
                problem.line += lineNumber;
            if (parsers[t].fatal)
                return fail(parsers[t].fatal->line + lineNumber, parsers[t].fatal->message);
            merger.merge(parsers[t], t, report);
            lineNumber += lineCounts[t];
        }
        if (lineTooLong) {
            Issue problem { path, lineNumber + 1, "line is longer than 1 MiB; is this a ratings file?" };
            if (options.strict)
                return fail(problem.line, problem.message);
            ++report.rowsSkipped;
            if (report.problems.size() < options.maxProblems)
                report.problems.push_back(std::move(problem));
        }
        if (progress)
            progress(std::min(bytesDone, fileSize), fileSize);
    }
    if (!carry.empty() && !discardingLongLine)
        if (const Issue* fatal = serialLine(carry))
            return fail(fatal->line, fatal->message);
    if (bytesDone != fileSize)
        return fail(0, "the file changed while it was being read (" + std::to_string(fileSize) + " bytes expected, "
                + std::to_string(bytesDone) + " read)");

    RatingsTable& table = merger.table;
    if (table.empty()) {
        if (report.rowsRead == 0)
            return fail(0, format.hasHeader ? "the file has a header but no data rows" : "the file has no data rows");
        const Issue& first = report.problems.front();
        return fail(first.line, "no valid rows (" + std::to_string(report.rowsSkipped) + " skipped); first problem: "
                + first.message);
    }

    auto dataset = std::make_shared<Dataset>();
    dataset->sourceFile = path;
    dataset->format = format;
    std::vector<std::uint32_t> dense;
    dataset->users = IdMap::fromAppearanceOrder(merger.users.take(), dense);
    remap(table.users, dense);
    dataset->items = IdMap::fromAppearanceOrder(merger.items.take(), dense);
    remap(table.items, dense);
    auto [lo, hi] = std::minmax_element(table.ratings.begin(), table.ratings.end());
    dataset->ratingMin = *lo;
    dataset->ratingMax = *hi;
    // Shrinking copies the column: worth it only when the size estimate was far off.
    if (table.users.capacity() > table.size() + table.size() / 4) {
        table.users.shrink_to_fit();
        table.items.shrink_to_fit();
        table.ratings.shrink_to_fit();
        table.timestamps.shrink_to_fit();
    }
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
