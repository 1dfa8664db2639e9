// SPDX-License-Identifier: MIT
#include "ui/regions/regions_dock.h"

#include "ui/shared/list_table.h"

#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_pane.h"
#include "ui/regions/clusters_model.h"
#include "ui/regions/region_members_model.h"
#include "ui/regions/region_text.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace embex::ui {
namespace {

    QTableView* regionTable(QAbstractItemModel* model, QWidget* parent)
    {
        QTableView* table = makeListTable(model, parent);
        table->setAlternatingRowColors(true);
        table->horizontalHeader()->setMinimumSectionSize(24);
        return table;
    }

    QLabel* wrappingLabel(QWidget* parent)
    {
        auto* label = new QLabel(parent);
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    }

} // namespace

RegionsDock::RegionsDock(Workspace* workspace, MapPane* mapPane, QWidget* parent)
    : QDockWidget(tr("Regions"), parent)
    , m_workspace(workspace)
    , m_mapPane(mapPane)
    , m_map(mapPane->map())
    , m_clusters(new ClustersModel(this))
    , m_members(new RegionMembersModel(workspace, this))
{
    setObjectName(QStringLiteral("regionsDock"));
    auto* body = new QWidget(this);
    m_clustersProxy = new QSortFilterProxyModel(this);
    m_clustersProxy->setSourceModel(m_clusters);
    m_clustersProxy->setSortRole(ClustersModel::SortRole);
    m_clustersTable = regionTable(m_clustersProxy, body);
    m_clustersTable->sortByColumn(ClustersModel::Number, Qt::AscendingOrder);
    m_clustersTable->horizontalHeader()->setSectionResizeMode(ClustersModel::Label, QHeaderView::Interactive);
    m_clustersTable->horizontalHeader()->resizeSection(ClustersModel::Label, 150);
    m_clustersTable->setToolTip(tr("Groups of similar items in the full space; click one to select it on the map"));
    m_clustersState = wrappingLabel(body);
    m_summary = wrappingLabel(body);
    m_membersTable = regionTable(m_members, body);
    m_membersTable->sortByColumn(RegionMembersModel::Ratings, Qt::DescendingOrder);
    m_membersTable->horizontalHeader()->setSectionResizeMode(RegionMembersModel::Title, QHeaderView::Stretch);
    m_membersTable->setToolTip(tr("The region's items; double-click or Enter selects one"));
    m_status = wrappingLabel(body);
    m_status->setTextFormat(Qt::PlainText);
    m_export = new QPushButton(tr("Export…"), body);
    m_export->setToolTip(tr("Write the region's items as CSV: id, title, ratings, mean rating"));
    m_usePicks = new QPushButton(tr("Use as new user's picks"), body);
    m_usePicks->setToolTip(tr("Add the region's items to the New user page and see what a user who liked them is "
                              "recommended"));

    auto* top = new QWidget(body);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_clustersState);
    topLayout->addWidget(m_clustersTable, 1);
    auto* bottom = new QWidget(body);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_summary);
    bottomLayout->addWidget(m_membersTable, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_usePicks);
    buttons->addStretch(1);
    bottomLayout->addLayout(buttons);
    bottomLayout->addWidget(m_status);
    auto* splitter = new QSplitter(Qt::Vertical, body);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(body);
    layout->addWidget(splitter);
    setWidget(body);

    const auto pickRow = [this](const QModelIndex& index) {
        selectCluster(m_clustersProxy->data(index, ClustersModel::ClusterRole).toInt());
    };
    connect(m_clustersTable, &QTableView::clicked, this, pickRow);
    connect(m_clustersTable, &QTableView::activated, this, pickRow);
    connect(m_membersTable, &QTableView::activated, this, [this](const QModelIndex& index) {
        m_workspace->selectItem(m_members->data(index, RegionMembersModel::ItemRole).toInt());
    });
    connect(m_export, &QPushButton::clicked, this, &RegionsDock::chooseCsvFile);
    connect(m_usePicks, &QPushButton::clicked, this, [this] { emit picksRequested(m_map->region()); });
    connect(this, &QDockWidget::visibilityChanged, this, &RegionsDock::onVisibilityChanged);
    connect(m_map, &EmbeddingMap::regionChanged, this, [this] {
        // hidden behind another tab, a lasso over 60,000 items need not wait for a summary no one sees
        if (isVisible())
            refreshRegion();
        else
            m_regionStale = true;
    });
    connect(m_mapPane, &MapPane::clustersShown, this, [this] {
        m_clusterProblem.clear();
        refreshClusters();
        refreshRegion(); // the members' groups
    });
    connect(m_mapPane, &MapPane::clustersFailed, this, [this](const QString& problem) {
        m_clusterProblem = problem;
        refreshClusters();
    });
    const auto factsChanged = [this] {
        m_jobs.discard(m_factsJob);
        m_factsJob = 0;
        m_factsStale = true;
        if (isVisible())
            gatherFacts();
    };
    connect(m_workspace, &Workspace::datasetChanged, this, [this, factsChanged] {
        m_facts.reset(); // another catalogue: the old facts describe other items
        m_clusterProblem.clear();
        factsChanged();
        refreshClusters();
        refreshRegion();
    });
    connect(m_workspace, &Workspace::snapshotChanged, this, [this, factsChanged] {
        factsChanged();
        refreshClusters();
    });
    connect(m_workspace, &Workspace::metadataChanged, this, factsChanged);
    refreshClusters();
    refreshRegion();
}

