// SPDX-License-Identifier: MIT
#include "ui/runs/run_maps_view.h"

#include "ui/map/scatter_plot.h"

#include "ui/data/workspace.h"
#include "ui/map/map_colouring.h"
#include "ui/runs/disagreement_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    QCPColorGradient sharedGradient()
    {
        QCPColorGradient gradient;
        gradient.clearColorStops();
        for (int i = 0; i <= 4; ++i)
            gradient.setColorStopAt(i / 4.0, scaleColour(i / 4.0));
        return gradient;
    }

    QCPRange sharedRange()
    {
        return { 0, RunMapsView::neighbourCount };
    }

    const core::TrainingRun* runWith(const Workspace& workspace, const core::EmbeddingSnapshot* snapshot)
    {
        for (const core::TrainingRun& run : workspace.runs())
            if (run.snapshot.get() == snapshot)
                return &run;
        return nullptr;
    }

} // namespace

RunMapsView::RunMapsView(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_status(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
    , m_differences(new DisagreementModel(this))
{
    setObjectName(QStringLiteral("runMaps"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop laying out the two maps"));
    m_cancel->setVisible(false);
    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Fit all points (wheel zooms, dragging pans; both maps follow)"));

    for (int side = 0; side < 2; ++side)
        buildSide(side);
    m_scale = new QCPColorScale(plot(1));
    m_scale->setBarWidth(12);
    m_scale->setGradient(sharedGradient());
    m_scale->setDataRange(sharedRange());
    m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
    qSharedPointerCast<QCPAxisTickerFixed>(m_scale->axis()->ticker())->setTickStep(1);
    m_scale->setLabel(tr("neighbours shared of %1").arg(neighbourCount));
    m_scale->setRangeDrag(false);
    m_scale->setRangeZoom(false);
    plot(1)->plotLayout()->addElement(1, 1, m_scale);
    plot(1)->plotLayout()->setColumnStretchFactor(1, 0.001);

    m_table = new QTableView(this);
    m_table->setModel(m_differences);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setSectionResizeMode(DisagreementModel::Title, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(DisagreementModel::Ratings, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(DisagreementModel::Shared, QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("The items whose 10 nearest neighbours differ most between the two runs: fewest shared "
                           "first, the most-rated first among ties. A click rings the item on both maps."));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    bar->addWidget(reset);
    auto* maps = new QSplitter(Qt::Horizontal, this);
    maps->addWidget(plot(0));
    maps->addWidget(plot(1));
    maps->addWidget(m_table);
    maps->setStretchFactor(0, 4);
    maps->setStretchFactor(1, 4);
    maps->setStretchFactor(2, 3);
    maps->setSizes({ 4000, 4000, 2600 }); // in proportion: the maps take most of the width
    maps->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(maps, 1);

    connect(m_cancel, &QToolButton::clicked, this, &RunMapsView::cancel);
    connect(reset, &QPushButton::clicked, this, &RunMapsView::resetView);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    highlight(m_differences->row(current.row()).item);
            });
    connect(workspace, &Workspace::itemSelected, this, [this](int item) {
        if (m_maps && item >= 0 && static_cast<std::size_t>(item) < m_maps->shared.size()
            && m_maps->shared[static_cast<std::size_t>(item)] >= 0)
            highlight(item);
    });
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        if (m_first || m_job != 0)
            clear(tr("Another dataset was opened: the two runs' maps were cleared."));
    });
    connect(workspace, &Workspace::runsChanged, this, &RunMapsView::onRunsChanged);
    clear(tr("Choose two runs in the Runs tab and press Compare maps."));
}

RunMapsView::~RunMapsView() = default;

void RunMapsView::buildSide(int index)
{
    Side& side = m_sides[static_cast<std::size_t>(index)];
    side.plot = new QCustomPlot(this);
    side.plot->setObjectName(index == 0 ? QStringLiteral("firstRunMap") : QStringLiteral("secondRunMap"));
    side.plot->setMinimumSize(220, 220);
    setUpScatterPlot(side.plot);
    side.plot->plotLayout()->insertRow(0);
    side.title = new QCPTextElement(side.plot, QString(), QFont(font().family(), font().pointSize(), QFont::Bold));
    side.plot->plotLayout()->addElement(0, 0, side.title);
    // most-different on top: drawn last
    QCPColorGradient gradient = sharedGradient();
    for (int shared = neighbourCount; shared >= 0; --shared) {
        QCPGraph* g = side.plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        const QColor colour = QColor::fromRgb(gradient.color(shared, sharedRange()));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(colour), colour, 6));
        side.buckets[static_cast<std::size_t>(shared)] = g;
    }
    side.ring = side.plot->addGraph();
    side.ring->setLineStyle(QCPGraph::lsNone);
    side.ring->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 0), 3), QColor(255, 0, 0, 70), 18));

    QCustomPlot* plot = side.plot;
    connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, index] { syncFrom(index); });
    connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, index] { syncFrom(index); });
    connect(plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { m_pressPos = e->pos(); });
    connect(plot, &QCustomPlot::mouseMove, this, [this, index, plot](QMouseEvent* e) {
        if (e->buttons() != Qt::NoButton)
            return;
        const int item = itemAt(index, e->pos());
        if (item < 0)
            QToolTip::hideText();
        else
            QToolTip::showText(plot->mapToGlobal(e->pos()), tooltipText(item), plot);
    });
    connect(plot, &QCustomPlot::mouseRelease, this, [this, index](QMouseEvent* e) {
        if ((e->pos() - m_pressPos).manhattanLength() > 4)
            return;
        const int item = itemAt(index, e->pos());
        if (item < 0)
            return;
        highlight(item);
        m_workspace->selectItem(item);
    });
}

