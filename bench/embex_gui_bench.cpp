// SPDX-License-Identifier: MIT
// embex_gui_bench FILE [--runs N] [--epochs E] [--threads T]: the GUI figures on one ratings file,
// offscreen, one JSON object per line like embex_bench:
//  - a map redraw of every item (point data rebuilt and painted synchronously);
//  - how late a 5 ms GUI timer fires while the real window trains dot+bias (k = 32) on the file,
//    from the click on Train until the last epoch's map is drawn (split, snapshots, PCA, redraws);
//  - the same timer while the trained model's Neighbourhoods map is laid out (k-NN graph, layout,
//    the neighbours-kept measure), from the click on the projection until the map is drawn and measured.
#include "bench/bench_stats.h"
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
    map->setProjection(test::clusteredProjection(items));
    std::vector<double> redraws;
    map->redrawNow(); // warm-up: first paint allocates the pixmaps
    for (int r = 0; r < runs; ++r)
        redraws.push_back(map->redrawNow());
    report("map redraw, " + std::to_string(map->pointCount()) + " points", "ms", bench::summarize(redraws),
           "offscreen, 1280x800 window, data rebuilt and painted");

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
