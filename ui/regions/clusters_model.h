// SPDX-License-Identifier: MIT
#pragma once

#include "ui/map/cluster_job.h"

#include <QAbstractTableModel>

namespace embex::ui {

/// The map's groups, one row a group: its name, size, over-represented genres with their lift,
/// mean rating, median ratings and mean item bias (blank where the model has no biases).
class ClustersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Number, Label, Size, Genres, MeanRating, MedianRatings, MeanBias, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int ClusterRole = Qt::UserRole + 1;

    explicit ClustersModel(QObject* parent = nullptr);

    void setClusters(const MapClusters& clusters);
    /// "Horror ×4.1, Thriller ×2.0": the group's over-represented genres, highest lift first.
    static QString genreLifts(const core::GroupSummary& summary, int count = 3);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_labels;
    std::vector<core::GroupSummary> m_summaries;
};

} // namespace embex::ui
