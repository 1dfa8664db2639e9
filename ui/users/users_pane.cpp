// SPDX-License-Identifier: MIT
#include "ui/users/users_pane.h"

#include "ui/data/workspace.h"
#include "ui/map/map_projection_bar.h"
#include "ui/map/projection_job.h"
#include "ui/users/nearest_users_model.h"
#include "ui/users/user_colouring.h"
#include "ui/users/users_scatter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

namespace embex::ui {
namespace {

    constexpr int nearestUserCount = 10;
    const QString activityChoice = QStringLiteral("activity");

} // namespace

UsersPane::UsersPane(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_bar(new MapProjectionBar(this))
    , m_colourBy(new QComboBox(this))
    , m_minRatings(new QSpinBox(this))
    , m_caption(new QLabel(this))
    , m_pages(new QStackedWidget(this))
    , m_notice(new QLabel(m_pages))
    , m_scatter(new UsersScatter(this))
    , m_selection(new QLabel(this))
    , m_nearestView(new QTableView(this))
    , m_nearestModel(new NearestUsersModel(this))
    , m_job(new ProjectionJob(this))
{
    m_bar->setKeptToolTip(
        tr("Neighbours kept: for each user shown, the share of their 10 nearest users in the full user space\n"
           "(cosine) that are also among their 10 nearest points on this map, averaged over the users shown\n"
           "(over a random sample when there are many). 1 would be a perfect map; a random one keeps about\n"
           "10 / (users shown)."));
    m_colourBy->setObjectName(QStringLiteral("usersColourBy"));
    m_colourBy->setToolTip(tr("Colour users by how many items they rated, or by a column of the user attributes"));
    m_minRatings->setRange(0, 1000000);
    m_minRatings->setPrefix(tr("≥ "));
    m_minRatings->setSuffix(tr(" ratings"));
    m_minRatings->setToolTip(tr("Only show users with at least this many training ratings"));
    auto* reset = new QPushButton(tr("Reset view"), this);
    m_caption->setObjectName(QStringLiteral("usersCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_notice->setObjectName(QStringLiteral("usersNotice"));
    m_notice->setWordWrap(true);
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setMargin(40);
    m_selection->setObjectName(QStringLiteral("userSelection"));
    m_selection->setWordWrap(true);
    m_selection->setText(tr("Click a user to list their nearest users and ring their rated items on the Map tab."));
    m_nearestView->setModel(m_nearestModel);
    m_nearestView->setObjectName(QStringLiteral("nearestUsers"));
    m_nearestView->verticalHeader()->hide();
    m_nearestView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_nearestView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_nearestView->setToolTip(tr("The users nearest the selected one by cosine in the users' full space "
                                 "(not on the picture); double-click one to select it"));

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(4, 0, 0, 0);
    sideLayout->addWidget(m_selection);
    sideLayout->addWidget(m_nearestView, 1);
    side->setMinimumWidth(220);
    side->setMaximumWidth(280); // the picture takes the room; the list needs little
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_scatter);
    split->addWidget(side);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    m_pages->addWidget(split);
    m_pages->addWidget(m_notice);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_bar, 1);
    bar->addWidget(new QLabel(tr("Colour by:"), this));
    bar->addWidget(m_colourBy);
    bar->addWidget(m_minRatings);
    bar->addWidget(reset);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_caption);
    layout->addWidget(m_pages, 1);

    m_scatter->setTooltipText([this](int user) { return tooltipOf(user); });
    connect(m_scatter, &UsersScatter::userClicked, this, &UsersPane::selectUser);
    connect(m_nearestView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        selectUser(m_nearestModel->data(index, NearestUsersModel::UserRole).toInt());
    });
    connect(reset, &QPushButton::clicked, m_scatter, &UsersScatter::resetView);
    connect(m_colourBy, &QComboBox::activated, this, [this] {
        m_colourWish.clear();
        recolour();
    });
    connect(m_minRatings, &QSpinBox::valueChanged, this, [this] {
        recolour();
        requestProjection();
    });
    connect(m_bar, &MapProjectionBar::kindChanged, this, &UsersPane::requestProjection);
    connect(m_bar, &MapProjectionBar::cancelRequested, this, [this] {
        if (m_spaceJob != 0) {
            m_jobs.discard(m_spaceJob);
            m_spaceJob = 0;
            m_bar->showLayoutStopped({});
            emitSettledIfIdle();
        }
        m_job->cancel();
    });
    connect(m_job, &ProjectionJob::layoutStarted, m_bar, &MapProjectionBar::showLayoutStarted);
    connect(m_job, &ProjectionJob::layoutProgressed, m_bar, &MapProjectionBar::showLayoutProgress);
    connect(m_job, &ProjectionJob::stopped, this, [this](const QString& problem) {
        m_bar->showLayoutStopped(problem);
        emit statusMessage(problem.isEmpty() ? tr("Users' layout cancelled; the map is unchanged.")
                                             : tr("No users' layout: %1").arg(problem));
    });
    connect(m_job, &ProjectionJob::projected, this, [this](const core::Projection& p) {
        m_scatter->setProjection(p);
        m_bar->showProjected();
        emit projectionUpdated();
    });
    connect(m_job, &ProjectionJob::measured, m_bar, &MapProjectionBar::setFaithfulness);
    connect(m_job, &ProjectionJob::settled, this, &UsersPane::emitSettledIfIdle);
    connect(m_workspace, &Workspace::datasetChanged, this, &UsersPane::onDatasetChanged);
    connect(m_workspace, &Workspace::snapshotChanged, this, &UsersPane::onSnapshotChanged);
    connect(m_workspace, &Workspace::attributesChanged, this, [this] {
        fillColourChoices();
        recolour();
    });
    onDatasetChanged();
}

