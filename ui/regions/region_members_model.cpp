// SPDX-License-Identifier: MIT
#include "ui/regions/region_members_model.h"

#include "ui/data/workspace.h"

#include <QCollator>
#include <QLocale>
#include <algorithm>
#include <numeric>

namespace embex::ui {

RegionMembersModel::RegionMembersModel(const Workspace* workspace, QObject* parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
{
}

void RegionMembersModel::setItems(std::vector<int> items, std::vector<int> clusterOf)
{
    beginResetModel();
    m_items = std::move(items);
    m_clusterOf = std::move(clusterOf);
    sortRows();
    endResetModel();
}

int RegionMembersModel::clusterOf(int item) const
{
    const auto i = static_cast<std::size_t>(item);
    return i < m_clusterOf.size() ? m_clusterOf[i] : -1;
}

int RegionMembersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int RegionMembersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegionMembersModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int item = m_items[static_cast<std::size_t>(index.row())];
    const auto i = static_cast<std::size_t>(item);
    if (role == ItemRole)
        return item;
    if (role == Qt::TextAlignmentRole && index.column() != Title && index.column() != Id)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Title)
        return m_workspace->itemGenres(item);
    if (role != Qt::DisplayRole)
        return {};
    const RatingCounts& counts = m_workspace->itemCounts();
    const QLocale locale;
    switch (index.column()) {
    case Title: return m_workspace->itemTitle(item);
    case Id: return m_workspace->itemRawId(item);
    case Ratings: return i < counts.all.size() ? locale.toString(counts.all[i]) : QString();
    case MeanRating:
        return i < counts.mean.size() && counts.all[i] > 0 ? locale.toString(counts.mean[i], 'f', 2)
                                                           : QStringLiteral("—");
    case Cluster: {
        const int k = clusterOf(item);
        return k >= 0 ? QVariant(k + 1) : QVariant();
    }
    default: return {};
    }
}

QVariant RegionMembersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Title: return tr("Title");
    case Id: return tr("Id");
    case Ratings: return tr("Ratings");
    case MeanRating: return tr("Mean rating");
    case Cluster: return tr("Group");
    default: return {};
    }
}

void RegionMembersModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> itemsBefore;
    for (const QModelIndex& index : before)
        itemsBefore.push_back(m_items[static_cast<std::size_t>(index.row())]);
    m_sortColumn = column;
    m_sortOrder = order;
    sortRows();
    if (!before.isEmpty()) {
        std::vector<int> rowOf(static_cast<std::size_t>(std::max(0, m_workspace->itemCount())), -1);
        for (std::size_t r = 0; r < m_items.size(); ++r)
            rowOf[static_cast<std::size_t>(m_items[r])] = static_cast<int>(r);
        QModelIndexList after;
        for (qsizetype p = 0; p < before.size(); ++p)
            after << index(rowOf[static_cast<std::size_t>(itemsBefore[static_cast<std::size_t>(p)])],
                           before[p].column());
        changePersistentIndexList(before, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void RegionMembersModel::sortRows()
{
    const RatingCounts& counts = m_workspace->itemCounts();
    const auto at = [](const auto& values, int item) {
        const auto i = static_cast<std::size_t>(item);
        return i < values.size() ? static_cast<double>(values[i]) : 0.0;
    };
    std::vector<double> key(m_items.size());
    std::vector<QString> text;
    for (std::size_t r = 0; r < m_items.size(); ++r) {
        const int item = m_items[r];
        switch (m_sortColumn) {
        case Ratings: key[r] = at(counts.all, item); break;
        case MeanRating: key[r] = at(counts.all, item) > 0 ? at(counts.mean, item) : -1e300; break;
        case Cluster: key[r] = clusterOf(item) >= 0 ? clusterOf(item) : 1e300; break;
        default: text.push_back(m_sortColumn == Title ? m_workspace->itemTitle(item) : m_workspace->itemRawId(item));
        }
    }
    std::vector<std::size_t> order(m_items.size());
    std::iota(order.begin(), order.end(), 0);
    if (!text.empty()) {
        QCollator collator;
        collator.setNumericMode(true);
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        // one key per row: comparing keys is several times faster than collating strings pairwise
        std::vector<QCollatorSortKey> keys;
        keys.reserve(text.size());
        for (const QString& t : text)
            keys.push_back(collator.sortKey(t));
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return keys[a].compare(keys[b]) < 0; });
    } else {
        // ties by the most rated, then the dense index: the same order every time
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (key[a] != key[b])
                return key[a] < key[b];
            return at(counts.all, m_items[a]) > at(counts.all, m_items[b]);
        });
    }
    if (m_sortOrder == Qt::DescendingOrder)
        std::reverse(order.begin(), order.end());
    std::vector<int> sorted(m_items.size());
    for (std::size_t r = 0; r < order.size(); ++r)
        sorted[r] = m_items[order[r]];
    m_items = std::move(sorted);
}

} // namespace embex::ui
