// SPDX-License-Identifier: MIT
// What the scatters of vectors (the items' map, the users' map, two runs side by side) share.
#pragma once

#include <QColor>
#include <QPixmap>
#include <array>
#include <optional>

class QCustomPlot;

namespace embex::ui {

/// Dragging pans, the wheel zooms, the mouse is tracked for tooltips; nothing is antialiased but
/// the scatter points, and nothing at all while dragging, so 60,000 points stay smooth to move.
void setUpScatterPlot(QCustomPlot* plot);

/// A legend on a nearly opaque white ground, with small icons.
void styleScatterLegend(QCustomPlot* plot);

/// One pre-rendered antialiased disc (a darker rim around `colour`), for a scatter's points:
/// blitting a pixmap is several times faster than drawing 60,000 ellipses.
QPixmap discPixmap(const QColor& colour, double diameter);

/// Sets the plot's axes to `box` (x0, x1, y0, y1) widened by `marginX` and `marginY` of its width
/// and height (room for the outermost points' labels), or to −1…1 when there is no box, and
/// replots when the event loop next turns.
void fitView(QCustomPlot* plot, const std::optional<std::array<double, 4>>& box, double marginX, double marginY);

} // namespace embex::ui
