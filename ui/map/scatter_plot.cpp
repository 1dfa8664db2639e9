// SPDX-License-Identifier: MIT
#include "ui/map/scatter_plot.h"

#include <QPainter>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {

void setUpScatterPlot(QCustomPlot* plot)
{
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    plot->setMouseTracking(true);
    plot->setAntialiasedElements(QCP::aeNone);
    plot->setNotAntialiasedElements(QCP::aeScatters);
}

void styleScatterLegend(QCustomPlot* plot)
{
    plot->legend->setVisible(true);
    plot->legend->setBrush(QColor(255, 255, 255, 230));
    plot->legend->setIconSize(12, 12);
}

QPixmap discPixmap(const QColor& colour, double diameter)
{
    const int side = static_cast<int>(std::ceil(diameter)) + 2;
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(135), 0.8));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1, 1, diameter, diameter));
    return pixmap;
}

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
