// SPDX-License-Identifier: MIT
#include "ui/window/scripted_run.h"

#include "core/models/model_registry.h"
#include "ui/data/data_dock.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/map/axes_view.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_colouring.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/new_user_panel.h"
#include "ui/runs/ranking_view.h"
#include "ui/runs/runs_dock.h"
#include "ui/runs/runs_model.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"
#include "ui/window/settings_store.h"

#include <QCoreApplication>
#include <QImage>
#include <QItemSelectionModel>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>

namespace embex::ui {

ScriptedRun::ScriptedRun(MainWindow* window, Options options, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_options(std::move(options))
{
}

ScriptedRun::~ScriptedRun()
{
    m_userSettings.restore();
}

void ScriptedRun::start()
{
    QStringList overridden;
    if (m_options.epochs > 0 || !m_options.models.isEmpty())
        overridden << trainConfigKey;
    if (!m_options.testFile.isEmpty())
        overridden << splitSettingsKey;
    if (!m_options.projection.isEmpty())
        overridden << projectionKindKey;
    m_userSettings = SettingsSnapshot(overridden);
    if (m_options.epochs > 0) {
        core::TrainConfig config = m_window->modelDock()->config();
        config.epochs = m_options.epochs;
        m_window->modelDock()->setConfig(config);
    }
    if (!m_options.projection.isEmpty()) {
        const auto kind = core::projectionKindFromName(m_options.projection.toStdString());
        if (!kind) {
            fail(QStringLiteral("--projection must be %1, not '%2'")
                     .arg(QString::fromStdString(core::projectionNames()), m_options.projection));
            return;
        }
        m_window->map()->projectionBar()->setKind(*kind);
    }
    if (m_options.minRatings >= 0)
        m_window->map()->setMinimumRatings(m_options.minRatings);
    if (!m_options.colourBy.isEmpty()) {
        static const std::pair<const char*, ColourBy> colourings[] = { { "genre", ColourBy::Genre },
                                                                       { "popularity", ColourBy::Popularity },
                                                                       { "rating", ColourBy::MeanRating },
                                                                       { "bias", ColourBy::ItemBias },
                                                                       { "cluster", ColourBy::Cluster } };
        const auto* found = std::find_if(std::begin(colourings), std::end(colourings), [this](const auto& c) {
            return m_options.colourBy == QLatin1String(c.first);
        });
        if (found == std::end(colourings)) {
            fail(QStringLiteral("--colour must be genre, popularity, rating, bias or cluster, not '%1'")
                     .arg(m_options.colourBy));
            return;
        }
        m_window->map()->setColourBy(found->second);
    }
    if (!m_options.testFile.isEmpty()) {
        core::SplitSpec split = m_window->dataDock()->splitSettings();
        split.kind = core::SplitSpec::Kind::TestFile;
        split.testFile = m_options.testFile.toStdString();
        m_window->dataDock()->setSplitSettings(split);
    }
    if (SessionActions::isSessionFile(m_options.file)) {
        SessionActions* sessions = m_window->sessionActions();
        connect(
            sessions, &SessionActions::done, this,
            [this](bool ok) {
                if (ok) // a session has a model: its map comes next
                    whenProjected(&ScriptedRun::afterLoad);
                else
                    fail(m_window->noticeBar()->text()); // says what is wrong where
            },
            Qt::SingleShotConnection);
        if (!sessions->openSessionFile(m_options.file))
            fail(QStringLiteral("could not start opening %1").arg(m_options.file));
        return;
    }
    if (!m_options.file.isEmpty()) {
        connect(m_window, &MainWindow::datasetLoaded, this, &ScriptedRun::afterLoad, Qt::SingleShotConnection);
        connect(m_window, &MainWindow::loadFailed, this, &ScriptedRun::fail, Qt::SingleShotConnection);
        if (!m_window->loadRatings(m_options.file))
            fail(QStringLiteral("could not start loading %1").arg(m_options.file));
        return;
    }
    if (m_options.demo)
        m_window->openDemo();
    afterLoad();
}

void ScriptedRun::afterLoad()
{
    connect(m_window, &MainWindow::splitFailed, this, &ScriptedRun::fail, Qt::SingleShotConnection);
    if (!m_options.models.isEmpty()) {
        connect(m_window->trainingController(), &TrainingController::failed, this, &ScriptedRun::fail,
                Qt::SingleShotConnection);
        trainNextModel();
        return;
    }
    if (m_options.train) {
        TrainingController* training = m_window->trainingController();
        connect(
            training, &TrainingController::finished, this, [this] { whenProjected(&ScriptedRun::afterTraining); },
            Qt::SingleShotConnection);
        connect(
            training, &TrainingController::stopped, this, [this] { whenProjected(&ScriptedRun::afterTraining); },
            Qt::SingleShotConnection);
        connect(training, &TrainingController::failed, this, &ScriptedRun::fail, Qt::SingleShotConnection);
        if (!m_window->startTraining())
            fail(QStringLiteral("training could not start (no dataset?)"));
        return;
    }
    afterTraining();
}

void ScriptedRun::trainNextModel()
{
    if (m_nextModel >= m_options.models.size()) {
        compareRuns();
        return;
    }
    const QString name = m_options.models[m_nextModel++].trimmed();
    core::TrainConfig config;
    try {
        config = core::defaultTrainConfig(name.toStdString());
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()));
        return;
    }
    config.threads = core::defaultThreads(config.model, std::max(1, QThread::idealThreadCount()));
    if (m_options.epochs > 0)
        config.epochs = m_options.epochs;
    m_window->modelDock()->setConfig(config);
    TrainingController* training = m_window->trainingController();
    const auto next = [this] { whenProjected(&ScriptedRun::trainNextModel); };
    connect(training, &TrainingController::finished, this, next, Qt::SingleShotConnection);
    if (!m_window->startTraining())
        fail(QStringLiteral("training %1 could not start (no dataset?)").arg(name));
}

