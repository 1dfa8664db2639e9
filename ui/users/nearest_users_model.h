// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <vector>

namespace embex::ui {

struct NearestUserRow {
    int user = -1; ///< dense index
    QString id;
    double similarity = 0; ///< cosine in the user space
    int ratings = 0;
};

/// A clicked user's nearest users, best first.
class NearestUsersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Id, Similarity, Ratings, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int UserRole = Qt::UserRole + 1;

    explicit NearestUsersModel(QObject* parent = nullptr);

    void setRows(std::vector<NearestUserRow> rows);
    const std::vector<NearestUserRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<NearestUserRow> m_rows;
};

} // namespace embex::ui
