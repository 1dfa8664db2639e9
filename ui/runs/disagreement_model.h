// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <vector>

namespace embex::ui {

/// The items whose neighbourhoods two runs place most differently, in the order given (fewest
/// neighbours shared first): title, ratings and how many of the k neighbours the runs share.
class DisagreementModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Ratings, Shared, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ItemRole = Qt::UserRole + 1; ///< the dense item

    struct Row {
        int item = -1;
        QString title;
        int ratings = 0;
        int shared = 0;
    };

    explicit DisagreementModel(QObject* parent = nullptr);

    void setRows(std::vector<Row> rows, int k);
    void clear() { setRows({}, m_k); }
    const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }
    /// The row of `item`, or −1.
    int rowOf(int item) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Row> m_rows;
    int m_k = 10;
};

} // namespace embex::ui
