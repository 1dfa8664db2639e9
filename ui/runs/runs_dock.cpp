// SPDX-License-Identifier: MIT
#include "ui/runs/runs_dock.h"

#include "core/analysis/neighbor_index.h"
#include "core/optim/user_items.h"
#include "core/training/evaluation.h"
#include "ui/data/workspace.h"
#include "ui/runs/runs_model.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

namespace embex::ui {
namespace {

    constexpr int agreementK = 10;

    std::vector<std::uint32_t> ratingCounts(const Workspace& workspace)
    {
        const std::vector<int>& all = workspace.itemCounts().all;
        return { all.begin(), all.end() };
    }

    /// The neighbour list's floor, or none when the data has no ratings to count (imported vectors).
    std::uint32_t popularityFloor(const Workspace& workspace)
    {
        return workspace.hasDataset() && !workspace.dataset()->ratings.empty() ? core::defaultNeighbourMinRatings : 0;
    }

} // namespace

RunsDock::RunsDock(Workspace* workspace, QWidget* parent)
    : QDockWidget(tr("Runs"), parent)
    , m_workspace(workspace)
    , m_model(new RunsModel(workspace, this))
{
    setObjectName(QStringLiteral("runsDock"));
    auto* body = new QWidget(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunsModel::SortRole);
    m_table = new QTableView(body);
    m_table->setModel(m_proxy);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // run order until a header is clicked
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // two rows: Compare maps
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);     // F2 and the menu rename
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setMinimumSectionSize(24);
    m_table->setToolTip(tr("Double-click or Enter opens a run; check runs to overlay their validation curves; "
                           "F2 renames, Delete deletes"));

    m_compare = new QComboBox(body);
    m_compare->setObjectName(QStringLiteral("compareWith"));
    m_compare->setToolTip(tr("The run whose item space is compared with the open run's"));
    // a long run name must not widen the window: the list shows names in full when it opens
    m_compare->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_compare->setMinimumContentsLength(16);
    m_compareMaps = new QPushButton(tr("Compare maps"), body);
    m_compareMaps->setObjectName(QStringLiteral("compareMaps"));
    m_compareMaps->setToolTip(tr("The two runs' maps side by side, the second turned onto the first, each item "
                                 "coloured by how many of its 10 neighbours they share (two selected rows, or the "
                                 "open run and the compared one)"));
    m_ranking = new QPushButton(tr("Ranking…"), body);
    m_ranking->setObjectName(QStringLiteral("ranking"));
    m_ranking->setToolTip(tr("Precision, NDCG, coverage… of the selected run (or two) at a chosen k beside "
                             "most popular and random, with the users' spread and what each recommends"));
    auto* exportButton = new QPushButton(tr("Export CSV…"), body);
    exportButton->setToolTip(tr("Write this table as a CSV file"));
    auto* tuneButton = new QPushButton(tr("Tune…"), body);
    tuneButton->setObjectName(QStringLiteral("tune"));
    tuneButton->setToolTip(tr("Try a grid of settings, each trial a run, scored on part of the training ratings"));
    // two rows, so the dock stays narrow enough to share the left column with the Model dock
    auto* compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Compare with:"), body));
    compareRow->addWidget(m_compare, 1);
    compareRow->addWidget(m_compareMaps);
    auto* actionRow = new QHBoxLayout;
    actionRow->addWidget(tuneButton);
    actionRow->addWidget(m_ranking);
    actionRow->addStretch(1);
    actionRow->addWidget(exportButton);
    auto* bar = new QVBoxLayout;
    bar->addLayout(compareRow);
    bar->addLayout(actionRow);

    m_meanLabel = new QLabel(body);
    m_meanLabel->setWordWrap(true);
    m_meanLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_itemLabel = new QLabel(body);
    m_itemLabel->setWordWrap(true);
    m_itemTable = new QTableWidget(0, 2, body);
    m_itemTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_itemTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_itemTable->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_itemTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_itemTable->setToolTip(
        tr("The selected item's 10 nearest neighbours (cosine) in each run; bold ones are in both"));

