// SPDX-License-Identifier: MIT
// embex_bench FILE [--runs N] [--only NAME] [--threads T[,T]] [--subset N] [--profile-threads 1]: Projector TSV and
// JSON Lines import, load, train, ALS, neural, PCA, neighbour-query, neighbour-layout and ranking-metrics timings on
// one ratings file, one JSON object per line (scripts/bench makes the table). --only peer trains the models of
// shared/peers/torch_mf.py with its settings, up to 3 runs each, for the side-by-side with PyTorch. --help: usage.
#include "bench/bench_stats.h"
#include "bench/layout_bench.h"
#include "bench/tune_bench.h"
#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/data/demo_generator.h"
#include "core/data/random.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/io/embedding_import.h"
#include "core/models/model.h"
#include "core/models/scorer.h"
#include "core/training/ranking_metrics.h"
#include "core/training/trainer.h"
#include "core/util/worker_team.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#ifdef _OPENMP
#include <omp.h>
#endif

using namespace embex;

namespace {

using bench::report;

/// Rate = amount / seconds; the median rate is the rate of the median time.
bench::Stats rates(const std::vector<double>& seconds, double amount)
{
    std::vector<double> r;
    for (double s : seconds)
        r.push_back(amount / s);
    return bench::summarize(r);
}

bool profileThreads = false; // --profile-threads 1

double processCpuSeconds()
{
    timespec t {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// Seconds of one epoch as the trainer times it: shuffle, batches and the snapshot (no validation
/// data here), without the one-off model setup. With --profile-threads, also a line on stderr of
/// CPU seconds, which other programs on the machine barely move: the epoch's (the train call's
/// less a model setup's), and the worker teams' (see WorkerTeam::Profile).
double epochSeconds(const core::TrainData& data, const core::TrainConfig& config)
{
    if (profileThreads) {
        const double beforeSetup = processCpuSeconds();
        (void)core::makeModel(data, config);
        const double setup = processCpuSeconds() - beforeSetup;
        core::WorkerTeam::setProfiling(true);
        const double before = processCpuSeconds();
        const core::TrainOutcome outcome = core::train(data, config);
        const double cpu = processCpuSeconds() - before - setup;
        const core::WorkerTeam::Profile p = core::WorkerTeam::takeProfile();
        core::WorkerTeam::setProfiling(false);
        std::fprintf(stderr,
                     "profile %s, %d thread(s): wall %.4f s, epoch CPU %.4f s; team runs %ld, task CPU %.4f s, "
                     "critical path on free cores %.4f s, caller between runs %.4f s\n",
                     std::string(core::modelName(config.model)).c_str(), config.threads,
                     outcome.history.empty() ? 0.0 : outcome.history.front().seconds, cpu, p.runs, p.busy, p.critical,
                     p.betweenRuns);
        if (!outcome.history.empty())
            return outcome.history.front().seconds;
    }
    const core::TrainOutcome outcome = core::train(data, config);
    if (outcome.history.empty()) {
        std::cerr << core::modelName(config.model) << ": " << outcome.message << '\n';
        std::exit(1);
    }
    return outcome.history.front().seconds;
}

/// The first `count` ratings of `data` (all of them when count is 0), catalogue unchanged.
core::TrainData firstRatings(const core::TrainData& data, std::size_t count)
{
    if (count == 0 || count >= data.train.size())
        return data;
    core::TrainData part = data;
    part.train.users.resize(count);
    part.train.items.resize(count);
    part.train.ratings.resize(count);
    part.train.timestamps.clear();
    return part;
}

/// The rate of the second thread count over the first's (2 threads over 1 by default): how far
/// a second core speeds the work up. Medians over medians; min and max pair the extremes.
void reportScaling(const std::string& name, const std::vector<int>& threadCounts,
                   const std::vector<bench::Stats>& rateStats)
{
    if (threadCounts.size() < 2 || rateStats.size() < 2)
        return;
    const bench::Stats& one = rateStats.front();
    const bench::Stats& more = rateStats.back();
    report(name + " scaling, " + std::to_string(threadCounts.back()) + " threads / "
               + std::to_string(threadCounts.front()),
           "x", { more.median / one.median, more.min / one.max, more.max / one.min, std::min(one.runs, more.runs) },
           "rate over rate");
}

/// Sets the OpenMP threads (the import readers' team) and returns the count before.
int setOmpThreads(int threads)
{
#ifdef _OPENMP
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    return before;
#else
    return threads;
#endif
}

std::string threadsText(int threads)
{
    return std::to_string(threads) + (threads > 1 ? " threads" : " thread");
}

core::RowMatrixXf randomMatrix(core::Index rows, core::Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    core::RowMatrixXf m(rows, cols);
    for (core::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(rng.normal());
    return m;
}

/// A Projector vectors.tsv, written once into `folder`: `rows` lines of `dimension` tab-separated
/// numbers of 9 significant digits (a float32's round trip), no header, no id.
std::string projectorVectors(const std::filesystem::path& folder, int rows, int dimension)
{
    const std::filesystem::path path = folder
        / ("projector-" + std::to_string(rows) + "x" + std::to_string(dimension) + "-vectors.tsv");
    if (std::filesystem::exists(path))
        return path.string();
    const std::filesystem::path partial = path.string() + ".part";
    std::ofstream out(partial, std::ios::binary);
    core::Rng rng(13);
    std::string line;
    char number[32];
    for (int r = 0; r < rows; ++r) {
        line.clear();
        for (int c = 0; c < dimension; ++c) {
            std::snprintf(number, sizeof number, c == 0 ? "%.9g" : "\t%.9g", static_cast<float>(0.1 * rng.normal()));
            line += number;
        }
        line += '\n';
        out << line;
    }
    out.close();
    std::filesystem::rename(partial, path);
    return path.string();
}

/// Spark ALS itemFactors as JSON Lines, written once into `folder`: `rows` lines of
/// {"id":N,"features":[…]} with `dimension` numbers of 17 significant digits, as Java prints doubles.
std::string sparkJsonLines(const std::filesystem::path& folder, int rows, int dimension)
{
    const std::filesystem::path path = folder
        / ("spark-items-" + std::to_string(rows) + "x" + std::to_string(dimension) + ".jsonl");
    if (std::filesystem::exists(path))
        return path.string();
    const std::filesystem::path partial = path.string() + ".part";
    std::ofstream out(partial, std::ios::binary);
    core::Rng rng(11);
    std::string line;
    char number[32];
    for (int r = 0; r < rows; ++r) {
        line = "{\"id\":" + std::to_string(r * 7 + 1) + ",\"features\":[";
        for (int c = 0; c < dimension; ++c) {
            std::snprintf(number, sizeof number, c == 0 ? "%.17g" : ",%.17g", 0.1 * rng.normal());
            line += number;
        }
        line += "]}\n";
        out << line;
    }
    out.close();
    std::filesystem::rename(partial, path);
    return path.string();
}

/// Demo data of a given shape with Zipf popularity, 10 ratings of each user held out.
std::shared_ptr<core::TrainData> heldOutDemo(int users, int items, int ratingsPerUser, std::uint64_t seed)
{
    core::DemoConfig demo;
    demo.users = users;
    demo.items = items;
    demo.ratingsPerUser = ratingsPerUser;
    demo.zipf = true;
    demo.seed = seed;
    core::SplitSpec spec;
    spec.kind = core::SplitSpec::Kind::PerUser;
    spec.perUserCount = 10;
    return core::splitForTraining(*core::generateDemo(demo), spec).data;
}

/// Times what compare computes for each model: the top-10 lists, the catalogue facts and every
/// ranking and beyond-accuracy figure, in seconds a run.
std::vector<double> rankingMetricSeconds(const core::Scorer& scorer, const core::TrainData& data, int runs, int threads,
                                         bool warmUp)
{
    const core::UserItems train(data.train, data.userCount), heldOut(data.validation, data.userCount);
    return bench::time(
        runs,
        [&] {
            const core::CatalogueFacts facts = core::catalogueFacts(train, data.itemCount);
            const core::TopLists lists = core::topLists(scorer, train, data.itemCount, 10, threads);
            (void)core::evaluateLists(lists, heldOut, facts, threads);
        },
        warmUp);
}

std::string heldOutNote(const core::TrainData& data)
{
    return std::to_string(data.train.size()) + " training ratings, " + std::to_string(data.validation.size())
        + " held out";
}

/// Every ranking and beyond-accuracy metric at k = 10 of a trained dot+bias on data of MovieLens
/// 100k's shape (943 users × 1,682 items, ~100,000 ratings, 10 held out per user).
void benchRankingMetrics(int runs, int threads)
{
    const auto data = heldOutDemo(943, 1682, 106, 100);
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.epochs = 2;
    config.threads = threads;
    const core::TrainOutcome outcome = core::train(*data, config);
    std::vector<double> ms;
    for (double s : rankingMetricSeconds(*core::makeScorer(outcome.snapshot), *data, runs, threads, true))
        ms.push_back(s * 1e3);
    report("ranking metrics at k=10, 943x1682 (ml-100k shape), " + threadsText(threads), "ms", bench::summarize(ms),
           heldOutNote(*data));
}

constexpr const char* usage
    = "usage: embex_bench FILE [--runs N] [--only GROUP] [--threads T[,T]] [--subset N] [--profile-threads 1]\n"
      "  FILE               a ratings file (userId,itemId,rating,...); the import rows write their files beside it\n"
      "  --runs N           timed runs a row (default 5; ALS, the neural models and the peer rows take at most 3)\n"
      "  --only GROUP       one group: import, load, train, als, neural, pca, neighbours, layout, layout-million,\n"
      "                     metrics, tune (on ml-100k) or peer (the models of shared/peers/torch_mf.py)\n"
      "  --threads T[,T]    thread counts (default 1,2; with one count, no scaling rows)\n"
      "  --subset N         the neural rows train on the first N ratings\n"
      "  --profile-threads 1  CPU seconds of the epoch and of the thread hand-offs on stderr\n"
      "Prints one JSON object a row on stdout; scripts/bench makes the tables.\n";

/// A bad command line: the reason and the usage on stderr, exit status 2.
[[noreturn]] void badUsage(const std::string& message)
{
    std::cerr << "embex_bench: " << message << '\n' << usage;
    std::exit(2);
}

/// A whole number ≥ minimum, or badUsage.
long wholeNumber(const char* option, const std::string& text, long minimum)
{
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < minimum)
        badUsage(std::string(option) + " takes a whole number of at least " + std::to_string(minimum) + ", not '" + text
                 + "'");
    return value;
}

/// The same figures for 162,000 users × 62,000 items (MovieLens 25M's shape, ~25 million ratings,
/// 10 held out per user) of a dot+bias model with d = 32 and random weights: training is not
/// what this row times, and the lists cost the same whatever the weights are.
void benchRankingMetricsLarge(int runs, int threads)
{
    const auto data = heldOutDemo(162000, 62000, 154, 25);
    auto snapshot = std::make_shared<core::EmbeddingSnapshot>();
    snapshot->modelKind = "dotbias";
    const auto users = static_cast<core::Index>(data->userCount), items = static_cast<core::Index>(data->itemCount);
    snapshot->parameters = { { "user_embedding", randomMatrix(users, 32, 1) },
                             { "item_embedding", randomMatrix(items, 32, 2) },
                             { "user_bias", randomMatrix(users, 1, 3) },
                             { "item_bias", randomMatrix(items, 1, 4) },
                             { "global_bias", core::RowMatrixXf::Constant(1, 1, 3.5f) } };
    report(
        "ranking metrics at k=10, 162000x62000 (ml-25m shape), " + threadsText(threads), "s",
        bench::summarize(rankingMetricSeconds(*core::makeScorer(snapshot), *data, std::min(runs, 3), threads, false)),
        heldOutNote(*data) + ", d = 32");
}

} // namespace

int main(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::cout << usage;
            return 0;
        }
    if (argc < 2 || argv[1][0] == '-')
        badUsage("the first argument is the ratings file");
    const std::string path = argv[1];
    int runs = 5;
    std::string only;
    std::vector<int> threadCounts { 1, 2 };
    std::size_t subset = 0;
    for (int i = 2; i < argc; i += 2) {
        const std::string option = argv[i];
        if (option != "--runs" && option != "--only" && option != "--threads" && option != "--profile-threads"
            && option != "--subset")
            badUsage("unknown option '" + option + "'");
        if (i + 1 >= argc)
            badUsage(option + " needs a value");
        const std::string value = argv[i + 1];
        if (option == "--runs") {
            runs = static_cast<int>(wholeNumber("--runs", value, 1));
        } else if (option == "--only") {
            only = value;
        } else if (option == "--threads") {
            threadCounts.clear();
            for (std::size_t at = 0; at <= value.size();) {
                const std::size_t comma = std::min(value.find(',', at), value.size());
                threadCounts.push_back(static_cast<int>(wholeNumber("--threads", value.substr(at, comma - at), 1)));
                at = comma + 1;
            }
        } else if (option == "--profile-threads") {
            profileThreads = wholeNumber("--profile-threads", value, 0) != 0;
        } else {
            subset = static_cast<std::size_t>(wholeNumber("--subset", value, 0));
        }
    }
    static const std::vector<std::string> groups {
        "import",     "load",   "train",          "als",     "neural", "pca",
        "neighbours", "layout", "layout-million", "metrics", "tune",   "peer"
    };
    if (!only.empty() && std::find(groups.begin(), groups.end(), only) == groups.end())
        badUsage(
            "--only takes import, load, train, als, neural, pca, neighbours, layout, layout-million, metrics, tune or "
            "peer, not '"
            + only + "'");
    std::error_code error;
    if (only != "layout-million" && only != "metrics" && only != "tune"
        && !std::filesystem::is_regular_file(path, error))
        badUsage(path + ": no such file");
    auto wanted = [&](const char* name) { return only.empty() || only == name; };
    if (only == "layout-million") { // needs no ratings file
        bench::benchMillionLayout(threadCounts.back());
        return 0;
    }
    if (only == "metrics") { // makes its own data
        benchRankingMetrics(runs, threadCounts.back());
        benchRankingMetricsLarge(runs, threadCounts.back());
        return 0;
    }
    if (only == "tune") { // reads ml-100k, not the file
        bench::benchTune(runs, threadCounts.back());
        return 0;
    }

    if (wanted("import")) {
        // The readers parse on every OpenMP thread: each count is set for its rows, then restored.
        const int ompThreads = setOmpThreads(threadCounts.front());
        auto importRate = [&](const std::string& file, const std::string& name) {
            const double megabytes = static_cast<double>(std::filesystem::file_size(file)) / 1e6;
            std::vector<bench::Stats> byThreads;
            for (int threads : threadCounts) {
                setOmpThreads(threads);
                const auto seconds = bench::time(
                    runs,
                    [&] {
                        const core::ImportOutcome outcome = core::importEmbeddings(file);
                        if (!outcome.ok()) {
                            std::cerr << outcome.error.toString() << '\n';
                            std::exit(1);
                        }
                    },
                    true);
                byThreads.push_back(rates(seconds, megabytes));
                report(name + ", " + threadsText(threads), "MB/s", byThreads.back());
            }
            reportScaling(name, threadCounts, byThreads);
            setOmpThreads(ompThreads);
        };
        importRate(projectorVectors(std::filesystem::path(path).parent_path(), 1000000, 64),
                   "import Projector vectors.tsv 1000000x64");
        importRate(sparkJsonLines(std::filesystem::path(path).parent_path(), 200000, 64),
                   "import Spark JSON Lines 200000x64");
        if (only == "import")
            return 0;
    }

    const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    std::shared_ptr<core::Dataset> dataset;
    for (int threads : threadCounts) {
        if (!wanted("load") && dataset)
            break;
        core::LoadOptions options;
        options.threads = threads;
        options.findMetadata = false;
        const auto seconds = bench::time(wanted("load") ? runs : 1, [&] {
            dataset.reset(); // one dataset in memory at a time, as in the application
            core::LoadOutcome outcome = core::loadRatings(path, options);
            if (!outcome.ok()) {
                std::cerr << outcome.error.toString() << '\n';
                std::exit(1);
            }
            dataset = outcome.dataset;
        });
        if (wanted("load"))
            report("load, " + threadsText(threads), "MB/s", rates(seconds, megabytes));
    }

    core::SplitSpec everything;
    everything.kind = core::SplitSpec::Kind::None;
    core::TrainData data = std::move(*core::splitForTraining(*dataset, everything).data);
    dataset.reset();
    const double ratings = static_cast<double>(data.train.size());

    if (wanted("train")) {
        // Once per run, not per epoch: copying the ratings into LIBMF-style blocks.
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.dimension = 32;
        const auto seconds = bench::time(std::min(runs, 3), [&] { (void)core::makeModel(data, config); });
        report("dot+bias SGD setup (model + rating blocks), k=32", "s", bench::summarize(seconds));
    }
    if (wanted("train")) {
        std::vector<bench::Stats> byThreads;
        for (int threads : threadCounts) {
            core::TrainConfig config = core::defaultTrainConfig("dotbias");
            config.dimension = 32;
            config.epochs = 1;
            config.threads = threads;
            std::vector<double> seconds;
            for (int r = 0; r < runs; ++r)
                seconds.push_back(epochSeconds(data, config));
            byThreads.push_back(rates(seconds, ratings));
            report("dot+bias SGD epoch, k=32, " + threadsText(threads), "ratings/s", byThreads.back());
        }
        reportScaling("dot+bias SGD", threadCounts, byThreads);
    }
    if (wanted("train")) { // SVD++ (the implicit term) trains on one thread whatever the count
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.dimension = 32;
        config.epochs = 1;
        config.implicitTerm = true;
        std::vector<double> seconds;
        for (int r = 0; r < std::min(runs, 3); ++r)
            seconds.push_back(epochSeconds(data, config));
        report("dot+bias SVD++ SGD epoch, k=32, 1 thread", "ratings/s", rates(seconds, ratings));
    }
    if (wanted("als")) {
        std::vector<bench::Stats> byThreads;
        for (int threads : threadCounts) {
            core::TrainConfig config = core::defaultTrainConfig("als");
            config.dimension = 32;
            config.epochs = 1;
            config.threads = threads;
            std::vector<double> seconds;
            for (int r = 0; r < std::min(runs, 3); ++r)
                seconds.push_back(epochSeconds(data, config));
            report("ALS iteration, k=32, " + threadsText(threads), "s", bench::summarize(seconds));
            byThreads.push_back(rates(seconds, 1.0));
        }
        reportScaling("ALS", threadCounts, byThreads);
    }
    if (wanted("neural")) {
        // Both run on the file's first ratings (the catalogue stays whole) and report rates;
        // scripts/bench converts them to the whole file's epoch.
        for (const char* model : { "mlp", "softmax" }) {
            const bool isSoftmax = std::strcmp(model, "softmax") == 0;
            const std::string label = isSoftmax ? "softmax" : "MLP";
            const core::TrainData part = firstRatings(data, subset ? subset : (isSoftmax ? 200000 : 1000000));
            std::vector<bench::Stats> byThreads;
            for (int threads : threadCounts) {
                core::TrainConfig config = core::defaultTrainConfig(model);
                config.epochs = 1;
                config.threads = threads;
                std::vector<double> seconds;
                for (int r = 0; r < std::min(runs, 3); ++r)
                    seconds.push_back(epochSeconds(part, config));
                byThreads.push_back(rates(seconds, static_cast<double>(part.train.size())));
                report(label + " epoch (defaults), " + threadsText(threads), "ratings/s", byThreads.back(),
                       "first " + std::to_string(part.train.size()) + " ratings");
            }
            reportScaling(label, threadCounts, byThreads);
        }
    }
    if (only == "peer") {
        // torch_mf.py's defaults: mf = dot+bias, k 32, init N(0, 0.01), Adam lr 5e-3, batch 1024;
        // mlp = embeddings of 8, Dense 32-4-1, Adam lr 5e-3, batch 1024. Up to 3 runs each, like the peer's.
        auto peerRow = [&](const std::string& model, int threads, const core::TrainConfig& config) {
            std::vector<double> seconds;
            for (int r = 0; r < std::min(runs, 3); ++r)
                seconds.push_back(epochSeconds(data, config));
            report("peer " + model + " epoch, " + threadsText(threads), "s", bench::summarize(seconds));
        };
        for (const char* model : { "dotbias", "mlp" })
            for (int threads : threadCounts) {
                core::TrainConfig config = core::defaultTrainConfig(model);
                config.dimension = std::strcmp(model, "mlp") == 0 ? 8 : 32;
                config.hiddenLayers = std::strcmp(model, "mlp") == 0 ? std::vector<int> { 32, 4 } : std::vector<int> {};
                config.optimizer = core::OptimizerKind::Adam;
                config.learningRate = 5e-3;
                config.regularization = 0;
                config.batchSize = 1024;
                config.initStd = 0.01;
                config.epochs = 1;
                config.threads = threads;
                peerRow(model, threads, config);
            }
        // bench/torch_softmax_peer.py ports the softmax model with Embex's defaults.
        for (int threads : threadCounts) {
            core::TrainConfig config = core::defaultTrainConfig("softmax");
            config.epochs = 1;
            config.threads = threads;
            peerRow("softmax", threads, config);
        }
    }

    // Analysis on a 62,000 × 64 matrix, the shape of MovieLens 25M's items at d = 64.
    const auto items = std::make_shared<const core::RowMatrixXf>(randomMatrix(62000, 64, 7));
    if (wanted("pca")) {
        const auto seconds = bench::time(
            runs * 4, [&] { (void)core::computePca(*items); }, true);
        std::vector<double> ms;
        for (double s : seconds)
            ms.push_back(s * 1e3);
        report("PCA 62000x64", "ms", bench::summarize(ms));
    }
    if (wanted("neighbours")) {
        const core::NeighborIndex index(items);
        std::vector<double> ms;
        for (int batch = 0; batch < runs; ++batch) {
            const auto seconds = bench::time(200,
                                             [&, item = 0u]() mutable { (void)index.neighbours(item++ * 97 % 62000); });
            ms.push_back(bench::summarize(seconds).median * 1e3);
        }
        report("top-10 cosine query 62000x64", "ms", bench::summarize(ms),
               "median of per-batch medians, 200 queries a batch");
    }
    if (wanted("layout"))
        bench::benchLayout(data, runs, threadCounts.back());
    if (only.empty()) {
        bench::benchMillionLayout(threadCounts.back());
        benchRankingMetrics(runs, threadCounts.back());
        benchRankingMetricsLarge(runs, threadCounts.back());
        bench::benchTune(runs, threadCounts.back());
    }
    return 0;
}
