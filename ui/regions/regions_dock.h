// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/group_summary.h"
#include "ui/shared/job_runner.h"

#include <QDockWidget>
#include <memory>
#include <vector>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace embex::ui {

class ClustersModel;
class EmbeddingMap;
class MapPane;
class RegionMembersModel;
class Workspace;

/// The map read by regions: its groups (one row each, a click selects the group on the map), and
/// whatever region the map holds (a group, a lasso, another view's items) summarised — size,
/// genre mix against the catalogue, years, popularity, mean rating and bias — with its members,
/// which can be written as CSV or become a new user's picks. While it is shown the map's groups
/// are kept up to date (MapPane::setClustersWanted). The items' facts are gathered off the GUI
/// thread once per model and kept, so a summary of a whole catalogue is quick.
class RegionsDock : public QDockWidget {
    Q_OBJECT
public:
    RegionsDock(Workspace* workspace, MapPane* mapPane, QWidget* parent = nullptr);

    QTableView* clustersTable() const { return m_clustersTable; }
    QTableView* membersTable() const { return m_membersTable; }
    RegionMembersModel* membersModel() const { return m_members; }
    /// The line over the groups (no model, finding groups, one group, no titles…).
    QString clustersState() const;
    /// The region's summary, or the line that stands for it (nothing selected…).
    QString summaryText() const;
    /// The facts a region's summary is made from are there for the open model.
    bool hasFacts() const { return m_facts != nullptr; }
    /// Sets the map's region to group `cluster`'s members (as a click on its row does).
    void selectCluster(int cluster);
    /// Writes the region's items, in the list's order, as CSV; false with the reason in `error`.
    bool exportCsv(const QString& path, QString* error) const;
    QPushButton* exportButton() const { return m_export; }
    QPushButton* usePicksButton() const { return m_usePicks; }

signals:
    /// "Use as new user's picks": these dense items.
    void picksRequested(const std::vector<int>& items);
    /// The facts arrived and the summary shows them.
    void summaryUpdated();

private:
    Workspace* m_workspace;
    MapPane* m_mapPane;
    EmbeddingMap* m_map;
    ClustersModel* m_clusters;
    QSortFilterProxyModel* m_clustersProxy;
    QTableView* m_clustersTable;
    QLabel* m_clustersState;
    QLabel* m_summary;
    RegionMembersModel* m_members;
    QTableView* m_membersTable;
    QLabel* m_status;
    QPushButton* m_export;
    QPushButton* m_usePicks;
    QString m_clusterProblem;
    std::shared_ptr<const core::ItemFacts> m_facts;
    bool m_factsStale = true;
    bool m_regionStale = false; ///< the region changed while the dock was hidden
    JobId m_factsJob = 0;

    void onVisibilityChanged(bool visible);
    void gatherFacts();
    void refreshClusters();
    void refreshRegion();
    void chooseCsvFile();

    JobRunner m_jobs; // last: destroyed first, joining a gathering under way
};

} // namespace embex::ui
