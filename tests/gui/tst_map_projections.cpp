// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/models/model_registry.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"
#include "ui/window/settings_store.h"

#include <QComboBox>
#include <QLabel>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

// The item whose nearest other drawn point is farthest away on screen: a click there is unambiguous.
int mostIsolatedItem(const ui::EmbeddingMap& map, const std::vector<int>& shown)
{
    int best = -1;
    double bestGap = -1;
    for (int i : shown) {
        double gap = 1e300;
        for (int j : shown)
            if (j != i)
                gap = std::min(gap, QLineF(map.pixelOf(i), map.pixelOf(j)).length());
        if (gap > bestGap) {
            bestGap = gap;
            best = i;
        }
    }
    return best;
}

std::vector<int> shownItems(const ui::EmbeddingMap& map, const ui::Workspace& workspace)
{
    std::vector<int> shown;
    for (int i = 0; i < workspace.itemCount(); ++i)
        if (map.projection().isPlaced(i)
            && workspace.itemCounts().all[static_cast<std::size_t>(i)] >= map.minimumRatings())
            shown.push_back(i);
    return shown;
}

// Trains a small dot+bias model on the demo data and waits until its map and measure are shown.
bool trainDemo(ui::MainWindow& window)
{
    return test::trainDemoDotBias(window, 6, 16) && QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000);
}

// Switches the map's projection and waits until the new one is drawn and measured.
bool switchTo(ui::MainWindow& window, core::ProjectionKind kind)
{
    window.map()->projectionBar()->setKind(kind);
    return QTest::qWaitFor([&] { return window.isMapSettled() && window.map()->projection().kind == kind; }, 60000);
}

double keptPercent(const ui::EmbeddingMap& map)
{
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("neighbours kept <b>(\\d+) %</b>"))
                                          .match(map.projectionBar()->faithfulnessText());
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

int visibleFarLines(const ui::EmbeddingMap& map)
{
    int lines = 0;
    for (int i = 0; i < map.plot()->itemCount(); ++i)
        if (auto* line = qobject_cast<QCPItemLine*>(map.plot()->item(i)); line && line->visible())
            ++lines;
    return lines;
}

bool legendHas(const ui::EmbeddingMap& map, const QString& name)
{
    for (int i = 0; i < map.plot()->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(map.plot()->legend->item(i));
            item && item->plottable()->name() == name)
            return true;
    return false;
}

} // namespace