    auto* layout = new QVBoxLayout(body);
    layout->addWidget(m_table, 2);
    layout->addLayout(bar);
    layout->addWidget(m_meanLabel);
    layout->addWidget(m_itemLabel);
    layout->addWidget(m_itemTable, 3);
    setWidget(body);

    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) { chooseRun(runAt(index)); });
    connect(m_table, &QTableView::customContextMenuRequested, this, &RunsDock::showContextMenu);
    auto* remove = new QShortcut(QKeySequence::Delete, m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, [this] { deleteRun(runAt(m_table->currentIndex())); });
    auto* rename = new QShortcut(QKeySequence(Qt::Key_F2), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(rename, &QShortcut::activated, this, [this] {
        if (m_table->currentIndex().isValid())
            m_table->edit(m_table->currentIndex().siblingAtColumn(RunsModel::Name));
    });
    connect(exportButton, &QPushButton::clicked, this, &RunsDock::chooseCsvFile);
    connect(tuneButton, &QPushButton::clicked, this, &RunsDock::tuneRequested);
    connect(m_compareMaps, &QPushButton::clicked, this, &RunsDock::compareMaps);
    connect(m_ranking, &QPushButton::clicked, this, &RunsDock::showRanking);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsDock::updateCompareMaps);
    connect(m_compare, &QComboBox::currentIndexChanged, this, [this] {
        updateAgreement();
        updateItemAgreement();
        updateCompareMaps();
    });
    connect(m_model, &RunsModel::checkedChanged, this, &RunsDock::emitOverlays);
    connect(workspace, &Workspace::runsChanged, this, [this] {
        refillCompare();
        updateAgreement();
        updateItemAgreement();
        requestBaseline();
        emitOverlays();
        for (const auto column : { RunsModel::Rmse, RunsModel::Mae, RunsModel::Precision, RunsModel::Recall })
            m_table->setColumnHidden(column, !m_model->hasValues(column));
        m_table->setColumnHidden(RunsModel::Popular, !m_model->hasValues(RunsModel::Precision));
        showSplitNotes();
        updateCompareMaps();
    });
    connect(workspace, &Workspace::activeRunChanged, this, [this] {
        showSplitNotes();
        refillCompare();
        updateAgreement();
        updateItemAgreement();
        updateCompareMaps();
    });
    connect(workspace, &Workspace::itemSelected, this, &RunsDock::updateItemAgreement);
    connect(workspace, &Workspace::trainDataChanged, this, &RunsDock::requestBaseline);
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        m_jobs.discard(m_baselineJob); // about the old dataset's split
        m_baselineJob = 0;
        m_baselinesAsked.clear();
        m_indexA = {};
        m_indexB = {};
    });
    refillCompare();
    updateAgreement();
    updateItemAgreement();
    updateCompareMaps();
}

void RunsDock::showSplitNotes()
{
    // the column speaks only when some run cannot be compared fairly with the open one
    bool anyOther = false;
    for (int i = 0; i < static_cast<int>(m_workspace->runs().size()); ++i)
        anyOther = anyOther || m_model->isOtherSplit(i);
    m_table->setColumnHidden(RunsModel::Split, !anyOther);
}

int RunsDock::runAt(const QModelIndex& proxyIndex) const
{
    return proxyIndex.isValid() ? m_proxy->data(proxyIndex, RunsModel::RunRole).toInt() : -1;
}

bool RunsDock::chooseRun(int index)
{
    if (index < 0 || index >= static_cast<int>(m_workspace->runs().size()))
        return false;
    if (m_isTraining) {
        emit message(tr("A model is training: its run opens when it ends, and then any run can be opened."), false);
        return false;
    }
    m_workspace->openRun(index);
    emit runChosen();
    return true;
}

void RunsDock::deleteRun(int index)
{
    if (index < 0 || index >= static_cast<int>(m_workspace->runs().size()))
        return;
    const bool wasOpen = index == m_workspace->activeRun();
    m_workspace->removeRun(index);
    if (wasOpen)
        emit runChosen();
}

void RunsDock::setTrainingRunning(bool running)
{
    m_isTraining = running;
}

