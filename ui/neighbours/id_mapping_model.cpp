// SPDX-License-Identifier: MIT
#include "ui/neighbours/id_mapping_model.h"

#include "ui/data/workspace.h"

#include <QLocale>

namespace embex::ui {

IdMappingModel::IdMappingModel(Workspace* workspace, Kind kind, QObject* parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
    , m_kind(kind)
{
    connect(workspace, &Workspace::datasetChanged, this, &IdMappingModel::reset);
    connect(workspace, &Workspace::metadataChanged, this, &IdMappingModel::reset);
    connect(workspace, &Workspace::trainDataChanged, this, &IdMappingModel::countsChanged);
    reset();
}

void IdMappingModel::reset()
{
    beginResetModel();
    m_rows = m_kind == Kind::Items ? m_workspace->itemCount() : m_workspace->userCount();
    endResetModel();
}

void IdMappingModel::countsChanged()
{
    const int rows = m_kind == Kind::Items ? m_workspace->itemCount() : m_workspace->userCount();
    if (rows != m_rows) {
        reset();
        return;
    }
    if (m_rows > 0)
        emit dataChanged(index(0, TrainRatings), index(m_rows - 1, ValidationOnly));
}

int IdMappingModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int IdMappingModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IdMappingModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int r = index.row();
    const auto i = static_cast<std::size_t>(r);
    const bool items = m_kind == Kind::Items;
    const RatingCounts& counts = items ? m_workspace->itemCounts() : m_workspace->userCounts();
    if (role == SortRole) {
        switch (index.column()) {
        case RawId: return r; // the IdMap's order: numeric when every id is an integer
        case Row: return r;
        case Title: return items ? m_workspace->itemTitle(r) : QString();
        case TrainRatings: return counts.train[i];
        case ValidationRatings: return counts.validation[i];
        case ValidationOnly: return counts.isValidationOnly(i) ? 1 : 0;
        default: return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case RawId: return items ? m_workspace->itemRawId(r) : m_workspace->userRawId(r);
        case Row: return r;
        case Title: return items ? m_workspace->itemTitle(r) : QString();
        case TrainRatings: return QLocale().toString(counts.train[i]);
        case ValidationRatings: return QLocale().toString(counts.validation[i]);
        case ValidationOnly: return counts.isValidationOnly(i) ? tr("yes") : QString();
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Title && index.column() != RawId)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant IdMappingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RawId: return tr("The id as written in the file");
        case Row: return tr("Row of the embedding matrix (dense index, ascending raw-id order)");
        case TrainRatings: return tr("Ratings the model learned from");
        case ValidationRatings: return tr("Ratings held out for validation");
        case ValidationOnly: return tr("Appears only in validation: its vector is untrained");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RawId: return tr("Raw id");
    case Row: return tr("Row");
    case Title: return m_kind == Kind::Items ? tr("Title") : QString();
    case TrainRatings: return tr("Train");
    case ValidationRatings: return tr("Valid.");
    case ValidationOnly: return tr("Valid. only");
    default: return {};
    }
}

} // namespace embex::ui
