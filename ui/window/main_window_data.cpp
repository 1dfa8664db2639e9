// SPDX-License-Identifier: MIT
// MainWindow's data side: opening ratings, the demo and sessions, their progress, and dropped files.
#include "ui/window/main_window.h"

#include "core/data/demo_generator.h"
#include "core/models/model.h"
#include "ui/data/attribute_actions.h"
#include "ui/data/data_dock.h"
#include "ui/data/load_controller.h"
#include "ui/data/open_ratings_dialog.h"
#include "ui/data/recent_files_menu.h"
#include "ui/data/session_actions.h"
#include "ui/data/split_job.h"
#include "ui/data/workspace.h"
#include "ui/map/axes_view.h"
#include "ui/map/embedding_map.h"
#include "ui/map/item_filter_state.h"
#include "ui/map/map_pane.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/id_mapping_dock.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/new_user_panel.h"
#include "ui/runs/runs_dock.h"
#include "ui/shared/notice_bar.h"
#include "ui/shared/plot_export.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"
#include "ui/users/users_pane.h"
#include "ui/window/settings_store.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace embex::ui {

void MainWindow::showBusy(const QString& text, bool hasPercent, bool cancellable)
{
    m_loadLabel->setText(text);
    m_loadProgress->setRange(0, hasPercent ? 100 : 0); // 0..0: busy, no percentage known
    m_loadProgress->setValue(0);
    m_loadLabel->setVisible(true);
    m_loadProgress->setVisible(true);
    m_loadCancel->setVisible(cancellable);
}

void MainWindow::hideBusy()
{
    for (QWidget* w : std::initializer_list<QWidget*> { m_loadLabel, m_loadProgress, m_loadCancel })
        w->setVisible(false);
}

void MainWindow::hideBusyUnlessLoading()
{
    if (!m_loader->isLoading())
        hideBusy();
}

void MainWindow::connectSessions()
{
    const auto say = [this](const QString& text, bool isError) {
        if (isError)
            m_notice->showNotice(NoticeBar::Level::Error, text);
        else
            statusBar()->showMessage(text);
    };
    m_sessions->setViewSource([this] { return currentView(); });
    connect(m_sessions, &SessionActions::started, this, &MainWindow::showBusy);
    connect(m_loadCancel, &QToolButton::clicked, m_sessions, &SessionActions::cancel);
    connect(m_sessions, &SessionActions::progressChanged, this, [this](int percent) {
        if (!m_loader->isLoading()) // a load's bar is its own
            m_loadProgress->setValue(percent);
    });
    connect(m_sessions, &SessionActions::sessionRead, this,
            [this](std::shared_ptr<const core::Session> session, const QString& source) {
                adoptSession(*session, source);
            });
    connect(m_sessions, &SessionActions::message, this, say);
    connect(m_sessions, &SessionActions::imported, this,
            [this](const QString& statement) { m_notice->showNotice(NoticeBar::Level::Info, statement); });
    connect(m_sessions, &SessionActions::done, this, &MainWindow::hideBusyUnlessLoading);
    connect(m_attributes, &AttributeActions::started, this, [this](const QString& text) { showBusy(text, false); });
    connect(m_attributes, &AttributeActions::message, this, say);
    connect(m_attributes, &AttributeActions::finished, this, &MainWindow::hideBusyUnlessLoading);
    // Train's split encodes the metadata and attributes: one made from replaced ones is stale
    const auto dropSplit = [this] {
        if (m_split->discard())
            m_modelDock->setStatus(tr("The data changed while it was split; press Train again."));
    };
    connect(m_workspace, &Workspace::datasetChanged, this, dropSplit);
    connect(m_workspace, &Workspace::metadataChanged, this, dropSplit);
    connect(m_workspace, &Workspace::attributesChanged, this, dropSplit);
    connect(m_split, &SplitJob::finished, this,
            [this](std::shared_ptr<const core::TrainData> data, const core::SplitSpec& spec, const QString& summary) {
                m_workspace->setTrainData(data, spec);
                m_dataDock->setSplitSummary(summary);
                train(std::move(data));
            });
    connect(m_split, &SplitJob::failed, this, [this](const QString& message) {
        m_modelDock->setStatus(tr("Cannot split the data: %1").arg(message));
        statusBar()->showMessage(tr("Cannot split the data: %1").arg(message));
        emit splitFailed(message);
    });
}

void MainWindow::connectLoading()
{
    connect(m_loadCancel, &QToolButton::clicked, m_loader, &LoadController::cancel);
    connect(m_loader, &LoadController::started, this,
            [this](const QString& path) { showBusy(tr("Loading %1…").arg(QFileInfo(path).fileName()), true, true); });
    connect(m_loader, &LoadController::progressChanged, m_loadProgress, &QProgressBar::setValue);
    auto hideProgress = [this] { hideBusy(); };
    connect(m_loader, &LoadController::loaded, this,
            [this, hideProgress](std::shared_ptr<const core::Dataset> dataset, const core::LoadReport& report) {
                hideProgress();
                adoptDataset(std::move(dataset), report);
            });
    connect(m_loader, &LoadController::failed, this,
            [this, hideProgress](const QString& message, const core::LoadReport& report) {
                hideProgress();
                QStringList details;
                for (const core::Issue& issue : report.problems)
                    details << QString::fromStdString(issue.toString());
                const QString kept = m_workspace->hasDataset() ? tr(" The dataset that was open stays open.")
                                                               : QString();
                m_notice->showNotice(NoticeBar::Level::Error, tr("Could not load: %1.%2").arg(message, kept), details);
                statusBar()->showMessage(tr("Load failed"));
                emit loadFailed(message);
            });
    connect(m_loader, &LoadController::cancelled, this, [this, hideProgress] {
        hideProgress();
        statusBar()->showMessage(m_workspace->hasDataset() ? tr("Loading cancelled; the open dataset is unchanged.")
                                                           : tr("Loading cancelled."));
    });
}

