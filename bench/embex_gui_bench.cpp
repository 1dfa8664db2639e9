// SPDX-License-Identifier: MIT
// embex_gui_bench FILE [--runs N] [--epochs E] [--threads T]: the GUI figures on one ratings file,
// offscreen, one JSON object per line like embex_bench:
//  - a map redraw of every item (point data rebuilt and painted synchronously), then the same coloured
//    by twelve named clusters with their labels laid out;
//  - a lasso selection over every point (the points inside a 256-vertex path, set as the map's
//    region: what a mouse release costs before the repaint);
//  - how late a 5 ms GUI timer fires while the real window trains dot+bias (k = 32) on the file,
//    from the click on Train until the last epoch's map is drawn (split, snapshots, PCA, redraws);
//  - the same timer while the trained model's Neighbourhoods map is laid out (k-NN graph, layout,
//    the neighbours-kept measure), from the click on the projection until the map is drawn and measured.
#include "bench/bench_stats.h"
#include "core/analysis/region_selection.h"
#include "tests/support/synthetic_map.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_projection_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>
#include <cstring>
#include <iostream>
#include <numbers>

using namespace embex;

namespace {

using bench::report;

/// Runs the event loop (no sleeping, so the probe sees only real work) until `done` or the timeout.
bool runUntil(const std::function<bool()>& done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start(20);
    loop.exec();
    return done();
}

double percentile(const std::vector<double>& sorted, double q)
{
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("EmbexBench")); // never the user's settings
    QStandardPaths::setTestModeEnabled(true);
    if (argc < 2) {
        std::cerr << "usage: embex_gui_bench FILE [--runs N] [--epochs E] [--threads T]\n";
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    int runs = 5, epochs = 2, threads = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--epochs") == 0)
            epochs = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--threads") == 0)
            threads = std::max(1, std::atoi(argv[i + 1]));
    }

    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.map()->projectionBar()->setKind(core::ProjectionKind::Pca); // whatever a previous run left chosen
    bool loaded = false, failed = false;
    QObject::connect(&window, &ui::MainWindow::datasetLoaded, [&] { loaded = true; });
    QObject::connect(&window, &ui::MainWindow::loadFailed, [&](const QString& message) {
        std::cerr << qPrintable(message) << '\n';
        failed = true;
    });
    core::LoadOptions options;
    options.threads = 2;
    if (!window.loadRatings(path, options) || !runUntil([&] { return loaded || failed; }, 600000) || failed)
        return 1;
    const int items = window.workspace()->itemCount();

    ui::EmbeddingMap* map = window.map();
    std::vector<int> blobOf;
    map->setProjection(test::clusteredProjection(items, &blobOf));
    std::vector<double> redraws;
    map->redrawNow(); // warm-up: first paint allocates the pixmaps
    for (int r = 0; r < runs; ++r)
        redraws.push_back(map->redrawNow());
    report("map redraw, " + std::to_string(map->pointCount()) + " points", "ms", bench::summarize(redraws),
           "offscreen, 1280x800 window, data rebuilt and painted");

    ui::MapClusters named; // twelve groups with names as long as ml-100k's
    named.clusterOf = blobOf;
    named.count = 12;
    named.sizes.assign(12, 0);
    for (int c : blobOf)
        ++named.sizes[static_cast<std::size_t>(c)];
    for (int c = 0; c < 12; ++c) {
        named.labels << QStringLiteral("Film-Noir, Mystery · 1940s–1950s · The Maltese Falcon (1941), Title %1").arg(c);
        named.shortLabels << QStringLiteral("Film-Noir, Mystery %1").arg(c);
    }
    map->setClusters(named);
    map->setColourBy(ui::ColourBy::Cluster);
    map->setClusters(named); // again: choosing the colouring asks for groups, and there is no model to find them
    map->redrawNow();
    redraws.clear();
    for (int r = 0; r < runs; ++r)
        redraws.push_back(map->redrawNow());
    report("map redraw with region labels, " + std::to_string(map->pointCount()) + " points", "ms",
           bench::summarize(redraws),
           std::to_string(map->regionLabelsShown().size()) + " of 12 names placed, coloured by cluster");

