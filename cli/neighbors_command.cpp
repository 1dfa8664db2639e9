// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/item_lookup.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/neighbor_index.h"

#include <ostream>

namespace embex::cli {

int neighborsCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words, { "item", "k", "metric", "min-ratings" }, { "json" });
    const long long k = args.integer("k", 10);
    const long long minRatings = args.integer("min-ratings", core::defaultNeighbourMinRatings);
    const auto metric = core::metricFromName(args.value("metric", "cosine"));
    const std::string item = args.value("item", "");
    std::string usage = args.ok() ? "" : args.error();
    if (usage.empty() && (args.positionals().size() != 1 || item.empty()))
        usage = "expects MODEL and --item ID";
    if (usage.empty() && !metric)
        usage = "--metric must be cosine, dot or euclidean";
    if (usage.empty() && (k < 1 || minRatings < 0))
        usage = "-k must be at least 1 and --min-ratings at least 0";
    if (!usage.empty()) {
        err << "embex-cli neighbors: " << usage << '\n';
        return 2;
    }
    const auto session = openSession("neighbors", args.positionals()[0], err);
    if (!session)
        return 1;
    const core::Dataset& data = *session->dataset;
    const core::ItemLookup lookup(session->dataset);
    const auto index = lookup.resolve(item);
    if (!index) {
        err << "embex-cli neighbors: no item has the id or a title containing '" << item << "'\n";
        return 1;
    }
    if (k >= static_cast<long long>(data.items.size())) {
        err << "embex-cli neighbors: -k must be smaller than the item count (" << data.items.size() << ")\n";
        return 2;
    }
    // An imported session has vectors but no ratings to count: the default floor does not
    // apply, and asking for one is an error rather than an empty list.
    const bool counted = !data.ratings.empty();
    if (!counted && args.has("min-ratings") && minRatings > 0) {
        err << "embex-cli neighbors: --min-ratings needs ratings, and this session has none\n";
        return 2;
    }
    std::vector<std::uint32_t> counts = core::itemRatingCounts(data.ratings, data.items.size());
    const core::NeighborIndex neighbours(session->snapshot, counts);
    const auto floor = static_cast<std::uint32_t>(counted ? minRatings : 0);
    const auto hits = neighbours.neighbours(*index, { *metric, static_cast<int>(k), floor });
    std::vector<ItemRow> rows;
    for (const core::Neighbour& n : hits)
        rows.push_back({ n.item, n.score });

    const std::string& id = data.items.rawId(*index);
    if (args.has("json")) {
        core::JsonWriter json;
        json.beginObject().field("item", id).field("title", data.metadata.title(id)).field("metric", core::metricName(*metric));
        json.key("neighbors");
        writeItemRows(json, data, counts, rows);
        json.endObject();
        out << json.text() << '\n';
    } else {
        out << "neighbours of " << id << ' ' << data.metadata.title(id) << " (" << core::metricName(*metric)
            << (*metric == core::Metric::Euclidean ? " distance" : " similarity") << "):\n";
        printItemRows(out, data, counts, rows);
    }
    return 0;
}

} // namespace embex::cli