void RegionsDock::onVisibilityChanged(bool visible)
{
    m_mapPane->setClustersWanted(visible);
    if (visible && m_factsStale)
        gatherFacts();
    refreshClusters();
    if (visible && m_regionStale)
        refreshRegion();
}

void RegionsDock::gatherFacts()
{
    if (!m_workspace->hasDataset())
        return;
    m_factsStale = false;
    m_jobs.discard(m_factsJob);
    m_factsJob = m_jobs.start("embex-facts",
                              [this, dataset = m_workspace->dataset(), metadata = m_workspace->sides().metadata,
                               snapshot = m_workspace->snapshot()](const JobContext& job) {
                                  try {
                                      auto facts = std::make_shared<const core::ItemFacts>(
                                          core::gatherItemFacts(dataset->ratings, dataset->items, *metadata,
                                                                snapshot ? snapshot->parameter("item_bias") : nullptr));
                                      job.post([this, facts] {
                                          m_facts = facts;
                                          m_factsJob = 0;
                                          refreshRegion();
                                          emit summaryUpdated();
                                      });
                                  } catch (const std::exception& e) {
                                      job.post([this, message = QString::fromStdString(e.what())] {
                                          m_factsJob = 0;
                                          m_status->setText(tr("No summary: %1").arg(message));
                                      });
                                  }
                              });
}

QString RegionsDock::clustersState() const
{
    return m_clustersState->text();
}

QString RegionsDock::summaryText() const
{
    return m_summary->text();
}

void RegionsDock::refreshClusters()
{
    const MapClusters& clusters = m_map->clusters();
    m_clusters->setClusters(clusters);
    QString state;
    if (!m_workspace->hasDataset())
        state = tr("Open a dataset and train a model: its groups, and any region you select on the map, are "
                   "described here.");
    else if (!m_workspace->snapshot())
        state = tr("No model yet: train one (or open a session) to find its groups of items.");
    else if (!m_clusterProblem.isEmpty() && clusters.isEmpty())
        state = tr("No groups: %1").arg(m_clusterProblem.toHtmlEscaped());
    else if (clusters.isEmpty())
        state = tr("Finding groups…");
    else if (clusters.count == 1)
        state = tr("One group only: at this resolution the model does not split these items. Colour the map by "
                   "cluster and raise its resolution for smaller groups.");
    else
        state = tr("%1 groups of similar items in the full space; click one to select it on the map.")
                    .arg(clusters.count);
    if (m_workspace->hasDataset() && !m_workspace->hasTitles())
        state += QStringLiteral("<br>")
            + tr("No titles or genres: groups are named by their best-known ids (File › Open item metadata…).");
    m_clustersState->setText(state);
    m_clustersTable->setColumnHidden(ClustersModel::MeanBias,
                                     clusters.summaries.empty() || !clusters.summaries.front().meanBias.has_value());
}

void RegionsDock::selectCluster(int cluster)
{
    const std::vector<int>& clusterOf = m_map->clusters().clusterOf;
    std::vector<int> members;
    for (std::size_t i = 0; i < clusterOf.size(); ++i)
        if (clusterOf[i] == cluster)
            members.push_back(static_cast<int>(i));
    m_map->setRegion(std::move(members));
}

void RegionsDock::refreshRegion()
{
    m_regionStale = false;
    const std::vector<int>& region = m_map->region();
    m_members->setItems(region, m_map->clusters().clusterOf);
    m_export->setEnabled(!region.empty());
    m_usePicks->setEnabled(!region.empty() && m_workspace->snapshot() != nullptr);
    m_status->clear();
    if (region.empty()) {
        m_summary->setText(m_workspace->snapshot()
                               ? tr("No region selected. Drag with the Rectangle or Lasso tool on the map (Shift "
                                    "adds, Ctrl takes away, Escape clears), or click a group above.")
                               : tr("No region selected."));
        return;
    }
    if (!m_facts || m_facts->names.size() != static_cast<std::size_t>(m_workspace->itemCount())) {
        m_summary->setText(tr("%1 items; gathering what is known of them…")
                               .arg(QLocale().toString(static_cast<qulonglong>(region.size()))));
        return;
    }
    const std::vector<std::uint32_t> items(region.begin(), region.end());
    QString text = regionSummaryText(core::summariseGroup(items, *m_facts), *m_facts);
    if (region.size() == 1)
        text += QStringLiteral("<br>") + tr("One item: double-click it below to list its neighbours.");
    m_summary->setText(text);
}

bool RegionsDock::exportCsv(const QString& path, QString* error) const
{
    return writeRegionCsv(path, m_members->items(), *m_workspace, error);
}

void RegionsDock::chooseCsvFile()
{
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export region"), folder + QStringLiteral("/region.csv"),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(path).absolutePath());
    QString error;
    if (exportCsv(path, &error))
        m_status->setText(tr("Wrote %1 items to %2").arg(m_members->rowCount()).arg(QDir::toNativeSeparators(path)));
    else
        m_status->setText(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), error));
}

} // namespace embex::ui
