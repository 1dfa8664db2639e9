// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <optional>

class QCustomPlot;

namespace embex::ui {

/// Sets the plot's axes to `box` (x0, x1, y0, y1) widened by `marginX` and `marginY` of its width
/// and height (room for the outermost points' labels), or to −1…1 when there is no box, and
/// replots when the event loop next turns.
void fitView(QCustomPlot* plot, const std::optional<std::array<double, 4>>& box, double marginX, double marginY);

} // namespace embex::ui
