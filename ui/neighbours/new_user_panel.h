// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/query_vector.h"
#include "ui/shared/job_runner.h"

#include <QWidget>
#include <map>
#include <optional>
#include <string>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;

namespace embex::ui {

class ItemCompleter;
class NeighboursModel;
class Workspace;

/// The "New user" mode of the For user tab: a person picks items (by id or title, with a rating
/// on explicit data, as liked on implicit data) and sees what the model recommends to someone
/// like that. The query vector comes from the model (core::queryVector), is computed off the
/// GUI thread (a fold-in through the MLP or over a large catalogue takes more than a few ms),
/// and is published with queryChanged() for the map. A softmax or autoencoder trained with user
/// attributes also takes this user's own (one field per attribute it learned from); with
/// attributes alone and no items it recommends from them (cold start). Other models have no
/// attribute input: the fields are disabled, and their tooltip says why.
class NewUserPanel : public QWidget {
    Q_OBJECT
public:
    /// `table` shows `recommendations`; the dock builds both so every list looks alike.
    NewUserPanel(Workspace* workspace, NeighboursModel* recommendations, QTableView* table, QWidget* parent = nullptr);

    /// Adds the item with this raw id or title (rating ignored on implicit data); false when none
    /// matches or it is already picked.
    bool addItem(const QString& idOrTitle, double rating);
    /// Adds these dense items not picked yet, each rated as the rating field says (liked on
    /// implicit data), and recomputes once; returns how many were added.
    int addItems(const std::vector<int>& items);
    void removeItem(int item);
    void clear();
    /// How many to list and the popularity floor (the dock's controls).
    void setOptions(int count, int minRatings);
    /// The items that may be recommended (one entry per item, 0: not), or empty: all.
    void setAllowedItems(std::vector<std::uint8_t> allowed);
    /// Sets an attribute's field as a person would (a number typed, a category chosen; empty =
    /// unknown); false when the model has no such attribute or the value is not one it offers.
    bool setAttribute(const QString& name, const QString& value);
    /// The attributes given so far, name → raw value (unknown ones left out).
    std::map<std::string, std::string> attributes() const;
    QWidget* attributeBox() const { return m_attributeBox; }

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
    ItemCompleter* m_completer = nullptr;
    QDoubleSpinBox* m_rating = nullptr;
    QListWidget* m_pickList = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_heading = nullptr;
    QWidget* m_attributeBox = nullptr;
    std::vector<std::pair<QString, QWidget*>> m_attributeFields; ///< name → QLineEdit or QComboBox
    std::string m_attributeKey; ///< what the fields were built for: the encoding, or why there are none
    std::vector<core::PickedItem> m_picks;
    std::optional<core::NewUserRecommendations> m_result;
    int m_count = 10;
    int m_minRatings = 0;
    std::vector<std::uint8_t> m_allowed;
    JobId m_job = 0;

    bool isImplicit() const;
    void onDatasetChanged();
    void refreshPickList();
    void refreshAttributeFields(bool keepValues);
    QString describeUser() const;
    void recompute();
    void showResult(core::NewUserRecommendations result, bool clip);

    JobRunner m_jobs; // last: destroyed first, joining a computation under way
};

} // namespace embex::ui
