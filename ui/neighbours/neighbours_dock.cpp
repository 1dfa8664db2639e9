// SPDX-License-Identifier: MIT
#include "ui/neighbours/neighbours_dock.h"

#include "ui/shared/list_table.h"

#include "core/analysis/neighbor_index.h"
#include "core/analysis/query_vector.h"
#include "core/analysis/recommend.h"
#include "core/models/scorer.h"
#include "ui/data/workspace.h"
#include "ui/map/item_filter_state.h"
#include "ui/neighbours/explanation_view.h"
#include "ui/neighbours/item_completer.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/neighbours/new_user_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <numeric>

namespace embex::ui {

NeighboursDock::NeighboursDock(Workspace* workspace, QWidget* parent)
    : QDockWidget(tr("Neighbours"), parent)
    , m_workspace(workspace)
    , m_model(new NeighboursModel(this))
    , m_recommendations(new NeighboursModel(this))
{
    setObjectName(QStringLiteral("neighboursDock"));
    m_tabs = new QTabWidget(this);

    auto* similar = new QWidget(m_tabs);
    m_lookup = new QLineEdit(similar);
    m_lookup->setPlaceholderText(tr("Item id or title, e.g. 50 or Star Wars"));
    m_lookup->setClearButtonEnabled(true);
    m_completer = new ItemCompleter(workspace, m_lookup);
    m_metric = new QComboBox(similar);
    m_metric->addItem(tr("cosine"), static_cast<int>(core::Metric::Cosine));
    m_metric->addItem(tr("dot product"), static_cast<int>(core::Metric::Dot));
    m_metric->addItem(tr("euclidean"), static_cast<int>(core::Metric::Euclidean));
    m_metric->setToolTip(tr("Cosine compares directions only; dot product also rewards long (often popular) vectors;\n"
                            "euclidean lists the smallest distances."));
    m_k = new QSpinBox(similar);
    m_k->setRange(1, 500);
    m_k->setValue(10);
    m_k->setPrefix(tr("k = "));
    m_k->setToolTip(tr("How many neighbours to list"));
    m_minRatings = new QSpinBox(similar);
    m_minRatings->setRange(0, 100000);
    m_minRatings->setPrefix(tr("≥ "));
    m_minRatings->setSuffix(tr(" ratings"));
    // An item rated a handful of times keeps a vector that is mostly its random start, and such
    // items crowd real neighbours out (on ml-100k, 9-rating titles sit next to Star Wars).
    m_minRatings->setValue(static_cast<int>(core::defaultNeighbourMinRatings));
    m_minRatings->setToolTip(tr("Leave out neighbours with fewer ratings: their vectors are mostly noise"));
    m_heading = new QLabel(similar);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = makeTable(m_model, &m_proxy);

    auto* options = new QHBoxLayout;
    options->addWidget(m_metric);
    options->addWidget(m_k);
    options->addWidget(m_minRatings);
    auto* similarLayout = new QVBoxLayout(similar);
    similarLayout->addWidget(m_lookup);
    similarLayout->addLayout(options);
    similarLayout->addWidget(m_heading);
    similarLayout->addWidget(m_table, 1);
    m_tabs->addTab(similar, tr("Similar items"));

    auto* forUser = new QWidget(m_tabs);
    m_userMode = new QComboBox(forUser);
    m_userMode->addItem(tr("Known user"));
    m_userMode->addItem(tr("New user"));
    m_userMode->setToolTip(tr("A user of the training data, or a new one made of the items you pick"));
    m_user = new QLineEdit(forUser);
    m_user->setPlaceholderText(tr("User id, e.g. 1"));
    m_user->setClearButtonEnabled(true);
    m_count = new QSpinBox(forUser);
    m_count->setRange(1, 500);
    m_count->setValue(10);
    m_count->setPrefix(tr("top "));
    // The same floor as the neighbours list, kept in step with it: rating models otherwise rank
    // rarely rated items first by their large, barely estimated biases.
    m_userMinRatings = new QSpinBox(forUser);
    m_userMinRatings->setRange(0, 100000);
    m_userMinRatings->setPrefix(tr("≥ "));
    m_userMinRatings->setSuffix(tr(" ratings"));
    m_userMinRatings->setValue(m_minRatings->value());
    m_userMinRatings->setToolTip(tr("Leave out items with fewer ratings (the same floor as Similar items)"));
    auto* recommend = new QPushButton(tr("Recommend"), forUser);
    recommend->setToolTip(tr("Items with the highest model score that the user has not rated in training"));
    m_userHeading = new QLabel(forUser);
    m_userHeading->setWordWrap(true);
    QSortFilterProxyModel* userProxy = nullptr;
    m_userTable = makeTable(m_recommendations, &userProxy);
    m_recommendations->setScoreTitle(tr("Score"));
    auto* known = new QWidget(forUser);
    auto* userRow = new QHBoxLayout;
    userRow->addWidget(m_user, 1);
    userRow->addWidget(recommend);
    auto* knownLayout = new QVBoxLayout(known);
    knownLayout->setContentsMargins(0, 0, 0, 0);
    knownLayout->addLayout(userRow);
    knownLayout->addWidget(m_userHeading);
    knownLayout->addWidget(m_userTable, 1);
    m_newUserRecommendations = new NeighboursModel(this);
    m_newUserRecommendations->setScoreTitle(tr("Score"));
    QSortFilterProxyModel* newUserProxy = nullptr;
    m_newUser = new NewUserPanel(workspace, m_newUserRecommendations,
                                 makeTable(m_newUserRecommendations, &newUserProxy), forUser);
    auto* pages = new QStackedWidget(forUser);
    pages->addWidget(known);
    pages->addWidget(m_newUser);
    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_userMode, 1);
    modeRow->addWidget(m_count);
    modeRow->addWidget(m_userMinRatings);
    auto* userLayout = new QVBoxLayout(forUser);
    userLayout->addLayout(modeRow);
    userLayout->addWidget(pages, 1);
    // Explanations need the user's row of the model: a known user's. A new user has none (the
    // query vector is not a row), so that page says so instead of explaining.
    m_explanation = new ExplanationView(workspace, known);
    knownLayout->addWidget(m_explanation); // as tall as its terms; the table takes the rest
    connect(m_userTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, userProxy](const QModelIndex& current) {
                m_explanation->explainItem(
                    current.isValid() ? userProxy->data(current, NeighboursModel::ItemRole).toInt() : -1);
            });
    auto* newUserNote = new QLabel(tr("How a score is made is explained for known users only: a new user has no row "
                                      "in the model. Pick a user under Known user and select a recommendation."),
                                   forUser);
    newUserNote->setWordWrap(true);
    newUserNote->setVisible(false);
    userLayout->addWidget(newUserNote);
    connect(m_userMode, &QComboBox::currentIndexChanged, newUserNote,
            [newUserNote](int mode) { newUserNote->setVisible(mode == 1); });
    connect(m_userMode, &QComboBox::currentIndexChanged, pages, &QStackedWidget::setCurrentIndex);
    connect(m_userMode, &QComboBox::currentIndexChanged, this, [this] { emit newUserQueryChanged(); });
    connect(m_newUser, &NewUserPanel::queryChanged, this, &NeighboursDock::newUserQueryChanged);
    const auto optionsChanged = [this] {
        m_newUser->setOptions(m_count->value(), m_userMinRatings->value());
        if (!m_user->text().trimmed().isEmpty() && m_recommendations->rowCount() > 0)
            recommendForUser(m_user->text());
    };
    connect(m_count, &QSpinBox::valueChanged, this, optionsChanged);
    connect(m_userMinRatings, &QSpinBox::valueChanged, m_minRatings, &QSpinBox::setValue);
    connect(m_minRatings, &QSpinBox::valueChanged, m_userMinRatings, &QSpinBox::setValue);
    connect(m_userMinRatings, &QSpinBox::valueChanged, this, optionsChanged);
    m_newUser->setOptions(m_count->value(), m_userMinRatings->value());
    m_tabs->addTab(forUser, tr("For user"));
    m_onlyFiltered = new QCheckBox(tr("Only items passing the map's filter"), this);
    m_onlyFiltered->setObjectName(QStringLiteral("onlyFilteredItems"));
    m_onlyFiltered->setToolTip(tr("Every list here takes its top items among those the map's Filter… lets pass"));
    m_filterNote = new QLabel(this);
    m_filterNote->setWordWrap(true);
    m_filterNote->setVisible(false);
    auto* body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(2);
    bodyLayout->addWidget(m_tabs, 1);
    bodyLayout->addWidget(m_onlyFiltered);
    bodyLayout->addWidget(m_filterNote);
    setWidget(body);
    connect(m_onlyFiltered, &QCheckBox::toggled, this, &NeighboursDock::onFilterChanged);

    connect(m_lookup, &QLineEdit::returnPressed, this, [this] { lookUp(m_lookup->text()); });
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& text) { lookUp(text); });
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        emit metricChanged(metric());
    });
    connect(m_k, &QSpinBox::valueChanged, this, &NeighboursDock::refresh);
    connect(m_minRatings, &QSpinBox::valueChanged, this, &NeighboursDock::refresh);
    connect(m_user, &QLineEdit::returnPressed, this, [this] { recommendForUser(m_user->text()); });
    connect(recommend, &QPushButton::clicked, this, [this] { recommendForUser(m_user->text()); });
    connect(workspace, &Workspace::datasetChanged, this, &NeighboursDock::onDatasetChanged);
    connect(workspace, &Workspace::itemSelected, this, &NeighboursDock::refresh);
    connect(workspace, &Workspace::metadataChanged, this, [this] {
        m_completer->clear();
        refresh();
    });
    connect(workspace, &Workspace::snapshotChanged, this, &NeighboursDock::refresh);
    onDatasetChanged();
}

