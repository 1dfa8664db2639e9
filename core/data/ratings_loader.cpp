// SPDX-License-Identifier: MIT
#include "core/data/ratings_loader.h"

#include "core/data/field_splitter.h"
#include "core/data/file_blocks.h"
#include "core/data/huge_pages.h"
#include "core/data/metadata_loader.h"
#include "core/data/part_loader.h"
#include "core/data/text_sample.h"
#include "core/data/timestamp.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <iterator>
#include <mutex>
#include <thread>
#include <utility>

namespace embex::core {
namespace {

    constexpr std::uint64_t minBytesPerThread = 1 << 20;
    // Parts of a large file: enough for threads to finish close together, few enough that each
    // is megabytes long (a part costs a seek and its cut a small read).
    constexpr std::size_t partsPerThread = 16;

    std::size_t threadCount(int requested)
    {
        if (requested > 0)
            return static_cast<std::size_t>(std::min(requested, 64));
        return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    }

    /// Runs work(t) for every t < count on threads of their own, while this (the loading) thread
    /// calls `report` as they progress; exceptions come back here once all have finished.
    void runEach(std::size_t count, const std::function<void(std::size_t)>& work, const std::function<void()>& report)
    {
        std::mutex mutex;
        std::condition_variable finished;
        std::size_t running = count;
        std::vector<std::exception_ptr> errors(count);
        {
            std::vector<std::jthread> workers;
            for (std::size_t t = 0; t < count; ++t)
                workers.emplace_back([&, t] {
                    try {
                        work(t);
                    } catch (...) {
                        errors[t] = std::current_exception();
                    }
                    std::lock_guard lock(mutex);
                    --running;
                    finished.notify_one();
                });
            std::unique_lock lock(mutex);
            while (running > 0) {
                finished.wait_for(lock, std::chrono::milliseconds(40));
                lock.unlock();
                if (report)
                    report();
                lock.lock();
            }
        }
        for (const auto& error : errors)
            if (error)
                std::rethrow_exception(error);
    }

    /// Sizes an empty column without writing it (Column leaves new elements uninitialised), so
    /// the threads that fill it fault its pages in, in parallel, on huge pages where allowed.
    template <typename T>
    void sizeUnwritten(Column<T>& column, std::size_t count)
    {
        reserveOnHugePages(column, count);
        column.resize(count);
    }

    /// Rows [from, from + count) of every column moved to start at `to` (to <= from).
    void moveRows(RatingsTable& table, std::size_t from, std::size_t to, std::size_t count)
    {
        auto move = [&](auto& column) {
            if (!column.empty())
                std::copy(column.begin() + static_cast<std::ptrdiff_t>(from),
                          column.begin() + static_cast<std::ptrdiff_t>(from + count),
                          column.begin() + static_cast<std::ptrdiff_t>(to));
        };
        move(table.users);
        move(table.items);
        move(table.ratings);
        move(table.timestamps);
    }

    void truncate(RatingsTable& table, std::size_t rows)
    {
        table.users.resize(rows);
        table.items.resize(rows);
        table.ratings.resize(rows);
        if (table.hasTimestamps())
            table.timestamps.resize(rows);
    }

