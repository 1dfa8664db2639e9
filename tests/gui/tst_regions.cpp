// SPDX-License-Identifier: MIT
// Regions of the map: rectangle and lasso selection by mouse, the Regions dock's groups, the
// summary of what a region holds, its CSV export and its use as a new user's picks.
#include "core/data/demo_generator.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_pane.h"
#include "ui/map/map_selection_tool.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/new_user_panel.h"
#include "ui/regions/clusters_model.h"
#include "ui/regions/region_members_model.h"
#include "ui/regions/region_text.h"
#include "ui/regions/regions_dock.h"
#include "ui/window/main_window.h"

#include <QAbstractItemModelTester>
#include <QCollator>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <iterator>
#include <map>
#include <qcustomplot.h>

using namespace embex;

namespace {

/// The drawn items whose exact pixel passes `inside`, ascending: worked out here from the axes,
/// apart from the map's own selection code.
template <typename Inside>
std::vector<int> drawnItemsWhere(const ui::EmbeddingMap& map, const ui::Workspace& w, Inside inside)
{
    std::vector<int> items;
    const core::Projection& p = map.projection();
    for (int i = 0; i < w.itemCount(); ++i) {
        if (!p.isPlaced(i) || w.itemCounts().all[static_cast<std::size_t>(i)] < map.minimumRatings())
            continue;
        const QPointF pixel(map.plot()->xAxis->coordToPixel(p.x[static_cast<std::size_t>(i)]),
                            map.plot()->yAxis->coordToPixel(p.y[static_cast<std::size_t>(i)]));
        if (inside(pixel))
            items.push_back(i);
    }
    return items;
}

void drag(QWidget* plot, const std::vector<QPoint>& path, Qt::KeyboardModifiers modifiers = {})
{
    QTest::mousePress(plot, Qt::LeftButton, modifiers, path.front());
    for (std::size_t k = 1; k < path.size(); ++k)
        QTest::mouseMove(plot, path[k]);
    QTest::mouseRelease(plot, Qt::LeftButton, modifiers, path.back());
}

std::vector<int> setOp(const std::vector<int>& a, const std::vector<int>& b, bool unite)
{
    std::vector<int> out;
    if (unite)
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    else
        std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

} // namespace

class TestRegions : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void rectangleAndLassoSelectTheItemsInside()
    {
        ui::MainWindow window;
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(test::trainDemoDotBias(window, 3, 8));
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000));
        ui::EmbeddingMap* map = window.map();
        const ui::Workspace& workspace = *window.workspace();
        map->redrawNow();
        QWidget* plot = map->plot();
        const QRect area = map->plot()->axisRect()->rect();
        const QPoint c = area.center();
        const int w = area.width() / 4, h = area.height() / 4;

        map->selectionTool()->actions()[1]->trigger(); // Rectangle
        QCOMPARE(map->selectionTool()->tool(), ui::MapSelectionTool::Tool::Rectangle);
        const QRect first(c - QPoint(w, h), c + QPoint(w / 3, h / 3));
        drag(plot, { first.topLeft(), first.center(), first.bottomRight() });
        const auto inRect = [](const QRect& r) {
            return [r](const QPointF& p) {
                return p.x() > r.left() && p.x() < r.right() && p.y() > r.top() && p.y() < r.bottom();
            };
        };
        std::vector<int> expected = drawnItemsWhere(*map, workspace, inRect(first));
        QVERIFY(!expected.empty());
        QVERIFY(static_cast<int>(expected.size()) < map->pointCount());
        QCOMPARE(map->region(), expected);

        // Shift adds a second rectangle, drawn from its bottom-right corner
        const QRect second(c, c + QPoint(w, h));
        drag(plot, { second.bottomRight(), second.center(), second.topLeft() }, Qt::ShiftModifier);
        expected = setOp(expected, drawnItemsWhere(*map, workspace, inRect(second)), true);
        QCOMPARE(map->region(), expected);

        // Ctrl takes a band across both away
        const QRect band(c - QPoint(w, h / 6), c + QPoint(w, h / 6));
        const std::vector<int> inBand = drawnItemsWhere(*map, workspace, inRect(band));
        QVERIFY(!inBand.empty());
        drag(plot, { band.topLeft(), band.center(), band.bottomRight() }, Qt::ControlModifier);
        expected = setOp(expected, inBand, false);
        QCOMPARE(map->region(), expected);

        // Escape clears
        plot->setFocus();
        QTest::keyClick(plot, Qt::Key_Escape);
        QVERIFY(map->region().empty());

        // a lasso: a triangle traced in small steps replaces the (empty) region with what it encloses
        QTest::keyClick(plot, Qt::Key_L); // the Lasso's shortcut, the focus being on the map
        QCOMPARE(map->selectionTool()->tool(), ui::MapSelectionTool::Tool::Lasso);
        // sides in whole steps of 1/40, so every traced point lies exactly on the triangle's edges
        const int lw = w / 40 * 40, lh = h / 20 * 20;
        const QPointF a(c.x() - lw, c.y() + lh), b(c.x() + lw, c.y() + lh), apex(c.x(), c.y() - lh);
        std::vector<QPoint> path;
        for (const auto& [from, to] : { std::pair { a, b }, std::pair { b, apex }, std::pair { apex, a } })
            for (int step = 0; step < 40; ++step)
                path.push_back((from + (to - from) * (step / 40.0)).toPoint());
        path.push_back(a.toPoint());
        drag(plot, path);
        const auto side = [](QPointF p, QPointF q, QPointF r) {
            return (q.x() - p.x()) * (r.y() - p.y()) - (q.y() - p.y()) * (r.x() - p.x());
        };
        const std::vector<int> inTriangle = drawnItemsWhere(*map, workspace, [&](const QPointF& p) {
            const double s1 = side(a, b, p), s2 = side(b, apex, p), s3 = side(apex, a, p);
            return (s1 > 0 && s2 > 0 && s3 > 0) || (s1 < 0 && s2 < 0 && s3 < 0);
        });
        QVERIFY(!inTriangle.empty());
        QCOMPARE(map->region(), inTriangle);

        // a click without a drag still selects the item under it, and leaves the region alone
        const int item = inTriangle.front();
        const int clicked = map->itemAt(map->pixelOf(item));
        QVERIFY(clicked >= 0);
        QTest::mouseClick(plot, Qt::LeftButton, {}, map->pixelOf(item));
        QCOMPARE(workspace.selectedItem(), clicked);
        QCOMPARE(map->region(), inTriangle);
    }

    void theDockListsGroupsAndSummarisesTheRegion()
    {
        ui::MainWindow window;
        window.resize(1500, 950);
        window.show();
        ui::RegionsDock* dock = window.regionsDock();
        QVERIFY(dock->clustersState().contains(QLatin1String("Open a dataset")));
        window.openDemo();
        QVERIFY(dock->clustersState().contains(QLatin1String("No model yet")));
        QVERIFY(test::trainDemoDotBias(window, 12, 16));
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000));
        ui::EmbeddingMap* map = window.map();
        QVERIFY(map->clusters().isEmpty()); // nobody wants groups yet
        dock->show();
        dock->raise();
        QVERIFY(QTest::qWaitFor([&] { return !map->clusters().isEmpty() && dock->hasFacts(); }, 60000));
        const ui::MapClusters clusters = map->clusters();
        QCOMPARE(static_cast<int>(clusters.summaries.size()), clusters.count);
        QCOMPARE(dock->clustersTable()->model()->rowCount(), clusters.count);
        QVERIFY2(dock->summaryText().contains(QLatin1String("Drag with the Rectangle or Lasso tool")),
                 qPrintable(dock->summaryText()));

        QAbstractItemModelTester clustersTester(dock->clustersTable()->model(),
                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester membersTester(dock->membersModel(),
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);

        // a click on a group's row selects its members on the map
        QTableView* table = dock->clustersTable();
        const QModelIndex row = table->model()->index(0, ui::ClustersModel::Label);
        const int k = row.data(ui::ClustersModel::ClusterRole).toInt();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(row).center());
        std::vector<int> members;
        std::map<int, int> types;
        for (int i = 0; i < window.workspace()->itemCount(); ++i)
            if (clusters.clusterOf[static_cast<std::size_t>(i)] == k) {
                members.push_back(i);
                ++types[core::demoItemType(window.workspace()->itemRawId(i).toStdString(), 8)];
            }
        QCOMPARE(map->region(), members);

        // its summary names the planted type most of its members have, over-represented (bold)
        const int most = std::max_element(types.begin(), types.end(), [](auto l, auto r) {
                             return l.second < r.second;
                         })->first;
        QVERIFY2(dock->summaryText().contains(QStringLiteral("<b>type %1 ").arg(most)),
                 qPrintable(dock->summaryText()));
        QVERIFY(dock->summaryText().contains(QStringLiteral("%1 items").arg(members.size())));

        // closed, the dock leaves a new region for later, and sums it up when shown again
        dock->hide();
        QVERIFY(!dock->isVisible());
        const QString before = dock->summaryText();
        map->setRegion({ members.front() });
        QCOMPARE(dock->summaryText(), before);
        dock->show();
        dock->raise();
        QTRY_VERIFY(dock->summaryText().contains(QLatin1String("One item: double-click it below")));
        map->setRegion(members);
        QVERIFY(dock->summaryText().contains(QStringLiteral("%1 items").arg(members.size())));
        // the members, most rated first
        const ui::RegionMembersModel* list = dock->membersModel();
        QCOMPARE(list->rowCount(), static_cast<int>(members.size()));
        const auto ratingsAt = [&](int r) {
            return window.workspace()
                ->itemCounts()
                .all[static_cast<std::size_t>(list->items()[static_cast<std::size_t>(r)])];
        };
        for (int r = 1; r < list->rowCount(); ++r)
            QVERIFY(ratingsAt(r - 1) >= ratingsAt(r));
        // sortable by title, keeping the current row on its item; then back to the most rated first
        QTableView* membersTable = dock->membersTable();
        membersTable->setCurrentIndex(list->index(2, ui::RegionMembersModel::Title));
        const int current = list->items()[2];
        membersTable->sortByColumn(ui::RegionMembersModel::Title, Qt::AscendingOrder);
        QCollator collator;
        collator.setNumericMode(true);
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        for (int r = 1; r < list->rowCount(); ++r)
            QVERIFY(collator.compare(list->index(r - 1, 0).data().toString(), list->index(r, 0).data().toString())
                    <= 0);
        QCOMPARE(list->items()[static_cast<std::size_t>(membersTable->currentIndex().row())], current);
        membersTable->sortByColumn(ui::RegionMembersModel::Ratings, Qt::DescendingOrder);
        for (int r = 1; r < list->rowCount(); ++r)
            QVERIFY(ratingsAt(r - 1) >= ratingsAt(r));

        // exported as CSV, one row per member
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("region.csv"));
        QString error;
        QVERIFY2(dock->exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), static_cast<int>(members.size()) + 1);
        QCOMPARE(lines.first(), QStringLiteral("id,title,ratings,mean_rating"));
        const int top = list->items().front();
        QVERIFY2(lines[1].startsWith(window.workspace()->itemRawId(top) + QLatin1Char(',')), qPrintable(lines[1]));
        QVERIFY(lines[1].contains(QStringLiteral(",%1,").arg(ratingsAt(0))));
        QVERIFY(!dock->exportCsv(folder.filePath(QStringLiteral("no/such/folder/region.csv")), &error));
        QVERIFY(!error.isEmpty());

        // and used as a new user's picks
        QTest::mouseClick(dock->usePicksButton(), Qt::LeftButton);
        ui::NewUserPanel* panel = window.neighboursDock()->newUserPanel();
        std::vector<int> picked;
        for (const core::PickedItem& p : panel->picks())
            picked.push_back(static_cast<int>(p.item));
        std::sort(picked.begin(), picked.end());
        QCOMPARE(picked, members);
        QCOMPARE(window.neighboursDock()->userMode()->currentIndex(), 1);

        // one item, then none: each says what it is
        map->setRegion({ members.front() });
        QVERIFY2(dock->summaryText().contains(QLatin1String("1 item")), qPrintable(dock->summaryText()));
        map->setRegion({});
        QVERIFY(dock->summaryText().contains(QLatin1String("Drag with the Rectangle or Lasso tool")));
        QVERIFY(!dock->exportButton()->isEnabled());
    }

    void csvCellsAreQuotedWhenTheyMustBe()
    {
        QCOMPARE(ui::csvCell(QStringLiteral("Babe (1995)")), QStringLiteral("Babe (1995)"));
        QCOMPARE(ui::csvCell(QStringLiteral("Shawshank Redemption, The (1994)")),
                 QStringLiteral("\"Shawshank Redemption, The (1994)\""));
        QCOMPARE(ui::csvCell(QStringLiteral("a \"b\"")), QStringLiteral("\"a \"\"b\"\"\""));
        QCOMPARE(ui::csvCell(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    }
};

QTEST_MAIN(TestRegions)
#include "tst_regions.moc"
