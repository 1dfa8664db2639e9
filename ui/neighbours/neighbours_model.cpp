// SPDX-License-Identifier: MIT
#include "ui/neighbours/neighbours_model.h"

#include <cmath>

#include <QLocale>

namespace embex::ui {

NeighboursModel::NeighboursModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_scoreTitle(tr("Similarity"))
{
}

void NeighboursModel::setRows(std::vector<NeighbourRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void NeighboursModel::setScoreTitle(const QString& title)
{
    m_scoreTitle = title;
    emit headerDataChanged(Qt::Horizontal, Similarity, Similarity);
}

int NeighboursModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int NeighboursModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NeighboursModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NeighbourRow& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == ItemRole)
        return row.item;
    if (role == SortRole) {
        switch (index.column()) {
        case Rank: return index.row() + 1;
        case Id: return row.id;
        case Title: return row.title;
        case Genres: return row.genres;
        case Similarity: return row.similarity;
        case Ratings: return row.ratings;
        default: return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Rank: return index.row() + 1;
        case Id: return row.id;
        case Title: return row.title;
        case Genres: return row.genres;
        case Similarity: return QLocale().toString(row.similarity, 'f', 3);
        case Ratings: return QLocale().toString(row.ratings);
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole
        && (index.column() == Rank || index.column() == Similarity || index.column() == Ratings))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Title)
        return row.title;
    if (role == Qt::ToolTipRole && index.column() == Similarity && !std::isnan(row.raw))
        return tr("Predicted rating %1, shown clipped to the rating scale as %2")
            .arg(QLocale().toString(row.raw, 'f', 3), QLocale().toString(row.similarity, 'f', 3));
    return {};
}

QVariant NeighboursModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Rank: return tr("#");
    case Id: return tr("Id");
    case Title: return tr("Title");
    case Genres: return tr("Genres");
    case Similarity: return m_scoreTitle;
    case Ratings: return tr("Ratings");
    default: return {};
    }
}

} // namespace embex::ui
