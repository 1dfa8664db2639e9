// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/item_filter.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QSpinBox;

namespace embex::ui {

class ItemFilterState;

/// Filter… on the map's bar: genres to include (any of them) and to exclude, a year range and a
/// popularity range. Every change applies at once, so the map greys as the person edits; Clear
/// lets every item pass again.
class ItemFilterDialog : public QDialog {
    Q_OBJECT
public:
    explicit ItemFilterDialog(ItemFilterState* state, QWidget* parent = nullptr);

    QListWidget* includeList() const { return m_include; }
    QListWidget* excludeList() const { return m_exclude; }
    QSpinBox* fromYear() const { return m_fromYear; }
    QSpinBox* toYear() const { return m_toYear; }
    QSpinBox* minRatings() const { return m_minRatings; }
    QSpinBox* maxRatings() const { return m_maxRatings; }

private:
    ItemFilterState* m_state;
    QListWidget* m_include = nullptr;
    QListWidget* m_exclude = nullptr;
    QSpinBox* m_fromYear = nullptr;
    QSpinBox* m_toYear = nullptr;
    QSpinBox* m_minRatings = nullptr;
    QSpinBox* m_maxRatings = nullptr;
    QLabel* m_result = nullptr;
    bool m_isShowingState = false;

    core::ItemFilter filterOfWidgets() const;
    void apply();
    /// Puts the state's filter into the widgets (a new dataset, new metadata, Clear).
    void showState();
};

} // namespace embex::ui
