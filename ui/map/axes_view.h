// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/embedding_axes.h"
#include "ui/shared/job_runner.h"

#include <QSet>
#include <QStringList>
#include <QWidget>
#include <memory>
#include <vector>

class QCustomPlot;
class QLabel;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace embex::ui {

class Workspace;

/// The Axes tab: what the model's space means. For each of the first five principal components
/// its share of variance and the items at both ends, then the items with the lowest and highest
/// bias (or a note that the model has none), as one tree whose group rows summarise their lists;
/// beside it vector length against popularity with its correlation. Recomputed off the GUI thread
/// whenever the snapshot changes, the newest request winning. A click on a listed item selects it.
class AxesView : public QWidget {
    Q_OBJECT
public:
    explicit AxesView(Workspace* workspace, QWidget* parent = nullptr);
    ~AxesView() override;

    /// The lists leave out items with fewer ratings (default core::defaultNeighbourMinRatings).
    void setMinimumRatings(int count);
    /// What is shown; null before the first result of the open dataset.
    const std::shared_ptr<const core::EmbeddingAxes>& axes() const { return m_axes; }
    bool isBusy() const { return m_job != 0 || m_pending; }

    /// One group row per component ("PC1 · 8.1% of variance: …"), then the bias group, each with
    /// rows of columns low-end title, its score, high-end title, its score; a listed item's dense
    /// index is its title cell's Qt::UserRole.
    QTreeWidget* tree() const { return m_tree; }
    /// The bias group row (its text says when the model has no biases), or null before a result.
    QTreeWidgetItem* biasGroup() const;
    QCustomPlot* scatter() const { return m_scatter; }

signals:
    void updated();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    Workspace* m_workspace;
    QLabel* m_caption = nullptr;
    QSpinBox* m_minRatings = nullptr;
    QTreeWidget* m_tree = nullptr;
    QCustomPlot* m_scatter = nullptr;
    QSet<QString> m_expanded; // group keys ("PC1", "bias") the user left open, kept across updates
    std::shared_ptr<const std::vector<std::uint32_t>> m_counts; // empty when the dataset has no ratings
    std::shared_ptr<const core::EmbeddingAxes> m_axes;
    std::shared_ptr<const core::EmbeddingSnapshot> m_pending;
    int m_shownEpoch = 0;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, joining a computation still under way

    void onDatasetChanged();
    void request();
    void startNext();
    void showAxes(std::shared_ptr<const core::EmbeddingAxes> axes, int epoch);
    void fillTree();
    void fillScatter();
    /// A group row showing the longest of `forms` that fits, refitted when the tree is resized.
    QTreeWidgetItem* addGroup(const QString& key, const QStringList& forms);
    /// The first of `forms` that fits the tree's width (group rows name their ends when they fit).
    QString fitted(const QStringList& forms) const;
    void addEnds(QTreeWidgetItem* parent, const core::ItemEnds& ends);
    void onItemClicked(QTreeWidgetItem* item, int column);
};

} // namespace embex::ui
