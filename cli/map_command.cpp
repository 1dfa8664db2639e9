// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/csv_cell.h"
#include "cli/session_argument.h"
#include "core/analysis/item_clusters.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/map_projection.h"
#include "core/analysis/user_space.h"
#include "core/data/attribute_table.h"
#include "core/io/atomic_file.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <thread>

namespace embex::cli {
namespace {

    // id,title,x,y,ratings[,cluster] for the items mapped, in dense order.
    std::optional<core::Issue> writeMap(const std::string& path, const core::Dataset& data,
                                        const std::vector<std::uint32_t>& items, const core::RowMatrixXf& coordinates,
                                        const std::vector<std::uint32_t>& counts, const std::vector<int>& clusters)
    {
        core::AtomicFile file(path);
        if (!file.open())
            return file.error();
        file.write(clusters.empty() ? "id,title,x,y,ratings\n" : "id,title,x,y,ratings,cluster\n");
        char number[32];
        for (std::size_t r = 0; r < items.size(); ++r) {
            const std::string& id = data.items.rawId(items[r]);
            std::string line = csvCell(id) + ',' + csvCell(data.metadata.title(id));
            for (core::Index j = 0; j < 2; ++j) {
                auto [end, ec] = std::to_chars(number, number + sizeof number,
                                               coordinates(static_cast<core::Index>(r), j));
                line += ',';
                line.append(number, end);
            }
            line += ',' + std::to_string(counts[items[r]]);
            if (!clusters.empty())
                line += ',' + std::to_string(clusters[r]);
            file.write(line + '\n');
        }
        return file.commit();
    }

    // user,x,y,ratings[,attribute columns] for the users mapped, in dense order; a user the
    // attribute table does not list has empty cells.
    std::optional<core::Issue> writeUsersMap(const std::string& path, const core::Dataset& data,
                                             const std::vector<std::uint32_t>& users, const core::Projection& placed,
                                             const std::vector<std::uint32_t>& counts,
                                             const core::AttributeTable* attributes)
    {
        core::AtomicFile file(path);
        if (!file.open())
            return file.error();
        std::string header = "user,x,y,ratings";
        if (attributes)
            for (const core::AttributeColumn& column : attributes->encoding.columns)
                header += ',' + csvCell(column.name);
        file.write(header + '\n');
        char number[32];
        for (std::uint32_t u : users) {
            const std::string& id = data.users.rawId(u);
            std::string line = csvCell(id);
            for (double v : { placed.x[u], placed.y[u] }) {
                auto [end, ec] = std::to_chars(number, number + sizeof number, static_cast<float>(v));
                line += ',';
                line.append(number, end);
            }
            line += ',' + std::to_string(counts[u]);
            if (attributes) {
                const auto row = attributes->rows.find(id);
                for (std::size_t c = 0; c < attributes->encoding.columns.size(); ++c)
                    line += ','
                        + (row != attributes->rows.end() && c < row->second.size() ? csvCell(row->second[c]) : "");
            }
            file.write(line + '\n');
        }
        return file.commit();
    }

    struct UsersMapOptions {
        core::ProjectionKind kind;
        core::Metric metric;
        std::string projection;
        long long seed, threads;
        std::string outPath, attributesPath;
        bool asJson;
    };

