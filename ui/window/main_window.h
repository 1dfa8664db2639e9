// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_loader.h"
#include "core/io/session_file.h"

#include <QMainWindow>
#include <memory>

class QAction;
class QLabel;
class QProgressBar;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace embex::ui {

class AttributeActions;
class AxesView;
class DataDock;
class EmbeddingMap;
class IdMappingDock;
class LoadController;
class MapPane;
class ModelDock;
class NeighboursDock;
class NoticeBar;
class RecentFilesMenu;
class RegionsDock;
class RankingView;
class RunMapsView;
class RunsDock;
class SessionActions;
class SplitJob;
class TrainingController;
class TrainingPlot;
class UsersPane;
class Workspace;

/// Assembles the docks, the map and the loss plot, and routes the user's commands to the
/// workspace and the worker-thread controllers. Holds no data of its own.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Shows the open dialog for `path` (the code path of File ▸ Open and drag and drop).
    bool openRatingsWithDialog(const QString& path);
    /// Starts loading on a worker thread; nothing changes unless it succeeds.
    bool loadRatings(const QString& path, const core::LoadOptions& options = {});
    void openDemo();
    /// Trains the model dock's model: at once on the split made before, else once a job has
    /// split the ratings (splitFailed then says why not). False when nothing can start.
    bool startTraining();
    /// Raw id or title; false when no item matches.
    bool selectItem(const QString& idOrTitle);
    bool isProjecting() const;
    /// No projection or neighbours-kept measure runs or waits.
    bool isMapSettled() const;
    /// Replaces the open dataset and model with a loaded session or imported embeddings.
    void adoptSession(const core::Session& session, const QString& source);

    Workspace* workspace() const { return m_workspace; }
    TrainingController* trainingController() const { return m_training; }
    LoadController* loadController() const { return m_loader; }
    SessionActions* sessionActions() const { return m_sessions; }
    AttributeActions* attributeActions() const { return m_attributes; }
    TrainingPlot* trainingPlot() const { return m_plot; }
    MapPane* mapPane() const { return m_mapPane; }
    EmbeddingMap* map() const { return m_map; }
    AxesView* axesView() const { return m_axes; }
    UsersPane* usersPane() const { return m_users; }
    /// The Map, Axes and Users tabs.
    QTabWidget* views() const { return m_views; }
    DataDock* dataDock() const { return m_dataDock; }
    ModelDock* modelDock() const { return m_modelDock; }
    NeighboursDock* neighboursDock() const { return m_neighboursDock; }
    IdMappingDock* idMappingDock() const { return m_idDock; }
    RunsDock* runsDock() const { return m_runsDock; }
    RegionsDock* regionsDock() const { return m_regionsDock; }
    NoticeBar* noticeBar() const { return m_notice; }

signals:
    void datasetLoaded();
    void loadFailed(const QString& message);
    /// Train could not split the ratings: a test file's name and line, or a rule broken.
    void splitFailed(const QString& message);
    void projectionUpdated();
    void mapSettled();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    Workspace* m_workspace;
    TrainingController* m_training;
    LoadController* m_loader;
    SplitJob* m_split;
    NoticeBar* m_notice = nullptr;
    QSplitter* m_splitter = nullptr;
    MapPane* m_mapPane = nullptr;
    EmbeddingMap* m_map = nullptr;
    AxesView* m_axes = nullptr;
    UsersPane* m_users = nullptr;
    QTabWidget* m_views = nullptr;
    TrainingPlot* m_plot = nullptr;
    DataDock* m_dataDock = nullptr;
    ModelDock* m_modelDock = nullptr;
    NeighboursDock* m_neighboursDock = nullptr;
    IdMappingDock* m_idDock = nullptr;
    RunsDock* m_runsDock = nullptr;
    RegionsDock* m_regionsDock = nullptr;
    RunMapsView* m_runMaps = nullptr; // the "Two runs" window, made when first asked for
    RankingView* m_ranking = nullptr; // the "Ranking" window, likewise
    RecentFilesMenu* m_recent = nullptr;
    SessionActions* m_sessions = nullptr;
    AttributeActions* m_attributes = nullptr;
    QLabel* m_loadLabel = nullptr;
    QProgressBar* m_loadProgress = nullptr;
    QToolButton* m_loadCancel = nullptr;
    QAction* m_saveSession = nullptr;
    QAction* m_exportEmbeddings = nullptr;
    QByteArray m_defaultState;

    void createMenus();
    void connectTraining();
    // main_window_data.cpp: opening ratings, the demo and sessions, and dropped files
    void connectLoading();
    void connectSessions();
    /// The map's filter and the Users tab's choices, as a session saves them, and back.
    core::SessionView currentView() const;
    void applyView(const core::SessionView& view);
    void connectMap();
    /// The Runs dock's wiring (main_window_runs.cpp): kept runs, the plot's overlays, CSV export.
    void connectRuns();
    /// The loss plot shows the open run's history (after a run is opened or a session adopted).
    void showHistory();
    /// The status bar's busy line: a percentage bar when `hasPercent`, else a busy one.
    void showBusy(const QString& text, bool hasPercent, bool cancellable = false);
    void hideBusy();
    /// Hides it unless a load, which shows its own, is under way.
    void hideBusyUnlessLoading();
    void chooseRatingsFile();
    bool train(std::shared_ptr<const core::TrainData> data);
    void exportPlot(bool map);
    void adoptDataset(std::shared_ptr<const core::Dataset> dataset, const core::LoadReport& report);
    void showAbout();
    void restoreSettings();
    void saveSettings() const;
    QString lastFolder() const;
    void rememberFolder(const QString& path);
};

} // namespace embex::ui
