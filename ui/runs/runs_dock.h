// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/run_agreement.h"
#include "ui/shared/job_runner.h"
#include "ui/training/training_plot.h"

#include <QDockWidget>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;

namespace embex::core {
class NeighborIndex;
struct EmbeddingSnapshot;
} // namespace embex::core

namespace embex::ui {

class RunsModel;
class Workspace;

/// Every training run of the open dataset side by side (RunsModel), and how alike two runs place
/// the items: the selected item's 10 neighbours in the open run and in the run chosen under
/// "Compare with", and the mean overlap over all items above the popularity floor, computed as a
/// job. Choosing a row opens that run everywhere; checked rows overlay their curves on the plot.
class RunsDock : public QDockWidget {
    Q_OBJECT
public:
    explicit RunsDock(Workspace* workspace, QWidget* parent = nullptr);

    RunsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* compareWith() const { return m_compare; }
    QTableWidget* itemComparison() const { return m_itemTable; }
    /// "7 of 10 shared" for the selected item, or why there is nothing to compare.
    QString itemAgreementText() const;
    /// The mean-overlap line ("Mean overlap … 0.62 …"), or what it waits for.
    QString agreementText() const;
    /// The last mean agreement computed for the open run and the compared one.
    const std::optional<core::NeighbourAgreement>& agreement() const { return m_agreement; }
    bool isComputingAgreement() const { return m_agreementJob != 0; }
    /// Run index B chosen under "Compare with", or -1.
    int comparedRun() const;
    void setComparedRun(int index);
    /// The two runs "Compare maps" lays side by side: two selected rows (the open run first), else
    /// the open run and the one under "Compare with"; nullopt when there are not two.
    std::optional<std::pair<int, int>> mapPair() const;
    QPushButton* compareMapsButton() const { return m_compareMaps; }
    /// Asks for the maps of mapPair() (mapsComparisonRequested); false when there is no pair.
    bool compareMaps();
    QPushButton* rankingButton() const { return m_ranking; }
    /// Asks for the ranking of the selected run or two (rankingRequested), else of the open run.
    bool showRanking();

    /// Opens run `index` unless training runs (its snapshots would replace it at once).
    bool chooseRun(int index);
    void deleteRun(int index);
    /// Writes the comparison table (RunsModel::toCsv) through QSaveFile.
    bool exportCsv(const QString& path, QString* error = nullptr);
    /// File dialog, then exportCsv.
    void chooseCsvFile();
    void setTrainingRunning(bool running);

signals:
    /// The user opened another run (or deleted the open one): the loss plot shows its history.
    void runChosen();
    void overlaysChanged(const std::vector<embex::ui::PlotOverlay>& overlays);
    /// The mean agreement of the open and the compared run arrived (or failed: see agreementText).
    void agreementUpdated();
    void message(const QString& text, bool isError);
    /// Runs `first` and `second` are to be drawn side by side, the second turned onto the first.
    void mapsComparisonRequested(int first, int second);
    /// Runs `first` and `second` (−1: none) are to be ranked (the Ranking window).
    void rankingRequested(int first, int second);
    /// The user asked for the Tune… dialog.
    void tuneRequested();

private:
    Workspace* m_workspace;
    RunsModel* m_model;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_compare = nullptr;
    QPushButton* m_compareMaps = nullptr;
    QPushButton* m_ranking = nullptr;
    QLabel* m_meanLabel = nullptr;
    QLabel* m_itemLabel = nullptr;
    QTableWidget* m_itemTable = nullptr;
    bool m_isTraining = false;
    std::optional<core::NeighbourAgreement> m_agreement;
    const core::EmbeddingSnapshot* m_agreedA = nullptr; // the pair m_agreement (or the job) is about
    const core::EmbeddingSnapshot* m_agreedB = nullptr;
    JobId m_agreementJob = 0;
    std::set<std::string> m_baselinesAsked;
    struct CachedIndex {
        const core::EmbeddingSnapshot* snapshot = nullptr;
        std::shared_ptr<const core::NeighborIndex> index;
    };
    CachedIndex m_indexA, m_indexB; // the item view's neighbour searches, one per run
    JobId m_baselineJob = 0;
    JobRunner m_jobs; // last: destroyed first, stopping what still runs

    int runAt(const QModelIndex& proxyIndex) const;
    void showContextMenu(const QPoint& at);
    void refillCompare();
    void showSplitNotes();
    void updateAgreement();
    void updateItemAgreement();
    void updateCompareMaps();
    void requestBaseline();
    void emitOverlays();
    const core::NeighborIndex& indexFor(CachedIndex& cache, const std::shared_ptr<const core::EmbeddingSnapshot>& s);
};

} // namespace embex::ui
