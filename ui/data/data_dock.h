// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_loader.h"
#include "core/data/split.h"

#include <QDockWidget>

class QButtonGroup;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace embex::ui {

class Workspace;

/// What was loaded (ratings, users, items, range, sparsity, skipped rows, metadata) and how to split it.
class DataDock : public QDockWidget {
    Q_OBJECT
public:
    explicit DataDock(Workspace* workspace, QWidget* parent = nullptr);

    /// The split the widgets describe, its seed included: the split's seed is its own, so
    /// another model seed trains on the same split.
    core::SplitSpec splitSettings() const;
    void setSplitSettings(const core::SplitSpec& spec);
    void setLoadReport(const core::LoadReport& report);
    void setSplitSummary(const QString& summary);

private:
    Workspace* m_workspace;
    QLabel* m_file = nullptr;
    QLabel* m_ratings = nullptr;
    QLabel* m_users = nullptr;
    QLabel* m_items = nullptr;
    QLabel* m_range = nullptr;
    QLabel* m_sparsity = nullptr;
    QLabel* m_skipped = nullptr;
    QLabel* m_metadata = nullptr;
    QLabel* m_times = nullptr;
    QLabel* m_split = nullptr;
    QRadioButton* m_holdout = nullptr;
    QRadioButton* m_perUser = nullptr;
    QRadioButton* m_testFile = nullptr;
    QRadioButton* m_noSplit = nullptr;
    QRadioButton* m_beforeTime = nullptr;
    QRadioButton* m_lastOfTime = nullptr;
    QDateTimeEdit* m_before = nullptr;
    QDoubleSpinBox* m_timeFraction = nullptr;
    QDoubleSpinBox* m_fraction = nullptr;
    QSpinBox* m_perUserCount = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_pick = nullptr;
    QLineEdit* m_testPath = nullptr;

    void refresh();
    void showMetadata();
    void showTimes(core::TimestampForm form);
    void updateEnabled();
};

} // namespace embex::ui
