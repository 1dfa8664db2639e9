// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <vector>

namespace embex::core {

/// A closed polygon in map coordinates (a lasso's path, or a rectangle's four corners); the last
/// vertex joins the first.
struct Polygon {
    std::vector<double> x, y;
    std::size_t size() const { return x.size(); }
};

Polygon rectanglePolygon(double x0, double y0, double x1, double y1);

/// The `candidates` (indices into xs/ys) whose point lies inside `polygon` (even–odd rule, so a
/// lasso that crosses itself leaves its inner loops out, as drawing tools do), in candidate order.
/// Fewer than 3 vertices select nothing; points that are not finite are never inside.
std::vector<int> pointsInPolygon(std::span<const double> xs, std::span<const double> ys,
                                 std::span<const int> candidates, const Polygon& polygon);

/// How a new pick combines with the selection there is: replace it, add to it, take from it.
enum class SelectionMode { Replace, Add, Subtract };

/// `current` and `picked` ascending and without repeats; the result is too.
std::vector<int> combineSelection(std::span<const int> current, std::span<const int> picked, SelectionMode mode);

} // namespace embex::core
