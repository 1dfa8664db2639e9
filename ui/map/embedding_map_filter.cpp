// SPDX-License-Identifier: MIT
// EmbeddingMap and the item filter: what it says on the map (the faint points are drawn in fillData).
#include "ui/map/embedding_map.h"
#include "ui/map/item_filter_state.h"

#include <QLocale>
#include <QToolButton>
#include <qcustomplot.h>

namespace embex::ui {

void EmbeddingMap::createFilterTexts()
{
    m_filterLine = new QCPItemText(m_plot);
    m_filterLine->setLayer(QStringLiteral("labels"));
    m_filterLine->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_filterLine->position->setCoords(0.005, 0.005);
    m_filterLine->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_filterLine->setBrush(QColor(255, 255, 255, 215));
    m_filterLine->setPadding(QMargins(4, 2, 4, 2));
    m_filterLine->setVisible(false);
    m_nothingPasses = new QCPItemText(m_plot);
    m_nothingPasses->setLayer(QStringLiteral("labels"));
    m_nothingPasses->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_nothingPasses->position->setCoords(0.5, 0.5);
    m_nothingPasses->setPositionAlignment(Qt::AlignCenter);
    m_nothingPasses->setTextAlignment(Qt::AlignCenter);
    m_nothingPasses->setBrush(QColor(255, 255, 255, 230));
    m_nothingPasses->setPen(QPen(QColor(150, 150, 150)));
    m_nothingPasses->setPadding(QMargins(10, 6, 10, 6));
    m_nothingPasses->setVisible(false);
}

int EmbeddingMap::faintPointCount() const
{
    int count = 0;
    for (const QCPGraph* g : m_faintGraphs)
        count += g->dataCount();
    return count;
}

void EmbeddingMap::setItemFilter(const ItemFilterState* filter)
{
    if (m_filter)
        disconnect(m_filter, nullptr, this, nullptr);
    m_filter = filter;
    if (m_filter)
        connect(m_filter, &ItemFilterState::changed, this, &EmbeddingMap::fillData);
    fillData();
}

QString EmbeddingMap::filterLine() const
{
    return m_filterLine->visible() ? m_filterLine->text() : QString();
}

QString EmbeddingMap::nothingPassesMessage() const
{
    return m_nothingPasses->visible() ? m_nothingPasses->text() : QString();
}

void EmbeddingMap::showFilterText(int passingDrawn)
{
    const QLocale locale;
    const bool isActive = m_filter && m_filter->isActive();
    m_filterLine->setVisible(isActive);
    m_nothingPasses->setVisible(false);
    if (!isActive) {
        m_filterButton->setText(tr("Filter…"));
        m_filterButton->setToolTip(tr("Grey the items outside some genres, years or popularity (Ctrl+Shift+L)"));
        return;
    }
    QString line = m_filter->summary();
    if (passingDrawn < m_filter->passingCount() && !m_projection.isEmpty())
        line += tr(" · %1 of them on the map").arg(locale.toString(passingDrawn));
    m_filterLine->setText(line);
    const QString caveats = m_filter->caveats();
    m_filterButton->setText(tr("Filter (%1)…").arg(locale.toString(m_filter->passingCount())));
    m_filterButton->setToolTip(line + (caveats.isEmpty() ? QString() : QStringLiteral("\n") + caveats)
                               + tr("\nCtrl+Shift+L changes it"));
    if (passingDrawn > 0 || (m_projection.isEmpty() && m_filter->passingCount() > 0))
        return; // before the first map, a filter that some items pass has nothing to say
    const QString why = m_filter->passingCount() == 0
        ? tr("No item passes the filter")
        : tr("None of the %1 items passing the filter is on the map (it shows items with ≥ %2 ratings)")
              .arg(locale.toString(m_filter->passingCount()))
              .arg(m_minRatings->value());
    m_nothingPasses->setText(why + QStringLiteral("\n") + m_filter->description() + QStringLiteral("\n")
                             + tr("Filter… › Clear shows every item again"));
    m_nothingPasses->setVisible(true);
}

} // namespace embex::ui
