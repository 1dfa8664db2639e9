// SPDX-License-Identifier: MIT
#include "ui/scripted_run.h"

#include "ui/main_window.h"
#include "ui/model_dock.h"
#include "ui/neighbours_dock.h"
#include "ui/notice_bar.h"
#include "ui/session_actions.h"
#include "ui/training_controller.h"

#include <QCoreApplication>
#include <QImage>
#include <QTimer>
#include <cstdio>

namespace embex::ui {

ScriptedRun::ScriptedRun(MainWindow* window, Options options, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_options(std::move(options))
{
}

void ScriptedRun::start()
{
    if (m_options.epochs > 0) {
        core::TrainConfig config = m_window->modelDock()->config();
        config.epochs = m_options.epochs;
        m_window->modelDock()->setConfig(config);
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

void ScriptedRun::whenProjected(void (ScriptedRun::*next)())
{
    if (!m_window->isProjecting()) {
        (this->*next)();
        return;
    }
    connect(
        m_window, &MainWindow::projectionUpdated, this, [this, next] { whenProjected(next); },
        Qt::SingleShotConnection);
}

void ScriptedRun::afterTraining()
{
    if (!m_options.select.isEmpty() && !m_window->selectItem(m_options.select))
        std::fprintf(stderr, "embex: no item matches --select %s\n", qPrintable(m_options.select));
    if (!m_options.user.isEmpty())
        m_window->neighboursDock()->showUser(m_options.user);
    // one turn of the event loop lets queued replots and layouts land before the grab
    QTimer::singleShot(100, this, &ScriptedRun::finish);
}

void ScriptedRun::finish()
{
    if (!m_options.screenshot.isEmpty()) {
        const QImage image = m_window->grab().toImage();
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
