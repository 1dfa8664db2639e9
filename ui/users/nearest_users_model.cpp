// SPDX-License-Identifier: MIT
#include "ui/users/nearest_users_model.h"

#include <QLocale>

namespace embex::ui {

NearestUsersModel::NearestUsersModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void NearestUsersModel::setRows(std::vector<NearestUserRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int NearestUsersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int NearestUsersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NearestUsersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const NearestUserRow& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == UserRole)
        return row.user;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Id ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const bool display = role == Qt::DisplayRole;
    if (!display && role != SortRole)
        return {};
    switch (static_cast<Column>(index.column())) {
    case Rank: return index.row() + 1;
    case Id: return row.id;
    case Similarity: return display ? QVariant(QLocale().toString(row.similarity, 'f', 3)) : QVariant(row.similarity);
    case Ratings: return display ? QVariant(QLocale().toString(row.ratings)) : QVariant(row.ratings);
    case ColumnCount: break;
    }
    return {};
}

QVariant NearestUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
    case Rank: return tr("#");
    case Id: return tr("User");
    case Similarity: return tr("Cosine");
    case Ratings: return tr("Ratings");
    case ColumnCount: break;
    }
    return {};
}

} // namespace embex::ui
