// SPDX-License-Identifier: MIT
#include "ui/runs/disagreement_model.h"

#include <QLocale>

namespace embex::ui {

DisagreementModel::DisagreementModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DisagreementModel::setRows(std::vector<Row> rows, int k)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_k = k;
    endResetModel();
}

int DisagreementModel::rowOf(int item) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].item == item)
            return static_cast<int>(r);
    return -1;
}

int DisagreementModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DisagreementModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DisagreementModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == ItemRole)
        return r.item;
    if (role == Qt::TextAlignmentRole && index.column() != Title)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (index.column()) {
        case Title: return r.title;
        case Ratings: return r.ratings;
        case Shared: return r.shared;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Title)
        return r.title; // long titles are elided in the column
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Title: return r.title;
        case Ratings: return QLocale().toString(r.ratings);
        case Shared: return tr("%1 of %2").arg(r.shared).arg(m_k);
        }
    }
    return {};
}

QVariant DisagreementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title: return tr("Item");
    case Ratings: return tr("Ratings");
    case Shared: return tr("Neighbours shared");
    }
    return {};
}

} // namespace embex::ui
