// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <limits>
#include <vector>

namespace embex::ui {

struct NeighbourRow {
    int item = -1; ///< dense index
    QString id;
    QString title;
    QString genres;
    double similarity = 0;
    int ratings = 0;
    /// The model's own output when `similarity` shows it clipped to the rating scale (NaN: not clipped).
    double raw = std::numeric_limits<double>::quiet_NaN();
};

/// Ranked items: a neighbour list or a user's recommendations (the score column says which).
class NeighboursModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Id, Title, Genres, Similarity, Ratings, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ItemRole = Qt::UserRole + 1;

    explicit NeighboursModel(QObject* parent = nullptr);

    void setRows(std::vector<NeighbourRow> rows);
    void setScoreTitle(const QString& title);
    const std::vector<NeighbourRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<NeighbourRow> m_rows;
    QString m_scoreTitle;
};

} // namespace embex::ui