QTableView* NeighboursDock::makeTable(NeighboursModel* model, QSortFilterProxyModel** proxyOut)
{
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(NeighboursModel::SortRole);
    QTableView* table = makeListTable(proxy, this);
    table->sortByColumn(NeighboursModel::Rank, Qt::AscendingOrder);
    table->setAlternatingRowColors(true);
    table->horizontalHeader()->setSectionResizeMode(NeighboursModel::Title, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(NeighboursModel::Genres, QHeaderView::Interactive);
    table->horizontalHeader()->resizeSection(NeighboursModel::Genres, 90);
    table->horizontalHeader()->setMinimumSectionSize(24);
    connect(table, &QTableView::activated, this, [this, proxy](const QModelIndex& index) {
        m_workspace->selectItem(proxy->data(index, NeighboursModel::ItemRole).toInt());
    });
    *proxyOut = proxy;
    return table;
}

void NeighboursDock::onDatasetChanged()
{
    m_completer->clear();
    m_recommendations->setRows({});
    m_userHeading->setText(tr("Type a user id and press Enter once a model is trained."));
    refresh();
}

bool NeighboursDock::lookUp(const QString& text)
{
    const std::optional<int> item = m_workspace->findItem(text);
    if (!item) {
        // the answer is "none": no earlier item's neighbours may stand under it as if they were
        m_workspace->selectItem(-1);
        m_neighbourItems.clear();
        m_model->setRows({});
        emit neighboursChanged(-1, m_neighbourItems);
        m_heading->setText(tr("No item has the id or title “%1”.").arg(text.trimmed().toHtmlEscaped()));
        return false;
    }
    if (*item == m_workspace->selectedItem())
        refresh();
    m_workspace->selectItem(*item);
    return true;
}

void NeighboursDock::refresh()
{
    const int item = m_workspace->selectedItem();
    std::vector<NeighbourRow> rows;
    m_neighbourItems.clear();
    if (item < 0) {
        m_heading->setText(m_workspace->hasDataset() ? tr("Click a point on the map or look an item up.")
                                                     : tr("Open a dataset to look items up."));
    } else if (!m_workspace->hasEmbeddings()) {
        m_heading->setText(
            tr("<b>%1</b> (id %2) — train a model to find its neighbours.")
                .arg(m_workspace->itemTitle(item).toHtmlEscaped(), m_workspace->itemRawId(item).toHtmlEscaped()));
    } else {
        try {
            if (m_indexedSnapshot != m_workspace->snapshot().get()) {
                const std::vector<int>& all = m_workspace->itemCounts().all;
                m_index = std::make_shared<core::NeighborIndex>(m_workspace->snapshot(),
                                                                std::vector<std::uint32_t>(all.begin(), all.end()));
                m_indexedSnapshot = m_workspace->snapshot().get();
            }
            core::NeighborQuery query;
            query.metric = static_cast<core::Metric>(m_metric->currentData().toInt());
            query.k = std::min(m_k->value(), m_workspace->itemCount() - 1);
            // An imported session has vectors but no ratings to count: no floor then.
            const bool counted = m_workspace->hasDataset() && !m_workspace->dataset()->ratings.empty();
            m_minRatings->setEnabled(counted);
            query.minRatings = counted ? static_cast<std::uint32_t>(m_minRatings->value()) : 0;
            query.allowed = allowedItems();
            for (const core::Neighbour& n : m_index->neighbours(static_cast<std::uint32_t>(item), query)) {
                const int i = static_cast<int>(n.item);
                m_neighbourItems.push_back(i);
                rows.push_back({ i, m_workspace->itemRawId(i), m_workspace->itemTitle(i), m_workspace->itemGenres(i),
                                 n.score, m_workspace->itemCounts().all[static_cast<std::size_t>(i)] });
            }
        } catch (const std::exception& e) {
            m_heading->setText(QString::fromStdString(e.what()));
        }
        m_heading->setText(
            tr("Nearest to <b>%1</b> (id %2, row %3) by %4%5:")
                .arg(m_workspace->itemTitle(item).toHtmlEscaped(), m_workspace->itemRawId(item).toHtmlEscaped())
                .arg(item)
                .arg(m_metric->currentText(),
                     allowedItems().empty() ? QString() : tr(", among the items passing the map's filter")));
        if (m_lookup->text() != m_workspace->itemTitle(item) && m_lookup->text() != m_workspace->itemRawId(item)
            && !m_lookup->hasFocus())
            m_lookup->setText(m_workspace->itemTitle(item));
    }
    m_model->setScoreTitle(m_metric->currentData().toInt() == static_cast<int>(core::Metric::Euclidean)
                               ? tr("Distance")
                               : tr("Similarity"));
    m_model->setRows(std::move(rows));
    emit neighboursChanged(item, m_neighbourItems);
}

void NeighboursDock::recommendForUser(const QString& rawUserId)
{
    const std::optional<int> user = m_workspace->findUser(rawUserId);
    m_explanation->setUser(-1);
    if (!user) {
        m_userHeading->setText(tr("No user has the id “%1”.").arg(rawUserId.trimmed().toHtmlEscaped()));
        m_recommendations->setRows({});
        return;
    }
    if (!m_workspace->hasEmbeddings()) {
        m_userHeading->setText(tr("Train a model first."));
        return;
    }
    std::vector<NeighbourRow> rows;
    try {
        const auto scorer = core::makeScorer(m_workspace->snapshot());
        if (!scorer->canScoreUsers()) {
            m_userHeading->setText(tr("This model has no user vectors, so it cannot score users."));
            m_recommendations->setRows({});
            return;
        }
        const std::vector<std::uint32_t> rated = m_workspace->trainItemsOfUser(*user);
        const bool counted = !m_workspace->dataset()->ratings.empty();
        const std::vector<int>& all = m_workspace->itemCounts().all;
        const std::vector<std::uint32_t> counts(all.begin(), all.end());
        const auto top = core::recommendForUser(
            *scorer, static_cast<std::uint32_t>(*user), rated, static_cast<std::size_t>(m_workspace->itemCount()),
            m_count->value(), counts, counted ? static_cast<std::uint32_t>(m_userMinRatings->value()) : 0u,
            allowedItems());
        // Predicted ratings are shown on the data's scale; the model's own number is the tooltip.
        const core::Dataset& d = *m_workspace->dataset();
        const auto& train = m_workspace->trainData();
        const bool clip = core::scoresArePredictedRatings(*m_workspace->snapshot(),
                                                          train ? train->implicit : d.isImplicit());
        for (const core::Neighbour& hit : top) {
            const int i = static_cast<int>(hit.item);
            NeighbourRow row {
                i,         m_workspace->itemRawId(i),       m_workspace->itemTitle(i), m_workspace->itemGenres(i),
                hit.score, all[static_cast<std::size_t>(i)]
            };
            if (clip) {
                row.raw = hit.score;
                row.similarity = std::clamp(static_cast<double>(hit.score), double(d.ratingMin), double(d.ratingMax));
            }
            rows.push_back(std::move(row));
        }
        const std::size_t n = rows.size();
        m_userHeading->setText(
            tr("Top %1 for user %2, who rated %3 items in training%4:")
                .arg(n)
                .arg(rawUserId.trimmed().toHtmlEscaped())
                .arg(rated.size())
                .arg(allowedItems().empty() ? QString() : tr(", among the items passing the map's filter")));
        m_explanation->setUser(*user);
    } catch (const std::exception& e) {
        m_userHeading->setText(QString::fromStdString(e.what()));
    }
    m_recommendations->setRows(std::move(rows));
}

core::Metric NeighboursDock::metric() const
{
    return static_cast<core::Metric>(m_metric->currentData().toInt());
}

void NeighboursDock::setMetric(core::Metric metric)
{
    const int index = m_metric->findData(static_cast<int>(metric));
    if (index >= 0)
        m_metric->setCurrentIndex(index);
}

void NeighboursDock::showNewUser()
{
    m_tabs->setCurrentIndex(1);
    m_userMode->setCurrentIndex(1);
}

bool NeighboursDock::showsNewUser() const
{
    return m_userMode->currentIndex() == 1 && m_newUser->result().has_value();
}

void NeighboursDock::showUser(const QString& rawUserId)
{
    m_tabs->setCurrentIndex(1); // "For user", its Known user page
    m_userMode->setCurrentIndex(0);
    m_user->setText(rawUserId);
    recommendForUser(rawUserId);
    if (m_userTable->model()->rowCount() > 0)
        m_userTable->setCurrentIndex(m_userTable->model()->index(0, NeighboursModel::Title));
}

void NeighboursDock::setItemFilter(const ItemFilterState* filter)
{
    if (m_filter)
        disconnect(m_filter, nullptr, this, nullptr);
    m_filter = filter;
    if (m_filter)
        connect(m_filter, &ItemFilterState::changed, this, &NeighboursDock::onFilterChanged);
    onFilterChanged();
}

std::span<const std::uint8_t> NeighboursDock::allowedItems() const
{
    if (!m_filter || !m_onlyFiltered->isChecked() || m_filter->mask().size() != std::size_t(m_workspace->itemCount()))
        return {};
    return m_filter->mask();
}

void NeighboursDock::onFilterChanged()
{
    const bool isOn = m_onlyFiltered->isChecked();
    m_filterNote->setVisible(isOn);
    if (isOn)
        m_filterNote->setText(!m_filter || !m_filter->isActive()
                                  ? tr("The map has no filter now: every item may be listed (Filter… on the map).")
                                  : m_filter->summary());
    const std::span<const std::uint8_t> allowed = allowedItems();
    m_newUser->setAllowedItems(std::vector<std::uint8_t>(allowed.begin(), allowed.end()));
    refresh();
    if (!m_user->text().trimmed().isEmpty() && m_recommendations->rowCount() > 0)
        recommendForUser(m_user->text());
}

int NeighboursDock::minRatings() const
{
    return m_minRatings->value();
}

} // namespace embex::ui
