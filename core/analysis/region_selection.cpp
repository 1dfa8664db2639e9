// SPDX-License-Identifier: MIT
#include "core/analysis/region_selection.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace embex::core {

Polygon rectanglePolygon(double x0, double y0, double x1, double y1)
{
    return { { x0, x1, x1, x0 }, { y0, y0, y1, y1 } };
}

namespace {

    // One polygon edge, kept only if it spans some height: horizontal edges never cross a ray.
    struct Edge {
        double yLow, yHigh, xAtLow, slope; // x = xAtLow + (y − yLow) · slope
    };

} // namespace

std::vector<int> pointsInPolygon(std::span<const double> xs, std::span<const double> ys,
                                 std::span<const int> candidates, const Polygon& polygon)
{
    std::vector<int> inside;
    const std::size_t n = polygon.size();
    if (n < 3 || polygon.y.size() != n)
        return inside;
    std::vector<Edge> edges;
    edges.reserve(n);
    double xMin = polygon.x[0], xMax = xMin, yMin = polygon.y[0], yMax = yMin;
    for (std::size_t a = 0; a < n; ++a) {
        const std::size_t b = (a + 1) % n;
        xMin = std::min(xMin, polygon.x[a]);
        xMax = std::max(xMax, polygon.x[a]);
        yMin = std::min(yMin, polygon.y[a]);
        yMax = std::max(yMax, polygon.y[a]);
        double x0 = polygon.x[a], y0 = polygon.y[a], x1 = polygon.x[b], y1 = polygon.y[b];
        if (y0 == y1)
            continue;
        if (y0 > y1) {
            std::swap(x0, x1);
            std::swap(y0, y1);
        }
        edges.push_back({ y0, y1, x0, (x1 - x0) / (y1 - y0) });
    }
    // Edges sorted by their low end: a point's ray only meets edges that start at or below it, so
    // the scan over each point stops early for most of a tall lasso.
    std::sort(edges.begin(), edges.end(), [](const Edge& l, const Edge& r) { return l.yLow < r.yLow; });
    for (int i : candidates) {
        const double px = xs[static_cast<std::size_t>(i)], py = ys[static_cast<std::size_t>(i)];
        if (!(px >= xMin && px <= xMax && py >= yMin && py <= yMax)) // NaN fails here too
            continue;
        bool in = false;
        for (const Edge& e : edges) {
            if (e.yLow > py)
                break;
            // half-open in y, so a ray through a vertex counts the two edges meeting there once
            if (py < e.yHigh && px < e.xAtLow + (py - e.yLow) * e.slope)
                in = !in;
        }
        if (in)
            inside.push_back(i);
    }
    return inside;
}

std::vector<int> combineSelection(std::span<const int> current, std::span<const int> picked, SelectionMode mode)
{
    std::vector<int> out;
    switch (mode) {
    case SelectionMode::Replace: out.assign(picked.begin(), picked.end()); break;
    case SelectionMode::Add:
        std::set_union(current.begin(), current.end(), picked.begin(), picked.end(), std::back_inserter(out));
        break;
    case SelectionMode::Subtract:
        std::set_difference(current.begin(), current.end(), picked.begin(), picked.end(), std::back_inserter(out));
        break;
    }
    return out;
}

} // namespace embex::core
