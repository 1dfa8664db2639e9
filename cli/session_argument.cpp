// SPDX-License-Identifier: MIT
#include "cli/session_argument.h"

#include "core/analysis/item_popularity.h"
#include "core/data/metadata_loader.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ostream>

namespace embex::cli {

std::optional<core::Session> openSession(const std::string& command, const std::string& path, std::ostream& err)
{
    core::SessionLoadOutcome loaded = core::loadSession(path);
    if (!loaded.ok()) {
        err << "embex-cli " << command << ": " << loaded.error.toString() << '\n';
        return std::nullopt;
    }
    return std::move(loaded.session);
}

AnalysisSession openAnalysisSession(const std::string& command, const std::string& path, std::ostream& err,
                                    MinRatingsArgument minRatings)
{
    AnalysisSession opened;
    opened.session = openSession(command, path, err);
    if (!opened.session) {
        opened.exitCode = 1;
        return opened;
    }
    const core::Dataset& data = *opened.session->dataset;
    opened.hasRatings = !data.ratings.empty();
    if (!opened.hasRatings && minRatings.given && minRatings.value > 0) {
        err << "embex-cli " << command << ": --min-ratings needs ratings, and this session has none\n";
        opened.session.reset();
        opened.exitCode = 2;
        return opened;
    }
    opened.counts = core::itemRatingCounts(data.ratings, data.items.size());
    if (opened.hasRatings)
        opened.minRatings = static_cast<std::uint32_t>(std::clamp<long long>(minRatings.value, 0, UINT32_MAX));
    return opened;
}

std::optional<core::ItemMetadata> loadMetadataArgument(const std::string& command, const std::string& path,
                                                       std::ostream& err)
{
    core::MetadataOutcome loaded = core::loadItemMetadata(path);
    if (!loaded.ok()) {
        err << "embex-cli " << command << ": " << loaded.error.toString() << '\n';
        return std::nullopt;
    }
    return std::move(loaded.metadata);
}

void writeItemRows(core::JsonWriter& json, const core::Dataset& data, const std::vector<std::uint32_t>& counts,
                   const std::vector<ItemRow>& rows)
{
    json.beginArray();
    for (const ItemRow& row : rows) {
        const std::string& id = data.items.rawId(row.item);
        json.beginObject()
            .field("id", id)
            .field("title", data.metadata.title(id))
            .field("score", static_cast<double>(row.score));
        if (row.raw)
            json.field("raw_score", static_cast<double>(*row.raw));
        json.field("ratings", static_cast<long long>(counts[row.item])).endObject();
    }
    json.endArray();
}

void printItemRows(std::ostream& out, const core::Dataset& data, const std::vector<std::uint32_t>& counts,
                   const std::vector<ItemRow>& rows)
{
    const bool hasRaw = std::any_of(rows.begin(), rows.end(), [](const ItemRow& r) { return r.raw.has_value(); });
    char line[160];
    if (hasRaw)
        std::snprintf(line, sizeof line, "%4s  %-10s %10s %10s %8s  %s\n", "rank", "id", "score", "raw", "ratings",
                      "title");
    else
        std::snprintf(line, sizeof line, "%4s  %-10s %10s %8s  %s\n", "rank", "id", "score", "ratings", "title");
    out << line;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string& id = data.items.rawId(rows[r].item);
        if (hasRaw)
            std::snprintf(line, sizeof line, "%4zu  %-10s %10.4f %10.4f %8u  ", r + 1, id.c_str(),
                          static_cast<double>(rows[r].score), static_cast<double>(rows[r].raw.value_or(rows[r].score)),
                          counts[rows[r].item]);
        else
            std::snprintf(line, sizeof line, "%4zu  %-10s %10.4f %8u  ", r + 1, id.c_str(),
                          static_cast<double>(rows[r].score), counts[rows[r].item]);
        out << line << data.metadata.title(id) << '\n';
    }
}

} // namespace embex::cli
