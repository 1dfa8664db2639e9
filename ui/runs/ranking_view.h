// SPDX-License-Identifier: MIT
#pragma once

#include "core/training/ranking_comparison.h"
#include "ui/shared/job_runner.h"

#include <QWidget>
#include <array>
#include <memory>

class QComboBox;
class QCustomPlot;
class QCPBars;
class QCPGraph;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableWidget;
class QToolButton;

namespace embex::ui {

class Workspace;

/// Is the open run any good at ranking (the "Ranking" window)? One or two runs' top-k lists on
/// their split, at a chosen k: every ranking and beyond-accuracy figure beside most-popular and
/// random, a histogram of one per-user figure, how often each item is recommended against its
/// training ratings, and for two runs one user's two lists side by side with the mean overlap.
/// Computed as a job (core::compareRankings); removing a run or opening another dataset clears it.
class RankingView : public QWidget {
    Q_OBJECT
public:
    static constexpr int histogramBins = 20;

    explicit RankingView(Workspace* workspace, QWidget* parent = nullptr);
    ~RankingView() override;

    /// Ranks runs `first` and (when ≥ 0) `second` of the workspace at the chosen k, as a job.
    /// False, with the reason on the status line, when they cannot be ranked.
    bool rank(int first, int second = -1);
    void cancel();
    bool isComputing() const { return m_job != 0; }
    /// The figures shown, or null.
    const core::RankingComparison* result() const { return m_result.get(); }

    int k() const;
    /// Chooses k (one of core::rankingCutoffs) and ranks the same runs again.
    void setK(int k);
    core::UserMetric histogramMetric() const;
    void setHistogramMetric(core::UserMetric metric);
    /// Shows run `first`'s and `second`'s lists for `user` (dense index); false when out of range.
    bool showUser(int user);
    int shownUser() const { return m_user; }

    QString statusText() const;
    QString histogramCaption() const;
    QString overlapText() const;
    QTableWidget* metricTable() const { return m_metrics; }
    QTableWidget* listTable() const { return m_lists; }
    QCustomPlot* histogramPlot() const { return m_histogram; }
    QCustomPlot* popularityPlot() const { return m_popularity; }
    /// The histogram's bars of run `run` (0 or 1), or null.
    QCPBars* histogramBars(int run) const { return m_bars[static_cast<std::size_t>(run)]; }
    /// The popularity plot's points of run `run`: x training ratings, y times recommended.
    QCPGraph* popularityPoints(int run) const { return m_points[static_cast<std::size_t>(run)]; }

signals:
    /// The job ended: figures shown, or the status line says why not.
    void computed();

private:
    Workspace* m_workspace;
    QLabel* m_status = nullptr;
    QComboBox* m_kChoice = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QTableWidget* m_metrics = nullptr;
    QComboBox* m_metricChoice = nullptr;
    QLabel* m_histogramCaption = nullptr;
    QCustomPlot* m_histogram = nullptr;
    std::array<QCPBars*, 2> m_bars {};
    QCustomPlot* m_popularity = nullptr;
    std::array<QCPGraph*, 2> m_points {};
    QLabel* m_popularityCaption = nullptr;
    QWidget* m_listsPane = nullptr;
    QLineEdit* m_userChoice = nullptr;
    QLabel* m_overlap = nullptr;
    QTableWidget* m_lists = nullptr;
    std::array<std::shared_ptr<const core::EmbeddingSnapshot>, 2> m_runs; // the runs ranked, by weights
    std::array<QString, 2> m_names;
    std::shared_ptr<const core::RankingComparison> m_result;
    int m_user = -1;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, stopping a job still under way

    QWidget* buildHistogram();
    QWidget* buildPopularity();
    QWidget* buildLists();
    bool start();
    void clear(const QString& why);
    void showResult(std::shared_ptr<const core::RankingComparison> result);
    void fillMetrics();
    void fillHistogram();
    void fillPopularity();
    void onRunsChanged();
};

} // namespace embex::ui