void MainWindow::adoptDataset(std::shared_ptr<const core::Dataset> dataset, const core::LoadReport& report)
{
    m_training->discard(); // it learns the old dataset: nothing more of it arrives
    m_plot->clear(1);
    m_workspace->setDataset(std::move(dataset));
    m_attributes->refresh();
    m_dataDock->setLoadReport(report);
    m_modelDock->setCanTrain(true);
    m_modelDock->setImplicitData(m_workspace->dataset()->isImplicit());
    m_modelDock->setProgress({});
    const QLocale locale;
    const auto& d = *m_workspace->dataset();
    const QString name = d.isDemo ? tr("demo dataset") : QFileInfo(QString::fromStdString(d.sourceFile)).fileName();
    statusBar()->showMessage(tr("Loaded %1: %2 ratings, %3 users, %4 items")
                                 .arg(name, locale.toString(static_cast<qulonglong>(d.ratings.size())),
                                      locale.toString(static_cast<qulonglong>(d.users.size())),
                                      locale.toString(static_cast<qulonglong>(d.items.size()))));
    if (report.rowsSkipped > 0) {
        QStringList details;
        for (const core::Issue& issue : report.problems)
            details << QString::fromStdString(issue.toString());
        if (report.rowsSkipped > static_cast<long>(report.problems.size()))
            details << tr("… and %1 more").arg(report.rowsSkipped - static_cast<long>(report.problems.size()));
        m_notice->showNotice(NoticeBar::Level::Warning, QString::fromStdString(report.skippedSummary()), details);
    } else {
        m_notice->dismiss();
    }
    if (!d.isDemo)
        m_recent->add(QString::fromStdString(d.sourceFile));
    emit datasetLoaded();
}

void MainWindow::adoptSession(const core::Session& session, const QString& source)
{
    m_training->discard();
    m_notice->dismiss();
    m_workspace->setDataset(session.dataset);
    m_attributes->refresh();
    m_modelDock->setCanTrain(session.dataset && !session.dataset->ratings.empty());
    m_modelDock->setImplicitData(session.dataset && session.dataset->isImplicit());
    // the panel shows what the session's model was trained with, so Train continues from that
    // and not from whatever was set before (imported vectors have no settings to show)
    if (session.snapshot)
        if (const auto config = core::trainConfigOf(session.snapshot->hyperparameters, m_modelDock->config()))
            m_modelDock->setConfig(*config);
    m_workspace->adoptRuns(session); // the open run's snapshot and history with it
    if (session.view)
        applyView(*session.view);
    showHistory();
    statusBar()->showMessage(tr("Opened %1: %2 items").arg(source).arg(m_workspace->itemCount()));
    emit datasetLoaded();
}

core::SessionView MainWindow::currentView() const
{
    core::SessionView view;
    view.itemFilter = m_mapPane->itemFilter()->filter();
    view.usersProjection = m_users->projectionBar()->kind();
    view.usersColourBy = m_users->colourBy().toStdString();
    view.usersMinRatings = static_cast<std::uint32_t>(std::max(0, m_users->minimumRatings()));
    return view;
}

void MainWindow::applyView(const core::SessionView& view)
{
    m_mapPane->itemFilter()->setFilter(view.itemFilter);
    m_users->projectionBar()->setKind(view.usersProjection);
    m_users->restoreColourBy(QString::fromStdString(view.usersColourBy));
    m_users->setMinimumRatings(static_cast<int>(std::min<std::uint32_t>(view.usersMinRatings, 1000000)));
}

bool MainWindow::openRatingsWithDialog(const QString& path)
{
    OpenRatingsDialog dialog(path, this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    return loadRatings(path, dialog.options());
}

bool MainWindow::loadRatings(const QString& path, const core::LoadOptions& options)
{
    rememberFolder(path);
    if (!m_loader->load(path, options)) {
        statusBar()->showMessage(tr("Still loading %1; cancel it first.").arg(QFileInfo(m_loader->path()).fileName()));
        return false;
    }
    return true;
}

void MainWindow::openDemo()
{
    // generated in a few milliseconds: no worker needed
    adoptDataset(core::generateDemo({}), core::LoadReport {});
}

void MainWindow::chooseRatingsFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open ratings"), lastFolder(), tr("Ratings (*.csv *.tsv *.dat *.data *.txt *.base);;All files (*)"));
    if (!path.isEmpty())
        openRatingsWithDialog(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QString path = event->mimeData()->urls().value(0).toLocalFile();
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    // let the drag finish before a modal dialog opens
    QMetaObject::invokeMethod(
        this,
        [this, path] {
            if (SessionActions::isSessionFile(path))
                m_sessions->openSessionFile(path);
            else
                openRatingsWithDialog(path);
        },
        Qt::QueuedConnection);
}

} // namespace embex::ui