bool RunMapsView::compare(int first, int second, const Settings& settings)
{
    const auto& runs = m_workspace->runs();
    const int count = static_cast<int>(runs.size());
    if (first < 0 || second < 0 || first >= count || second >= count || first == second) {
        clear(tr("Choose two different runs to compare their maps."));
        return false;
    }
    core::AlignedMapsRequest request;
    request.first = runs[static_cast<std::size_t>(first)].snapshot;
    request.second = runs[static_cast<std::size_t>(second)].snapshot;
    request.kind = settings.kind;
    request.metric = settings.metric;
    if (m_workspace->hasDataset() && !m_workspace->dataset()->ratings.empty()) {
        const std::vector<int>& all = m_workspace->itemCounts().all;
        request.ratingCounts.assign(all.begin(), all.end());
        request.minRatings = static_cast<std::uint32_t>(std::max(0, settings.minRatings));
    }
    request.k = neighbourCount;
    request.seed = settings.seed;
    request.threads = std::max(1, QThread::idealThreadCount());
    const QString names = tr("%1 and %2").arg(runLabel(request.first), runLabel(request.second));
    const std::string problem = core::alignedMapsProblem(request);
    if (!problem.empty()) {
        clear(tr("Cannot compare the maps of %1: %2.").arg(names, QString::fromStdString(problem)));
        return false;
    }
    clear(tr("Laying out the maps of %1 (%2) and comparing every item's 10 neighbours…")
              .arg(names, tr(core::traitsOf(settings.kind).label)));
    m_first = request.first;
    m_second = request.second;
    m_names = { runLabel(m_first), runLabel(m_second) };
    m_settings = settings;
    fillTitles();
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    // two projections and two all-pairs neighbour searches: seconds on a large catalogue
    m_job = m_jobs.start("embex-run-maps", [this, request](const JobContext& job) {
        core::LongWork work;
        work.stop = job.stopToken();
        work.progress = [this, &job](double f) {
            job.post([this, f] { m_progress->setValue(static_cast<int>(f * 100)); });
        };
        auto maps = std::make_shared<core::AlignedMaps>();
        try {
            *maps = core::alignRunMaps(request, work);
        } catch (const std::exception& e) {
            maps->problem = e.what();
        }
        job.post([this, maps] {
            m_job = 0;
            m_progress->setVisible(false);
            m_cancel->setVisible(false);
            if (maps->cancelled)
                clear(tr("Cancelled: the two runs' maps were not drawn."));
            else if (!maps->problem.empty())
                clear(tr("Cannot compare the maps: %1.").arg(QString::fromStdString(maps->problem)));
            else
                showMaps(maps);
            emit computed();
        });
    });
    return true;
}

