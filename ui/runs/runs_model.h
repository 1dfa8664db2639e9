// SPDX-License-Identifier: MIT
#pragma once

#include "core/training/evaluation.h"

#include <QAbstractTableModel>
#include <map>
#include <set>
#include <string>

namespace embex::core {
struct EmbeddingSnapshot;
struct TrainingRun;
} // namespace embex::core

namespace embex::ui {

class Workspace;

/// The workspace's training runs side by side, one row each, in the order they were made. The
/// name cell is editable (rename) and checkable (overlay its curve); the open run is bold.
/// A run whose split is not the open run's says "other split": its scores are not comparable.
class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Model,
        Dimension,
        Epochs,
        Rmse,
        Mae,
        Precision,
        Recall,
        Popular,  ///< the most-popular baseline's precision@10 / recall@10 on the run's split
        Ndcg,     ///< NDCG@10 (core/training/ranking_metrics.h defines these four)
        Coverage, ///< catalogue coverage@10
        Gini,     ///< Gini index of how often each item is in a top 10
        Novelty,  ///< mean −log2 of a recommended item's share of users
        Seconds,
        Split,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;
    static constexpr int RunRole = Qt::UserRole + 1; ///< the index into Workspace::runs()

    explicit RunsModel(Workspace* workspace, QObject* parent = nullptr);

    /// The most-popular baseline of a split (by TrainingRun::split), shown beside ranking runs.
    void setBaseline(const std::string& split, const core::RankingMetrics& metrics);
    bool hasBaseline(const std::string& split) const { return m_baselines.count(split) > 0; }
    /// Whether run `index` reports ranking metrics (precision@10) rather than rating errors.
    bool isRanking(int index) const;
    /// Whether run `index` was trained on another split than the open run (or, with none open, the last).
    bool isOtherSplit(int index) const;
    /// Whether any run has a value in `column` (empty metric columns are hidden).
    bool hasValues(Column column) const;

    /// Runs whose curves go on the loss plot, in run order.
    std::vector<int> checkedRuns() const;
    void setChecked(int index, bool checked);

    /// The comparison table as CSV (RFC 4180: a header row, then one row per run in run order,
    /// numbers with a dot, empty where a run has no value).
    QString toCsv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void checkedChanged();

private:
    Workspace* m_workspace;
    std::set<const core::EmbeddingSnapshot*> m_checked; // by snapshot, so it survives renames and deletes
    std::map<std::string, core::RankingMetrics> m_baselines;
    int m_rows = 0; // the runs the views know of; the workspace changes first, then tells

    const core::TrainingRun& run(int index) const;
    /// NaN when the run has no such metric.
    double metric(int index, Column column) const;
    std::string referenceSplit() const;
};

} // namespace embex::ui
