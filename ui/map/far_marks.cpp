// SPDX-License-Identifier: MIT
#include "ui/map/far_marks.h"

#include "core/analysis/map_neighbours.h"

#include <QCoreApplication>
#include <algorithm>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    const QColor farColour(235, 120, 0);
    // the least a far-neighbour check looks at: the neighbours-kept measure's k
    constexpr int mapNeighbours = 10;

} // namespace

FarMarks::FarMarks(QCustomPlot* plot, const QString& ringLayer)
    : m_plot(plot)
    , m_rings(plot->addGraph())
    , m_legendEntry(plot->addGraph())
{
    m_rings->setLineStyle(QCPGraph::lsNone);
    m_rings->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(farColour, 2.5), Qt::NoBrush, 17));
    m_rings->setLayer(ringLayer);
    m_rings->removeFromLegend();
    m_legendEntry->setPen(QPen(farColour, 1.5, Qt::DashLine));
    m_legendEntry->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(farColour, 2), Qt::NoBrush, 9));
    m_legendEntry->setName(QCoreApplication::translate("FarMarks", "far on the map"));
    m_legendEntry->removeFromLegend();
}

void FarMarks::leaveLegend()
{
    m_legendEntry->removeFromLegend();
}

void FarMarks::update(const core::Projection& p, const std::vector<int>& shown, int item,
                      const std::vector<int>& neighbours)
{
    m_rings->data()->clear();
    m_far.clear();
    if (std::binary_search(shown.begin(), shown.end(), item))
        m_far = core::farOnMap(p.x, p.y, shown, item, neighbours,
                               std::max(mapNeighbours, static_cast<int>(neighbours.size())));
    while (m_lines.size() < m_far.size()) {
        auto* line = new QCPItemLine(m_plot);
        line->setLayer(QStringLiteral("marks"));
        line->setPen(QPen(farColour, 1.5, Qt::DashLine));
        line->start->setType(QCPItemPosition::ptPlotCoords);
        line->end->setType(QCPItemPosition::ptPlotCoords);
        m_lines.push_back(line);
    }
    for (std::size_t k = 0; k < m_lines.size(); ++k) {
        QCPItemLine* line = m_lines[k];
        line->setVisible(k < m_far.size());
        if (k >= m_far.size())
            continue;
        const auto s = static_cast<std::size_t>(item), f = static_cast<std::size_t>(m_far[k]);
        line->start->setCoords(p.x[s], p.y[s]);
        line->end->setCoords(p.x[f], p.y[f]);
        m_rings->addData(p.x[f], p.y[f]);
    }
    if (m_far.empty())
        m_legendEntry->removeFromLegend();
    else if (m_plot->legend->visible() && !m_plot->legend->hasItemWithPlottable(m_legendEntry))
        m_legendEntry->addToLegend();
}

} // namespace embex::ui
