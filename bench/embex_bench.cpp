// SPDX-License-Identifier: MIT
// embex_bench FILE [--runs N] [--only NAME]: load, train, ALS, PCA and neighbour-query timings on
// one ratings file, one JSON object per line (scripts/bench makes the table).
#include "bench/bench_stats.h"
#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/data/random.h"
#include "core/data/ratings_loader.h"
#include "core/training/trainer.h"
#include "core/util/json_writer.h"

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

using namespace embex;

namespace {

void report(const std::string& name, const std::string& unit, const bench::Stats& s, const std::string& note = {})
{
    core::JsonWriter json;
    json.beginObject()
        .field("name", name)
        .field("unit", unit)
        .field("median", s.median)
        .field("min", s.min)
        .field("max", s.max)
        .field("runs", s.runs);
    if (!note.empty())
        json.field("note", note);
    json.endObject();
    std::cout << json.text() << std::endl;
}

/// Rate = amount / seconds; the median rate is the rate of the median time.
bench::Stats rates(const std::vector<double>& seconds, double amount)
{
    std::vector<double> r;
    for (double s : seconds)
        r.push_back(amount / s);
    return bench::summarize(r);
}

core::RowMatrixXf randomMatrix(core::Index rows, core::Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    core::RowMatrixXf m(rows, cols);
    for (core::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(rng.normal());
    return m;
}

} // namespace

int main(int argc, char* argv[])
{
    if (argc < 2) {
        std::cerr << "usage: embex_bench FILE [--runs N] [--only load|train|als|pca|neighbours]\n";
        return 2;
    }
    const std::string path = argv[1];
    int runs = 5;
    std::string only;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
    }
    auto wanted = [&](const char* name) { return only.empty() || only == name; };

    const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::shared_ptr<core::Dataset> dataset;
    for (int threads : { 1, 2 }) {
        if (!wanted("load") && dataset)
            break;
        core::LoadOptions options;
        options.threads = threads;
        options.findMetadata = false;
        const auto seconds = bench::time(wanted("load") ? runs : 1, [&] {
            core::LoadOutcome outcome = core::loadRatings(path, options);
            if (!outcome.ok()) {
                std::cerr << outcome.error.toString() << '\n';
                std::exit(1);
            }
            dataset = outcome.dataset;
        });
        if (wanted("load"))
            report("load, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : ""), "MB/s", rates(seconds, megabytes));
    }

    core::TrainData data;
    data.train = dataset->ratings;
    data.userCount = dataset->users.size();
    data.itemCount = dataset->items.size();
    data.ratingMin = dataset->ratingMin;
    data.ratingMax = dataset->ratingMax;
    const double ratings = static_cast<double>(data.train.size());
    std::shared_ptr<const core::EmbeddingSnapshot> snapshot;

    if (wanted("train"))
        for (int threads : { 1, 2 }) {
            core::TrainConfig config = core::defaultTrainConfig("dotbias");
            config.dimension = 32;
            config.optimizer = "sgd";
            config.epochs = 1;
            config.threads = threads;
            const auto seconds = bench::time(runs, [&] { snapshot = core::train(data, config).snapshot; });
            report("dot+bias SGD epoch, k=32, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : ""),
                   "ratings/s", rates(seconds, ratings));
        }
    if (wanted("als"))
        for (int threads : { 1, 2 }) {
            core::TrainConfig config = core::defaultTrainConfig("als");
            config.dimension = 32;
            config.epochs = 1;
            config.threads = threads;
            const auto seconds = bench::time(std::min(runs, 3), [&] { core::train(data, config); });
            report("ALS iteration, k=32, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : ""), "s",
                   bench::summarize(seconds));
        }

    // Analysis on a 62,000 × 64 matrix, the shape of MovieLens 25M's items at d = 64.
    const auto items = std::make_shared<const core::RowMatrixXf>(randomMatrix(62000, 64, 7));
    if (wanted("pca")) {
        const auto seconds = bench::time(runs * 4, [&] { (void)core::computePca(*items); }, true);
        std::vector<double> ms;
        for (double s : seconds)
            ms.push_back(s * 1e3);
        report("PCA 62000x64", "ms", bench::summarize(ms));
    }
    if (wanted("neighbours")) {
        const core::NeighborIndex index(items);
        std::vector<double> ms;
        for (int batch = 0; batch < runs; ++batch) {
            const auto seconds = bench::time(200, [&, item = 0u]() mutable { (void)index.neighbours(item++ * 97 % 62000); });
            ms.push_back(bench::summarize(seconds).median * 1e3);
        }
        report("top-10 cosine query 62000x64", "ms", bench::summarize(ms), "median of per-batch medians, 200 queries a batch");
    }
    return 0;
}
