// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/query_vector.h"
#include "ui/job_runner.h"

#include <QWidget>
#include <optional>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStringListModel;
class QTableView;

namespace embex::ui {

class NeighboursModel;
class Workspace;

/// The "New user" mode of the For user tab: a person picks items (by id or title, with a rating
/// on explicit data, as liked on implicit data) and sees what the model recommends to someone
/// like that. The query vector comes from the model (core::queryVector), is computed off the
/// GUI thread (a fold-in through the MLP or over a large catalogue takes more than a few ms),
/// and is published with queryChanged() for the map.
class NewUserPanel : public QWidget {
    Q_OBJECT
public:
    /// `table` shows `recommendations`; the dock builds both so every list looks alike.
    NewUserPanel(Workspace* workspace, NeighboursModel* recommendations, QTableView* table, QWidget* parent = nullptr);

    /// Adds the item with this raw id or title (rating ignored on implicit data); false when none
    /// matches or it is already picked.
    bool addItem(const QString& idOrTitle, double rating);
    void removeItem(int item);
    void clear();
    /// How many to list and the popularity floor (the dock's controls).
    void setOptions(int count, int minRatings);

    const std::vector<core::PickedItem>& picks() const { return m_picks; }
    /// The current query and its top items (nullopt before the first result or without a model).
    const std::optional<core::NewUserRecommendations>& result() const { return m_result; }
    bool isComputing() const { return m_job != 0 && m_jobs.isRunning(m_job); }
    QLineEdit* lookup() const { return m_lookup; }
    QListWidget* pickList() const { return m_pickList; }

signals:
    void queryChanged();

private:
    Workspace* m_workspace;
    NeighboursModel* m_recommendations;
    QLineEdit* m_lookup = nullptr;
    QStringListModel* m_completions = nullptr;
    QDoubleSpinBox* m_rating = nullptr;
    QListWidget* m_pickList = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_heading = nullptr;
    std::vector<core::PickedItem> m_picks;
    std::optional<core::NewUserRecommendations> m_result;
    int m_count = 10;
    int m_minRatings = 0;
    JobId m_job = 0;

    bool isImplicit() const;
    void onDatasetChanged();
    void refreshPickList();
    void recompute();
    void showResult(core::NewUserRecommendations result, bool clip);

    JobRunner m_jobs; // last: destroyed first, joining a computation under way
};

} // namespace embex::ui
