// SPDX-License-Identifier: MIT
// MainWindow's wiring of the Runs dock, apart from the rest of the window.
#include "ui/window/main_window.h"

#include "ui/data/workspace.h"
#include "ui/runs/runs_dock.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"

#include <QStatusBar>
#include <algorithm>

namespace embex::ui {

void MainWindow::connectRuns()
{
    connect(m_training, &TrainingController::runningChanged, m_runsDock, &RunsDock::setTrainingRunning);
    connect(m_runsDock, &RunsDock::runChosen, this, &MainWindow::showHistory);
    connect(m_runsDock, &RunsDock::overlaysChanged, m_plot, &TrainingPlot::setOverlays);
    connect(m_runsDock, &RunsDock::message, this, [this](const QString& text, bool isError) {
        if (isError)
            m_notice->showNotice(NoticeBar::Level::Error, text);
        else
            statusBar()->showMessage(text);
    });
}

void MainWindow::showHistory()
{
    const std::vector<core::EpochReport>& history = m_workspace->history();
    m_plot->clear(std::max(1, history.empty() ? 1 : history.back().epoch));
    for (const core::EpochReport& r : history)
        m_plot->addEpoch(r);
}

} // namespace embex::ui