void RunsDock::showContextMenu(const QPoint& at)
{
    const QModelIndex index = m_table->indexAt(at);
    const int run = runAt(index);
    QMenu menu(this);
    if (run >= 0) {
        menu.addAction(tr("Open"), this, [this, run] { chooseRun(run); })->setEnabled(!m_isTraining);
        menu.addAction(tr("Rename"), this, [this, index] { m_table->edit(index.siblingAtColumn(RunsModel::Name)); });
        menu.addAction(tr("Compare with the open run"), this, [this, run] { setComparedRun(run); })
            ->setEnabled(run != m_workspace->activeRun());
        // the selected pair when the row is one of them, else this row beside the open run
        std::optional<std::pair<int, int>> pair = mapPair();
        const int open = m_workspace->activeRun();
        if (!(pair && m_table->selectionModel()->selectedRows().size() == 2
              && (pair->first == run || pair->second == run))
            && open >= 0 && run != open)
            pair = std::pair { open, run };
        menu.addAction(tr("Compare maps"), this,
                       [this, pair] { emit mapsComparisonRequested(pair->first, pair->second); })
            ->setEnabled(pair.has_value());
        menu.addAction(tr("Delete"), this, [this, run] { deleteRun(run); });
        menu.addSeparator();
    }
    menu.addAction(tr("Export table as CSV…"), this, &RunsDock::chooseCsvFile);
    menu.exec(m_table->viewport()->mapToGlobal(at));
}

int RunsDock::comparedRun() const
{
    return m_compare->currentIndex() >= 0 ? m_compare->currentData().toInt() : -1;
}

void RunsDock::setComparedRun(int index)
{
    const int at = m_compare->findData(index);
    if (at >= 0)
        m_compare->setCurrentIndex(at);
}

std::optional<std::pair<int, int>> RunsDock::mapPair() const
{
    const int count = static_cast<int>(m_workspace->runs().size());
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() == 2) {
        int first = runAt(rows[0]), second = runAt(rows[1]);
        if (second == m_workspace->activeRun() || (first != m_workspace->activeRun() && second < first))
            std::swap(first, second);
        if (first >= 0 && second >= 0 && first < count && second < count && first != second)
            return std::pair { first, second };
    }
    const int open = m_workspace->activeRun(), compared = comparedRun();
    if (open >= 0 && compared >= 0 && open < count && compared < count && open != compared)
        return std::pair { open, compared };
    return std::nullopt;
}

bool RunsDock::compareMaps()
{
    const auto pair = mapPair();
    if (!pair) {
        emit message(tr("Choose two runs: select two rows, or open one and pick another under \"Compare with\"."),
                     false);
        return false;
    }
    emit mapsComparisonRequested(pair->first, pair->second);
    return true;
}

bool RunsDock::showRanking()
{
    std::vector<int> runs;
    for (const QModelIndex& row : m_table->selectionModel()->selectedRows())
        runs.push_back(runAt(row));
    if (runs.empty() || runs.size() > 2)
        runs = { m_workspace->activeRun() };
    std::sort(runs.begin(), runs.end());
    if (runs.size() == 2 && runs[1] == m_workspace->activeRun()) // the open run first
        std::swap(runs[0], runs[1]);
    if (runs[0] < 0) {
        emit message(tr("Choose a run: select one or two rows, or open one."), false);
        return false;
    }
    emit rankingRequested(runs[0], runs.size() == 2 ? runs[1] : -1);
    return true;
}

void RunsDock::updateCompareMaps()
{
    m_compareMaps->setEnabled(mapPair().has_value());
}

void RunsDock::refillCompare()
{
    // the choice follows its run, not its place, when runs come and go
    const auto& runs = m_workspace->runs();
    const int previous = comparedRun();
    const core::EmbeddingSnapshot* chosen = previous >= 0 && previous < static_cast<int>(runs.size())
            && m_compare->count() > 0
        ? runs[static_cast<std::size_t>(previous)].snapshot.get()
        : nullptr;
    const QSignalBlocker block(m_compare);
    m_compare->clear();
    int select = -1;
    for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
        if (i == m_workspace->activeRun())
            continue;
        m_compare->addItem(QString::fromStdString(runs[static_cast<std::size_t>(i)].name), i);
        if (runs[static_cast<std::size_t>(i)].snapshot.get() == chosen)
            select = m_compare->count() - 1;
    }
    // by default the latest other run: usually the one just trained before
    m_compare->setCurrentIndex(select >= 0 ? select : m_compare->count() - 1);
    m_compare->setEnabled(m_compare->count() > 0);
    m_compare->setPlaceholderText(tr("(train a second run)"));
}

