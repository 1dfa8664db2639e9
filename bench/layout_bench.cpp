// SPDX-License-Identifier: MIT
#include "bench/layout_bench.h"

#include "bench/bench_stats.h"
#include "core/analysis/group_summary.h"
#include "core/analysis/item_clusters.h"
#include "core/analysis/neighbour_layout.h"
#include "core/analysis/pca.h"
#include "core/data/random.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <sys/resource.h>

namespace embex::bench {
namespace {

    using Clock = std::chrono::steady_clock;

    double secondsSince(Clock::time_point start)
    {
        return std::chrono::duration<double>(Clock::now() - start).count();
    }

    // The process's CPU seconds (user + system), all threads: on a busy machine the wall time
    // says how crowded it was, this what the work cost.
    double cpuSeconds()
    {
        rusage usage {};
        getrusage(RUSAGE_SELF, &usage);
        return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    }

    std::string cpuNote(double cpu)
    {
        char text[48];
        std::snprintf(text, sizeof text, "CPU %.1f s a run", cpu);
        return text;
    }

    // The share of the exact graph's neighbours that `found` lists.
    double graphRecall(const core::KnnGraph& found, const core::KnnGraph& exact)
    {
        long long hits = 0;
        const auto k = static_cast<std::size_t>(exact.k);
        for (std::size_t i = 0; i < static_cast<std::size_t>(exact.rows); ++i) {
            const auto first = exact.neighbours.begin() + static_cast<std::ptrdiff_t>(i * k);
            for (std::size_t m = 0; m < k; ++m)
                hits += std::find(first, first + static_cast<std::ptrdiff_t>(k), found.neighbours[i * k + m])
                    != first + static_cast<std::ptrdiff_t>(k);
        }
        return static_cast<double>(hits) / static_cast<double>(exact.neighbours.size());
    }

    // A /proc/self/status field in MB (VmRSS, VmHWM); 0 where there is no /proc.
    double statusMegabytes(const std::string& field)
    {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind(field + ":", 0) == 0)
                return std::stod(line.substr(field.size() + 1)) / 1024;
        return 0;
    }

    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak seen
    // afterwards is the layout's own.
    bool resetPeakMemory()
    {
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";
        clear.flush();
        return static_cast<bool>(clear);
    }

    // `clusters` gaussian blobs as wide as the spread of their centres, as in a learned space.
    core::RowMatrixXf clusteredRandom(core::Index rows, core::Index cols, int clusters, std::uint64_t seed)
    {
        core::Rng rng(seed);
        core::RowMatrixXf centres(clusters, cols);
        for (core::Index i = 0; i < centres.size(); ++i)
            centres.data()[i] = static_cast<float>(rng.normal());
        core::RowMatrixXf m(rows, cols);
        for (core::Index i = 0; i < rows; ++i)
            for (core::Index j = 0; j < cols; ++j)
                m(i, j) = centres(i % clusters, j) + static_cast<float>(rng.normal());
        return m;
    }

    Stats once(double value)
    {
        return { value, value, value, 1 };
    }

    std::string shape(const core::RowMatrixXf& m)
    {
        return std::to_string(m.rows()) + "x" + std::to_string(m.cols());
    }

} // namespace

void benchLayout(const core::TrainData& data, int runs, int threads)
{
    const std::string onThreads = ", " + std::to_string(threads) + (threads > 1 ? " threads" : " thread");
    // The items after `epochs` epochs and after one more, from one training run.
    constexpr int epochs = 3;
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.dimension = 32;
    config.epochs = epochs + 1;
    config.threads = threads;
    std::vector<std::shared_ptr<const core::EmbeddingSnapshot>> snapshots;
    core::TrainCallbacks callbacks;
    callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) { snapshots.push_back(s); };
    const core::TrainOutcome outcome = core::train(data, config, callbacks);
    if (snapshots.size() < 2) {
        std::cerr << "layout bench: training gave " << snapshots.size() << " snapshots: " << outcome.message << '\n';
        std::exit(1);
    }
    const core::RowMatrixXf& before = snapshots[snapshots.size() - 2]->itemEmbeddings();
    const core::RowMatrixXf& after = snapshots.back()->itemEmbeddings();
    const std::string note = "dot+bias k=32 after " + std::to_string(snapshots.size() - 1) + " epochs";

    core::LayoutConfig layoutConfig;
    layoutConfig.threads = threads;
    core::LayoutResult cold;
    const int layoutRuns = std::min(runs, 2);
    double cpu = cpuSeconds();
    const auto coldSeconds = time(layoutRuns, [&] { cold = core::computeNeighbourLayout(before, layoutConfig); });
    report("neighbour layout " + shape(before) + onThreads, "s", summarize(coldSeconds),
           note + ", " + cpuNote((cpuSeconds() - cpu) / layoutRuns));
    const core::NeighboursKeptConfig keptConfig { .threads = threads };
    const auto keptStart = Clock::now();
    const core::NeighboursKept kept = core::measureNeighboursKept(before, cold.coordinates, keptConfig);
    const double keptSeconds = secondsSince(keptStart);
    report("neighbours kept, neighbour layout " + shape(before), "share", once(kept.share),
           "sample of " + std::to_string(kept.measured) + ", measured in " + std::to_string(keptSeconds) + " s");
    // Regions: the layout's own k-NN graph grouped (Leiden), then every group summarised.
    core::Clustering clusters;
    const auto clusterSeconds = time(runs, [&] { clusters = core::clusterGraph(*cold.graph, 1.0, 1); });
    report("clusters of the layout's k-NN graph " + shape(before), "s", summarize(clusterSeconds),
           std::to_string(clusters.count) + " groups, modularity " + std::to_string(clusters.modularity));
    core::ItemMetadata noMetadata;
    std::vector<std::string> ids(static_cast<std::size_t>(before.rows()));
    for (std::size_t i = 0; i < ids.size(); ++i)
        ids[i] = std::to_string(i + 1);
    const core::IdMap itemIds = core::IdMap::fromIds(ids);
    const core::ItemFacts facts = core::gatherItemFacts(data.train, itemIds, noMetadata);
    std::vector<std::uint32_t> rows(ids.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = static_cast<std::uint32_t>(i);
    const auto labelSeconds = time(runs,
                                   [&] { core::summariseGroups(clusters.clusterOf, clusters.count, rows, facts); });
    report("labels of every cluster " + shape(before), "s", summarize(labelSeconds),
           "size, best-known items, mean rating, median popularity (the bench file has no genres)");
    const core::PcaResult pca = core::computePca(before);
    report("neighbours kept, PCA " + shape(before), "share",
           once(core::measureNeighboursKept(before, pca.coordinates, keptConfig).share));

    core::LayoutConfig warmConfig = layoutConfig;
    warmConfig.warmStart = cold.coordinates;
    warmConfig.previousGraph = cold.graph; // as the window's live map passes it
    core::LayoutResult warm;
    cpu = cpuSeconds();
    const auto warmSeconds = time(layoutRuns, [&] { warm = core::computeNeighbourLayout(after, warmConfig); });
    report("warm-started layout update after an epoch " + shape(after) + onThreads, "s", summarize(warmSeconds),
           cpuNote((cpuSeconds() - cpu) / layoutRuns));
    report("neighbours kept, updated layout " + shape(after), "share",
           once(core::measureNeighboursKept(after, warm.coordinates, keptConfig).share));
    // What the refined graph gives up against searching all pairs again.
    const core::KnnGraph exact = core::buildKnnGraph(after, { .k = warm.graph->k, .threads = threads });
    report("recall@" + std::to_string(exact.k) + " of the refined k-NN graph " + shape(after), "share",
           once(graphRecall(*warm.graph, exact)), "against exact search of the updated vectors");
}