void RunMapsView::cancel()
{
    if (m_job != 0)
        m_jobs.requestStop(m_job);
}

void RunMapsView::clear(const QString& why)
{
    m_jobs.discard(m_job);
    m_job = 0;
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_first.reset();
    m_second.reset();
    m_maps.reset();
    m_highlighted = -1;
    m_differences->clear();
    for (Side& side : m_sides) {
        for (QCPGraph* g : side.buckets)
            g->data()->clear();
        side.ring->data()->clear();
        side.title->setText(QString());
        side.plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_summary->clear();
    m_status->setText(why);
}

void RunMapsView::showMaps(std::shared_ptr<const core::AlignedMaps> maps)
{
    m_maps = std::move(maps);
    const core::AlignedMaps& m = *m_maps;
    for (int index = 0; index < 2; ++index) {
        Side& side = m_sides[static_cast<std::size_t>(index)];
        const core::Projection& p = index == 0 ? m.first : m.second;
        std::array<QVector<QCPGraphData>, neighbourCount + 1> buckets;
        for (std::size_t i = 0; i < m.shared.size(); ++i)
            if (m.shared[i] >= 0 && p.isPlaced(static_cast<int>(i)))
                buckets[static_cast<std::size_t>(std::clamp(m.shared[i], 0, neighbourCount))].append(
                    QCPGraphData(p.x[i], p.y[i]));
        for (std::size_t b = 0; b < buckets.size(); ++b)
            side.buckets[b]->data()->set(buckets[b], false); // keys neither unique nor ordered
        // a neighbour layout's axes have no units: numbers on them would suggest some
        const bool hasMeaningfulAxes = core::traitsOf(p.kind).hasMeaningfulAxes;
        side.plot->xAxis->setTickLabels(hasMeaningfulAxes);
        side.plot->yAxis->setTickLabels(hasMeaningfulAxes);
    }
    std::vector<std::uint32_t> counts;
    for (int c : m_workspace->itemCounts().all)
        counts.push_back(static_cast<std::uint32_t>(c));
    std::vector<DisagreementModel::Row> rows;
    for (const std::uint32_t item : core::mostDifferentItems(m, counts))
        rows.push_back({ static_cast<int>(item), m_workspace->itemTitle(static_cast<int>(item)),
                         item < counts.size() ? static_cast<int>(counts[item]) : 0, m.shared[item] });
    m_differences->setRows(std::move(rows), m.agreement.k);
    fillTitles();
    const QLocale locale;
    const auto noneShared = std::count(m.shared.begin(), m.shared.end(), 0);
    m_status->setText(tr("<b>Mean agreement %1</b> over %2 items with ≥ %3 ratings: the mean share of an item's "
                         "10 nearest neighbours (cosine) that both runs give it. %4 items share none.")
                          .arg(locale.toString(m.agreement.meanOverlap, 'f', 2),
                               locale.toString(static_cast<qulonglong>(m.agreement.items)))
                          .arg(m_settings.minRatings)
                          .arg(locale.toString(static_cast<qlonglong>(noneShared))));
    m_summary->setText(tr("%1 maps, the right one turned onto the left (%2). Colour: neighbours shared; hover for "
                          "an item, click to select it in both.")
                           .arg(tr(core::traitsOf(m_settings.kind).label),
                                core::traitsOf(m_settings.kind).isIterative
                                    ? tr("laid out from the left one's positions, then rotated/reflected")
                                    : tr("rotated/reflected by orthogonal Procrustes")));
    const int selected = m_workspace->selectedItem();
    highlight(selected >= 0 && static_cast<std::size_t>(selected) < m.shared.size()
                      && m.shared[static_cast<std::size_t>(selected)] >= 0
                  ? selected
                  : -1);
    resetView();
}

QString RunMapsView::runLabel(const std::shared_ptr<const core::EmbeddingSnapshot>& snapshot) const
{
    const core::TrainingRun* run = runWith(*m_workspace, snapshot.get());
    return run ? QString::fromStdString(run->name) : QString::fromStdString(snapshot->modelKind);
}

void RunMapsView::fillTitles()
{
    const std::array<const core::EmbeddingSnapshot*, 2> snapshots { m_first.get(), m_second.get() };
    const QLocale locale;
    for (std::size_t s = 0; s < 2; ++s) {
        if (!snapshots[s])
            continue;
        if (const core::TrainingRun* run = runWith(*m_workspace, snapshots[s]))
            m_names[s] = QString::fromStdString(run->name); // renamed meanwhile
        QString title = tr("%1 — %2, d = %3")
                            .arg(m_names[s], QString::fromStdString(snapshots[s]->modelKind))
                            .arg(snapshots[s]->itemEmbeddings().cols());
        if (m_maps)
            title += tr(" · agreement %1").arg(locale.toString(m_maps->agreement.meanOverlap, 'f', 2));
        m_sides[s].title->setText(title);
        m_sides[s].plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void RunMapsView::onRunsChanged()
{
    if (!m_first)
        return;
    const core::TrainingRun* first = runWith(*m_workspace, m_first.get());
    const core::TrainingRun* second = runWith(*m_workspace, m_second.get());
    if (first && second) {
        fillTitles(); // a rename
        return;
    }
    const QString gone = !first && !second ? tr("Both runs were deleted")
                                           : tr("%1 was deleted").arg(first ? m_names[1] : m_names[0]);
    clear(tr("%1: the two runs' maps were cleared.").arg(gone));
}

void RunMapsView::highlight(int item)
{
    m_highlighted = item;
    fillRing();
    const int row = item >= 0 ? m_differences->rowOf(item) : -1;
    if (row >= 0 && m_table->currentIndex().row() != row) {
        m_table->setCurrentIndex(m_differences->index(row, 0));
        m_table->scrollTo(m_differences->index(row, 0));
    }
}

void RunMapsView::fillRing()
{
    for (int index = 0; index < 2; ++index) {
        Side& side = m_sides[static_cast<std::size_t>(index)];
        side.ring->data()->clear();
        if (m_maps && m_highlighted >= 0) {
            const core::Projection& p = index == 0 ? m_maps->first : m_maps->second;
            if (p.isPlaced(m_highlighted))
                side.ring->addData(p.x[static_cast<std::size_t>(m_highlighted)],
                                   p.y[static_cast<std::size_t>(m_highlighted)]);
        }
        side.plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void RunMapsView::resetView()
{
    if (!m_maps)
        return;
    std::array<std::array<double, 4>, 2> boxes {};
    for (int index = 0; index < 2; ++index) {
        const core::Projection& p = index == 0 ? m_maps->first : m_maps->second;
        const auto [x0, x1, y0, y1] = p.bounds().value_or(std::array<double, 4> { -1, 1, -1, 1 });
        const double px = std::max(1e-6, 0.05 * (x1 - x0)), py = std::max(1e-6, 0.05 * (y1 - y0));
        boxes[static_cast<std::size_t>(index)] = { x0 - px, x1 + px, y0 - py, y1 + py };
    }
    // Maps of a like size share one frame, so an item placed alike sits at the same pixel in both;
    // a run whose vectors are far larger keeps its own, and zooming stays relative.
    const auto span = [](const std::array<double, 4>& b) { return std::max(b[1] - b[0], b[3] - b[2]); };
    const double ratio = span(boxes[0]) / std::max(1e-12, span(boxes[1]));
    if (ratio > 0.5 && ratio < 2)
        boxes[0] = boxes[1] = { std::min(boxes[0][0], boxes[1][0]), std::max(boxes[0][1], boxes[1][1]),
                                std::min(boxes[0][2], boxes[1][2]), std::max(boxes[0][3], boxes[1][3]) };
    m_isSyncing = true;
    for (std::size_t s = 0; s < 2; ++s) {
        Side& side = m_sides[s];
        side.x0 = boxes[s][0];
        side.x1 = boxes[s][1];
        side.y0 = boxes[s][2];
        side.y1 = boxes[s][3];
        side.plot->xAxis->setRange(side.x0, side.x1);
        side.plot->yAxis->setRange(side.y0, side.y1);
        side.plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_isSyncing = false;
}

void RunMapsView::syncFrom(int index)
{
    if (m_isSyncing || !m_maps)
        return;
    const Side& from = m_sides[static_cast<std::size_t>(index)];
    Side& to = m_sides[static_cast<std::size_t>(1 - index)];
    const QCPRange x = from.plot->xAxis->range(), y = from.plot->yAxis->range();
    const auto carry = [](double v, double a0, double a1, double b0, double b1) {
        return b0 + (v - a0) / (a1 - a0) * (b1 - b0);
    };
    m_isSyncing = true;
    to.plot->xAxis->setRange(carry(x.lower, from.x0, from.x1, to.x0, to.x1),
                             carry(x.upper, from.x0, from.x1, to.x0, to.x1));
    to.plot->yAxis->setRange(carry(y.lower, from.y0, from.y1, to.y0, to.y1),
                             carry(y.upper, from.y0, from.y1, to.y0, to.y1));
    to.plot->replot(QCustomPlot::rpQueuedReplot);
    m_isSyncing = false;
}

QString RunMapsView::statusText() const
{
    return m_status->text();
}

QString RunMapsView::titleText(int side) const
{
    return m_sides[static_cast<std::size_t>(side)].title->text();
}

int RunMapsView::pointCount(int side) const
{
    int count = 0;
    for (const QCPGraph* g : m_sides[static_cast<std::size_t>(side)].buckets)
        count += g->dataCount();
    return count;
}

QPoint RunMapsView::pixelOf(int side, int item) const
{
    if (!m_maps)
        return {};
    const core::Projection& p = side == 0 ? m_maps->first : m_maps->second;
    if (!p.isPlaced(item))
        return {};
    const QCustomPlot* plot = m_sides[static_cast<std::size_t>(side)].plot;
    return QPointF(plot->xAxis->coordToPixel(p.x[static_cast<std::size_t>(item)]),
                   plot->yAxis->coordToPixel(p.y[static_cast<std::size_t>(item)]))
        .toPoint();
}

int RunMapsView::itemAt(int side, const QPointF& pixel, double radius) const
{
    if (!m_maps)
        return -1;
    const core::Projection& p = side == 0 ? m_maps->first : m_maps->second;
    const QCustomPlot* plot = m_sides[static_cast<std::size_t>(side)].plot;
    int best = -1;
    double bestDistance = radius * radius;
    for (std::size_t i = 0; i < m_maps->shared.size(); ++i) {
        if (m_maps->shared[i] < 0 || !p.isPlaced(static_cast<int>(i)))
            continue;
        const double dx = plot->xAxis->coordToPixel(p.x[i]) - pixel.x();
        const double dy = plot->yAxis->coordToPixel(p.y[i]) - pixel.y();
        // among overlapping points prefer the fewer shared, which is drawn on top
        const double d = dx * dx + dy * dy;
        if (d < bestDistance
            || (best >= 0 && d <= bestDistance + 4
                && m_maps->shared[i] < m_maps->shared[static_cast<std::size_t>(best)])) {
            bestDistance = std::min(d, bestDistance);
            best = static_cast<int>(i);
        }
    }
    return best;
}

QColor RunMapsView::sharedColour(int shared) const
{
    QCPColorGradient gradient = m_scale->gradient();
    return QColor::fromRgb(gradient.color(shared, m_scale->dataRange()));
}

QString RunMapsView::tooltipText(int item) const
{
    if (!m_maps || item < 0 || static_cast<std::size_t>(item) >= m_maps->shared.size())
        return {};
    const int shared = m_maps->shared[static_cast<std::size_t>(item)];
    return QStringLiteral("<b>%1</b><br>").arg(m_workspace->itemTitle(item).toHtmlEscaped())
        + tr("%1 of %2 neighbours shared").arg(shared).arg(m_maps->agreement.k) + QStringLiteral("<br>")
        + tr("%1 ratings").arg(QLocale().toString(m_workspace->itemCounts().all[static_cast<std::size_t>(item)]));
}

} // namespace embex::ui