void RunsDock::updateAgreement()
{
    const auto& runs = m_workspace->runs();
    const int a = m_workspace->activeRun();
    const int b = comparedRun();
    if (a < 0 || b < 0 || b >= static_cast<int>(runs.size())) {
        m_jobs.discard(m_agreementJob);
        m_agreementJob = 0;
        m_agreement.reset();
        m_agreedA = m_agreedB = nullptr;
        m_meanLabel->setText(runs.size() < 2 ? tr("Train a second run to see how alike two runs place the items.")
                                             : tr("Open a run to compare another with it."));
        return;
    }
    const auto snapshotA = runs[static_cast<std::size_t>(a)].snapshot;
    const auto snapshotB = runs[static_cast<std::size_t>(b)].snapshot;
    if (snapshotA.get() == m_agreedA && snapshotB.get() == m_agreedB && (m_agreement || m_agreementJob != 0))
        return;
    m_jobs.discard(m_agreementJob);
    m_agreement.reset();
    m_agreedA = snapshotA.get();
    m_agreedB = snapshotB.get();
    m_meanLabel->setText(tr("Comparing the 10 nearest neighbours of every item in both runs…"));
    const QString nameA = QString::fromStdString(runs[static_cast<std::size_t>(a)].name);
    const QString nameB = QString::fromStdString(runs[static_cast<std::size_t>(b)].name);
    const int threads = std::max(1, QThread::idealThreadCount());
    // an all-pairs search in each space: seconds on a large catalogue, so not on this thread
    m_agreementJob = m_jobs.start(
        "embex-agreement",
        [this, snapshotA, snapshotB, counts = ratingCounts(*m_workspace), floor = popularityFloor(*m_workspace),
         threads, nameA, nameB](const JobContext& job) {
            auto result = std::make_shared<std::optional<core::NeighbourAgreement>>();
            std::string error;
            try {
                *result = core::neighbourAgreement(snapshotA->itemEmbeddings(), snapshotB->itemEmbeddings(), agreementK,
                                                   counts, floor, threads);
            } catch (const std::exception& e) {
                error = e.what();
            }
            job.post([this, result, error, floor, nameA, nameB] {
                m_agreementJob = 0;
                m_agreement = *result;
                if (!m_agreement) {
                    m_meanLabel->setText(tr("No agreement: %1").arg(QString::fromStdString(error)));
                } else {
                    const QLocale locale;
                    const double chance = static_cast<double>(agreementK)
                        / static_cast<double>(std::max<std::size_t>(2, m_agreement->items) - 1);
                    m_meanLabel->setText(
                        tr("<b>Agreement of %1 and %2: %3</b> — the mean share of the 10 nearest neighbours the two "
                           "runs give an item, over %4 items with ≥ %5 ratings (1 = the same neighbours everywhere, "
                           "chance ≈ %6).")
                            .arg(nameA.toHtmlEscaped(), nameB.toHtmlEscaped(),
                                 locale.toString(m_agreement->meanOverlap, 'f', 2),
                                 locale.toString(static_cast<qulonglong>(m_agreement->items)))
                            .arg(floor)
                            .arg(locale.toString(chance, 'f', 3)));
                }
                emit agreementUpdated();
            });
        });
}

const core::NeighborIndex& RunsDock::indexFor(CachedIndex& cache,
                                              const std::shared_ptr<const core::EmbeddingSnapshot>& snapshot)
{
    if (cache.snapshot != snapshot.get() || !cache.index) {
        cache.index = std::make_shared<core::NeighborIndex>(snapshot, ratingCounts(*m_workspace));
        cache.snapshot = snapshot.get();
    }
    return *cache.index;
}

