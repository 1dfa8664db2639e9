// SPDX-License-Identifier: MIT
// Picking a region of the map: points inside a lasso or rectangle, against shapes whose inside is
// known and against an independent winding-number count, and selections combined by a modifier.
#include "core/analysis/region_selection.h"
#include "core/data/random.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

using namespace embex::core;

namespace {

// The winding number by summed angles: a different road to "inside" for simple polygons.
bool insideByAngles(double px, double py, const Polygon& p)
{
    double total = 0;
    for (std::size_t a = 0; a < p.size(); ++a) {
        const std::size_t b = (a + 1) % p.size();
        total += std::atan2((p.x[a] - px) * (p.y[b] - py) - (p.y[a] - py) * (p.x[b] - px),
                            (p.x[a] - px) * (p.x[b] - px) + (p.y[a] - py) * (p.y[b] - py));
    }
    return std::abs(total) > std::numbers::pi;
}

std::vector<int> allOf(std::size_t n)
{
    std::vector<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    return all;
}

} // namespace

class TestRegionSelection : public QObject {
    Q_OBJECT

private slots:
    void aRectangleHoldsWhatLiesBetweenItsCorners()
    {
        const std::vector<double> xs { 0.5, 1.5, -0.2, 0.9, 0.1 }, ys { 0.5, 0.5, 0.3, 0.99, -0.5 };
        // corners given in any order
        const std::vector<int> inside = pointsInPolygon(xs, ys, allOf(xs.size()), rectanglePolygon(1, 1, 0, 0));
        QCOMPARE(inside, (std::vector<int> { 0, 3 }));
    }

    void aConcaveLassoLeavesItsNotchOut()
    {
        // an L: the unit square's upper right quarter is cut away
        const Polygon l { { 0, 2, 2, 1, 1, 0 }, { 0, 0, 1, 1, 2, 2 } };
        const std::vector<double> xs { 0.5, 1.5, 1.5, 0.5 }, ys { 0.5, 0.5, 1.5, 1.5 };
        QCOMPARE(pointsInPolygon(xs, ys, allOf(4), l), (std::vector<int> { 0, 1, 3 }));
    }

    void aSelfCrossingLassoLeavesItsInnerLoopOut()
    {
        // a pentagram drawn in one stroke: its centre is wound twice, so even–odd leaves it out
        Polygon star;
        for (int k = 0; k < 5; ++k) {
            const double angle = std::numbers::pi / 2 + k * 4 * std::numbers::pi / 5;
            star.x.push_back(std::cos(angle));
            star.y.push_back(std::sin(angle));
        }
        const std::vector<double> xs { 0, 0 }, ys { 0, 0.7 };
        QCOMPARE(pointsInPolygon(xs, ys, allOf(2), star), (std::vector<int> { 1 }));
    }

    void aRayThroughAVertexCountsItOnce()
    {
        // a diamond whose left and right vertices sit at the points' height
        const Polygon diamond { { 0, 1, 0, -1 }, { -1, 0, 1, 0 } };
        const std::vector<double> xs { 0, -2, 0.999 }, ys { 0, 0, 0 };
        QCOMPARE(pointsInPolygon(xs, ys, allOf(3), diamond), (std::vector<int> { 0, 2 }));
    }

    void agreesWithTheWindingNumberOnRandomStarShapedLassos()
    {
        Rng rng(7);
        std::vector<double> xs(2000), ys(2000);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            xs[i] = rng.normal();
            ys[i] = rng.normal();
        }
        for (int trial = 0; trial < 20; ++trial) {
            Polygon lasso; // radii vary around the circle: simple but far from convex
            const int vertices = 3 + trial * 7;
            for (int k = 0; k < vertices; ++k) {
                const double angle = 2 * std::numbers::pi * k / vertices, r = 0.3 + std::abs(rng.normal()) * 1.5;
                lasso.x.push_back(0.2 + r * std::cos(angle));
                lasso.y.push_back(-0.1 + r * std::sin(angle));
            }
            std::vector<int> expected;
            for (std::size_t i = 0; i < xs.size(); ++i)
                if (insideByAngles(xs[i], ys[i], lasso))
                    expected.push_back(static_cast<int>(i));
            QVERIFY(!expected.empty());
            QCOMPARE(pointsInPolygon(xs, ys, allOf(xs.size()), lasso), expected);
        }
    }

    void onlyCandidatesAreTestedAndUnplacedPointsAreNeverInside()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<double> xs { 0.5, 0.5, nan, 0.5 }, ys { 0.5, 0.5, 0.5, nan };
        const std::vector<int> candidates { 1, 2, 3 };
        QCOMPARE(pointsInPolygon(xs, ys, candidates, rectanglePolygon(0, 0, 1, 1)), (std::vector<int> { 1 }));
    }

    void aLassoOfFewerThanThreeVerticesSelectsNothing()
    {
        const std::vector<double> xs { 0 }, ys { 0 };
        QVERIFY(pointsInPolygon(xs, ys, allOf(1), Polygon { { -1, 1 }, { -1, 1 } }).empty());
        QVERIFY(pointsInPolygon(xs, ys, allOf(1), Polygon {}).empty());
    }

    void selectionsCombineByMode()
    {
        const std::vector<int> current { 1, 3, 5 }, picked { 3, 4 };
        QCOMPARE(combineSelection(current, picked, SelectionMode::Replace), (std::vector<int> { 3, 4 }));
        QCOMPARE(combineSelection(current, picked, SelectionMode::Add), (std::vector<int> { 1, 3, 4, 5 }));
        QCOMPARE(combineSelection(current, picked, SelectionMode::Subtract), (std::vector<int> { 1, 5 }));
    }
};

QTEST_APPLESS_MAIN(TestRegionSelection)
#include "tst_region_selection.moc"
