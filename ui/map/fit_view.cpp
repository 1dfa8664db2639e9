// SPDX-License-Identifier: MIT
#include "ui/map/fit_view.h"

#include <algorithm>
#include <qcustomplot.h>

namespace embex::ui {

void fitView(QCustomPlot* plot, const std::optional<std::array<double, 4>>& box, double marginX, double marginY)
{
    if (!box) {
        plot->xAxis->setRange(-1, 1);
        plot->yAxis->setRange(-1, 1);
    } else {
        const auto [x0, x1, y0, y1] = *box;
        const double px = std::max(1e-6, marginX * (x1 - x0)), py = std::max(1e-6, marginY * (y1 - y0));
        plot->xAxis->setRange(x0 - px, x1 + px);
        plot->yAxis->setRange(y0 - py, y1 + py);
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace embex::ui
