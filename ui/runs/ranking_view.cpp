// SPDX-License-Identifier: MIT
#include "ui/runs/ranking_view.h"

#include "core/training/ranking_metrics.h"
#include "ui/data/workspace.h"
#include "ui/map/scatter_plot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    const std::array<QColor, 2> rankingColours { QColor(31, 119, 180), QColor(230, 120, 20) };

    /// The metric table's rows: label, what it reads from a report, decimals.
    struct RankingMetricRow {
        const char* label;
        double core::RankingReport::*figure;
        int decimals;
    };
    const RankingMetricRow rankingMetricRows[] = {
        { QT_TRANSLATE_NOOP("RankingView", "precision"), &core::RankingReport::precision, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "recall"), &core::RankingReport::recall, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "NDCG"), &core::RankingReport::ndcg, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "MAP"), &core::RankingReport::map, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "MRR"), &core::RankingReport::mrr, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "hit rate"), &core::RankingReport::hitRate, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "coverage"), &core::RankingReport::coverage, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "Gini"), &core::RankingReport::gini, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "popularity"), &core::RankingReport::popularity, 1 },
        { QT_TRANSLATE_NOOP("RankingView", "novelty"), &core::RankingReport::novelty, 3 },
        { QT_TRANSLATE_NOOP("RankingView", "long tail"), &core::RankingReport::longTail, 4 },
        { QT_TRANSLATE_NOOP("RankingView", "diversity"), &core::RankingReport::diversity, 4 },
    };

    const core::TrainingRun* rankedRunWith(const Workspace& workspace, const core::EmbeddingSnapshot* snapshot)
    {
        for (const core::TrainingRun& run : workspace.runs())
            if (run.snapshot.get() == snapshot)
                return &run;
        return nullptr;
    }

    QTableWidget* makeRankingTable(QWidget* parent)
    {
        auto* table = new QTableWidget(parent);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionMode(QAbstractItemView::NoSelection);
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 4);
        table->setWordWrap(false);
        return table;
    }

} // namespace

