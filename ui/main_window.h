// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"

#include <QMainWindow>
#include <memory>

class QLabel;

namespace embex::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    void setDataset(std::shared_ptr<const core::Dataset> dataset);
    std::shared_ptr<const core::Dataset> dataset() const { return m_dataset; }

private:
    std::shared_ptr<const core::Dataset> m_dataset;
    QLabel* m_summary = nullptr;
};

} // namespace embex::ui
