// SPDX-License-Identifier: MIT
#include "core/analysis/run_agreement.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/runs/disagreement_model.h"
#include "ui/runs/run_maps_view.h"
#include "ui/runs/runs_dock.h"
#include "ui/window/main_window.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>
#include <qcustomplot.h>

#include <optional>
#include <set>
#include <utility>

using namespace embex;

namespace {

/// The Two runs window of `window` once Compare maps was pressed and the job ended.
ui::RunMapsView* compareFromRunsTab(ui::MainWindow& window)
{
    QPushButton* button = window.runsDock()->compareMapsButton();
    if (!button->isEnabled())
        return nullptr;
    button->click();
    auto* view = window.findChild<ui::RunMapsView*>();
    if (!view || !QTest::qWaitFor([&] { return !view->isComputing(); }, 30000))
        return nullptr;
    return view;
}

/// The colour of the point drawn at `at` on `plot`, or an invalid colour when none is there.
QColor colourDrawnAt(const QCustomPlot& plot, QPointF at)
{
    for (int g = 0; g < plot.graphCount(); ++g) {
        const QCPGraph* graph = plot.graph(g);
        if (graph->scatterStyle().shape() != QCPScatterStyle::ssDisc)
            continue;
        for (const QCPGraphData& d : *graph->data())
            if (d.key == at.x() && d.value == at.y())
                return graph->scatterStyle().brush().color();
    }
    return {};
}

} // namespace

