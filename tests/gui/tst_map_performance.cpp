// SPDX-License-Identifier: MIT
#include "core/data/random.h"
#include "tests/support/synthetic_map.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

using namespace embex;

namespace {

// n items in 19 genres, ratings spread so point sizes vary, projected as 12 blurred clusters
std::shared_ptr<core::Dataset> syntheticCatalogue(int n)
{
    auto d = std::make_shared<core::Dataset>();
    d->sourceFile = "synthetic";
    std::vector<std::string> ids;
    for (int i = 1; i <= n; ++i)
        ids.push_back(std::to_string(i));
    d->items = core::IdMap::fromIds(ids);
    d->users = core::IdMap::fromIds({ "1", "2" });
    core::Rng rng(7);
    for (int g = 0; g < 19; ++g)
        d->metadata.genreNames.push_back("genre " + std::to_string(g));
    for (int i = 0; i < n; ++i) {
        d->metadata.items[ids[static_cast<std::size_t>(i)]] = { "Item " + ids[static_cast<std::size_t>(i)],
                                                                { static_cast<std::uint16_t>(rng.below(19)) } };
        const int ratings = 1 + static_cast<int>(rng.below(1 + rng.below(60)));
        for (int r = 0; r < ratings; ++r) {
            d->ratings.users.push_back(static_cast<std::uint32_t>(r % 2));
            d->ratings.items.push_back(static_cast<std::uint32_t>(i));
            d->ratings.ratings.push_back(3);
        }
    }
    d->ratingMin = d->ratingMax = 3;
    return d;
}

} // namespace

class TestMapPerformance : public QObject {
    Q_OBJECT

private slots:
    void manyPointsAreAllInViewAndHitTestable_data()
    {
        QTest::addColumn<int>("items");
        // How long a redraw takes is measured by bench/embex_gui_bench (scripts/bench), not here.
        QTest::addRow("10,000 points") << 10000;
        QTest::addRow("60,000 points") << 60000;
        QTest::addRow("120,000 points, drawn over their density") << 120000;
    }
    void manyPointsAreAllInViewAndHitTestable()
    {
        QFETCH(int, items);
        ui::Workspace workspace;
        workspace.setDataset(syntheticCatalogue(items));
        ui::EmbeddingMap map(&workspace);
        map.resize(900, 620);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        map.setProjection(test::clusteredProjection(items));
        map.redrawNow();
        QCOMPARE(map.pointCount(), items);
        // beyond 100,000 points a scatter is a solid mass: the shaded density shows the clusters
        QCOMPARE(map.isShowingDensity(), items > 100000);
        if (qEnvironmentVariableIsSet("EMBEX_GRAB_DIR"))
            map.grab().save(qEnvironmentVariable("EMBEX_GRAB_DIR") + QStringLiteral("/map-%1-points.png").arg(items));

        // Every item lands inside the plot, and a click on it finds an item drawn under the cursor
        // (among overlapping points the popular one, which is drawn on top).
        const QRect area = map.plot()->axisRect()->rect();
        constexpr double radius = 8;
        for (int i = 0; i < items; ++i) {
            const QPoint pixel = map.pixelOf(i);
            QVERIFY2(area.contains(pixel), qPrintable(QStringLiteral("item %1 is drawn outside the plot").arg(i)));
            if (i % 97 != 0)
                continue;
            const int hit = map.itemAt(pixel, radius);
            QVERIFY2(hit >= 0, qPrintable(QStringLiteral("no item found on item %1").arg(i)));
            const QPointF offset = QPointF(map.pixelOf(hit) - pixel);
            QVERIFY(std::hypot(offset.x(), offset.y()) <= radius + 1);
        }
        // Away from every point nothing is hit: the plot's corner lies outside the clusters' spread.
        QCOMPARE(map.itemAt(QPointF(area.topLeft()) - QPointF(50, 50), radius), -1);
    }

    void colouringsAndFilterKeepEveryItemAccountedFor_data()
    {
        QTest::addColumn<int>("colourBy");
        QTest::addRow("genre") << int(ui::ColourBy::Genre);
        QTest::addRow("popularity") << int(ui::ColourBy::Popularity);
        QTest::addRow("mean rating") << int(ui::ColourBy::MeanRating);
        QTest::addRow("item bias") << int(ui::ColourBy::ItemBias);
    }
    void colouringsAndFilterKeepEveryItemAccountedFor()
    {
        QFETCH(int, colourBy);
        constexpr int items = 2000;
        ui::Workspace workspace;
        workspace.setDataset(syntheticCatalogue(items));
        ui::EmbeddingMap map(&workspace);
        map.resize(900, 620);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        map.setProjection(test::clusteredProjection(items));
        map.setColourBy(static_cast<ui::ColourBy>(colourBy));
        QCOMPARE(map.pointCount(), items);
        const int minimum = 20;
        int expected = 0;
        for (int count : workspace.itemCounts().all)
            expected += count >= minimum ? 1 : 0;
        QVERIFY(expected > 0 && expected < items);
        map.setMinimumRatings(minimum);
        QCOMPARE(map.pointCount(), expected);
        // a hidden item cannot be hit
        for (int i = 0; i < items; ++i)
            if (workspace.itemCounts().all[static_cast<std::size_t>(i)] < minimum) {
                const int hit = map.itemAt(map.pixelOf(i), 0.5);
                QVERIFY(hit != i);
                break;
            }
        if (qEnvironmentVariableIsSet("EMBEX_GRAB_DIR"))
            map.plot()->replot(),
                map.grab().save(qEnvironmentVariable("EMBEX_GRAB_DIR") + QStringLiteral("/map-%1.png").arg(colourBy));
    }
};

QTEST_MAIN(TestMapPerformance)
#include "tst_map_performance.moc"
