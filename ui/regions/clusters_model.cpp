// SPDX-License-Identifier: MIT
#include "ui/regions/clusters_model.h"

#include <QLocale>
#include <cmath>

namespace embex::ui {

ClustersModel::ClustersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ClustersModel::setClusters(const MapClusters& clusters)
{
    beginResetModel();
    m_labels = clusters.labels;
    m_summaries = clusters.summaries;
    endResetModel();
}

QString ClustersModel::genreLifts(const core::GroupSummary& summary, int count)
{
    QStringList parts;
    const QLocale locale;
    for (const core::GenreLift& g : summary.overRepresented) {
        if (parts.size() == count)
            break;
        parts << QStringLiteral("%1 ×%2").arg(QString::fromStdString(g.name), locale.toString(g.lift, 'f', 1));
    }
    return parts.join(QStringLiteral(", "));
}

int ClustersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_summaries.size());
}

int ClustersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClustersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const core::GroupSummary& s = m_summaries[static_cast<std::size_t>(index.row())];
    const QLocale locale;
    if (role == ClusterRole)
        return index.row();
    if (role == Qt::ToolTipRole)
        return m_labels.value(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Label && index.column() != Genres)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case Number: return index.row() + 1;
    case Label: return m_labels.value(index.row());
    case Size:
        return display ? QVariant(locale.toString(static_cast<qulonglong>(s.size))) : QVariant(qulonglong(s.size));
    case Genres:
        if (display)
            return genreLifts(s);
        return s.overRepresented.empty() ? 0.0 : s.overRepresented.front().lift;
    case MeanRating:
        if (std::isnan(s.meanRating))
            return display ? QVariant(QStringLiteral("—")) : QVariant(-1e300);
        return display ? QVariant(locale.toString(s.meanRating, 'f', 2)) : QVariant(s.meanRating);
    case MedianRatings:
        return display
            ? QVariant(locale.toString(s.medianRatings, 'f', s.medianRatings == std::floor(s.medianRatings) ? 0 : 1))
            : QVariant(s.medianRatings);
    case MeanBias:
        if (!s.meanBias)
            return display ? QVariant() : QVariant(-1e300);
        return display ? QVariant(locale.toString(*s.meanBias, 'f', 2)) : QVariant(*s.meanBias);
    default: return {};
    }
}

QVariant ClustersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Genres:
            return tr("Genres over-represented in the group: × their share in it against their share of the catalogue");
        case MedianRatings: return tr("The median member's number of ratings: how well known the group is");
        case MeanBias: return tr("The mean of the members' item biases (models with biases only)");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("#");
    case Label: return tr("Group");
    case Size: return tr("Items");
    case Genres: return tr("Top genres (lift)");
    case MeanRating: return tr("Mean rating");
    case MedianRatings: return tr("Median ratings");
    case MeanBias: return tr("Mean bias");
    default: return {};
    }
}

} // namespace embex::ui