void RunsDock::updateItemAgreement()
{
    m_itemTable->setRowCount(0);
    const auto& runs = m_workspace->runs();
    const int a = m_workspace->activeRun();
    const int b = comparedRun();
    const int item = m_workspace->selectedItem();
    const bool hasPair = a >= 0 && b >= 0 && b < static_cast<int>(runs.size());
    m_itemTable->setHorizontalHeaderLabels(
        { hasPair ? QString::fromStdString(runs[static_cast<std::size_t>(a)].name) : tr("open run"),
          hasPair ? QString::fromStdString(runs[static_cast<std::size_t>(b)].name) : tr("compared run") });
    if (!hasPair) {
        m_itemLabel->clear();
        return;
    }
    if (item < 0) {
        m_itemLabel->setText(tr("Select an item to see its neighbours in both runs."));
        return;
    }
    std::vector<core::Neighbour> left, right;
    try {
        core::NeighborQuery query;
        query.k = std::min(agreementK, m_workspace->itemCount() - 1);
        query.minRatings = popularityFloor(*m_workspace);
        left = indexFor(m_indexA, runs[static_cast<std::size_t>(a)].snapshot)
                   .neighbours(static_cast<std::uint32_t>(item), query);
        right = indexFor(m_indexB, runs[static_cast<std::size_t>(b)].snapshot)
                    .neighbours(static_cast<std::uint32_t>(item), query);
    } catch (const std::exception& e) {
        m_itemLabel->setText(QString::fromStdString(e.what()));
        return;
    }
    const auto inList = [](const std::vector<core::Neighbour>& list, std::uint32_t i) {
        return std::any_of(list.begin(), list.end(), [i](const core::Neighbour& n) { return n.item == i; });
    };
    int shared = 0;
    for (const core::Neighbour& n : left)
        shared += inList(right, n.item) ? 1 : 0;
    const std::size_t rows = std::max(left.size(), right.size());
    m_itemTable->setRowCount(static_cast<int>(rows));
    QFont bold = m_itemTable->font();
    bold.setBold(true);
    const auto put = [&](int column, const std::vector<core::Neighbour>& list,
                         const std::vector<core::Neighbour>& other) {
        for (std::size_t r = 0; r < list.size(); ++r) {
            auto* cell = new QTableWidgetItem(m_workspace->itemTitle(static_cast<int>(list[r].item)));
            cell->setToolTip(tr("id %1, cosine %2")
                                 .arg(m_workspace->itemRawId(static_cast<int>(list[r].item)))
                                 .arg(static_cast<double>(list[r].score), 0, 'f', 3));
            if (inList(other, list[r].item))
                cell->setFont(bold);
            m_itemTable->setItem(static_cast<int>(r), column, cell);
        }
    };
    put(0, left, right);
    put(1, right, left);
    m_itemLabel->setText(tr("<b>%1</b>: %2 of %3 neighbours shared")
                             .arg(m_workspace->itemTitle(item).toHtmlEscaped())
                             .arg(shared)
                             .arg(std::max(left.size(), right.size())));
}

QString RunsDock::itemAgreementText() const
{
    return m_itemLabel->text();
}

QString RunsDock::agreementText() const
{
    return m_meanLabel->text();
}

void RunsDock::requestBaseline()
{
    const std::string split = m_workspace->splitLabel();
    const auto data = m_workspace->trainData();
    if (m_baselineJob != 0 || !data || split.empty() || data->validation.empty() || m_model->hasBaseline(split)
        || m_baselinesAsked.count(split))
        return;
    const auto& runs = m_workspace->runs();
    bool wanted = false;
    for (int i = 0; i < static_cast<int>(runs.size()); ++i)
        wanted = wanted || (runs[static_cast<std::size_t>(i)].split == split && m_model->isRanking(i));
    if (!wanted)
        return;
    m_baselinesAsked.insert(split);
    // scores every item for every user: seconds on a large catalogue
    m_baselineJob = m_jobs.start("embex-baseline", [this, data, split](const JobContext& job) {
        auto metrics = std::make_shared<std::optional<core::RankingMetrics>>();
        try {
            *metrics = core::popularityMetrics(core::UserItems(data->train, data->userCount),
                                               core::UserItems(data->validation, data->userCount), data->itemCount,
                                               agreementK);
        } catch (const std::exception&) {
            // no baseline then: its cell stays empty
        }
        job.post([this, metrics, split] {
            m_baselineJob = 0;
            if (*metrics)
                m_model->setBaseline(split, **metrics);
            requestBaseline(); // another split may have asked meanwhile
        });
    });
}

void RunsDock::emitOverlays()
{
    std::vector<PlotOverlay> overlays;
    for (const int i : m_model->checkedRuns()) {
        const core::TrainingRun& run = m_workspace->runs()[static_cast<std::size_t>(i)];
        overlays.push_back({ QString::fromStdString(run.name), run.history });
    }
    emit overlaysChanged(overlays);
}

bool RunsDock::exportCsv(const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_model->toCsv().toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void RunsDock::chooseCsvFile()
{
    if (m_workspace->runs().empty()) {
        emit message(tr("No runs yet: train a model first."), false);
        return;
    }
    const QString folder = QSettings().value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export runs table"),
                                                      folder + QStringLiteral("/embex-runs.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportCsv(path, &error))
        emit message(tr("Saved %1").arg(QDir::toNativeSeparators(path)), false);
    else
        emit message(tr("Could not export %1: %2").arg(QDir::toNativeSeparators(path), error), true);
}

} // namespace embex::ui