    const core::Projection& placed = map->projection();
    core::Polygon lasso; // a wobbly loop over about half the map, as a hand draws one
    for (int v = 0; v < 256; ++v) {
        const double angle = 2 * std::numbers::pi * v / 256, radius = 2.6 + 0.4 * std::sin(7 * angle);
        lasso.x.push_back(1.0 + radius * std::cos(angle));
        lasso.y.push_back(0.5 + radius * std::sin(angle));
    }
    const std::vector<int> candidates = map->itemsPassingFilter();
    std::vector<double> lassoMs;
    std::size_t picked = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer clock;
        clock.start();
        std::vector<int> inside = core::pointsInPolygon(placed.x, placed.y, candidates, lasso);
        picked = inside.size();
        map->setRegion(std::move(inside));
        lassoMs.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        map->setRegion({});
    }
    report("lasso selection over " + std::to_string(candidates.size()) + " points", "ms", bench::summarize(lassoMs),
           "256-vertex path, " + std::to_string(picked)
               + " points inside, set as the map's region (before the repaint)");
    map->setColourBy(ui::ColourBy::Genre);

    core::TrainConfig config = window.modelDock()->config();
    config.model = core::ModelKind::DotBias;
    config.dimension = 32;
    config.epochs = epochs;
    config.threads = threads;
    window.modelDock()->setConfig(config);
    std::vector<double> gaps;
    QElapsedTimer tick;
    QTimer probe;
    probe.setInterval(5);
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (tick.isValid())
            gaps.push_back(static_cast<double>(tick.nsecsElapsed()) / 1e6);
        tick.restart();
    });
    bool finished = false;
    QObject::connect(window.trainingController(), &ui::TrainingController::finished, [&] { finished = true; });
    probe.start();
    QElapsedTimer wall;
    wall.start();
    if (!window.startTraining())
        return 1;
    if (!runUntil([&] { return finished && !window.isProjecting(); }, 1200000))
        return 1;
    runUntil([] { return false; }, 200); // the last projection's repaint
    probe.stop();
    std::sort(gaps.begin(), gaps.end());
    if (gaps.empty())
        return 1;
    const std::string what = std::to_string(epochs) + " epoch(s), " + std::to_string(threads) + " training thread(s), "
        + std::to_string(gaps.size()) + " ticks in " + std::to_string(wall.elapsed() / 1000.0).substr(0, 5) + " s";
    report("GUI timer gap while training, p50", "ms", { percentile(gaps, 0.5), gaps.front(), gaps.back(), 1 }, what);
    report("GUI timer gap while training, p99", "ms", { percentile(gaps, 0.99), gaps.front(), gaps.back(), 1 }, what);

    gaps.clear();
    tick.invalidate();
    bool laidOut = false;
    const auto connection = QObject::connect(&window, &ui::MainWindow::projectionUpdated, [&] {
        laidOut = window.map()->projection().kind == core::ProjectionKind::Neighbourhoods;
    });
    probe.start();
    wall.restart();
    window.map()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
    const bool layoutDone = runUntil([&] { return laidOut && window.isMapSettled(); }, 1200000);
    const double layoutSeconds = static_cast<double>(wall.elapsed()) / 1000.0;
    runUntil([] { return false; }, 200); // the layout's repaint
    probe.stop();
    QObject::disconnect(connection);
    window.map()->projectionBar()->setKind(core::ProjectionKind::Pca);
    std::sort(gaps.begin(), gaps.end());
    if (!layoutDone || gaps.empty())
        return 1;
    const std::string layout = std::to_string(window.map()->pointCount()) + " items x "
        + std::to_string(config.dimension) + ", " + std::to_string(gaps.size()) + " ticks in "
        + std::to_string(layoutSeconds).substr(0, 5) + " s (layout and its measure)";
    report("GUI timer gap, Neighbourhoods layout, p50", "ms", { percentile(gaps, 0.5), gaps.front(), gaps.back(), 1 },
           layout);
    report("GUI timer gap, Neighbourhoods layout, p99", "ms", { percentile(gaps, 0.99), gaps.front(), gaps.back(), 1 },
           layout);
    return 0;
}