void benchMillionLayout(int threads)
{
    const std::string onThreads = ", " + std::to_string(threads) + (threads > 1 ? " threads" : " thread");
    core::LayoutConfig layoutConfig;
    layoutConfig.threads = threads;
    const core::NeighboursKeptConfig keptConfig { .threads = threads };

    // A million imported items: the approximate graph, its progress, memory and a cancel.
    const core::RowMatrixXf million = clusteredRandom(1000000, 64, 1000, 5);
    // Cancelled once under way (2 %, while the index is built): the time from the request to the
    // return. The full run below reports the longest gap between progress reports, which bounds
    // how long a cancel waits in its other phases.
    std::stop_source cancel;
    Clock::time_point requested;
    const core::LongWork cancelling { cancel.get_token(), [&](double fraction) {
                                         if (fraction >= 0.02 && !cancel.stop_requested()) {
                                             requested = Clock::now();
                                             cancel.request_stop();
                                         }
                                     } };
    const core::LayoutResult stopped = core::computeNeighbourLayout(million, layoutConfig, cancelling);
    report("cancel of the " + shape(million) + " layout", "s", once(secondsSince(requested)),
           stopped.cancelled ? "from the request to the return" : "NOT cancelled");

    const bool hasPeak = resetPeakMemory();
    const double baseline = statusMegabytes("VmRSS");
    // The longest gap between two progress reports, or a report and a step's start, bounds how
    // long a cancel waits: every step looks at the stop token where it reports.
    int reports = 0;
    double longestGap = 0;
    std::string step = "setup", longestGapStep;
    std::string steps; // each step's wall and CPU seconds
    auto last = Clock::now(), stepStart = last;
    double stepCpu = cpuSeconds();
    const auto gapEnds = [&] {
        if (secondsSince(last) > longestGap) {
            longestGap = secondsSince(last);
            longestGapStep = step;
        }
        last = Clock::now();
    };
    const auto stepEnds = [&] {
        char text[128];
        std::snprintf(text, sizeof text, "; %s %.1f s (CPU %.1f)", step.c_str(), secondsSince(stepStart),
                      cpuSeconds() - stepCpu);
        steps += text;
        stepStart = Clock::now();
        stepCpu = cpuSeconds();
    };
    const core::LongWork work { {},
                                [&](double) {
                                    ++reports;
                                    gapEnds();
                                },
                                [&](std::string_view begun) {
                                    gapEnds();
                                    stepEnds();
                                    step = begun;
                                } };
    const auto start = Clock::now();
    const double cpu = cpuSeconds();
    stepStart = start;
    stepCpu = cpu;
    const core::LayoutResult large = core::computeNeighbourLayout(million, layoutConfig, work);
    const double seconds = secondsSince(start);
    gapEnds();
    stepEnds();
    report("neighbour layout " + shape(million) + " (clustered random)" + onThreads, "s", once(seconds),
           cpuNote(cpuSeconds() - cpu) + ", " + std::to_string(reports) + " progress reports, longest gap "
               + std::to_string(longestGap) + " s (" + longestGapStep + ")"
               + (large.approximateGraph ? ", NN-descent graph" : "") + steps);
    if (hasPeak)
        report("neighbour layout " + shape(million) + " peak RSS increase", "MB",
               once(statusMegabytes("VmHWM") - baseline));
    const core::NeighboursKept largeKept = core::measureNeighboursKept(million, large.coordinates, keptConfig);
    report("neighbours kept, neighbour layout " + shape(million), "share", once(largeKept.share),
           "sample of " + std::to_string(largeKept.measured));
}

} // namespace embex::bench
