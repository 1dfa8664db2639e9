// SPDX-License-Identifier: MIT
// EmbeddingMap's words on the plot: the neighbour labels and the axis titles.
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/pca_axis_titles.h"

#include <QLocale>
#include <algorithm>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    QString elidedTitle(const QString& text, int length = 32)
    {
        return text.size() <= length ? text : text.left(length - 1) + QChar(0x2026);
    }

} // namespace

void EmbeddingMap::layoutLabels()
{
    layoutRegionLabels();
    for (QCPItemText* label : m_labels)
        label->setVisible(false);
    if (!std::binary_search(m_visible.begin(), m_visible.end(), m_selected))
        return;
    std::vector<int> items { m_selected };
    for (int item : m_neighbours)
        if (std::binary_search(m_visible.begin(), m_visible.end(), item)
            && static_cast<int>(items.size()) < maxNeighbourLabels)
            items.push_back(item);
    // greedy placement: try spots around each point, keep the first that overlaps nothing placed
    const QRect area = m_plot->axisRect()->rect();
    std::vector<QRectF> taken;
    for (int item : items)
        taken.push_back(QRectF(QPointF(pixelOf(item)) - QPointF(5, 5), QSizeF(10, 10)));
    for (std::size_t k = 0; k < items.size(); ++k) {
        QCPItemText* label = m_labels[k];
        label->setText(elidedTitle(m_workspace->itemTitle(items[k])));
        const QFontMetricsF metrics(label->font());
        const QSizeF size = metrics.size(0, label->text()) + QSizeF(8, 4);
        const QPointF p = pixelOf(items[k]);
        const double w = size.width(), h = size.height();
        const QPointF offsets[] = { { 10, -h / 2 },          { -10 - w, -h / 2 },     { -w / 2, -12 - h },
                                    { -w / 2, 12 },          { 10, -h - 6 },          { 10, 6 },
                                    { -10 - w, -h - 6 },     { -10 - w, 6 },          { 14, -2 * h - 6 },
                                    { 14, h + 6 },           { -14 - w, -2 * h - 6 }, { -14 - w, h + 6 },
                                    { -w / 2, -2 * h - 14 }, { -w / 2, h + 14 } };
        QRectF chosen;
        for (const QPointF& offset : offsets) {
            const QRectF candidate(p + offset, size);
            if (!area.contains(candidate.toRect()))
                continue;
            if (std::none_of(taken.begin(), taken.end(), [&](const QRectF& r) { return r.intersects(candidate); })) {
                chosen = candidate;
                break;
            }
        }
        if (chosen.isNull()) {
            if (k > 0)
                continue; // a crowded neighbour goes unlabelled rather than on top of another label
            chosen = QRectF(p + offsets[0], size);
        }
        taken.push_back(chosen);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->position->setCoords(chosen.topLeft());
        label->setVisible(true);
    }
}

void EmbeddingMap::layoutRegionLabels()
{
    constexpr int maxRegionLabels = 20;
    for (QCPItemText* label : m_regionLabels)
        label->setVisible(false);
    if (!isColouringByCluster() || m_clusters.isEmpty() || m_projection.isEmpty())
        return;
    // each group's name at the mean of its drawn points, largest group first; a name that would
    // cover one already placed is left out (zoomed in, more of them find room)
    std::vector<QPointF> sum(static_cast<std::size_t>(m_clusters.count));
    std::vector<int> drawn(static_cast<std::size_t>(m_clusters.count), 0);
    for (int item : m_visible) {
        const int k = item < static_cast<int>(m_clusters.clusterOf.size())
            ? m_clusters.clusterOf[static_cast<std::size_t>(item)]
            : -1;
        if (k < 0 || !m_projection.isPlaced(item))
            continue;
        sum[static_cast<std::size_t>(k)] += QPointF(m_projection.x[static_cast<std::size_t>(item)],
                                                    m_projection.y[static_cast<std::size_t>(item)]);
        ++drawn[static_cast<std::size_t>(k)];
    }
    const QRect area = m_plot->axisRect()->rect();
    std::vector<QRectF> taken;
    QFont font = this->font();
    font.setBold(true);
    const QFontMetrics metrics(font);
    std::size_t used = 0;
    for (int k = 0; k < m_clusters.count && used < maxRegionLabels; ++k) {
        const auto g = static_cast<std::size_t>(k);
        if (drawn[g] == 0)
            continue;
        const QPointF centre = sum[g] / drawn[g];
        const QPointF pixel(m_plot->xAxis->coordToPixel(centre.x()), m_plot->yAxis->coordToPixel(centre.y()));
        const QString text = metrics.elidedText(QStringLiteral("%1 %2").arg(k + 1).arg(m_clusters.shortLabels.value(k)),
                                                Qt::ElideRight, 170);
        const QSizeF size(metrics.horizontalAdvance(text) + 8, metrics.height() + 4);
        const QRectF box(pixel - QPointF(size.width() / 2, size.height() / 2), size);
        if (!area.contains(box.toRect())
            || std::any_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(box); }))
            continue;
        taken.push_back(box);
        if (used == m_regionLabels.size()) {
            auto* label = new QCPItemText(m_plot);
            label->setLayer(QStringLiteral("labels"));
            label->position->setType(QCPItemPosition::ptAbsolute);
            label->setPositionAlignment(Qt::AlignCenter);
            label->setBrush(QColor(255, 255, 255, 200));
            label->setPen(Qt::NoPen);
            label->setPadding(QMargins(4, 2, 4, 2));
            label->setClipToAxisRect(true);
            label->setFont(font);
            m_regionLabels.push_back(label);
        }
        QCPItemText* label = m_regionLabels[used++];
        label->setText(text);
        label->setColor(k < 19 ? categoryColour(k).darker(160) : QColor(90, 90, 90)); // grey: "smaller groups"
        label->position->setCoords(pixel);
        label->setVisible(true);
    }
}