void UsersPane::setTrainingRunning(bool running)
{
    const bool ended = m_isTraining && !running;
    m_isTraining = running;
    if (ended && core::traitsOf(m_bar->kind()).isIterative)
        requestProjection(); // laid out afresh, as the items' map is
}

QStringList UsersPane::colourChoices() const
{
    QStringList choices;
    for (int i = 0; i < m_colourBy->count(); ++i)
        choices << (m_colourBy->itemData(i).toInt() < 0 ? activityChoice : m_colourBy->itemText(i));
    return choices;
}

bool UsersPane::setColourBy(const QString& choice)
{
    const int index = colourChoices().indexOf(choice);
    if (index < 0)
        return false;
    m_colourBy->setCurrentIndex(index);
    recolour();
    return true;
}

QString UsersPane::colourBy() const
{
    const int index = m_colourBy->currentIndex();
    return index < 0 ? activityChoice : colourChoices().value(index);
}

void UsersPane::restoreColourBy(const QString& choice)
{
    m_colourWish = setColourBy(choice) ? QString() : choice;
}

void UsersPane::setMinimumRatings(int count)
{
    m_minRatings->setValue(count);
}

int UsersPane::minimumRatings() const
{
    return m_minRatings->value();
}

bool UsersPane::isSettled() const
{
    return m_spaceJob == 0 && m_job->isSettled();
}

QString UsersPane::noticeText() const
{
    return m_pages->currentWidget() == m_notice ? m_notice->text() : QString();
}

QString UsersPane::captionText() const
{
    return m_caption->text();
}

QString UsersPane::selectionText() const
{
    return m_selection->text();
}

void UsersPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_isStale)
        computeUserSpace();
}

void UsersPane::onDatasetChanged()
{
    m_jobs.discard(m_spaceJob);
    m_spaceJob = 0;
    m_job->reset();
    m_space.reset();
    m_selected = -1;
    m_colourWish.clear();
    m_nearestModel->setRows({});
    m_scatter->clear();
    m_bar->clear();
    fillColourChoices();
    m_pages->setCurrentIndex(0);
    m_caption->setText(m_workspace->hasDataset() ? tr("The users appear once a model is trained.")
                                                 : tr("Open a dataset and train a model to see its users."));
    m_isStale = true;
}

void UsersPane::onSnapshotChanged()
{
    m_isStale = true;
    if (isVisible())
        computeUserSpace();
}

