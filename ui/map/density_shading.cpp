// SPDX-License-Identifier: MIT
#include "ui/map/density_shading.h"

#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {

DensityShading::DensityShading(QCustomPlot* plot)
    : m_map(new QCPColorMap(plot->xAxis, plot->yAxis))
{
    m_map->setInterpolate(true);
    m_map->setTightBoundary(false);
    m_map->setVisible(false);
    // white where nothing is, deepening grey-blue where items crowd
    QCPColorGradient shade;
    shade.clearColorStops();
    shade.setColorStopAt(0, QColor(255, 255, 255, 0));
    shade.setColorStopAt(0.15, QColor(215, 222, 235));
    shade.setColorStopAt(1, QColor(40, 60, 110));
    m_map->setGradient(shade);
    m_map->removeFromLegend();
    plot->addLayer(QStringLiteral("density"), plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    m_map->setLayer(QStringLiteral("density"));
}

bool DensityShading::isShown() const
{
    return m_map->visible();
}

void DensityShading::update(const core::Projection& p, const std::vector<int>& shown)
{
    const bool dense = shown.size() > from;
    m_map->setVisible(dense);
    if (!dense) {
        m_map->data()->clear();
        return;
    }
    const auto [x0, x1, y0, y1] = *p.bounds(shown); // the shown items are placed, and more than `from`
    constexpr int cells = 160;
    std::vector<double> counts(static_cast<std::size_t>(cells * cells), 0);
    const double sx = (cells - 1) / std::max(1e-12, x1 - x0), sy = (cells - 1) / std::max(1e-12, y1 - y0);
    for (int i : shown) {
        const int cx = static_cast<int>((p.x[static_cast<std::size_t>(i)] - x0) * sx + 0.5);
        const int cy = static_cast<int>((p.y[static_cast<std::size_t>(i)] - y0) * sy + 0.5);
        counts[static_cast<std::size_t>(cy * cells + cx)] += 1;
    }
    auto* data = m_map->data();
    data->setSize(cells, cells);
    data->setRange(QCPRange(x0, x1), QCPRange(y0, y1));
    double peak = 0;
    for (int cy = 0; cy < cells; ++cy)
        for (int cx = 0; cx < cells; ++cx) {
            const double v = std::log1p(counts[static_cast<std::size_t>(cy * cells + cx)]); // crowds differ by orders
            peak = std::max(peak, v);
            data->setCell(cx, cy, v);
        }
    m_map->setDataRange(QCPRange(0, std::max(1.0, peak)));
}

} // namespace embex::ui
