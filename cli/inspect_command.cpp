// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/data/ratings_loader.h"
#include "core/data/timestamp.h"
#include "core/util/json_writer.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>

namespace embex::cli {
namespace {

    std::string delimiterName(const std::string& d)
    {
        if (d == "\t")
            return "tab";
        if (d == " ")
            return "whitespace";
        return d;
    }

    std::string roleName(const core::FileFormat& f, int column)
    {
        if (column == f.userColumn)
            return "user";
        if (column == f.itemColumn)
            return "item";
        if (column == f.ratingColumn)
            return "rating";
        if (column == f.timestampColumn)
            return "timestamp";
        return "ignored";
    }

    long itemsWithTitle(const core::Dataset& d)
    {
        long count = 0;
        for (const std::string& id : d.items.rawIds())
            if (const core::ItemInfo* info = d.metadata.find(id); info && !info->title.empty())
                ++count;
        return count;
    }

    struct TimeRange {
        std::int64_t first = 0, last = 0;
    };
    TimeRange timeRange(const core::RatingsTable& t)
    {
        const auto [first, last] = std::minmax_element(t.timestamps.begin(), t.timestamps.end());
        return { *first, *last };
    }

} // namespace

int inspectCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string path;
    std::string metadataPath;
    bool strict = false;
    bool asJson = false;
    core::LoadOptions options;
    CommandLine line("inspect");
    CLI::App& app = line.app();
    app.add_option("FILE", path, "the ratings file (CSV, TSV, MovieLens .dat/.data, …)")->required();
    app.add_option("--metadata", metadataPath,
                   "item titles and genres from this file instead of the ones found beside FILE");
    app.add_flag("--strict", strict, "stop at the first bad row instead of skipping it");
    line.addNumber("--threads", options.threads, "parsing threads, 0 = one per core");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    options.strict = strict;
    options.findMetadata = metadataPath.empty();
    const auto start = std::chrono::steady_clock::now();
    core::LoadOutcome outcome = core::loadRatings(path, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!outcome.ok()) {
        err << outcome.error.toString() << '\n';
        return 1;
    }
    if (!metadataPath.empty()) {
        auto metadata = loadMetadataArgument("inspect", metadataPath, err);
        if (!metadata)
            return 1;
        outcome.dataset->metadata = std::move(*metadata);
    }
    const core::Dataset& d = *outcome.dataset;
    const core::LoadReport& report = outcome.report;
    const long withTitle = d.metadata.empty() ? 0 : itemsWithTitle(d);
    for (const core::Issue& note : report.notes)
        err << note.toString() << '\n';

    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("file", path)
            .field("ratings", static_cast<long long>(d.ratings.size()))
            .field("users", static_cast<long long>(d.users.size()))
            .field("items", static_cast<long long>(d.items.size()))
            .field("implicit", d.isImplicit())
            .field("rating_min", static_cast<double>(d.ratingMin))
            .field("rating_max", static_cast<double>(d.ratingMax))
            .field("sparsity", d.sparsity())
            .field("delimiter", delimiterName(d.format.delimiter))
            .field("has_header", d.format.hasHeader)
            .field("has_timestamps", d.ratings.hasTimestamps())
            .field("timestamp_form", core::timestampFormName(report.timestampForm));
        if (d.ratings.hasTimestamps()) {
            const TimeRange range = timeRange(d.ratings);
            json.field("first_time", core::formatTimePoint(range.first))
                .field("last_time", core::formatTimePoint(range.last));
        }
        json.field("rows_read", report.rowsRead).field("skipped_rows", report.rowsSkipped);
        json.key("problems").beginArray();
        for (const core::Issue& p : report.problems)
            json.beginObject().field("line", p.line).field("reason", p.message).endObject();
        json.endArray();
        json.key("columns").beginArray();
        for (int c = 0; c < d.format.fieldCount; ++c) {
            json.beginObject().field("index", c).field("role", roleName(d.format, c));
            if (d.format.hasHeader)
                json.field("name", d.format.headerNames[static_cast<std::size_t>(c)]);
            json.endObject();
        }
        json.endArray();
        if (!d.metadata.empty())
            json.field("metadata_file", d.metadata.sourceFile).field("items_with_title", withTitle);
        json.field("seconds", seconds).endObject();
        out << json.text() << '\n';
        return 0;
    }

    out << path << '\n'
        << "  format:    delimiter '" << delimiterName(d.format.delimiter) << "', "
        << (d.format.hasHeader ? "header" : "no header") << ", " << (d.isImplicit() ? "implicit" : "explicit") << '\n'
        << "  ratings:   " << d.ratings.size() << '\n'
        << "  users:     " << d.users.size() << '\n'
        << "  items:     " << d.items.size() << '\n';
    if (!d.isImplicit())
        out << "  range:     " << d.ratingMin << " – " << d.ratingMax << '\n';
    if (d.ratings.hasTimestamps()) {
        const TimeRange range = timeRange(d.ratings);
        out << "  times:     " << core::timestampFormLabel(report.timestampForm) << ", "
            << core::formatTimePoint(range.first) << " to " << core::formatTimePoint(range.last) << '\n';
    } else {
        out << "  times:     none (a time split needs them)\n";
    }
    out << "  sparsity:  " << std::fixed << std::setprecision(4) << d.sparsity() * 100 << " % empty\n";
    if (!d.metadata.empty())
        out << "  metadata:  " << d.metadata.sourceFile << " (" << withTitle << " items with a title)\n";
    if (report.rowsSkipped > 0) {
        out << "  skipped:   " << report.rowsSkipped << " rows\n";
        for (const core::Issue& p : report.problems)
            out << "    " << p.toString() << '\n';
    }
    return 0;
}

} // namespace embex::cli
