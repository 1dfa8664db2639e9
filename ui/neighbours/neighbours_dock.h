// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/neighbor_index.h"

#include <QDockWidget>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTabWidget;

namespace embex::ui {

class ExplanationView;
class ItemCompleter;
class ItemFilterState;
class NeighboursModel;
class NewUserPanel;
class Workspace;

/// Nearest neighbours of the selected item (lookup by raw id or title) and, on a second tab,
/// recommendations for a user. Activating a row selects that item everywhere.
class NeighboursDock : public QDockWidget {
    Q_OBJECT
public:
    explicit NeighboursDock(Workspace* workspace, QWidget* parent = nullptr);

    QLineEdit* lookup() const { return m_lookup; }
    QLineEdit* userLookup() const { return m_user; }
    QTableView* table() const { return m_table; }
    NeighboursModel* model() const { return m_model; }
    /// The popularity floor the list applies now (the spin box's value).
    int minRatings() const;
    /// The metric neighbours are listed by (the map's neighbour layout uses it too).
    core::Metric metric() const;
    void setMetric(core::Metric metric);
    NeighboursModel* recommendationsModel() const { return m_recommendations; }
    QTableView* recommendationsTable() const { return m_userTable; }
    ExplanationView* explanation() const { return m_explanation; }
    const std::vector<int>& neighbours() const { return m_neighbourItems; }

    /// Looks the text up as a raw id, then as a title; selects the item when found.
    bool lookUp(const QString& text);
    void recommendForUser(const QString& rawUserId);
    NewUserPanel* newUserPanel() const { return m_newUser; }
    /// The For user tab's mode: 0 known user, 1 new user.
    QComboBox* userMode() const { return m_userMode; }
    /// Brings the For user tab forward in New user mode.
    void showNewUser();
    /// Whether the new user's query should be on the map: New user mode with a result.
    bool showsNewUser() const;
    /// The "For user" tab with the user's recommendations, the first selected and explained.
    void showUser(const QString& rawUserId);
    /// The map's item filter, which every list here searches within while "Only items passing the
    /// map's filter" is checked; null: none.
    void setItemFilter(const ItemFilterState* filter);
    QCheckBox* onlyFilteredItems() const { return m_onlyFiltered; }
    /// The items the lists may show: the filter's mask while the box is checked, else empty (all).
    std::span<const std::uint8_t> allowedItems() const;

signals:
    void neighboursChanged(int item, const std::vector<int>& neighbours);
    void metricChanged(embex::core::Metric metric);
    /// The new user's query changed, or the mode did (see showsNewUser).
    void newUserQueryChanged();

private:
    Workspace* m_workspace;
    const ItemFilterState* m_filter = nullptr;
    QCheckBox* m_onlyFiltered = nullptr;
    QLabel* m_filterNote = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_lookup = nullptr;
    ItemCompleter* m_completer = nullptr;
    QComboBox* m_metric = nullptr;
    QSpinBox* m_k = nullptr;
    QSpinBox* m_minRatings = nullptr;
    QLabel* m_heading = nullptr;
    QTableView* m_table = nullptr;
    NeighboursModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QLineEdit* m_user = nullptr;
    QSpinBox* m_count = nullptr;
    QComboBox* m_userMode = nullptr;
    QSpinBox* m_userMinRatings = nullptr;
    NewUserPanel* m_newUser = nullptr;
    NeighboursModel* m_newUserRecommendations = nullptr;
    QLabel* m_userHeading = nullptr;
    QTableView* m_userTable = nullptr;
    NeighboursModel* m_recommendations = nullptr;
    ExplanationView* m_explanation = nullptr;
    std::vector<int> m_neighbourItems;
    std::shared_ptr<const core::NeighborIndex> m_index; // built once per snapshot
    const core::EmbeddingSnapshot* m_indexedSnapshot = nullptr;

    void refresh();
    void onDatasetChanged();
    /// The filter or the box changed: every list searches again.
    void onFilterChanged();
    QTableView* makeTable(NeighboursModel* model, QSortFilterProxyModel** proxyOut);
};

} // namespace embex::ui