void UsersPane::computeUserSpace()
{
    m_isStale = false;
    m_jobs.discard(m_spaceJob); // vectors of a model no longer shown
    m_spaceJob = 0;
    const auto snapshot = m_workspace->snapshot();
    const auto dataset = m_workspace->dataset();
    if (!snapshot || !dataset)
        return;
    // the ratings the model learned from, kept alive by whichever owns them
    const auto train = m_workspace->trainData();
    std::shared_ptr<const core::RatingsTable> ratings = train
        ? std::shared_ptr<const core::RatingsTable>(train, &train->train)
        : std::shared_ptr<const core::RatingsTable>(dataset, &dataset->ratings);
    const std::size_t users = dataset->users.size();
    const bool implicit = dataset->isImplicit();
    if (core::userVectorSource(*snapshot) == core::UserVectorSource::UserTower)
        m_bar->showWorkStarted(tr("building user vectors… %p%"),
                               tr("Each user's vector from their rated items, through the model's user tower"));
    m_spaceJob = m_jobs.start("embex-users", [this, snapshot, ratings, users, implicit](const JobContext& job) {
        core::LongWork work;
        work.stop = job.stopToken();
        work.progress = [this, &job](double f) { job.post([this, f] { m_bar->showLayoutProgress(f); }); };
        std::shared_ptr<core::UserSpace> space;
        QString problem;
        try {
            space = std::make_shared<core::UserSpace>(core::computeUserSpace(
                snapshot, *ratings, users, implicit, std::max(1, QThread::idealThreadCount()), work));
        } catch (const std::exception& e) {
            problem = QString::fromStdString(e.what());
        }
        job.post([this, space, problem, id = job.id()] {
            if (m_spaceJob == id)
                m_spaceJob = 0;
            if (!problem.isEmpty()) {
                m_bar->showLayoutStopped({});
                showNotice(tr("No users' map: %1").arg(problem));
            } else if (!space->cancelled) {
                adoptUserSpace(space);
            }
            emitSettledIfIdle();
        });
    });
}

void UsersPane::adoptUserSpace(std::shared_ptr<const core::UserSpace> space)
{
    if (!space->hasVectors()) {
        m_job->cancel();
        m_job->reset(); // the next model with users starts its layout afresh
        m_space.reset();
        m_selected = -1;
        m_nearestModel->setRows({});
        m_scatter->clear();
        m_bar->showLayoutStopped({});
        showNotice(QString::fromStdString(space->whyNone));
        return;
    }
    const bool sameUsers = m_space && m_space->vectors->rows() == space->vectors->rows();
    m_space = std::move(space);
    m_pages->setCurrentIndex(0);
    if (!sameUsers) {
        m_selected = -1;
        m_nearestModel->setRows({});
    }
    recolour();
    requestProjection();
    if (m_selected >= 0)
        selectUser(m_selected); // the model moved: so did the user's neighbours
}

void UsersPane::showNotice(const QString& text)
{
    m_notice->setText(text);
    m_pages->setCurrentWidget(m_notice);
    m_caption->clear();
}

void UsersPane::fillColourChoices()
{
    const QString current = m_colourBy->currentText();
    m_colourBy->clear();
    m_colourBy->addItem(tr("Activity (ratings)"), -1);
    if (const auto& table = m_workspace->sides().userAttributes)
        for (std::size_t c = 0; c < table->encoding.columns.size(); ++c)
            m_colourBy->addItem(QString::fromStdString(table->encoding.columns[c].name), static_cast<int>(c));
    const int wished = m_colourWish.isEmpty() ? -1 : colourChoices().indexOf(m_colourWish);
    if (wished >= 0)
        m_colourWish.clear();
    m_colourBy->setCurrentIndex(wished >= 0 ? wished : std::max(0, m_colourBy->findText(current)));
}

std::vector<int> UsersPane::usersShown() const
{
    std::vector<int> shown;
    if (!m_space)
        return shown;
    const auto floor = static_cast<std::uint32_t>(m_minRatings->value());
    for (std::size_t u = 0; u < m_space->ratings.size(); ++u)
        if (m_space->ratings[u] >= floor)
            shown.push_back(static_cast<int>(u));
    return shown;
}

