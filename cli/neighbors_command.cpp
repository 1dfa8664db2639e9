// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/item_lookup.h"
#include "core/analysis/neighbor_index.h"

#include <ostream>

namespace embex::cli {

int neighborsCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string item;
    long long k = 10;
    long long minRatings = core::defaultNeighbourMinRatings;
    std::string metricName = "cosine";
    bool asJson = false;
    CommandLine line("neighbors");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_option("--item", item, "the item: its id, or a word of its title")->required();
    line.addNumber("-k", k, "how many neighbours");
    app.add_option("--metric", metricName, "cosine, dot or euclidean")->capture_default_str();
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "leave out items with fewer ratings (not for imported sessions)");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto metric = core::metricFromName(metricName);
    std::string usage;
    if (!metric)
        usage = "--metric must be cosine, dot or euclidean";
    if (usage.empty() && (k < 1 || minRatings < 0))
        usage = "-k must be at least 1 and --min-ratings at least 0";
    if (!usage.empty()) {
        err << "embex-cli neighbors: " << usage << '\n';
        return 2;
    }
    const AnalysisSession opened = openAnalysisSession("neighbors", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    const core::Session& session = *opened.session;
    const core::Dataset& data = opened.data();
    const core::ItemLookup lookup(session.dataset);
    const auto index = lookup.resolve(item);
    if (!index) {
        err << "embex-cli neighbors: no item has the id or a title containing '" << item << "'\n";
        return 1;
    }
    if (k >= static_cast<long long>(data.items.size())) {
        err << "embex-cli neighbors: -k must be smaller than the item count (" << data.items.size() << ")\n";
        return 2;
    }
    const std::vector<std::uint32_t>& counts = opened.counts;
    const core::NeighborIndex neighbours(session.snapshot, counts);
    const auto hits = neighbours.neighbours(*index, { *metric, static_cast<int>(k), opened.minRatings });
    std::vector<ItemRow> rows;
    for (const core::Neighbour& n : hits)
        rows.push_back({ n.item, n.score });

    const std::string& id = data.items.rawId(*index);
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("item", id)
            .field("title", data.metadata.title(id))
            .field("metric", core::metricName(*metric));
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
