// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/csv_cell.h"
#include "cli/session_argument.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/neighbour_layout.h"
#include "core/analysis/pca.h"
#include "core/io/atomic_file.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <ostream>
#include <thread>

namespace embex::cli {
namespace {

    constexpr int keptNeighbours = 10; // the measure's k, as the map's label

    // id,title,x,y,ratings for the items mapped, in dense order.
    std::optional<core::Issue> writeMap(const std::string& path, const core::Dataset& data,
                                        const std::vector<std::uint32_t>& items, const core::RowMatrixXf& coordinates,
                                        const std::vector<std::uint32_t>& counts)
    {
        core::AtomicFile file(path);
        if (!file.open())
            return file.error();
        file.write("id,title,x,y,ratings\n");
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
            file.write(line + ',' + std::to_string(counts[items[r]]) + '\n');
        }
        return file.commit();
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
    CommandLine line("map");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_option("--projection", projection, "pca, or neighbours (a layout that keeps neighbourhoods)")
        ->capture_default_str();
    app.add_option("--metric", metricName, "cosine, dot or euclidean: the neighbours to keep")->capture_default_str();
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "map only items with at least this many ratings");
    line.addNumber("--seed", seed, "the layout's random seed");
    line.addNumber("--threads", threads, "threads for the layout and the measure");
    app.add_option("--out", outPath, "write id,title,x,y,ratings to this CSV file")->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto metric = core::metricFromName(metricName);
    std::string usage;
    if (projection != "pca" && projection != "neighbours")
        usage = "--projection must be pca or neighbours";
    else if (!metric)
        usage = "--metric must be cosine, dot or euclidean";
    else if (minRatings < 0 || seed < 0 || threads < 1)
        usage = "--min-ratings and --seed must be at least 0, --threads at least 1";
    if (!usage.empty()) {
        err << "embex-cli map: " << usage << '\n';
        return 2;
    }
    const auto session = openSession("map", model, err);
    if (!session)
        return 1;
    const core::Dataset& data = *session->dataset;
    if (data.ratings.empty() && minRatingsOption->count() > 0 && minRatings > 0) {
        err << "embex-cli map: --min-ratings needs ratings, and this session has none\n";
        return 2;
    }
    const std::vector<std::uint32_t> counts = core::itemRatingCounts(data.ratings, data.items.size());
    const core::RowMatrixXf& all = session->snapshot->itemEmbeddings();
    std::vector<std::uint32_t> items;
    for (core::Index i = 0; i < all.rows(); ++i)
        if (counts[static_cast<std::size_t>(i)] >= static_cast<std::uint64_t>(minRatings))
            items.push_back(static_cast<std::uint32_t>(i));
    core::RowMatrixXf vectors(static_cast<core::Index>(items.size()), all.cols());
    for (std::size_t r = 0; r < items.size(); ++r)
        vectors.row(static_cast<core::Index>(r)) = all.row(items[r]);

    const auto start = std::chrono::steady_clock::now();
    core::RowMatrixXf coordinates;
    std::string problem;
    if (projection == "pca") {
        if (all.cols() < 2)
            problem = "PCA needs at least 2 dimensions";
        else if (items.size() < 2)
            problem = "only " + std::to_string(items.size()) + " items have at least " + std::to_string(minRatings)
                + " ratings; a map needs 2";
        else {
            const core::PcaResult pca = core::computePca(vectors);
            problem = pca.problem;
            coordinates = pca.coordinates;
        }
    } else {
        core::LayoutConfig config;
        config.metric = *metric;
        config.seed = static_cast<std::uint64_t>(seed);
        config.threads = static_cast<int>(threads);
        const core::LayoutResult layout = core::computeNeighbourLayout(vectors, config);
        problem = layout.problem;
        coordinates = layout.coordinates;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!problem.empty()) {
        err << "embex-cli map: " << problem << '\n';
        return 1;
    }
    // The measure needs more items than neighbours; a tiny map has no honest figure.
    std::optional<core::NeighboursKept> kept;
    if (vectors.rows() > keptNeighbours)
        kept = core::measureNeighboursKept(vectors, coordinates,
                                           { .metric = *metric,
                                             .k = keptNeighbours,
                                             .seed = static_cast<std::uint64_t>(seed),
                                             .threads = static_cast<int>(threads) });
    if (auto failure = writeMap(outPath, data, items, coordinates, counts)) {
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
        json.field("out", outPath).endObject();
        out << json.text() << '\n';
    } else {
        char text[160];
        std::snprintf(text, sizeof text, "%s map of %zu items (%s) in %.2f s\n",
                      projection == "pca" ? "PCA" : "Neighbourhoods", items.size(), core::metricName(*metric), seconds);
        out << text;
        if (kept) {
            std::snprintf(text, sizeof text, "neighbours kept: %.3f of each item's %d nearest (%s%lld items)\n",
                          kept->share, keptNeighbours, kept->sampled ? "a sample of " : "",
                          static_cast<long long>(kept->measured));
            out << text;
        }
        out << "coordinates: " << outPath << '\n';
    }
    return 0;
}

} // namespace embex::cli
