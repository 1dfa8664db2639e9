// SPDX-License-Identifier: MIT
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
#include "ui/map/map_pane.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/id_mapping_dock.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/new_user_panel.h"
#include "ui/regions/regions_dock.h"
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

// resources of a static library must be registered by hand, outside any namespace
static void initEmbexResources()
{
    Q_INIT_RESOURCE(embex);
}

namespace embex::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(new Workspace(this))
    , m_training(new TrainingController(this))
    , m_loader(new LoadController(this))
    , m_split(new SplitJob(this))
{
    initEmbexResources();
    setWindowTitle(tr("Embex"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/embex.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    m_notice = new NoticeBar(this);
    m_mapPane = new MapPane(m_workspace, this);
    m_map = m_mapPane->map();
    m_plot = new TrainingPlot(this);
    m_axes = new AxesView(m_workspace, this);
    m_views = new QTabWidget(this);
    m_views->setDocumentMode(true);
    m_views->addTab(m_mapPane, tr("Map"));
    m_views->addTab(m_axes, tr("Axes"));
    m_views->setTabToolTip(1,
                           tr("What the model's axes mean: the items at each principal component's ends, the "
                              "items with extreme biases, and vector length against popularity"));
    m_users = new UsersPane(m_workspace, this);
    const int usersTab = m_views->addTab(m_users, tr("Users"));
    m_views->setTabToolTip(usersTab,
                           tr("The users' vectors on a map, coloured by activity or an attribute; click a "
                              "user for their nearest users and their rated items on the Map"));
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_views);
    m_splitter->addWidget(m_plot);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_notice);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    m_dataDock = new DataDock(m_workspace, this);
    m_modelDock = new ModelDock(this);
    m_neighboursDock = new NeighboursDock(m_workspace, this);
    m_idDock = new IdMappingDock(m_workspace, this);
    m_runsDock = new RunsDock(m_workspace, this);
    m_regionsDock = new RegionsDock(m_workspace, m_mapPane, this);
    addDockWidget(Qt::LeftDockWidgetArea, m_modelDock);
    addDockWidget(Qt::LeftDockWidgetArea, m_dataDock);
    addDockWidget(Qt::RightDockWidgetArea, m_neighboursDock);
    addDockWidget(Qt::RightDockWidgetArea, m_idDock);
    // a tab beside the neighbours: comparing runs compares their neighbours
    tabifyDockWidget(m_neighboursDock, m_runsDock);
    tabifyDockWidget(m_neighboursDock, m_regionsDock);
    connect(m_regionsDock, &RegionsDock::picksRequested, this, [this](const std::vector<int>& items) {
        m_neighboursDock->newUserPanel()->addItems(items);
        m_neighboursDock->showNewUser();
        m_neighboursDock->raise();
    });
    m_neighboursDock->raise();

    m_loadLabel = new QLabel(this);
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setRange(0, 100);
    m_loadProgress->setMaximumWidth(220);
    m_loadCancel = new QToolButton(this);
    m_loadCancel->setText(tr("Cancel"));
    m_loadCancel->setToolTip(tr("Stop opening; whatever is open now stays open"));
    statusBar()->addPermanentWidget(m_loadLabel);
    statusBar()->addPermanentWidget(m_loadProgress);
    statusBar()->addPermanentWidget(m_loadCancel);
    for (QWidget* w : std::initializer_list<QWidget*> { m_loadLabel, m_loadProgress, m_loadCancel })
        w->setVisible(false);
    statusBar()->showMessage(tr("Open a ratings file (Ctrl+O), drop one here, or open the demo dataset."));

    createMenus();
    connectLoading();
    connectSessions();
    connectTraining();
    connectMap();
    connectRuns();
    connect(m_workspace, &Workspace::itemSelected, this, [this](int item) {
        if (item >= 0)
            statusBar()->showMessage(tr("Selected %1 (id %2, embedding row %3)")
                                         .arg(m_workspace->itemTitle(item), m_workspace->itemRawId(item))
                                         .arg(item));
    });
    resize(1560, 940);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::connectMap()
{
    m_mapPane->setMetric(m_neighboursDock->metric());
    m_neighboursDock->setItemFilter(m_mapPane->itemFilter());
    connect(m_neighboursDock, &NeighboursDock::metricChanged, m_mapPane, &MapPane::setMetric);
    connect(m_neighboursDock, &NeighboursDock::neighboursChanged, m_map, &EmbeddingMap::setHighlight);
    connect(m_training, &TrainingController::runningChanged, m_mapPane, &MapPane::setTrainingRunning);
    connect(m_mapPane, &MapPane::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text); });
    connect(m_mapPane, &MapPane::projectionUpdated, this, &MainWindow::projectionUpdated);
    connect(m_mapPane, &MapPane::settled, this, &MainWindow::mapSettled);
    connect(m_training, &TrainingController::runningChanged, m_users, &UsersPane::setTrainingRunning);
    connect(m_users, &UsersPane::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text); });
    connect(m_users, &UsersPane::userSelected, this, [this](int user, const std::vector<int>& rated) {
        m_map->setRegion(rated);
        statusBar()->showMessage(tr("User %1: their %2 rated items are ringed on the Map tab")
                                     .arg(m_workspace->userRawId(user))
                                     .arg(rated.size()));
    });
    connect(m_neighboursDock, &NeighboursDock::newUserQueryChanged, this, [this] {
        const auto& result = m_neighboursDock->newUserPanel()->result();
        if (m_neighboursDock->showsNewUser() && result)
            m_mapPane->setNewUserQuery(result->query, result->top);
        else
            m_mapPane->setNewUserQuery(std::nullopt, {});
    });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open ratings…"), this, &MainWindow::chooseRatingsFile);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open a ratings file: CSV, TSV, MovieLens u.data or ratings.dat"));
    m_attributes = new AttributeActions(this, m_workspace, m_modelDock);
    file->addAction(tr("Open item &metadata…"), m_attributes, &AttributeActions::openMetadata)
        ->setStatusTip(tr("Titles and genres: movies.csv, u.item, movies.dat or any file with id and title columns"));
    file->addAction(tr("Open user &attributes…"), m_attributes, &AttributeActions::openUserAttributes)
        ->setStatusTip(tr("Side features: an id column, then numbers or categories (u.user, users.csv)"));
    file->addAction(tr("Open item a&ttributes…"), m_attributes, &AttributeActions::openItemAttributes)
        ->setStatusTip(tr("Side features of items, e.g. genres (Action|Comedy) and year; default: from the metadata"));
    file->addAction(tr("Open &demo dataset"), this, &MainWindow::openDemo)
        ->setStatusTip(tr("1,000 users of 8 hidden taste types rating 500 items: the map should show 8 groups"));
    m_recent = new RecentFilesMenu(this);
    connect(m_recent, &RecentFilesMenu::fileChosen, this, [this](const QString& path) { loadRatings(path); });
    file->addMenu(m_recent);
    file->addSeparator();
    m_sessions = new SessionActions(this, m_workspace);
    QAction* openSession = file->addAction(tr("Open &session…"), m_sessions, &SessionActions::openSession);
    openSession->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openSession->setStatusTip(tr("Reopen a dataset with its trained model (.embex)"));
    m_saveSession = file->addAction(tr("&Save session…"), m_sessions, &SessionActions::saveSession);
    m_saveSession->setObjectName(QStringLiteral("saveSession"));
    m_saveSession->setShortcut(QKeySequence::Save);
    m_saveSession->setStatusTip(tr("Save the dataset, the model and its training history (.embex)"));
    file->addAction(tr("&Import embeddings…"), m_sessions, &SessionActions::importEmbeddings)
        ->setStatusTip(tr("Explore item vectors trained elsewhere: .npy + ids, CSV/TSV, Spark JSON lines"));
    m_exportEmbeddings = file->addAction(tr("E&xport embeddings…"), m_sessions, &SessionActions::exportEmbeddings);
    m_exportEmbeddings->setObjectName(QStringLiteral("exportEmbeddings"));
    m_exportEmbeddings->setStatusTip(tr("Write the item vectors as a TensorBoard projector folder, CSV or NumPy .npy"));
    // nothing to save or export until a model is trained or imported
    auto updateActions = [this] {
        m_saveSession->setEnabled(m_workspace->hasSession());
        m_exportEmbeddings->setEnabled(m_workspace->hasEmbeddings());
    };
    connect(m_workspace, &Workspace::datasetChanged, this, updateActions);
    connect(m_workspace, &Workspace::snapshotChanged, this, updateActions);
    updateActions();
    QMenu* exportMenu = file->addMenu(tr("Export &plot"));
    exportMenu->addAction(tr("&Map…"), this, [this] { exportPlot(true); })
        ->setStatusTip(tr("Save the map as PNG, PDF or SVG"));
    exportMenu->addAction(tr("&Loss curves…"), this, [this] { exportPlot(false); })
        ->setStatusTip(tr("Save the loss plot as PNG, PDF or SVG"));
    file->addAction(tr("Export &runs table…"), m_runsDock, &RunsDock::chooseCsvFile)
        ->setStatusTip(tr("Write the Runs dock's comparison of the trained models as CSV"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : std::initializer_list<QDockWidget*> { m_modelDock, m_dataDock, m_neighboursDock, m_idDock,
                                                                   m_runsDock, m_regionsDock })
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("Reset map view"), m_map, &EmbeddingMap::resetView)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* find = view->addAction(tr("&Find item…"), this, [this] {
        m_neighboursDock->show();
        m_neighboursDock->raise();
        m_neighboursDock->lookup()->setFocus(Qt::ShortcutFocusReason);
        m_neighboursDock->lookup()->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    find->setStatusTip(tr("Look an item up by raw id or title"));
    view->addAction(tr("Restore default layout"), this, [this] {
        restoreState(m_defaultState);
        for (QDockWidget* dock : findChildren<QDockWidget*>())
            dock->show();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Embex"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::connectTraining()
{
    connect(m_modelDock, &ModelDock::trainRequested, this, &MainWindow::startTraining);
    connect(m_modelDock, &ModelDock::pauseToggled, m_training, &TrainingController::setPaused);
    connect(m_modelDock, &ModelDock::stopRequested, m_training, &TrainingController::cancel);
    connect(m_training, &TrainingController::pausedChanged, m_modelDock, &ModelDock::setPaused);
    connect(m_training, &TrainingController::runningChanged, m_modelDock, &ModelDock::setRunning);
    connect(m_training, &TrainingController::progressChanged, m_modelDock, &ModelDock::setProgress);
    // a run learning a dataset that is no longer open is discarded (adoptDataset): what arrives
    // here is always about the open one
    connect(m_training, &TrainingController::batchFinished, m_plot, &TrainingPlot::addBatchLoss);
    connect(m_training, &TrainingController::epochFinished, this, [this](const core::EpochReport& r) {
        m_workspace->addEpoch(r);
        m_plot->addEpoch(r);
    });
    connect(m_training, &TrainingController::snapshotReady, this,
            [this](std::shared_ptr<const core::EmbeddingSnapshot> s) {
                if (s)
                    m_workspace->setSnapshot(std::move(s));
            });
    connect(m_training, &TrainingController::finished, this, [this](const core::TrainOutcome& outcome) {
        m_workspace->keepRun(outcome, m_training->lastRunSeconds());
        const QString message = QString::fromStdString(outcome.message);
        m_modelDock->setStatus(message);
        if (outcome.status == core::TrainOutcome::Status::Diverged)
            m_notice->showNotice(NoticeBar::Level::Warning, message);
        statusBar()->showMessage(outcome.status == core::TrainOutcome::Status::Diverged
                                     ? message
                                     : tr("Training finished: %1").arg(message));
    });
    connect(m_training, &TrainingController::stopped, this, [this](std::shared_ptr<const core::EmbeddingSnapshot> s) {
        m_workspace->keepRun({ core::TrainOutcome::Status::Stopped, s, m_workspace->history(), {} },
                             m_training->lastRunSeconds());
        const QString text = tr("Stopped at epoch %1; the weights learned so far are kept.").arg(s ? s->epoch : 0);
        m_modelDock->setStatus(text);
        statusBar()->showMessage(text);
    });
    connect(m_training, &TrainingController::failed, this, [this](const QString& message) {
        m_modelDock->setStatus(tr("Training failed: %1").arg(message));
        m_notice->showNotice(NoticeBar::Level::Error, tr("Training failed: %1").arg(message));
    });
}

bool MainWindow::startTraining()
{
    if (!m_workspace->hasDataset() || m_training->isRunning() || m_split->isBusy())
        return false;
    // the split has its own seed (data dock): the same split until the data or its settings change
    const core::SplitSpec split = m_dataDock->splitSettings();
    if (std::shared_ptr<const core::TrainData> data = m_workspace->trainDataFor(split))
        return train(std::move(data));
    m_modelDock->setStatus(tr("Splitting the ratings…"));
    return m_split->start(m_workspace->dataset(), m_workspace->sides(), split);
}

bool MainWindow::train(std::shared_ptr<const core::TrainData> data)
{
    const core::TrainConfig config = m_modelDock->config();
    m_mapPane->setLayoutSeed(config.seed);
    m_workspace->leaveRuns();
    m_plot->clear(config.epochs, core::usesSampledSoftmax(config, data->itemCount));
    m_workspace->setHistory({});
    QSettings settings;
    saveTrainConfig(settings, config);
    saveSplitSettings(settings, m_dataDock->splitSettings());
    const std::string_view label = core::traitsOf(config.model).label;
    statusBar()->showMessage(tr("Training %1 on %2 ratings…")
                                 .arg(QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size())),
                                      QLocale().toString(static_cast<qulonglong>(data->train.size()))));
    return m_training->start(config, std::move(data));
}

bool MainWindow::selectItem(const QString& idOrTitle)
{
    return m_neighboursDock->lookUp(idOrTitle);
}

bool MainWindow::isProjecting() const
{
    return m_mapPane->isProjecting();
}

bool MainWindow::isMapSettled() const
{
    return m_mapPane->isSettled();
}

void MainWindow::exportPlot(bool map)
{
    QStringList filters { tr("PNG image (*.png)"), tr("PDF document (*.pdf)") };
#ifdef EMBEX_HAVE_SVG
    filters << tr("SVG drawing (*.svg)");
#endif
    const QString name = map ? QStringLiteral("/embex-map.png") : QStringLiteral("/embex-loss.png");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), lastFolder() + name,
                                                      filters.join(QStringLiteral(";;")));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    QString error;
    if (!savePlot(map ? m_map->plot() : m_plot->plot(), path, &error))
        m_notice->showNotice(NoticeBar::Level::Error,
                             tr("Could not export %1: %2").arg(QDir::toNativeSeparators(path), error));
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Embex"),
                       tr("<h3>Embex %1</h3><p>Train recommender embeddings and explore the item space they learn.</p>"
                          "<p>Built with Qt %2 (LGPLv3), QCustomPlot 2.1 (GPLv3), Eigen %3.%4.%5 (MPL 2.0), "
                          "fast_float and OpenMP.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()))
                           .arg(EIGEN_WORLD_VERSION)
                           .arg(EIGEN_MAJOR_VERSION)
                           .arg(EIGEN_MINOR_VERSION));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    m_loader->cancel();
    m_training->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray();
    // dock sizes only apply once the window is laid out: one event-loop turn after show()
    QTimer::singleShot(0, this, [this, state] {
        resizeDocks({ m_modelDock, m_neighboursDock }, { 290, 540 }, Qt::Horizontal);
        // the For user tab holds the recommendations and the explanation of one of them
        resizeDocks({ m_neighboursDock, m_idDock }, { 640, 300 }, Qt::Vertical);
        m_splitter->setSizes({ 620, 300 });
        resizeDocks({ m_modelDock, m_dataDock }, { 360, 580 }, Qt::Vertical);
        m_defaultState = saveState();
        if (!state.isEmpty())
            restoreState(state);
    });
    m_modelDock->setConfig(loadTrainConfig(settings, m_modelDock->config()));
    m_dataDock->setSplitSettings(loadSplitSettings(settings));
    m_map->projectionBar()->setKind(loadProjectionKind(settings));
    m_mapPane->setLayoutSeed(m_modelDock->config().seed);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    saveTrainConfig(settings, m_modelDock->config());
    saveSplitSettings(settings, m_dataDock->splitSettings());
    saveProjectionKind(settings, m_map->projectionBar()->kind());
}

QString MainWindow::lastFolder() const
{
    return QSettings().value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
}

void MainWindow::rememberFolder(const QString& path)
{
    QSettings().setValue(QStringLiteral("lastFolder"), QFileInfo(path).absolutePath());
}

} // namespace embex::ui
