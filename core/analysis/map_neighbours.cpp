// SPDX-License-Identifier: MIT
#include "core/analysis/map_neighbours.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace embex::core {

std::vector<int> nearestOnMap(std::span<const double> x, std::span<const double> y, std::span<const int> shown,
                              int item, int k)
{
    const auto at = static_cast<std::size_t>(item);
    if (item < 0 || at >= x.size() || at >= y.size() || !std::isfinite(x[at]) || !std::isfinite(y[at]) || k < 1)
        return {};
    std::vector<std::pair<double, int>> distances;
    distances.reserve(shown.size());
    for (int other : shown) {
        const auto o = static_cast<std::size_t>(other);
        if (other == item || o >= x.size() || !std::isfinite(x[o]) || !std::isfinite(y[o]))
            continue;
        const double dx = x[o] - x[at], dy = y[o] - y[at];
        distances.emplace_back(dx * dx + dy * dy, other);
    }
    const auto n = std::min(distances.size(), static_cast<std::size_t>(k));
    std::partial_sort(distances.begin(), distances.begin() + static_cast<std::ptrdiff_t>(n), distances.end());
    std::vector<int> nearest;
    for (std::size_t i = 0; i < n; ++i)
        nearest.push_back(distances[i].second);
    return nearest;
}

std::vector<int> farOnMap(std::span<const double> x, std::span<const double> y, std::span<const int> shown, int item,
                          std::span<const int> neighbours, int k)
{
    std::vector<int> near = nearestOnMap(x, y, shown, item, k);
    if (near.empty())
        return {};
    std::sort(near.begin(), near.end());
    std::vector<int> far;
    for (int n : neighbours) {
        const auto o = static_cast<std::size_t>(n);
        const bool isShown = std::binary_search(shown.begin(), shown.end(), n) && o < x.size() && std::isfinite(x[o])
            && std::isfinite(y[o]);
        if (isShown && n != item && !std::binary_search(near.begin(), near.end(), n))
            far.push_back(n);
    }
    return far;
}

} // namespace embex::core
