// SPDX-License-Identifier: MIT
// MainWindow's wiring of the Runs dock, apart from the rest of the window.
#include "ui/window/main_window.h"

#include "ui/data/data_dock.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_pane.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/runs/ranking_view.h"
#include "ui/runs/run_maps_view.h"
#include "ui/runs/runs_dock.h"
#include "ui/runs/tune_dialog.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"

#include <QMenu>
#include <QMenuBar>
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
    connect(m_runsDock, &RunsDock::mapsComparisonRequested, this, [this](int first, int second) {
        if (!m_runMaps) {
            // a window of its own: two maps and a list need more width than the central tabs have
            m_runMaps = new RunMapsView(m_workspace, this);
            m_runMaps->setWindowFlag(Qt::Window);
            m_runMaps->setWindowTitle(tr("Two runs — Embex"));
            m_runMaps->resize(1400, 760);
        }
        m_runMaps->show();
        m_runMaps->raise();
        m_runMaps->activateWindow();
        // drawn as the Map tab draws one map
        m_runMaps->compare(first, second,
                           { m_mapPane->projectionBar()->kind(), m_map->minimumRatings(), m_neighboursDock->metric() });
    });
    connect(m_runsDock, &RunsDock::rankingRequested, this, [this](int first, int second) {
        if (!m_ranking) {
            m_ranking = new RankingView(m_workspace, this);
            m_ranking->setWindowFlag(Qt::Window);
            m_ranking->setWindowTitle(tr("Ranking — Embex"));
            m_ranking->resize(1400, 820);
        }
        m_ranking->show();
        m_ranking->raise();
        m_ranking->activateWindow();
        m_ranking->rank(first, second);
    });
    const auto openTune = [this] {
        // one dialog, kept while the window lives: closing it does not stop a tune
        auto* dialog = findChild<TuneDialog*>();
        if (!dialog)
            dialog = new TuneDialog(m_workspace, m_modelDock->config(), m_dataDock->splitSettings(), this);
        else if (!dialog->isRunning())
            dialog->setBase(m_modelDock->config(), m_dataDock->splitSettings());
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    };
    connect(m_runsDock, &RunsDock::tuneRequested, this, openTune);
    QMenu* train = new QMenu(tr("&Train"), this);
    train->addAction(tr("&Tune settings…"), this, openTune);
    menuBar()->insertMenu(menuBar()->actions().value(1), train); // after File
}

void MainWindow::showHistory()
{
    const std::vector<core::EpochReport>& history = m_workspace->history();
    m_plot->clear(std::max(1, history.empty() ? 1 : history.back().epoch));
    for (const core::EpochReport& r : history)
        m_plot->addEpoch(r);
}

} // namespace embex::ui