class TestMapProjections : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void bothProjectionsDrawHitAndMeasure()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(trainDemo(window));
        ui::EmbeddingMap* map = window.map();
        const int items = window.workspace()->itemCount();
        for (core::ProjectionKind kind : { core::ProjectionKind::Neighbourhoods, core::ProjectionKind::Pca }) {
            QVERIFY(switchTo(window, kind));
            QCOMPARE(map->pointCount(), items);
            QVERIFY(!map->projection().warmStarted); // after training: the reproducible map
            QTRY_VERIFY(keptPercent(*map) >= 0);
            QVERIFY(keptPercent(*map) <= 100);
            QVERIFY(map->projectionBar()->faithfulnessText().contains(QStringLiteral("10 nearest, cosine")));
            // a bar too narrow for the whole phrase shows it short, never cut mid-word
            auto* kept = map->projectionBar()->findChild<QLabel*>(QStringLiteral("neighboursKept"));
            QVERIFY(kept);
            const QSize barSize = map->projectionBar()->size();
            map->projectionBar()->resize(260, barSize.height());
            QVERIFY(kept->text().startsWith(QStringLiteral("neighbours kept <b>")));
            QVERIFY(!kept->text().contains(QStringLiteral("nearest")));
            QVERIFY(kept->toolTip().contains(QStringLiteral("10 nearest, cosine")));
            map->projectionBar()->resize(1400, barSize.height());
            QVERIFY(kept->text().contains(QStringLiteral("10 nearest, cosine")));
            map->projectionBar()->resize(barSize);
            // hovering and clicking find the item drawn under the cursor
            map->plot()->replot();
            const std::vector<int> shown = shownItems(*map, *window.workspace());
            QCOMPARE(static_cast<int>(shown.size()), items);
            const int item = mostIsolatedItem(*map, shown);
            QCOMPARE(map->itemAt(map->pixelOf(item)), item);
            QTest::mouseClick(map->plot(), Qt::LeftButton, Qt::NoModifier, map->pixelOf(item));
            QCOMPARE(window.workspace()->selectedItem(), item);
            // the listed neighbours are highlighted; those the map puts far away are among them
            const std::vector<int>& listed = window.neighboursDock()->neighbours();
            QCOMPARE(static_cast<int>(listed.size()), 10);
            for (int far : map->farNeighbours())
                QVERIFY(std::find(listed.begin(), listed.end(), far) != listed.end());
            QCOMPARE(visibleFarLines(*map), static_cast<int>(map->farNeighbours().size()));
        }
    }

    void neighbourhoodsKeepMoreNeighboursThanPca()
    {
        // trained with the Neighbourhoods map on: it follows the epochs, and the last map is laid
        // out afresh, so it does not depend on which epochs were drawn
        ui::MainWindow window;
        window.map()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
        QVERIFY(trainDemo(window));
        QCOMPARE(window.map()->projection().kind, core::ProjectionKind::Neighbourhoods);
        QCOMPARE(window.map()->projection().epoch, 6);
        QVERIFY(!window.map()->projection().warmStarted);
        QTRY_VERIFY(keptPercent(*window.map()) >= 0);
        const double neighbourhoods = keptPercent(*window.map());
        QVERIFY(switchTo(window, core::ProjectionKind::Pca));
        QTRY_VERIFY(keptPercent(*window.map()) >= 0);
        const double pca = keptPercent(*window.map());
        QVERIFY2(neighbourhoods > pca,
                 qPrintable(QStringLiteral("PCA keeps %1 %, Neighbourhoods %2 %").arg(pca).arg(neighbourhoods)));
    }

    void ratingsFilterHidesItemsOnBoth()
    {
        ui::MainWindow window;
        QVERIFY(trainDemo(window));
        ui::EmbeddingMap* map = window.map();
        std::vector<int> counts = window.workspace()->itemCounts().all;
        std::vector<int> sorted = counts;
        std::sort(sorted.begin(), sorted.end());
        const int minimum = sorted[sorted.size() / 2];
        std::vector<int> passing;
        for (std::size_t i = 0; i < counts.size(); ++i)
            if (counts[i] >= minimum)
                passing.push_back(static_cast<int>(i));
        QVERIFY(passing.size() > 20 && passing.size() < counts.size());

        for (core::ProjectionKind kind : { core::ProjectionKind::Pca, core::ProjectionKind::Neighbourhoods }) {
            QVERIFY(switchTo(window, kind));
            map->setMinimumRatings(minimum);
            QTRY_VERIFY(window.isMapSettled());
            QCOMPARE(map->pointCount(), static_cast<int>(passing.size()));
            QCOMPARE(shownItems(*map, *window.workspace()), passing);
            QCOMPARE(map->itemsPassingFilter(), passing);
            if (kind == core::ProjectionKind::Neighbourhoods) // laid out on the passing items only
                for (std::size_t i = 0; i < counts.size(); ++i)
                    QCOMPARE(map->projection().isPlaced(static_cast<int>(i)), counts[i] >= minimum);
            // a hidden item cannot be hit
            const int hidden = static_cast<int>(
                std::find_if(counts.begin(), counts.end(), [&](int c) { return c < minimum; }) - counts.begin());
            QVERIFY(map->itemAt(map->pixelOf(hidden), 0.5) != hidden);
            map->setMinimumRatings(0);
            QTRY_VERIFY(window.isMapSettled());
            QCOMPARE(map->pointCount(), static_cast<int>(counts.size()));
        }
    }

    void cancelLeavesThePreviousMap()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(trainDemo(window));
        QVERIFY(switchTo(window, core::ProjectionKind::Pca));
        const std::vector<double> before = window.map()->projection().x;
        QSignalSpy projected(&window, &ui::MainWindow::projectionUpdated);
        window.map()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
        QVERIFY(window.map()->projectionBar()->isShowingProgress());
        auto* cancel = window.map()->findChild<QToolButton*>(QStringLiteral("cancelLayout"));
        QVERIFY(cancel && cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!window.map()->projectionBar()->isShowingProgress());
        QTRY_VERIFY(window.isMapSettled());
        QCOMPARE(projected.count(), 0);
        QCOMPARE(window.map()->projection().kind, core::ProjectionKind::Pca);
        QCOMPARE(window.map()->projection().x, before);

        // Esc does the same while a layout runs
        window.map()->projectionBar()->setKind(core::ProjectionKind::Pca);
        QTRY_VERIFY(window.isMapSettled());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.map()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
        QVERIFY(window.map()->projectionBar()->isShowingProgress());
        QTest::keyClick(window.map()->plot(), Qt::Key_Escape);
        QVERIFY(!window.map()->projectionBar()->isShowingProgress());
        QTRY_VERIFY(window.isMapSettled());
        QCOMPARE(window.map()->projection().kind, core::ProjectionKind::Pca);
    }

    void farNeighboursAreMarked()
    {
        // 40 items on a line: item 20's nearest map points are 15 … 25
        ui::Workspace workspace;
        workspace.setDataset(core::generateDemo({ 50, 40, 4, 10, false, 3 }));
        ui::EmbeddingMap map(&workspace);
        map.resize(900, 600);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        core::Projection line;
        line.kind = core::ProjectionKind::Neighbourhoods;
        for (int i = 0; i < 40; ++i) {
            line.x.push_back(i);
            line.y.push_back(0.1 * (i % 3));
        }
        map.setProjection(line);
        const QString farName = QStringLiteral("far on the map");

        map.setHighlight(20, { 19, 21, 18, 22, 17, 23, 16, 24, 15, 25 });
        QVERIFY(map.farNeighbours().empty());
        QCOMPARE(visibleFarLines(map), 0);
        QVERIFY(!legendHas(map, farName));

        map.setHighlight(20, { 19, 21, 18, 2, 17, 23, 16, 37, 15, 25 });
        QCOMPARE(map.farNeighbours(), (std::vector<int> { 2, 37 }));
        QCOMPARE(visibleFarLines(map), 2);
        QVERIFY(legendHas(map, farName));
        map.plot()->replot();

        // a far neighbour the filter hides is not on the map to mark
        map.setMinimumRatings(1 + workspace.itemCounts().all[37]);
        const std::vector<int>& far = map.farNeighbours();
        QVERIFY(std::find(far.begin(), far.end(), 37) == far.end());
        map.setMinimumRatings(0);
        QCOMPARE(map.farNeighbours(), (std::vector<int> { 2, 37 }));

        map.setHighlight(-1, {});
        QVERIFY(map.farNeighbours().empty());
        QCOMPARE(visibleFarLines(map), 0);
        QVERIFY(!legendHas(map, farName));
    }

    void projectionChoiceIsRemembered()
    {
        // kept when the window closes, like the other choices
        {
            ui::MainWindow window;
            QCOMPARE(window.map()->projectionBar()->kind(), core::ProjectionKind::Pca);
            window.map()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
            window.close();
        }
        QCOMPARE(ui::loadProjectionKind(QSettings()), core::ProjectionKind::Neighbourhoods);
        {
            ui::MainWindow window;
            QCOMPARE(window.map()->projectionBar()->kind(), core::ProjectionKind::Neighbourhoods);
            window.map()->projectionBar()->setKind(core::ProjectionKind::Pca);
            window.close();
        }
        QCOMPARE(ui::loadProjectionKind(QSettings()), core::ProjectionKind::Pca);
    }
};

QTEST_MAIN(TestMapProjections)
#include "tst_map_projections.moc"