class TestRunMaps : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void twoRunsOpenSideBySideFromTheRunsTab()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(!window.runsDock()->compareMapsButton()->isEnabled()); // one run: nothing to compare
        QVERIFY(test::trainAgain(window, 7));
        ui::Workspace& workspace = *window.workspace();
        QCOMPARE(window.runsDock()->mapPair(), (std::optional<std::pair<int, int>> { { 1, 0 } }));
        // two selected rows: the open one first
        QTableView* runs = window.runsDock()->table();
        runs->selectAll();
        QVERIFY(window.runsDock()->chooseRun(0));
        QCOMPARE(window.runsDock()->mapPair(), (std::optional<std::pair<int, int>> { { 0, 1 } }));
        QVERIFY(window.runsDock()->chooseRun(1));
        runs->clearSelection();
        ui::RunMapsView* view = compareFromRunsTab(window);
        QVERIFY(view);
        QVERIFY(view->isVisible() && view->isWindow());
        QVERIFY2(view->maps(), qPrintable(view->statusText()));
        QVERIFY2(view->statusText().contains(QStringLiteral("Mean agreement")), qPrintable(view->statusText()));
        QVERIFY(view->titleText(0).startsWith(QStringLiteral("dotbias 2 — dotbias, d = 8")));
        QVERIFY(view->titleText(1).startsWith(QStringLiteral("dotbias 1 — dotbias, d = 8")));

        // one point per item at the map's floor, on both maps
        const int floor = window.map()->minimumRatings();
        const auto& counts = workspace.itemCounts().all;
        const auto shown = std::count_if(counts.begin(), counts.end(), [&](int c) { return c >= floor; });
        QVERIFY(shown > 11);
        QCOMPARE(view->pointCount(0), static_cast<int>(shown));
        QCOMPARE(view->pointCount(1), static_cast<int>(shown));

        // each item's colour is its shared count's, counted here independently
        const std::vector<std::uint32_t> ratings(counts.begin(), counts.end());
        const core::NeighbourAgreement agreement = core::neighbourAgreement(
            workspace.runs()[1].snapshot->itemEmbeddings(), workspace.runs()[0].snapshot->itemEmbeddings(), 10, ratings,
            static_cast<std::uint32_t>(floor));
        QVERIFY2(agreement.meanOverlap < 1, "two seeds should differ somewhere");
        QCOMPARE(view->maps()->agreement.meanOverlap, agreement.meanOverlap);
        QVERIFY(view->sharedColour(0) != view->sharedColour(10));
        std::set<int> sharedSeen;
        for (std::size_t r = 0; r < agreement.comparedItems.size(); ++r) {
            const int item = static_cast<int>(agreement.comparedItems[r]);
            const int shared = static_cast<int>(std::lround(agreement.overlaps[r] * 10));
            sharedSeen.insert(shared);
            for (int side = 0; side < 2; ++side) {
                const core::Projection& p = side == 0 ? view->maps()->first : view->maps()->second;
                const QPointF at(p.x[static_cast<std::size_t>(item)], p.y[static_cast<std::size_t>(item)]);
                QCOMPARE(colourDrawnAt(*view->plot(side), at), view->sharedColour(shared));
            }
            if (r == 0)
                QVERIFY(view->tooltipText(item).contains(QStringLiteral("%1 of 10 neighbours shared").arg(shared)));
        }
        QVERIFY(sharedSeen.size() > 1); // the colours had something to tell apart

        // the list: fewest shared first, the most rated first among ties
        const ui::DisagreementModel& list = *view->differences();
        QCOMPARE(list.rowCount(), static_cast<int>(shown));
        for (int r = 1; r < list.rowCount(); ++r) {
            const auto& before = list.row(r - 1);
            const auto& after = list.row(r);
            QVERIFY(before.shared <= after.shared);
            QVERIFY(before.shared < after.shared || before.ratings >= after.ratings);
        }
        QVERIFY(list.row(0).shared < list.row(list.rowCount() - 1).shared);

        // a row rings its item on both maps; a click on a map selects it everywhere
        view->differenceTable()->setCurrentIndex(list.index(3, 0));
        QCOMPARE(view->highlighted(), list.row(3).item);
        const int item = list.row(0).item;
        view->plot(1)->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(view->itemAt(1, view->pixelOf(1, item), 0.5), item);
        QTest::mouseClick(view->plot(1), Qt::LeftButton, Qt::NoModifier, view->pixelOf(1, item));
        QCOMPARE(view->highlighted(), item);
        QCOMPARE(workspace.selectedItem(), item);

        // they zoom and pan together
        const QCPRange before = view->plot(1)->xAxis->range();
        view->plot(0)->xAxis->scaleRange(0.5);
        QVERIFY(view->plot(1)->xAxis->range().size() < 0.6 * before.size());

        // deleting a run clears the view and says why
        window.runsDock()->deleteRun(0);
        QVERIFY(!view->maps());
        QCOMPARE(view->pointCount(0), 0);
        QVERIFY2(view->statusText().contains(QStringLiteral("dotbias 1 was deleted")), qPrintable(view->statusText()));
    }

    void whatCannotBeComparedSaysWhy()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        window.map()->setMinimumRatings(100000);
        ui::RunMapsView* view = compareFromRunsTab(window);
        QVERIFY(view);
        QVERIFY(!view->maps());
        QVERIFY2(view->statusText().contains(QStringLiteral("0 items have at least 100000 ratings")),
                 qPrintable(view->statusText()));

        window.map()->setMinimumRatings(0);
        QVERIFY(compareFromRunsTab(window));
        QVERIFY(view->maps());
        window.openDemo(); // another dataset
        QTRY_VERIFY_WITH_TIMEOUT(!view->maps(), 10000);
        QVERIFY2(view->statusText().contains(QStringLiteral("Another dataset")), qPrintable(view->statusText()));
    }

    void aLayoutCanBeCancelled()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        auto* view = new ui::RunMapsView(window.workspace());
        std::unique_ptr<ui::RunMapsView> owner(view);
        QSignalSpy computed(view, &ui::RunMapsView::computed);
        QVERIFY(view->compare(0, 1, { core::ProjectionKind::Neighbourhoods, 0, core::Metric::Cosine }));
        QVERIFY(view->isComputing());
        view->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(computed.count(), 1, 20000);
        // a stop that came too late leaves the maps drawn; otherwise the line says it was cancelled
        QVERIFY(view->maps() || view->statusText().contains(QStringLiteral("Cancelled")));
        QVERIFY(!view->isComputing());
    }
};

QTEST_MAIN(TestRunMaps)
#include "tst_run_maps.moc"