void ScriptedRun::compareRuns()
{
    RunsDock* dock = m_window->runsDock();
    dock->show();
    dock->raise();
    for (int i = 0; i < dock->model()->rowCount(); ++i)
        dock->model()->setChecked(i, true);
    dock->setComparedRun(0);
    if (dock->isComputingAgreement()) {
        connect(dock, &RunsDock::agreementUpdated, this, &ScriptedRun::afterTraining, Qt::SingleShotConnection);
        return;
    }
    afterTraining();
}

void ScriptedRun::whenProjected(void (ScriptedRun::*next)())
{
    // settled: the last snapshot is drawn and its neighbours-kept measure shown
    if (m_window->isMapSettled()) {
        (this->*next)();
        return;
    }
    connect(
        m_window, &MainWindow::mapSettled, this, [this, next] { whenProjected(next); }, Qt::SingleShotConnection);
}

void ScriptedRun::afterTraining()
{
    if (!m_options.select.isEmpty() && !m_window->selectItem(m_options.select))
        std::fprintf(stderr, "embex: no item matches --select %s\n", qPrintable(m_options.select));
    if (!m_options.user.isEmpty())
        m_window->neighboursDock()->showUser(m_options.user);
    if (!m_options.newUser.isEmpty()) {
        NeighboursDock* dock = m_window->neighboursDock();
        dock->showNewUser();
        NewUserPanel* panel = dock->newUserPanel();
        const double top = m_window->workspace()->hasDataset() ? m_window->workspace()->dataset()->ratingMax : 1;
        for (const QString& pick : m_options.newUser.split(u',', Qt::SkipEmptyParts)) {
            if (const qsizetype eq = pick.indexOf(u'='); eq > 0) { // age=35: an attribute, not an item
                if (!panel->setAttribute(pick.left(eq).trimmed(), pick.mid(eq + 1).trimmed()))
                    std::fprintf(stderr, "embex: the model takes no attribute value --new-user %s\n", qPrintable(pick));
                continue;
            }
            const QStringList parts = pick.split(u':');
            if (!panel->addItem(parts.value(0), parts.size() > 1 ? parts[1].toDouble() : top))
                std::fprintf(stderr, "embex: no item matches --new-user %s\n", qPrintable(parts.value(0)));
        }
        if (panel->isComputing()) {
            connect(panel, &NewUserPanel::queryChanged, this, &ScriptedRun::showView, Qt::SingleShotConnection);
            return;
        }
    }
    showView();
}

void ScriptedRun::showView()
{
    if (m_options.view == QLatin1String("axes"))
        m_window->views()->setCurrentWidget(m_window->axesView());
    if (m_options.view == QLatin1String("ranking")) {
        RunsDock* dock = m_window->runsDock();
        QTableView* table = dock->table();
        table->clearSelection();
        for (const int row : { 0, table->model()->rowCount() - 1 })
            table->selectionModel()->select(table->model()->index(row, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        if (dock->showRanking()) {
            if (auto* ranking = m_window->findChild<RankingView*>(); ranking && ranking->isComputing()) {
                connect(ranking, &RankingView::computed, this, &ScriptedRun::whenAxesShown, Qt::SingleShotConnection);
                return;
            }
        }
    }
    whenAxesShown();
}

void ScriptedRun::whenAxesShown()
{
    if (m_window->axesView()->isBusy()) {
        connect(m_window->axesView(), &AxesView::updated, this, &ScriptedRun::whenAxesShown, Qt::SingleShotConnection);
        return;
    }
    // one turn of the event loop lets queued replots and layouts land before the grab
    QTimer::singleShot(100, this, &ScriptedRun::finish);
}

void ScriptedRun::finish()
{
    if (!m_options.screenshot.isEmpty()) {
        QWidget* shown = m_window;
        if (auto* ranking = m_window->findChild<RankingView*>();
            ranking && ranking->isVisible() && m_options.view == QLatin1String("ranking"))
            shown = ranking;
        const QImage image = shown->grab().toImage();
        if (!image.save(m_options.screenshot)) {
            std::fprintf(stderr, "embex: could not write %s\n", qPrintable(m_options.screenshot));
            m_exitCode = 1;
        }
    }
    emit done(m_exitCode);
    if (m_options.quit)
        QCoreApplication::exit(m_exitCode);
}

void ScriptedRun::fail(const QString& message)
{
    std::fprintf(stderr, "embex: %s\n", qPrintable(message));
    m_exitCode = 1;
    finish();
}

} // namespace embex::ui
