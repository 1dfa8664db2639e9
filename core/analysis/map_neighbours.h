// SPDX-License-Identifier: MIT
#pragma once

#include <span>
#include <vector>

namespace embex::core {

/// Where a 2-D map misplaces one item's neighbours. `x` and `y` hold every item's map position
/// (dense order; NaN: not placed); `shown` lists the items drawn, ascending.

/// The k shown items nearest to `item` on the map (euclidean), nearest first, `item` excluded.
/// Empty when `item` is not placed.
std::vector<int> nearestOnMap(std::span<const double> x, std::span<const double> y, std::span<const int> shown,
                              int item, int k);

/// Those of `neighbours` (the item's true neighbours, in the full space) that are shown but not
/// among its k nearest points on the map: where the map lies about the item.
std::vector<int> farOnMap(std::span<const double> x, std::span<const double> y, std::span<const int> shown, int item,
                          std::span<const int> neighbours, int k);

} // namespace embex::core