    // `map --users`: the users' vectors through the same request, placement and measure as the items'.
    int mapUsers(const AnalysisSession& opened, const UsersMapOptions& o, std::ostream& out, std::ostream& err)
    {
        const core::Session& session = *opened.session;
        const core::Dataset& data = opened.data();
        std::optional<core::AttributeOutcome> attributes;
        if (!o.attributesPath.empty()) {
            attributes = core::loadAttributes(o.attributesPath);
            if (!attributes->ok()) {
                err << "embex-cli map: " << attributes->error.toString() << '\n';
                return 1;
            }
        }
        const auto start = std::chrono::steady_clock::now();
        core::UserSpace space;
        try {
            space = core::computeUserSpace(session.snapshot, data.ratings, data.users.size(), data.isImplicit(),
                                           static_cast<int>(o.threads));
        } catch (const std::invalid_argument& e) {
            err << "embex-cli map: " << e.what() << '\n';
            return 1;
        }
        if (!space.hasVectors()) {
            err << "embex-cli map: " << space.whyNone << '\n';
            return 1;
        }
        core::ProjectionRequest request;
        request.snapshot = session.snapshot;
        request.points = core::PointSet::Users;
        request.users = space.vectors;
        request.kind = o.kind;
        request.metric = o.metric;
        request.minRatings = static_cast<int>(opened.minRatings);
        request.seed = static_cast<std::uint64_t>(o.seed);
        request.threads = static_cast<int>(o.threads);
        for (std::size_t u = 0; u < space.ratings.size(); ++u)
            if (space.ratings[u] >= opened.minRatings)
                request.items.push_back(static_cast<int>(u));
        const core::ProjectionTraits& traits = core::traitsOf(o.kind);
        if (request.items.size() < static_cast<std::size_t>(traits.minimumItems)) {
            err << "embex-cli map: only " << request.items.size() << " users have at least " << opened.minRatings
                << " ratings; a " << traits.label << " map needs at least " << traits.minimumItems << " users\n";
            return 1;
        }
        const core::Projection placed = core::projectMap(request, nullptr);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (placed.isEmpty()) {
            err << "embex-cli map: too few users to lay out (" << space.vectors->cols() << " dimensions)\n";
            return 1;
        }
        std::vector<std::uint32_t> users;
        for (int u : request.items)
            if (placed.isPlaced(u))
                users.push_back(static_cast<std::uint32_t>(u));
        const std::optional<core::MapFaithfulness> faithfulness = core::measureFaithfulness(request, placed);
        if (auto failure = writeUsersMap(o.outPath, data, users, placed, space.ratings,
                                         attributes ? &attributes->table : nullptr)) {
            err << "embex-cli map: " << failure->toString() << '\n';
            return 1;
        }
        if (o.asJson) {
            core::JsonWriter json;
            json.beginObject()
                .field("users", static_cast<long long>(users.size()))
                .field("projection", o.projection)
                .field("metric", core::metricName(o.metric))
                .field("vectors", space.method)
                .field("seconds", seconds);
            json.key("neighbours_kept");
            if (faithfulness)
                json.value(faithfulness->kept.share);
            else
                json.null();
            json.field("out", o.outPath).endObject();
            out << json.text() << '\n';
            return 0;
        }
        char text[160];
        std::snprintf(text, sizeof text, "%s map of %zu users (%s) in %.2f s\n", traits.label, users.size(),
                      core::metricName(o.metric), seconds);
        out << text << "user vectors: " << space.method << '\n';
        if (faithfulness) {
            std::snprintf(text, sizeof text, "neighbours kept: %.3f of each user's %d nearest (%s%lld users)\n",
                          faithfulness->kept.share, faithfulness->k, faithfulness->kept.sampled ? "a sample of " : "",
                          static_cast<long long>(faithfulness->kept.measured));
            out << text;
        }
        out << "coordinates: " << o.outPath << '\n';
        return 0;
    }

} // namespace

int mapCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string projection = "neighbours";
    std::string metricName = "cosine";
    long long minRatings = 0;
    long long seed = 1;
    long long threads = std::max(1u, std::thread::hardware_concurrency());
    std::string outPath;
    bool asJson = false;
    bool withClusters = false;
    bool ofUsers = false;
    std::string userAttributesPath;
    double resolution = 1.0;
    CommandLine line("map");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_flag(
        "--users", ofUsers,
        "map the users instead: their table, or each user's ψ(x) from their rated items (softmax, autoencoder)");
    app.add_option("--projection", projection, core::projectionNames() + " (a layout that keeps neighbourhoods)")
        ->capture_default_str();
    app.add_option("--metric", metricName, "cosine, dot or euclidean: the neighbours to keep")->capture_default_str();
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "map only items (or with --users, users) with at least this many ratings");
    line.addNumber("--seed", seed, "the layout's random seed");
    line.addNumber("--threads", threads, "threads for the layout and the measure");
    app.add_option("--out", outPath, "write id,title,x,y,ratings (with --users: user,x,y,ratings) to this CSV file")
        ->required();
    app.add_option("--user-attributes", userAttributesPath,
                   "with --users: add this user attribute table's columns (e.g. ml-100k's u.user)");
    app.add_flag("--clusters", withClusters,
                 "add a cluster column: groups found in the full space (embex-cli clusters), not on the map");
    line.addNumber("--resolution", resolution, "with --clusters: above 1 more and smaller groups");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto metric = core::metricFromName(metricName);
    const auto kind = core::projectionKindFromName(projection);
    std::string usage;
    if (!kind)
        usage = "--projection must be " + core::projectionNames();
    else if (!metric)
        usage = "--metric must be cosine, dot or euclidean";
    else if (!(resolution > 0) || !std::isfinite(resolution))
        usage = "--resolution must be a positive number";
    else if (minRatings < 0 || seed < 0 || threads < 1)
        usage = "--min-ratings and --seed must be at least 0, --threads at least 1";
    else if (ofUsers && withClusters)
        usage = "--clusters groups items; it does not go with --users";
    else if (!ofUsers && !userAttributesPath.empty())
        usage = "--user-attributes goes with --users";
    if (!usage.empty()) {
        err << "embex-cli map: " << usage << '\n';
        return 2;
    }
    const AnalysisSession opened = openAnalysisSession("map", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    if (ofUsers)
        return mapUsers(opened, { *kind, *metric, projection, seed, threads, outPath, userAttributesPath, asJson }, out,
                        err);
    const core::Session* session = &*opened.session;
    const core::Dataset& data = opened.data();
    const std::vector<std::uint32_t>& counts = opened.counts;
    const core::RowMatrixXf& all = session->snapshot->itemEmbeddings();
    // the window's map, drawn headless: the same request, the same placement and measure
    core::ProjectionRequest request;
    request.snapshot = session->snapshot;
    request.kind = *kind;
    request.metric = *metric;
    request.minRatings = static_cast<int>(minRatings);
    request.seed = static_cast<std::uint64_t>(seed);
    request.threads = static_cast<int>(threads);
    for (core::Index i = 0; i < all.rows(); ++i)
        if (counts[static_cast<std::size_t>(i)] >= opened.minRatings)
            request.items.push_back(static_cast<int>(i));
    const core::ProjectionTraits& traits = core::traitsOf(*kind);
    std::string problem;
    if (request.items.size() < static_cast<std::size_t>(traits.minimumItems))
        problem = "only " + std::to_string(request.items.size()) + " items have at least " + std::to_string(minRatings)
            + " ratings; a " + traits.label + " map needs at least " + std::to_string(traits.minimumItems) + " items";
    else if (traits.hasMeaningfulAxes && all.cols() < 2)
        problem = std::string(traits.label) + " needs at least 2 dimensions";

    const auto start = std::chrono::steady_clock::now();
    core::Projection placed;
    if (problem.empty()) {
        placed = core::projectMap(request, nullptr);
        if (placed.isEmpty())
            problem = "too few items to lay out";
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!problem.empty()) {
        err << "embex-cli map: " << problem << '\n';
        return 1;
    }
    std::vector<std::uint32_t> items;
    for (int item : request.items)
        if (placed.isPlaced(item))
            items.push_back(static_cast<std::uint32_t>(item));
    core::RowMatrixXf coordinates(static_cast<core::Index>(items.size()), 2);
    for (std::size_t r = 0; r < items.size(); ++r) {
        coordinates(static_cast<core::Index>(r), 0) = static_cast<float>(placed.x[items[r]]);
        coordinates(static_cast<core::Index>(r), 1) = static_cast<float>(placed.y[items[r]]);
    }
    // The measure needs more items than neighbours; a tiny map has no honest figure.
    const std::optional<core::MapFaithfulness> faithfulness = core::measureFaithfulness(request, placed);
    const std::optional<core::NeighboursKept> kept = faithfulness
        ? std::optional<core::NeighboursKept>(faithfulness->kept)
        : std::nullopt;
    std::vector<int> clusters;
    int clusterCount = 0;
    if (withClusters) {
        core::ClusterConfig config;
        config.metric = *metric;
        config.resolution = resolution;
        config.seed = static_cast<std::uint64_t>(seed);
        config.threads = static_cast<int>(threads);
        core::Clustering c = core::clusterItems(all, items, config);
        if (!c.isValid()) {
            err << "embex-cli map: " << c.problem << '\n';
            return 1;
        }
        clusters = std::move(c.clusterOf);
        clusterCount = c.count;
    }
    if (auto failure = writeMap(outPath, data, items, coordinates, counts, clusters)) {
        err << "embex-cli map: " << failure->toString() << '\n';
        return 1;
    }
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("items", static_cast<long long>(items.size()))
            .field("projection", projection)
            .field("metric", core::metricName(*metric))
            .field("seconds", seconds);
        json.key("neighbours_kept");
        if (kept)
            json.value(kept->share);
        else
            json.null();
        if (kept)
            json.field("neighbours_kept_measured", static_cast<long long>(kept->measured))
                .field("neighbours_kept_sampled", kept->sampled);
        if (withClusters)
            json.field("clusters", static_cast<long long>(clusterCount));
        json.field("out", outPath).endObject();
        out << json.text() << '\n';
    } else {
        char text[160];
        std::snprintf(text, sizeof text, "%s map of %zu items (%s) in %.2f s\n", traits.label, items.size(),
                      core::metricName(*metric), seconds);
        out << text;
        if (kept) {
            std::snprintf(text, sizeof text, "neighbours kept: %.3f of each item's %d nearest (%s%lld items)\n",
                          kept->share, faithfulness->k, kept->sampled ? "a sample of " : "",
                          static_cast<long long>(kept->measured));
            out << text;
        }
        out << "coordinates: " << outPath << '\n';
    }
    return 0;
}

} // namespace embex::cli
