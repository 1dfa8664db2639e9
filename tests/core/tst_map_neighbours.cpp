// SPDX-License-Identifier: MIT
#include "core/analysis/map_neighbours.h"

#include <QtTest>
#include <cmath>
#include <limits>

using namespace embex;

// Items on a line at x = 0, 1, 2, …: item i's nearest map points are its index neighbours.
class TestMapNeighbours : public QObject {
    Q_OBJECT

    std::vector<double> m_x, m_y;
    std::vector<int> m_shown;

private slots:
    void init()
    {
        m_x.clear();
        m_y.clear();
        m_shown.clear();
        for (int i = 0; i < 30; ++i) {
            m_x.push_back(i);
            m_y.push_back(0);
            m_shown.push_back(i);
        }
    }

    void nearestAreTheClosestShownPoints()
    {
        QCOMPARE(core::nearestOnMap(m_x, m_y, m_shown, 0, 3), (std::vector<int> { 1, 2, 3 }));
        m_shown.erase(m_shown.begin() + 2); // item 2 hidden
        QCOMPARE(core::nearestOnMap(m_x, m_y, m_shown, 0, 3), (std::vector<int> { 1, 3, 4 }));
        m_x[5] = std::numeric_limits<double>::quiet_NaN(); // not placed
        QVERIFY(core::nearestOnMap(m_x, m_y, m_shown, 5, 3).empty());
    }

    void farNeighboursAreThoseBeyondTheNearestPoints()
    {
        const std::vector<int> close { 11, 9, 12, 8 };
        QVERIFY(core::farOnMap(m_x, m_y, m_shown, 10, close, 4).empty());
        const std::vector<int> mixed { 11, 25, 9, 2 };
        QCOMPARE(core::farOnMap(m_x, m_y, m_shown, 10, mixed, 4), (std::vector<int> { 25, 2 }));
        // a neighbour the map does not show cannot be marked on it
        m_shown.erase(std::find(m_shown.begin(), m_shown.end(), 25));
        QCOMPARE(core::farOnMap(m_x, m_y, m_shown, 10, mixed, 4), (std::vector<int> { 2 }));
    }
};

QTEST_APPLESS_MAIN(TestMapNeighbours)
#include "tst_map_neighbours.moc"