    /// The parsed rows made final, in parallel where it pays: every loader numbered the ids of
    /// its parts in order of appearance, so one sort of all of them numbers them for the dataset
    /// and each part's rows are then mapped; blank and bad lines left gaps, which close up.
    void finishRows(std::vector<PartLoader>& loaders, const std::vector<FilePart>& parts, RatingsTable& table,
                    Dataset& dataset)
    {
        struct Numbering {
            std::vector<std::uint32_t> dense; // loader t's local id l is dense[offset[t] + l]
            std::vector<std::size_t> offset;
        };
        auto numberIds = [&](IdCollector RowParser::*collector, IdMap& map) {
            Numbering numbering;
            std::vector<std::string> ids;
            for (PartLoader& loader : loaders) {
                numbering.offset.push_back(ids.size());
                std::vector<std::string> own = (loader.parser.*collector).take();
                std::move(own.begin(), own.end(), std::back_inserter(ids));
            }
            map = IdMap::fromAppearanceOrder(std::move(ids), numbering.dense);
            return numbering;
        };
        Numbering users, items;
        runEach(2,
                [&](std::size_t k) {
                    if (k == 0)
                        users = numberIds(&RowParser::users, dataset.users);
                    else
                        items = numberIds(&RowParser::items, dataset.items);
                },
                {});

        std::vector<std::pair<float, float>> ratingRange(parts.size(), { HUGE_VALF, -HUGE_VALF });
        std::atomic<std::size_t> next { 0 };
        runEach(loaders.size(),
                [&](std::size_t) {
                    for (std::size_t p; (p = next++) < parts.size();) {
                        const FilePart& part = parts[p];
                        const std::uint32_t* userOf = users.dense.data() + users.offset[part.loader];
                        const std::uint32_t* itemOf = items.dense.data() + items.offset[part.loader];
                        const std::size_t begin = part.firstRow, end = part.firstRow + part.rows;
                        for (std::size_t r = begin; r < end; ++r) {
                            table.users[r] = userOf[table.users[r]];
                            table.items[r] = itemOf[table.items[r]];
                        }
                        float lo = HUGE_VALF, hi = -HUGE_VALF; // plain min and max vectorise; minmax_element does not
                        for (std::size_t r = begin; r < end; ++r) {
                            lo = std::min(lo, table.ratings[r]);
                            hi = std::max(hi, table.ratings[r]);
                        }
                        ratingRange[p] = { lo, hi };
                    }
                },
                {});
        dataset.ratingMin = HUGE_VALF;
        dataset.ratingMax = -HUGE_VALF;
        for (auto [lo, hi] : ratingRange) {
            dataset.ratingMin = std::min(dataset.ratingMin, lo);
            dataset.ratingMax = std::max(dataset.ratingMax, hi);
        }

        std::size_t rows = 0;
        for (const FilePart& part : parts) {
            if (rows != part.firstRow)
                moveRows(table, part.firstRow, rows, part.rows);
            rows += part.rows;
        }
        truncate(table, rows);
    }

    /// Whether the timestamp column of the file's first data lines holds more ISO 8601 dates than
    /// Unix times: the form the whole column is read in.
    bool timestampsAreIso(std::string_view firstLines, bool complete, const FileFormat& format)
    {
        const TextSample sample = TextSample::fromPrefix(firstLines, 200, complete);
        FieldSplitter splitter(format.delimiter);
        std::vector<std::string_view> fields;
        std::string error;
        long iso = 0, unixTimes = 0;
        for (std::string_view line : sample.lines) {
            if (!splitter.split(line, fields, error) || static_cast<int>(fields.size()) != format.fieldCount)
                continue;
            const std::string_view text = fields[static_cast<std::size_t>(format.timestampColumn)];
            iso += parseIsoTimestamp(text) ? 1 : 0;
            unixTimes += parseUnixTimestamp(text) ? 1 : 0;
        }
        return iso > unixTimes;
    }

