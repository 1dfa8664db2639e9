// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <vector>

namespace embex::ui {

class Workspace;

/// The items of the map's region, one row each. It sorts itself (no proxy): a region can hold a
/// whole catalogue, and sorting raw columns directly keeps 60,000 rows quick.
class RegionMembersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Id, Ratings, MeanRating, Cluster, ColumnCount };
    static constexpr int ItemRole = Qt::UserRole + 1;

    explicit RegionMembersModel(const Workspace* workspace, QObject* parent = nullptr);

    /// `items`: dense indices; `clusterOf`: each item's group (−1 none), or empty.
    void setItems(std::vector<int> items, std::vector<int> clusterOf);
    const std::vector<int>& items() const { return m_items; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    const Workspace* m_workspace;
    std::vector<int> m_items;
    std::vector<int> m_clusterOf;
    int m_sortColumn = Ratings;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;

    int clusterOf(int item) const;
    void sortRows();
};

} // namespace embex::ui
