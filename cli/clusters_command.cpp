// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/group_summary.h"
#include "core/analysis/item_clusters.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <thread>

namespace embex::cli {
namespace {

    void writeClusterJson(core::JsonWriter& json, int id, const core::GroupSummary& s, const core::ItemFacts& facts)
    {
        json.beginObject()
            .field("id", static_cast<long long>(id))
            .field("size", static_cast<long long>(s.size))
            .field("label", s.label);
        json.key("genres").beginArray();
        for (const core::GenreLift& g : s.overRepresented)
            json.beginObject().field("genre", g.name).field("share", g.share).field("lift", g.lift).endObject();
        json.endArray();
        json.key("titles").beginArray();
        for (std::uint32_t item : s.bestKnown)
            json.value(facts.names[item]);
        json.endArray();
        json.key("years");
        if (s.years.empty())
            json.null();
        else
            json.value(s.years);
        json.key("mean_rating");
        if (std::isnan(s.meanRating))
            json.null();
        else
            json.value(s.meanRating);
        json.field("median_ratings", s.medianRatings);
        if (s.meanBias)
            json.field("mean_item_bias", *s.meanBias);
        json.endObject();
    }

} // namespace

int clustersCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string metricName = "cosine";
    double resolution = 1.0;
    long long neighbours = core::ClusterConfig {}.neighbours;
    long long minRatings = 0;
    long long seed = 1;
    long long threads = std::max(1u, std::thread::hardware_concurrency());
    bool asJson = false;
    CommandLine line("clusters");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    line.addNumber("--resolution", resolution, "above 1: more and smaller groups; below 1: fewer and larger");
    app.add_option("--metric", metricName, "cosine, dot or euclidean: the neighbours the groups are made of")
        ->capture_default_str();
    line.addNumber("--neighbours", neighbours, "each item's nearest neighbours in the graph");
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "group only items with at least this many ratings");
    line.addNumber("--seed", seed, "the clustering's random seed");
    line.addNumber("--threads", threads, "threads for the neighbour graph");
    app.add_flag("--json", asJson, "print one JSON object: clusters and each item's cluster");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto metric = core::metricFromName(metricName);
    std::string usage;
    if (!metric)
        usage = "--metric must be cosine, dot or euclidean";
    else if (!(resolution > 0) || !std::isfinite(resolution))
        usage = "--resolution must be a positive number";
    else if (neighbours < 2 || minRatings < 0 || seed < 0 || threads < 1)
        usage = "--neighbours must be at least 2, --min-ratings and --seed at least 0, --threads at least 1";
    if (!usage.empty()) {
        err << "embex-cli clusters: " << usage << '\n';
        return 2;
    }
    const AnalysisSession opened = openAnalysisSession("clusters", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    const core::Session* session = &*opened.session;
    const core::Dataset& data = opened.data();
    const core::RowMatrixXf& all = session->snapshot->itemEmbeddings();
    const core::ItemFacts facts = core::gatherItemFacts(data.ratings, data.items, data.metadata,
                                                        session->snapshot->parameter("item_bias"));
    std::vector<std::uint32_t> items;
    for (core::Index i = 0; i < all.rows(); ++i)
        if (facts.ratingCounts[static_cast<std::size_t>(i)] >= opened.minRatings)
            items.push_back(static_cast<std::uint32_t>(i));

    const auto start = std::chrono::steady_clock::now();
    core::ClusterConfig config;
    config.metric = *metric;
    config.neighbours = static_cast<int>(neighbours);
    config.resolution = resolution;
    config.seed = static_cast<std::uint64_t>(seed);
    config.threads = static_cast<int>(threads);
    const core::Clustering clustering = core::clusterItems(all, items, config);
    if (!clustering.isValid()) {
        err << "embex-cli clusters: " << model << ": " << clustering.problem
            << (items.size() < 3 && minRatings > 0 ? " (" + std::to_string(items.size()) + " items have at least "
                        + std::to_string(minRatings) + " ratings)"
                                                   : std::string())
            << '\n';
        return 1;
    }
    const auto summaries = core::summariseGroups(clustering.clusterOf, clustering.count, items, facts);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("items_clustered", static_cast<long long>(items.size()))
            .field("resolution", resolution)
            .field("metric", core::metricName(*metric))
            .field("modularity", clustering.modularity)
            .field("seconds", seconds);
        json.key("clusters").beginArray();
        for (int k = 0; k < clustering.count; ++k)
            writeClusterJson(json, k, summaries[static_cast<std::size_t>(k)], facts);
        json.endArray();
        json.key("items").beginArray();
        for (std::size_t r = 0; r < items.size(); ++r)
            json.beginObject()
                .field("id", data.items.rawId(items[r]))
                .field("cluster", static_cast<long long>(clustering.clusterOf[r]))
                .endObject();
        json.endArray().endObject();
        out << json.text() << '\n';
        return 0;
    }
    char text[200];
    std::snprintf(text, sizeof text, "%d clusters of %zu items (%s, resolution %g, modularity %.3f) in %.2f s\n",
                  clustering.count, items.size(), core::metricName(*metric), resolution, clustering.modularity,
                  seconds);
    out << text;
    for (int k = 0; k < clustering.count; ++k) {
        const core::GroupSummary& s = summaries[static_cast<std::size_t>(k)];
        std::string genres;
        for (const core::GenreLift& g : s.overRepresented) {
            std::snprintf(text, sizeof text, "%s%s %.1f\u00d7", genres.empty() ? "" : ", ", g.name.c_str(), g.lift);
            genres += text;
        }
        std::snprintf(text, sizeof text, "%4d  %6zu items  ", k, s.size);
        out << text << s.label << (genres.empty() ? "" : "  [" + genres + "]") << '\n';
    }
    return 0;
}

} // namespace embex::cli
