// SPDX-License-Identifier: MIT
#include "ui/users/users_scatter.h"

#include "ui/map/scatter_plot.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    QCPGraph* userMarkGraph(QCustomPlot* plot, const QCPScatterStyle& style)
    {
        QCPGraph* g = plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(style);
        g->removeFromLegend();
        return g;
    }

} // namespace

UsersScatter::UsersScatter(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("usersPlot"));
    setUpScatterPlot(m_plot);
    styleScatterLegend(m_plot);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_nearestGraph = userMarkGraph(
        m_plot, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(20, 20, 20), 2), Qt::NoBrush, 12));
    m_selectedGraph = userMarkGraph(
        m_plot, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 0), 3), QColor(255, 0, 0, 70), 17));
    m_plot->addLayer(QStringLiteral("userMarks"));
    m_nearestGraph->setLayer(QStringLiteral("userMarks"));
    m_selectedGraph->setLayer(QStringLiteral("userMarks"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { m_pressPos = e->pos(); });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userMovedView = true; });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() == Qt::NoButton)
            showTooltip(e->pos());
    });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if ((e->pos() - m_pressPos).manhattanLength() > 4) {
            m_userMovedView = true;
            return;
        }
        if (const int user = userAt(e->pos()); user >= 0)
            emit userClicked(user);
    });
}

void UsersScatter::setProjection(core::Projection projection)
{
    if (projection.kind != m_projection.kind)
        m_userMovedView = false;
    m_projection = std::move(projection);
    const bool meaningful = core::traitsOf(m_projection.kind).hasMeaningfulAxes;
    m_plot->xAxis->setTickLabels(meaningful);
    m_plot->yAxis->setTickLabels(meaningful);
    fillData();
}

void UsersScatter::setColouring(UserColouring colouring)
{
    m_colouring = std::move(colouring);
    rebuildBuckets();
}

void UsersScatter::setShown(std::vector<int> users)
{
    m_shown = std::move(users);
    fillData();
}

void UsersScatter::setSelection(int user, std::vector<int> nearest)
{
    m_selected = user;
    m_nearest = std::move(nearest);
    fillSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UsersScatter::clear()
{
    m_projection = {};
    m_shown.clear();
    m_selected = -1;
    m_nearest.clear();
    m_userMovedView = false;
    m_colouring = {};
    rebuildBuckets();
}

void UsersScatter::rebuildBuckets()
{
    for (QCPGraph* g : m_buckets)
        m_plot->removeGraph(g);
    m_buckets.clear();
    for (std::size_t b = 0; b < m_colouring.colours.size(); ++b) {
        QCPGraph* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(discPixmap(m_colouring.colours[b], 6)));
        g->setName(m_colouring.names.value(static_cast<int>(b)));
        m_buckets.push_back(g);
    }
    fillData();
}

void UsersScatter::fillData()
{
    std::vector<QVector<QCPGraphData>> buckets(m_buckets.size());
    m_visible.clear();
    for (int u : m_shown) {
        const auto i = static_cast<std::size_t>(u);
        if (!m_projection.isPlaced(u) || i >= m_colouring.bucketOfUser.size())
            continue;
        m_visible.push_back(u);
        buckets[static_cast<std::size_t>(m_colouring.bucketOfUser[i])].append(
            QCPGraphData(m_projection.x[i], m_projection.y[i]));
    }
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        m_buckets[b]->data()->set(buckets[b], false);
        m_buckets[b]->removeFromLegend();
    }
    for (std::size_t b = 0; b < buckets.size(); ++b)
        if (!buckets[b].isEmpty()) // an empty colour has nothing to explain
            m_buckets[b]->addToLegend();
    fillSelection();
    if (!m_userMovedView)
        resetView();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UsersScatter::fillSelection()
{
    QVector<QCPGraphData> rings;
    for (int u : m_nearest)
        if (m_projection.isPlaced(u))
            rings.append(
                QCPGraphData(m_projection.x[static_cast<std::size_t>(u)], m_projection.y[static_cast<std::size_t>(u)]));
    m_nearestGraph->data()->set(rings, false);
    m_selectedGraph->data()->clear();
    if (m_projection.isPlaced(m_selected))
        m_selectedGraph->addData(m_projection.x[static_cast<std::size_t>(m_selected)],
                                 m_projection.y[static_cast<std::size_t>(m_selected)]);
}

void UsersScatter::resetView()
{
    m_userMovedView = false;
    fitView(m_plot, m_projection.bounds(m_visible), 0.05, 0.05);
}

int UsersScatter::pointCount() const
{
    int count = 0;
    for (const QCPGraph* g : m_buckets)
        count += g->dataCount();
    return count;
}

QStringList UsersScatter::legendNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(m_plot->legend->item(i)))
            names << item->plottable()->name();
    return names;
}

QPoint UsersScatter::pixelOf(int user) const
{
    if (!m_projection.isPlaced(user))
        return {};
    const auto i = static_cast<std::size_t>(user);
    return QPointF(m_plot->xAxis->coordToPixel(m_projection.x[i]), m_plot->yAxis->coordToPixel(m_projection.y[i]))
        .toPoint();
}

int UsersScatter::userAt(const QPointF& pixel, double radius) const
{
    int best = -1;
    double bestDistance = radius * radius;
    for (int u : m_visible) {
        const auto i = static_cast<std::size_t>(u);
        const double dx = m_plot->xAxis->coordToPixel(m_projection.x[i]) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(m_projection.y[i]) - pixel.y();
        if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = u;
        }
    }
    return best;
}

void UsersScatter::showTooltip(const QPoint& pos)
{
    const int user = userAt(pos);
    if (user < 0 || !m_tooltipText) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(m_plot->mapToGlobal(pos), m_tooltipText(user), m_plot);
}

} // namespace embex::ui