RankingView::RankingView(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_status(new QLabel(this))
    , m_kChoice(new QComboBox(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("rankingView"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (const int k : core::rankingCutoffs)
        m_kChoice->addItem(QString::number(k), k);
    m_kChoice->setCurrentIndex(m_kChoice->findData(core::defaultRankingCutoff));
    m_kChoice->setToolTip(tr("The length of every user's list: the k of precision@k, NDCG@k, coverage@k…"));
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setVisible(false);

    m_metrics = makeRankingTable(this);
    m_metrics->setObjectName(QStringLiteral("rankingMetrics"));
    m_metrics->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_metrics->setToolTip(tr("Means over users with held-out items (accuracy) and over users with a list (the rest); "
                             "docs/guide/metrics.md defines each"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(new QLabel(tr("k:"), this));
    bar->addWidget(m_kChoice);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);

    auto* plots = new QSplitter(Qt::Horizontal, this);
    plots->addWidget(buildHistogram());
    plots->addWidget(buildPopularity());
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(plots);
    right->addWidget(buildLists());
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto* body = new QSplitter(Qt::Horizontal, this);
    body->addWidget(m_metrics);
    body->addWidget(right);
    body->setStretchFactor(0, 1);
    body->setStretchFactor(1, 3);
    body->setSizes({ 4300, 9000 }); // the metric table shows four columns unclipped
    body->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(body, 1);

    connect(m_kChoice, &QComboBox::currentIndexChanged, this, [this] {
        if (m_runs[0])
            start();
    });
    connect(m_cancel, &QToolButton::clicked, this, &RankingView::cancel);
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        if (m_runs[0] || m_job != 0)
            clear(tr("Another dataset was opened: the ranking was cleared."));
    });
    connect(workspace, &Workspace::runsChanged, this, &RankingView::onRunsChanged);
    clear(tr("Select one or two runs in the Runs tab and press Ranking."));
}

RankingView::~RankingView() = default;

QWidget* RankingView::buildHistogram()
{
    auto* pane = new QWidget(this);
    m_metricChoice = new QComboBox(pane);
    for (const core::UserMetric metric : core::userMetrics)
        m_metricChoice->addItem(tr(core::userMetricLabel(metric)), static_cast<int>(metric));
    m_metricChoice->setCurrentIndex(static_cast<int>(core::UserMetric::Ndcg));
    m_histogramCaption = new QLabel(pane);
    m_histogramCaption->setWordWrap(true);
    m_histogram = new QCustomPlot(pane);
    m_histogram->setObjectName(QStringLiteral("userHistogram"));
    m_histogram->setMinimumSize(260, 200);
    auto* group = new QCPBarsGroup(m_histogram);
    for (std::size_t run = 0; run < 2; ++run) {
        m_bars[run] = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
        m_bars[run]->setWidth(0.9 / histogramBins / 2);
        m_bars[run]->setPen(Qt::NoPen);
        m_bars[run]->setBrush(rankingColours[run]);
        m_bars[run]->setBarsGroup(group);
    }
    m_histogram->xAxis->setRange(0, 1);
    m_histogram->xAxis->setLabel(tr("per-user value"));
    m_histogram->yAxis->setLabel(tr("users"));
    styleScatterLegend(m_histogram);
    m_histogram->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Users by"), pane));
    top->addWidget(m_metricChoice);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_histogram, 1);
    layout->addWidget(m_histogramCaption);
    connect(m_metricChoice, &QComboBox::currentIndexChanged, this, &RankingView::fillHistogram);
    return pane;
}

QWidget* RankingView::buildPopularity()
{
    auto* pane = new QWidget(this);
    m_popularity = new QCustomPlot(pane);
    m_popularity->setObjectName(QStringLiteral("popularityPlot"));
    m_popularity->setMinimumSize(260, 200);
    setUpScatterPlot(m_popularity);
    for (std::size_t run = 0; run < 2; ++run) {
        m_points[run] = m_popularity->addGraph();
        m_points[run]->setLineStyle(QCPGraph::lsNone);
        QColor fill = rankingColours[run];
        fill.setAlpha(150);
        m_points[run]->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(fill), fill, 5));
    }
    for (QCPAxis* axis : { m_popularity->xAxis, m_popularity->yAxis }) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        axis->setNumberFormat(QStringLiteral("gb"));
    }
    m_popularity->xAxis->setLabel(tr("training ratings of the item"));
    m_popularity->yAxis->setLabel(tr("times recommended"));
    styleScatterLegend(m_popularity);
    m_popularity->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_popularityCaption = new QLabel(pane);
    m_popularityCaption->setWordWrap(true);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("How often each item is recommended against its popularity"), pane));
    layout->addWidget(m_popularity, 1);
    layout->addWidget(m_popularityCaption);
    return pane;
}