QStringList EmbeddingMap::regionLabelsShown() const
{
    QStringList shown;
    for (const QCPItemText* label : m_regionLabels)
        if (label->visible())
            shown << label->text();
    return shown;
}

void EmbeddingMap::updateAxisTitles()
{
    if (!core::traitsOf(m_projection.kind).hasMeaningfulAxes) {
        updateLayoutTitles();
        return;
    }
    const QLocale locale;
    if (m_projection.isEmpty()) {
        m_plot->xAxis->setLabel(tr("PC1"));
        m_plot->yAxis->setLabel(tr("PC2"));
        return;
    }
    // the items at each end say what a PCA axis means (other projections have no such axes); one
    // item per end when two do not fit beside the plot
    auto title = [&](QCPAxis* axis, int index, double room) {
        QString text;
        const QStringList forms = m_projection.pca
            ? pcaAxisTitles(*m_projection.pca, index, *m_workspace, m_minRatings->value())
            : QStringList();
        for (const QString& form : forms) {
            text = form;
            if (QFontMetricsF(axis->labelFont()).horizontalAdvance(text) <= room)
                break;
        }
        return !text.isEmpty() ? text
                               : tr("PC%1 (%2% of variance)")
                                     .arg(index + 1)
                                     .arg(locale.toString(100 * m_projection.explained[index], 'f', 1));
    };
    m_plot->xAxis->setLabel(title(m_plot->xAxis, 0, m_plot->axisRect()->width()));
    m_plot->yAxis->setLabel(title(m_plot->yAxis, 1, m_plot->axisRect()->height()));
    m_caption->setToolTip(tr("Hover a point for its title, click it to select it and list its neighbours; "
                             "the wheel zooms and dragging pans"));
    m_caption->setText(tr("Epoch %1 · %2 of %3 items shown")
                           .arg(m_projection.epoch)
                           .arg(locale.toString(static_cast<qulonglong>(m_visible.size())))
                           .arg(locale.toString(m_workspace->itemCount())));
}

void EmbeddingMap::updateLayoutTitles()
{
    const QLocale locale;
    // the whole sentence where it fits; a narrow map keeps its start rather than losing it on the left
    const QString title = tr("Neighbourhoods by %1: near means similar; the axes and the distances between groups "
                             "mean nothing")
                              .arg(QString::fromLatin1(core::metricName(m_projection.metric)));
    const int room = m_plot->axisRect()->width() > 0 ? m_plot->axisRect()->width() : m_plot->width();
    m_plot->xAxis->setLabel(QFontMetrics(m_plot->xAxis->labelFont()).elidedText(title, Qt::ElideRight, room));
    m_plot->yAxis->setLabel(QString());
    m_caption->setToolTip(tr("Hover a point for its title, click it to select it and list its neighbours; "
                             "the wheel zooms and dragging pans"));
    m_caption->setText(tr("Epoch %1 · %2 of %3 items laid out")
                           .arg(m_projection.epoch)
                           .arg(locale.toString(static_cast<qulonglong>(m_visible.size())))
                           .arg(locale.toString(m_workspace->itemCount())));
}

} // namespace embex::ui