void UsersPane::recolour()
{
    if (!m_space || !m_workspace->dataset())
        return;
    const std::vector<int> shown = usersShown();
    const int column = m_colourBy->currentData().toInt();
    const auto& table = m_workspace->sides().userAttributes;
    UserColouring colouring = column >= 0 && table
        ? colourUsersByAttribute(*table, static_cast<std::size_t>(column), m_workspace->dataset()->users, shown)
        : colourUsersByActivity(m_space->ratings, shown);
    const QLocale locale;
    QString caption = tr("%1 users · %2 · coloured by %3")
                          .arg(locale.toString(static_cast<qlonglong>(shown.size())),
                               QString::fromStdString(m_space->method), colouring.title);
    if (colouring.missing > 0)
        caption += tr(" (%1 without a value, grey)").arg(locale.toString(colouring.missing));
    if (!table)
        caption += tr(". To colour by age, gender or occupation: File › Open user attributes… (e.g. ml-100k's "
                      "u.user)");
    m_caption->setText(caption);
    m_scatter->setColouring(std::move(colouring));
    m_scatter->setShown(shown);
}

void UsersPane::requestProjection()
{
    if (!m_space || !m_workspace->snapshot())
        return;
    core::ProjectionRequest request;
    request.snapshot = m_workspace->snapshot();
    request.points = core::PointSet::Users;
    request.users = m_space->vectors;
    request.kind = m_bar->kind();
    request.metric = core::Metric::Cosine;
    request.items = usersShown();
    request.minRatings = m_minRatings->value();
    request.threads = std::max(1, QThread::idealThreadCount());
    request.isLive = m_isTraining;
    m_job->request(std::move(request));
}

void UsersPane::selectUser(int user)
{
    if (!m_space || user < 0 || user >= m_workspace->userCount())
        return;
    m_selected = user;
    std::vector<NearestUserRow> rows;
    std::vector<int> nearest;
    for (const core::Neighbour& n : core::nearestUsers(*m_space, static_cast<std::uint32_t>(user), nearestUserCount,
                                                       static_cast<std::uint32_t>(m_minRatings->value()))) {
        rows.push_back({ static_cast<int>(n.item), m_workspace->userRawId(static_cast<int>(n.item)), n.score,
                         static_cast<int>(m_space->ratings[n.item]) });
        nearest.push_back(static_cast<int>(n.item));
    }
    m_nearestModel->setRows(std::move(rows));
    m_scatter->setSelection(user, nearest);
    std::vector<int> rated;
    for (std::uint32_t item : m_workspace->trainItemsOfUser(user))
        rated.push_back(static_cast<int>(item));
    std::sort(rated.begin(), rated.end());
    rated.erase(std::unique(rated.begin(), rated.end()), rated.end());
    m_selection->setText(tr("<b>User %1</b> rated %2 items in training: they are ringed on the <b>Map</b> tab. "
                            "Nearest users by cosine:")
                             .arg(m_workspace->userRawId(user).toHtmlEscaped())
                             .arg(QLocale().toString(static_cast<qlonglong>(rated.size()))));
    emit userSelected(user, rated);
}

QString UsersPane::tooltipOf(int user) const
{
    const QLocale locale;
    QString text = tr("<b>user %1</b><br>row %2 · %3 ratings")
                       .arg(m_workspace->userRawId(user).toHtmlEscaped())
                       .arg(user)
                       .arg(locale.toString(m_space ? m_space->ratings[static_cast<std::size_t>(user)] : 0u));
    const auto& table = m_workspace->sides().userAttributes;
    if (!table)
        return text;
    const auto row = table->rows.find(m_workspace->userRawId(user).toStdString());
    QStringList parts;
    for (std::size_t c = 0; c < table->encoding.columns.size(); ++c) {
        const bool has = row != table->rows.end() && c < row->second.size() && !row->second[c].empty();
        parts << QStringLiteral("%1: %2").arg(QString::fromStdString(table->encoding.columns[c].name),
                                              has ? QString::fromStdString(row->second[c]).toHtmlEscaped()
                                                  : tr("missing"));
    }
    return text + QStringLiteral("<br>") + parts.join(QStringLiteral(" · "));
}

void UsersPane::emitSettledIfIdle()
{
    if (isSettled())
        emit settled();
}

} // namespace embex::ui