QWidget* RankingView::buildLists()
{
    m_listsPane = new QWidget(this);
    m_userChoice = new QLineEdit(m_listsPane);
    m_userChoice->setObjectName(QStringLiteral("rankingUser"));
    m_userChoice->setPlaceholderText(tr("user id"));
    m_userChoice->setMaximumWidth(140);
    m_overlap = new QLabel(m_listsPane);
    m_overlap->setWordWrap(true);
    m_lists = makeRankingTable(m_listsPane);
    m_lists->setObjectName(QStringLiteral("rankingLists"));
    m_lists->setToolTip(tr("The user's top k in each run, best first; bold items are in both lists"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Lists of user"), m_listsPane));
    top->addWidget(m_userChoice);
    top->addWidget(m_overlap, 1);
    auto* layout = new QVBoxLayout(m_listsPane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_lists, 1);
    connect(m_userChoice, &QLineEdit::returnPressed, this, [this] {
        const auto user = m_workspace->findUser(m_userChoice->text().trimmed());
        if (!user || !showUser(*user))
            m_overlap->setText(tr("No user %1 in this split.").arg(m_userChoice->text().trimmed().toHtmlEscaped()));
    });
    return m_listsPane;
}

int RankingView::k() const
{
    return m_kChoice->currentData().toInt();
}

void RankingView::setK(int k)
{
    const int at = m_kChoice->findData(k);
    if (at >= 0)
        m_kChoice->setCurrentIndex(at);
}

core::UserMetric RankingView::histogramMetric() const
{
    return static_cast<core::UserMetric>(m_metricChoice->currentData().toInt());
}

void RankingView::setHistogramMetric(core::UserMetric metric)
{
    m_metricChoice->setCurrentIndex(m_metricChoice->findData(static_cast<int>(metric)));
}

bool RankingView::rank(int first, int second)
{
    const auto& runs = m_workspace->runs();
    const int count = static_cast<int>(runs.size());
    if (first < 0 || first >= count || second >= count || first == second) {
        clear(tr("Choose one run, or two different ones, to rank."));
        return false;
    }
    const std::string& split = m_workspace->splitLabel();
    for (const int index : { first, second }) {
        if (index < 0)
            continue;
        const core::TrainingRun& run = runs[static_cast<std::size_t>(index)];
        if (run.split != split || !m_workspace->trainData()) {
            clear(tr("%1 was trained on the split “%2”, the open split is “%3”: rank it on the split it was "
                     "trained on.")
                      .arg(QString::fromStdString(run.name), QString::fromStdString(run.split),
                           QString::fromStdString(split)));
            return false;
        }
    }
    m_runs = { runs[static_cast<std::size_t>(first)].snapshot,
               second >= 0 ? runs[static_cast<std::size_t>(second)].snapshot : nullptr };
    m_names = { QString::fromStdString(runs[static_cast<std::size_t>(first)].name),
                second >= 0 ? QString::fromStdString(runs[static_cast<std::size_t>(second)].name) : QString() };
    return start();
}

bool RankingView::start()
{
    m_jobs.discard(m_job);
    core::RankingRequest request;
    for (const auto& run : m_runs)
        if (run)
            request.runs.push_back(run);
    request.data = m_workspace->trainData();
    if (m_workspace->hasDataset())
        request.genres = core::itemGenres(m_workspace->dataset()->items, m_workspace->metadata());
    request.k = k();
    request.threads = std::max(1, QThread::idealThreadCount());
    const std::string problem = core::rankingRequestProblem(request);
    const QString names = m_runs[1] ? tr("%1 and %2").arg(m_names[0], m_names[1]) : m_names[0];
    if (!problem.empty()) {
        const auto runs = m_runs;
        clear(tr("Cannot rank %1: %2.").arg(names, QString::fromStdString(problem)));
        m_runs = runs; // a k or a split chosen later may work
        return false;
    }
    m_status->setText(tr("Ranking every user's top %1 of %2…").arg(request.k).arg(names));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    // every user scores every item, for each run and both baselines: seconds on a large catalogue
    m_job = m_jobs.start("embex-ranking", [this, request](const JobContext& job) {
        auto result = std::make_shared<core::RankingComparison>(
            core::compareRankings(request, job.stopToken(), [this, &job](double f) {
                job.post([this, f] { m_progress->setValue(static_cast<int>(f * 100)); });
            }));
        job.post([this, result] {
            m_job = 0;
            m_progress->setVisible(false);
            m_cancel->setVisible(false);
            if (result->cancelled)
                clear(tr("Cancelled: the ranking was not computed."));
            else if (!result->problem.empty())
                clear(tr("Cannot rank: %1.").arg(QString::fromStdString(result->problem)));
            else
                showResult(result);
            emit computed();
        });
    });
    return true;
}

void RankingView::cancel()
{
    if (m_job != 0)
        m_jobs.requestStop(m_job);
}

void RankingView::clear(const QString& why)
{
    m_jobs.discard(m_job);
    m_job = 0;
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_runs = {};
    m_result.reset();
    m_user = -1;
    m_metrics->clear();
    m_metrics->setRowCount(0);
    m_metrics->setColumnCount(0);
    m_lists->clear();
    m_lists->setRowCount(0);
    m_lists->setColumnCount(0);
    m_overlap->clear();
    m_listsPane->setVisible(false);
    for (std::size_t run = 0; run < 2; ++run) {
        m_bars[run]->data()->clear();
        m_points[run]->data()->clear();
    }
    m_histogramCaption->clear();
    m_popularityCaption->clear();
    m_histogram->replot(QCustomPlot::rpQueuedReplot);
    m_popularity->replot(QCustomPlot::rpQueuedReplot);
    m_status->setText(why);
}

void RankingView::showResult(std::shared_ptr<const core::RankingComparison> result)
{
    m_result = std::move(result);
    const core::RankingReport& first = m_result->runs.front().report;
    const QLocale locale;
    m_status->setText(tr("<b>Top %1</b> of %2 users over %3 items; accuracy over the %4 users with held-out "
                         "ratings (%5 without are left out).")
                          .arg(m_result->k)
                          .arg(locale.toString(static_cast<qulonglong>(m_result->popular.lists.userCount())),
                               locale.toString(static_cast<qulonglong>(m_result->facts.ratingCounts.size())),
                               locale.toString(static_cast<qlonglong>(first.users)),
                               locale.toString(static_cast<qlonglong>(first.usersWithoutHeldOut))));
    fillMetrics();
    fillHistogram();
    fillPopularity();
    const bool two = m_result->runs.size() == 2;
    m_listsPane->setVisible(two);
    if (two) {
        m_overlap->setText(tr("<b>Mean overlap@%1: %2</b> — the share of a user's top %1 the two runs have in "
                              "common, over all users.")
                               .arg(m_result->k)
                               .arg(locale.toString(m_result->overlap, 'f', 3)));
        const int user = m_user >= 0 ? m_user : (first.perUser.empty() ? 0 : static_cast<int>(first.perUser[0].user));
        showUser(user);
    }
}

void RankingView::fillMetrics()
{
    const core::RankingComparison& r = *m_result;
    std::vector<std::pair<QString, const core::RankingReport*>> columns;
    for (std::size_t run = 0; run < r.runs.size(); ++run)
        columns.emplace_back(m_names[run], &r.runs[run].report);
    columns.emplace_back(tr("most popular"), &r.popular.report);
    columns.emplace_back(tr("random"), &r.random.report);
    m_metrics->clear();
    m_metrics->setColumnCount(static_cast<int>(columns.size()));
    m_metrics->setRowCount(static_cast<int>(std::size(rankingMetricRows)));
    QStringList headers;
    for (const auto& [name, report] : columns)
        headers << name;
    m_metrics->setHorizontalHeaderLabels(headers);
    const QLocale locale;
    for (int row = 0; row < static_cast<int>(std::size(rankingMetricRows)); ++row) {
        const RankingMetricRow& m = rankingMetricRows[row];
        m_metrics->setVerticalHeaderItem(row, new QTableWidgetItem(tr("%1@%2").arg(tr(m.label)).arg(r.k)));
        for (int column = 0; column < static_cast<int>(columns.size()); ++column) {
            const double value = columns[static_cast<std::size_t>(column)].second->*m.figure;
            auto* cell = new QTableWidgetItem(std::isnan(value) ? tr("—") : locale.toString(value, 'f', m.decimals));
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column < static_cast<int>(r.runs.size()))
                cell->setForeground(rankingColours[static_cast<std::size_t>(column)].darker(130));
            m_metrics->setItem(row, column, cell);
        }
    }
}

void RankingView::fillHistogram()
{
    if (!m_result)
        return;
    const core::UserMetric metric = histogramMetric();
    const double width = 1.0 / histogramBins;
    long users = 0, without = 0;
    for (std::size_t run = 0; run < 2; ++run) {
        QCPBars* bars = m_bars[run];
        bars->data()->clear();
        if (run >= m_result->runs.size()) {
            bars->setVisible(false);
            bars->removeFromLegend();
            continue;
        }
        const core::RankingReport& report = m_result->runs[run].report;
        std::vector<double> values;
        values.reserve(report.perUser.size());
        for (const core::UserRanking& u : report.perUser)
            values.push_back(core::userMetricValue(u, metric));
        const std::vector<long> counts = core::unitHistogram(values, histogramBins);
        for (int b = 0; b < histogramBins; ++b)
            bars->addData((b + 0.5) * width, static_cast<double>(counts[static_cast<std::size_t>(b)]));
        bars->setVisible(true);
        bars->setName(m_names[run]);
        bars->addToLegend();
        users = report.users;
        without = report.usersWithoutHeldOut;
    }
    m_bars[0]->setWidth(m_result->runs.size() == 2 ? 0.45 * width : 0.9 * width);
    m_bars[1]->setWidth(0.45 * width);
    bool found = false;
    const QCPRange counts = m_bars[0]->getValueRange(found);
    bool foundSecond = false;
    const QCPRange second = m_bars[1]->visible() ? m_bars[1]->getValueRange(foundSecond) : QCPRange();
    m_histogram->yAxis->setRange(0, std::max({ 1.0, counts.upper, foundSecond ? second.upper : 0.0 }) * 1.08);
    m_histogram->xAxis->setLabel(tr("%1@%2 of a user").arg(tr(core::userMetricLabel(metric))).arg(m_result->k));
    m_histogram->replot(QCustomPlot::rpQueuedReplot);
    const QLocale locale;
    m_histogramCaption->setText(
        tr("%1 users with held-out ratings; %2 without any are left out.")
            .arg(locale.toString(static_cast<qlonglong>(users)), locale.toString(static_cast<qlonglong>(without))));
}

void RankingView::fillPopularity()
{
    const core::RankingComparison& r = *m_result;
    const std::vector<std::uint32_t>& ratings = r.facts.ratingCounts;
    double top = 1, right = 1;
    long unrated = 0;
    for (std::size_t run = 0; run < 2; ++run) {
        QCPGraph* points = m_points[run];
        points->data()->clear();
        if (run >= r.runs.size()) {
            points->removeFromLegend();
            continue;
        }
        QVector<QCPGraphData> data;
        const std::vector<std::uint32_t>& listed = r.runs[run].listedCounts;
        for (std::size_t item = 0; item < listed.size(); ++item) {
            if (listed[item] == 0)
                continue;
            // log x has no 0: an item nobody rated in training sits at ½
            const double x = ratings[item] > 0 ? ratings[item] : 0.5;
            unrated += ratings[item] == 0 ? 1 : 0;
            data.append(QCPGraphData(x, listed[item]));
            top = std::max(top, static_cast<double>(listed[item]));
            right = std::max(right, x);
        }
        points->data()->set(data, false);
        points->setName(tr("%1: %2 items").arg(m_names[run]).arg(data.size()));
        points->addToLegend();
    }
    m_popularity->xAxis->setRange(0.4, right * 1.5);
    m_popularity->yAxis->setRange(0.8, top * 1.5);
    m_popularity->replot(QCustomPlot::rpQueuedReplot);
    const QLocale locale;
    QString caption = tr("One point per recommended item. Most popular lists the same %1 items for nearly everyone; "
                         "a model near the diagonal's upper right mostly recommends what is already popular.")
                          .arg(r.k);
    if (unrated > 0)
        caption += tr(" Items never rated in training are drawn at ½.");
    m_popularityCaption->setText(caption);
}

bool RankingView::showUser(int user)
{
    if (!m_result || m_result->runs.size() != 2 || user < 0
        || static_cast<std::size_t>(user) >= m_result->runs[0].lists.userCount())
        return false;
    m_user = user;
    m_userChoice->setText(m_workspace->userRawId(user));
    const auto a = m_result->runs[0].lists.list(static_cast<std::size_t>(user));
    const auto b = m_result->runs[1].lists.list(static_cast<std::size_t>(user));
    m_lists->clear();
    m_lists->setColumnCount(2);
    m_lists->setRowCount(static_cast<int>(std::max(a.size(), b.size())));
    m_lists->setHorizontalHeaderLabels({ m_names[0], m_names[1] });
    m_lists->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    int shared = 0;
    const auto fill = [&](int column, std::span<const std::uint32_t> list, std::span<const std::uint32_t> other) {
        for (std::size_t j = 0; j < list.size(); ++j) {
            auto* cell = new QTableWidgetItem(m_workspace->itemTitle(static_cast<int>(list[j])));
            const bool isShared = std::find(other.begin(), other.end(), list[j]) != other.end();
            QFont font = cell->font();
            font.setBold(isShared);
            cell->setFont(font);
            cell->setData(Qt::UserRole, static_cast<int>(list[j]));
            m_lists->setItem(static_cast<int>(j), column, cell);
            shared += isShared && column == 0 ? 1 : 0;
        }
    };
    fill(0, a, b);
    fill(1, b, a);
    const QLocale locale;
    m_overlap->setText(tr("<b>%1 of %2 shared</b> for this user. Mean overlap@%2 over all users: <b>%3</b>.")
                           .arg(shared)
                           .arg(m_result->k)
                           .arg(locale.toString(m_result->overlap, 'f', 3)));
    return true;
}

void RankingView::onRunsChanged()
{
    if (!m_runs[0])
        return;
    for (std::size_t run = 0; run < 2; ++run) {
        if (!m_runs[run])
            continue;
        const core::TrainingRun* kept = rankedRunWith(*m_workspace, m_runs[run].get());
        if (!kept) {
            clear(tr("%1 was deleted: the ranking was cleared.").arg(m_names[run]));
            return;
        }
        m_names[run] = QString::fromStdString(kept->name); // a rename
    }
}

QString RankingView::statusText() const
{
    return m_status->text();
}

QString RankingView::histogramCaption() const
{
    return m_histogramCaption->text();
}

QString RankingView::overlapText() const
{
    return m_overlap->text();
}

} // namespace embex::ui