    /// Seconds or milliseconds, decided over the whole column (most values at or past 10^11 are
    /// milliseconds), so one odd row cannot make its neighbours a thousand times apart.
    TimestampForm settleUnixTimestamps(Column<std::int64_t>& timestamps)
    {
        std::size_t large = 0;
        for (std::int64_t t : timestamps)
            large += t >= firstMillisecondValue || t <= -firstMillisecondValue ? 1 : 0;
        if (2 * large <= timestamps.size())
            return TimestampForm::UnixSeconds;
        for (std::int64_t& t : timestamps)
            t = t >= 0 ? t / 1000 : -((-t + 999) / 1000); // floor: a moment stays in its second
        return TimestampForm::UnixMilliseconds;
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

    // The header and any blank lines before it are read here; the parts start after them.
    BlockReader reader(path, PartLoader::blockSize);
    const std::string_view first = reader.seek(0, fileSize) ? reader.next() : std::string_view();
    if (first.empty())
        return fail(0, reader.error());
    if (std::string reason = describeNonText(first); !reason.empty())
        return fail(0, reason);
    std::uint64_t dataBegin = utf8BomLength(first);
    long linesBefore = 0;
    while (format.hasHeader) {
        const std::size_t newline = first.find('\n', dataBegin);
        if (newline == std::string_view::npos) {
            if (first.size() < fileSize)
                return fail(linesBefore + 1, "line is longer than 1 MiB; is this a ratings file?");
            dataBegin = fileSize; // a header alone
            break;
        }
        const std::string_view line = first.substr(dataBegin, newline - dataBegin);
        ++linesBefore;
        dataBegin = newline + 1;
        if (line.find_first_not_of(" \t\r") != std::string_view::npos)
            break;
    }

    const std::uint64_t dataBytes = fileSize - dataBegin;
    const std::size_t threads = std::clamp<std::size_t>(dataBytes / minBytesPerThread, 1, threadCount(options.threads));
    BlockReader cutter(path, 64 << 10);
    const std::vector<std::uint64_t> cuts = cutAtLines(
        cutter, dataBegin, fileSize,
        std::clamp<std::size_t>(dataBytes / minBytesPerThread, threads, partsPerThread * threads));
    if (cuts.empty())
        return fail(0, cutter.error());
    std::vector<FilePart> parts(cuts.size() - 1);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        parts[p].begin = cuts[p];
        parts[p].end = cuts[p + 1];
    }
    std::vector<PartLoader> loaders;
    loaders.reserve(threads);
    const bool isoTimestamps = format.timestampColumn >= 0
        && timestampsAreIso(first.substr(std::min<std::uint64_t>(dataBegin, first.size())), first.size() == fileSize,
                            format);
    for (std::size_t t = 0; t < threads; ++t) {
        loaders.emplace_back(path, format, fileSize, options.strict, options.maxProblems);
        if (!loaders.back().openError().empty())
            return fail(0, loaders.back().openError());
        loaders.back().parser.isoTimestamps = isoTimestamps;
    }
    // Every thread takes the next part until none is left.
    auto forEachPart = [&](const std::function<void(PartLoader&, FilePart&)>& work,
                           const std::function<void()>& report) {
        std::atomic<std::size_t> next { 0 };
        runEach(
            loaders.size(),
            [&](std::size_t t) {
                for (std::size_t p; (p = next++) < parts.size();) {
                    parts[p].loader = t;
                    work(loaders[t], parts[p]);
                }
            },
            report);
    };
    // Counting reads the file once more but costs a tenth of parsing it; weigh progress so.
    std::atomic<std::uint64_t> counted { 0 }, parsed { 0 };
    auto report = [&] {
        if (progress)
            progress(dataBegin + (counted + 9 * parsed) / 10, fileSize);
    };
    auto partsFailed = [&]() -> std::optional<LoadOutcome> {
        if (stop.stop_requested()
            || std::any_of(loaders.begin(), loaders.end(), [](const PartLoader& l) { return l.stopped; })) {
            outcome.status = LoadOutcome::Status::Cancelled;
            return outcome;
        }
        for (const FilePart& part : parts) {
            if (part.fatal) // strict mode: parts are in file order, so this is the first problem
                return fail(part.fatal->line, part.fatal->message);
            if (!part.error.empty())
                return fail(0, part.error);
        }
        return std::nullopt;
    };

    forEachPart([&](PartLoader& loader, FilePart& part) { loader.countLines(part, stop, counted); }, report);
    if (auto failed = partsFailed())
        return *failed;
    std::size_t lines = 0;
    for (FilePart& part : parts) {
        part.firstRow = lines;
        part.firstLine = linesBefore + 1 + static_cast<long>(lines);
        lines += static_cast<std::size_t>(part.lines);
    }
    RatingsTable table;
    sizeUnwritten(table.users, lines);
    sizeUnwritten(table.items, lines);
    sizeUnwritten(table.ratings, lines);
    if (format.timestampColumn >= 0)
        sizeUnwritten(table.timestamps, lines);
    if (progress) // callers may act on it (the tests truncate the file here): before the second pass
        report();
    forEachPart([&](PartLoader& loader, FilePart& part) { loader.parse(part, table, stop, parsed); }, report);
    if (auto failed = partsFailed())
        return *failed;
    LoadReport& summary = outcome.report;
    for (FilePart& part : parts) {
        summary.rowsRead += part.rowsRead;
        summary.rowsSkipped += part.rowsSkipped;
        for (Issue& problem : part.problems)
            if (summary.problems.size() < options.maxProblems)
                summary.problems.push_back(std::move(problem));
    }

    auto dataset = std::make_shared<Dataset>();
    dataset->sourceFile = path;
    dataset->format = format;
    finishRows(loaders, parts, table, *dataset);
    if (table.empty()) {
        if (summary.rowsRead == 0)
            return fail(0, format.hasHeader ? "the file has a header but no data rows" : "the file has no data rows");
        const Issue& firstProblem = summary.problems.front();
        return fail(firstProblem.line,
                    "no valid rows (" + std::to_string(summary.rowsSkipped)
                        + " skipped); first problem: " + firstProblem.message);
    }
    if (table.hasTimestamps())
        summary.timestampForm = isoTimestamps ? TimestampForm::Iso8601 : settleUnixTimestamps(table.timestamps);
    dataset->ratings = std::move(table);

    if (options.findMetadata) {
        if (auto found = findMetadataBeside(path)) {
            MetadataOutcome metadata = loadItemMetadata(*found);
            if (metadata.ok()) {
                outcome.report.notes.push_back(
                    Issue { metadata.metadata.sourceFile, 0,
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
