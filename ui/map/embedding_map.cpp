// SPDX-License-Identifier: MIT
#include "ui/map/embedding_map.h"

#include "ui/data/workspace.h"
#include "ui/map/density_shading.h"
#include "ui/map/far_marks.h"
#include "ui/map/item_filter_state.h"
#include "ui/map/map_projection_bar.h"
#include "ui/map/map_selection_tool.h"
#include "ui/map/scatter_plot.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>
#include <span>

namespace embex::ui {
namespace {

    constexpr int sizeClassCount = 3;
    const double pointSizes[sizeClassCount] = { 4, 6.5, 9 };
    const QColor faintColour(175, 175, 175, 70); // items failing the filter: the shape stays, the eye passes over

    bool contains(QCPLayoutGrid* layout, QCPLayoutElement* element)
    {
        return layout->elements(false).contains(element);
    }

} // namespace

EmbeddingMap::EmbeddingMap(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_plot(new QCustomPlot(this))
    , m_colourBy(new QComboBox(this))
    , m_minRatings(new QSpinBox(this))
    , m_caption(new QLabel(this))
    , m_projectionBar(new MapProjectionBar(this))
    , m_selectionTool(new MapSelectionTool(m_plot, this))
{
    m_colourBy->addItem(tr("Genre"), static_cast<int>(ColourBy::Genre));
    m_colourBy->addItem(tr("Popularity"), static_cast<int>(ColourBy::Popularity));
    m_colourBy->addItem(tr("Mean rating"), static_cast<int>(ColourBy::MeanRating));
    m_colourBy->addItem(tr("Item bias"), static_cast<int>(ColourBy::ItemBias));
    m_colourBy->addItem(tr("Cluster"), static_cast<int>(ColourBy::Cluster));
    m_colourBy->setItemData(m_colourBy->count() - 1,
                            tr("Groups found in the full space (the same on every projection), each named by\n"
                               "its over-represented genres, its decades and its best-known titles"),
                            Qt::ToolTipRole);
    m_colourBy->setToolTip(tr("Genre uses each item's first listed genre (the planted type for the demo data)"));
    m_minRatings->setRange(0, 100000);
    m_minRatings->setPrefix(tr("≥ "));
    m_minRatings->setSuffix(tr(" ratings"));
    m_minRatings->setToolTip(tr("Only show items with at least this many ratings: rare items sit in noisy places"));
    m_resolution = new QDoubleSpinBox(this);
    m_resolution->setObjectName(QStringLiteral("clusterResolution"));
    m_resolution->setRange(0.1, 10);
    m_resolution->setDecimals(1);
    m_resolution->setSingleStep(0.1);
    m_resolution->setValue(1);
    m_resolution->setPrefix(tr("cluster resolution "));
    m_resolution->setToolTip(tr("Higher: more and smaller groups; lower: fewer and larger ones"));
    m_resolution->setVisible(false);
    m_filterButton = new QToolButton(this);
    m_filterButton->setObjectName(QStringLiteral("mapFilter"));
    m_filterButton->setText(tr("Filter…"));
    m_filterButton->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Fit all points (wheel zooms, dragging pans)"));
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long captions must not widen the window

    setUpScatterPlot(m_plot);
    styleScatterLegend(m_plot);
    m_plot->legend->setRowSpacing(-2);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->legend->setMargins(QMargins(6, 4, 6, 4));
    m_plot->legend->setBorderPen(Qt::NoPen);
    // the side column holds the legend (packed at the top) or the colour scale
    m_side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, m_side);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_side->addElement(0, 0, m_plot->legend);
    m_side->addElement(1, 0, new QCPLayoutElement(m_plot));
    m_side->setRowStretchFactor(0, 0.001);
    m_side->setRowStretchFactor(1, 1);
    m_scale = new QCPColorScale(m_plot);
    m_scale->setVisible(false);
    m_scale->setBarWidth(12);
    m_scale->setMinimumSize(80, 120);

    m_neighbourGraph = m_plot->addGraph();
    m_neighbourGraph->setLineStyle(QCPGraph::lsNone);
    m_neighbourGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(20, 20, 20), 2), Qt::NoBrush, 13));
    m_neighbourGraph->setName(tr("neighbours"));
    m_selectedGraph = m_plot->addGraph();
    m_selectedGraph->setLineStyle(QCPGraph::lsNone);
    m_selectedGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 0), 3), QColor(255, 0, 0, 70), 18));
    m_selectedGraph->setName(tr("selected"));
    m_queryGraph = m_plot->addGraph();
    m_queryGraph->setLineStyle(QCPGraph::lsNone);
    m_queryGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(120, 0, 160), 3), QColor(120, 0, 160), 20));
    m_queryGraph->setName(tr("new user"));
    m_queryGraph->removeFromLegend();
    m_regionGraph = m_plot->addGraph();
    m_regionGraph->setLineStyle(QCPGraph::lsNone);
    m_regionGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(25, 25, 25), 1.4), Qt::NoBrush, 10));
    m_regionGraph->setName(tr("selection"));
    m_regionGraph->removeFromLegend();
    m_plot->addLayer(QStringLiteral("labels"));
    m_plot->addLayer(QStringLiteral("marks"), m_plot->layer(QStringLiteral("labels")), QCustomPlot::limBelow);
    m_farMarks = std::make_unique<FarMarks>(m_plot, QStringLiteral("labels"));
    m_density = std::make_unique<DensityShading>(m_plot);
    for (int i = 0; i < maxNeighbourLabels; ++i) {
        auto* label = new QCPItemText(m_plot);
        label->setLayer(QStringLiteral("labels"));
        label->position->setType(QCPItemPosition::ptAbsolute);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setBrush(QColor(255, 255, 255, 215));
        label->setPen(QPen(QColor(150, 150, 150)));
        label->setPadding(QMargins(3, 1, 3, 1));
        label->setClipToAxisRect(true);
        label->setVisible(false);
        m_labels.push_back(label);
    }
    m_labels.front()->setFont([&] {
        QFont f = font();
        f.setBold(true);
        return f;
    }());
    createFilterTexts();

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_projectionBar, 1);
    bar->addWidget(new QLabel(tr("Colour by:"), this));
    bar->addWidget(m_colourBy);
    bar->addWidget(m_minRatings);
    bar->addWidget(reset);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(bar);
    // a line of its own: the bar has no room left for the caption, the groups' resolution, the
    // filter or the selection tools
    auto* captionRow = new QHBoxLayout;
    captionRow->addWidget(m_caption, 1);
    captionRow->addWidget(m_resolution);
    captionRow->addWidget(m_filterButton);
    m_selectionTool->addButtons(captionRow, this);
    layout->addLayout(captionRow);
    layout->addWidget(m_plot, 1);

    connect(m_colourBy, &QComboBox::activated, this,
            [this] { setColourBy(static_cast<ColourBy>(m_colourBy->currentData().toInt())); });
    connect(m_minRatings, &QSpinBox::valueChanged, this, [this](int count) {
        fillData();
        emit minimumRatingsChanged(count);
    });
    connect(m_resolution, &QDoubleSpinBox::valueChanged, this, [this] {
        if (isColouringByCluster())
            emit clustersWanted();
    });
    connect(m_filterButton, &QToolButton::clicked, this, &EmbeddingMap::filterWanted);
    connect(reset, &QPushButton::clicked, this, &EmbeddingMap::resetView);
    connect(m_plot, &QCustomPlot::beforeReplot, this, &EmbeddingMap::layoutLabels);
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userMovedView = true; });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (e->buttons() == Qt::NoButton)
            showTooltip(e->pos());
    });
    connect(m_selectionTool, &MapSelectionTool::viewMoved, this, [this] { m_userMovedView = true; });
    connect(m_selectionTool, &MapSelectionTool::clicked, this, [this](const QPoint& pixel) {
        const int item = itemAt(pixel);
        if (item >= 0)
            emit itemClicked(item);
    });
    connect(m_selectionTool, &MapSelectionTool::shapeDrawn, this, &EmbeddingMap::selectInside);
    connect(m_selectionTool, &MapSelectionTool::clearRequested, this, [this] {
        if (!m_region.empty())
            setRegion({});
    });
    // Escape cancels a layout under way before it clears a selection
    m_selectionTool->setEscapeWanted([this] { return !m_region.empty() && !m_projectionBar->isShowingProgress(); });
    connect(workspace, &Workspace::datasetChanged, this, &EmbeddingMap::onDatasetChanged);
    connect(workspace, &Workspace::metadataChanged, this, &EmbeddingMap::rebuildBuckets);
    onDatasetChanged();
}

EmbeddingMap::~EmbeddingMap() = default;

const std::vector<int>& EmbeddingMap::farNeighbours() const
{
    return m_farMarks->items();
}

void EmbeddingMap::onDatasetChanged()
{
    m_projection = {};
    m_selected = -1;
    m_neighbours.clear();
    m_region.clear();
    m_projectionBar->clear();
    m_clusters = {};
    m_userMovedView = false;
    const bool isDemo = m_workspace->hasDataset() && m_workspace->dataset()->isDemo;
    m_colourBy->setItemText(0, isDemo ? tr("Demo type") : tr("Genre"));
    m_sizeClass = sizeClasses(m_workspace->itemCounts().all);
    rebuildBuckets();
    m_caption->setText(m_workspace->hasDataset() ? tr("The map appears after the first training epoch.")
                                                 : tr("Open a dataset and train a model to see its item space."));
}

void EmbeddingMap::setColourBy(ColourBy by)
{
    const int index = m_colourBy->findData(static_cast<int>(by));
    if (index >= 0)
        m_colourBy->setCurrentIndex(index);
    rebuildBuckets();
    m_resolution->setVisible(by == ColourBy::Cluster);
    if (by == ColourBy::Cluster)
        emit clustersWanted();
}

double EmbeddingMap::clusterResolution() const
{
    return m_resolution->value();
}

void EmbeddingMap::setClusterResolution(double resolution)
{
    m_resolution->setValue(resolution);
}

bool EmbeddingMap::isColouringByCluster() const
{
    return static_cast<ColourBy>(m_colourBy->currentData().toInt()) == ColourBy::Cluster;
}

void EmbeddingMap::setClusters(MapClusters clusters)
{
    m_clusters = std::move(clusters);
    if (isColouringByCluster())
        rebuildBuckets();
}

void EmbeddingMap::setMinimumRatings(int count)
{
    m_minRatings->setValue(count);
}

void EmbeddingMap::rebuildBuckets()
{
    for (QCPGraph* g : m_bucketGraphs)
        m_plot->removeGraph(g);
    for (QCPGraph* g : m_legendGraphs)
        m_plot->removeGraph(g);
    for (QCPGraph* g : m_faintGraphs)
        m_plot->removeGraph(g);
    m_bucketGraphs.clear();
    m_legendGraphs.clear();
    m_faintGraphs.clear();
    m_colouring = isColouringByCluster()
        ? colourClusters(m_clusters.clusterOf, m_clusters.labels, m_workspace->itemCount())
        : colourItems(*m_workspace, static_cast<ColourBy>(m_colourBy->currentData().toInt()));
    const int colours = static_cast<int>(m_colouring.colours.size());
    for (int s = 0; s < sizeClassCount; ++s) { // first, so every coloured point lies above them
        QCPGraph* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->removeFromLegend();
        m_faintGraphs.push_back(g);
    }
    // small points first so popular items are drawn on top
    for (int s = 0; s < sizeClassCount; ++s) {
        for (int c = 0; c < colours; ++c) {
            QCPGraph* g = m_plot->addGraph();
            g->setLineStyle(QCPGraph::lsNone);
            g->removeFromLegend();
            m_bucketGraphs.push_back(g);
        }
    }
    styleBuckets();
    // highlight graphs stay above the buckets
    m_neighbourGraph->setLayer(QStringLiteral("labels"));
    m_selectedGraph->setLayer(QStringLiteral("labels"));
    m_queryGraph->setLayer(QStringLiteral("labels"));
    m_regionGraph->setLayer(QStringLiteral("marks")); // above every point, under the selected item's marks
    m_neighbourGraph->removeFromLegend();
    m_selectedGraph->removeFromLegend();
    m_farMarks->leaveLegend();
    if (m_colouring.isContinuous) {
        m_plot->legend->setVisible(false);
        if (contains(m_side, m_plot->legend))
            m_side->take(m_plot->legend);
        if (!contains(m_side, m_scale))
            m_side->addElement(0, 0, m_scale);
        m_side->setRowStretchFactors({ 1.0, 0.001 }); // the colour bar takes the full height
        QCPColorGradient gradient;
        gradient.clearColorStops();
        for (int i = 0; i <= 4; ++i)
            gradient.setColorStopAt(i / 4.0, scaleColour(i / 4.0));
        m_scale->setGradient(gradient);
        m_scale->setDataScaleType(m_colouring.isLogarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        if (m_colouring.isLogarithmic)
            m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        else
            m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
        m_scale->setDataRange(QCPRange(m_colouring.low, m_colouring.high));
        m_scale->setLabel(m_colouring.scaleLabel);
        m_scale->setVisible(true);
    } else {
        if (contains(m_side, m_scale))
            m_side->take(m_scale);
        m_scale->setVisible(false);
        if (!contains(m_side, m_plot->legend))
            m_side->addElement(0, 0, m_plot->legend);
        m_side->setRowStretchFactors({ 0.001, 1.0 }); // legend entries packed at the top
        m_plot->legend->setVisible(true);
        std::vector<int> used(static_cast<std::size_t>(colours), 0);
        for (int b : m_colouring.bucketOfItem)
            ++used[static_cast<std::size_t>(b)];
        for (int c = 0; c < colours; ++c) {
            if (used[static_cast<std::size_t>(c)] == 0)
                continue;
            QCPGraph* g = m_plot->addGraph(); // legend entry only: no data
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(
                QCPScatterStyle(QCPScatterStyle::ssDisc, m_colouring.colours[static_cast<std::size_t>(c)], 9));
            g->setName(m_colouring.names.value(c));
            m_legendGraphs.push_back(g);
        }
    }
    fillData();
}

void EmbeddingMap::styleBuckets()
{
    const int colours = static_cast<int>(m_colouring.colours.size());
    for (int s = 0; s < sizeClassCount; ++s)
        for (int c = 0; c < colours; ++c) {
            QColor colour = m_colouring.colours[static_cast<std::size_t>(c)];
            double size = pointSizes[s];
            if (m_denseStyle) { // small and faint, so the shading beneath shows the crowds
                colour.setAlpha(22);
                size = 2;
            }
            const auto b = static_cast<std::size_t>(s * colours + c);
            if (b < m_bucketGraphs.size())
                m_bucketGraphs[b]->setScatterStyle(QCPScatterStyle(discPixmap(colour, size)));
        }
    for (std::size_t s = 0; s < m_faintGraphs.size(); ++s) {
        QColor colour = faintColour;
        if (m_denseStyle)
            colour.setAlpha(10);
        m_faintGraphs[s]->setScatterStyle(QCPScatterStyle(discPixmap(colour, m_denseStyle ? 2 : pointSizes[s])));
    }
}

void EmbeddingMap::fillData()
{
    QElapsedTimer clock;
    clock.start();
    // a new catalogue reaches other listeners (the filter) before onDatasetChanged: a projection
    // of the old one must not be drawn, or its items looked up, in the new one
    if (m_projection.x.size() != static_cast<std::size_t>(m_workspace->itemCount()))
        m_projection = {};
    const int colours = static_cast<int>(m_colouring.colours.size());
    std::vector<QVector<QCPGraphData>> buckets(m_bucketGraphs.size());
    std::vector<QVector<QCPGraphData>> faint(m_faintGraphs.size());
    m_visible.clear();
    const RatingCounts& counts = m_workspace->itemCounts();
    const int minimum = m_minRatings->value();
    const std::size_t n = std::min(m_projection.x.size(), m_colouring.bucketOfItem.size());
    // a stale mask (the filter has not yet seen a new dataset) greys nothing
    const std::span<const std::uint8_t> mask = m_filter && m_filter->mask().size() == n
        ? m_filter->mask()
        : std::span<const std::uint8_t>();
    int passingDrawn = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (counts.all[i] < minimum || !std::isfinite(m_projection.x[i]) || !std::isfinite(m_projection.y[i]))
            continue; // a neighbour layout places only the items passing the filter it was made with
        m_visible.push_back(static_cast<int>(i));
        if (!mask.empty() && !mask[i]) {
            faint[static_cast<std::size_t>(m_sizeClass[i])].append(QCPGraphData(m_projection.x[i], m_projection.y[i]));
            continue;
        }
        ++passingDrawn;
        const std::size_t b = static_cast<std::size_t>(m_sizeClass[i] * colours + m_colouring.bucketOfItem[i]);
        buckets[b].append(QCPGraphData(m_projection.x[i], m_projection.y[i]));
    }
    if ((m_visible.size() > DensityShading::from) != m_denseStyle) {
        m_denseStyle = !m_denseStyle;
        styleBuckets();
    }
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        // keys are not unique or ordered: let the container sort
        m_bucketGraphs[b]->data()->set(buckets[b], false);
    }
    for (std::size_t s = 0; s < faint.size(); ++s)
        m_faintGraphs[s]->data()->set(faint[s], false);
    showFilterText(passingDrawn);
    for (QCPGraph* g : m_legendGraphs)
        g->setVisible(true);
    m_density->update(m_projection, m_visible);
    fillHighlight();
    updateAxisTitles();
    if (!m_userMovedView)
        resetView();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_lastRedrawMs = clock.nsecsElapsed() / 1e6;
}

void EmbeddingMap::setProjection(core::Projection projection)
{
    if (projection.kind != m_projection.kind)
        m_userMovedView = false; // another space: the old zoom means nothing in it
    m_projection = std::move(projection);
    // a neighbour layout's axes have no units: numbers on them would suggest some
    const bool hasMeaningfulAxes = core::traitsOf(m_projection.kind).hasMeaningfulAxes;
    m_plot->xAxis->setTickLabels(hasMeaningfulAxes);
    m_plot->yAxis->setTickLabels(hasMeaningfulAxes);
    m_projectionBar->showProjected();
    if (m_colouring.isContinuous && static_cast<ColourBy>(m_colourBy->currentData().toInt()) == ColourBy::ItemBias)
        m_colouring = colourItems(*m_workspace, ColourBy::ItemBias);
    fillData();
}

void EmbeddingMap::setHighlight(int selected, const std::vector<int>& neighbours)
{
    m_selected = selected;
    m_neighbours = neighbours;
    fillHighlight();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingMap::setQueryPoint(std::optional<QPointF> point)
{
    m_queryPoint = point;
    m_queryGraph->data()->clear();
    if (point) {
        m_queryGraph->addData(point->x(), point->y());
        if (!m_plot->legend->hasItemWithPlottable(m_queryGraph))
            m_queryGraph->addToLegend();
    } else {
        m_queryGraph->removeFromLegend();
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingMap::setRegion(std::vector<int> items)
{
    m_region = std::move(items);
    fillHighlight();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit regionChanged();
}

void EmbeddingMap::selectInside(const std::vector<QPointF>& pixels, core::SelectionMode mode)
{
    core::Polygon polygon;
    for (const QPointF& p : pixels) {
        polygon.x.push_back(m_plot->xAxis->pixelToCoord(p.x()));
        polygon.y.push_back(m_plot->yAxis->pixelToCoord(p.y()));
    }
    // the drawn items only: what the ratings floor hides is not picked unseen
    const std::vector<int> picked = core::pointsInPolygon(m_projection.x, m_projection.y, m_visible, polygon);
    setRegion(core::combineSelection(m_region, picked, mode));
}

void EmbeddingMap::fillHighlight()
{
    QVector<QCPGraphData> ringed;
    ringed.reserve(static_cast<qsizetype>(m_region.size()));
    const std::vector<int>& counts = m_workspace->itemCounts().all;
    for (int item : m_region)
        if (m_projection.isPlaced(item) && counts[static_cast<std::size_t>(item)] >= m_minRatings->value())
            ringed.append(QCPGraphData(m_projection.x[static_cast<std::size_t>(item)],
                                       m_projection.y[static_cast<std::size_t>(item)]));
    m_regionGraph->data()->set(ringed, false);
    m_selectedGraph->data()->clear();
    m_neighbourGraph->data()->clear();
    const auto n = static_cast<int>(m_projection.x.size());
    for (int item : m_neighbours)
        if (m_projection.isPlaced(item))
            m_neighbourGraph->addData(m_projection.x[static_cast<std::size_t>(item)],
                                      m_projection.y[static_cast<std::size_t>(item)]);
    if (m_selected >= 0 && m_selected < n && m_projection.isPlaced(m_selected))
        m_selectedGraph->addData(m_projection.x[static_cast<std::size_t>(m_selected)],
                                 m_projection.y[static_cast<std::size_t>(m_selected)]);
    m_farMarks->update(m_projection, m_visible, m_selected, m_neighbours);
}

void EmbeddingMap::resetView()
{
    m_userMovedView = false;
    fitView(m_plot, m_projection.bounds(m_visible), 0.06, 0.08); // room for the outermost points' labels
}

double EmbeddingMap::redrawNow()
{
    QElapsedTimer clock;
    clock.start();
    fillData();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
    m_lastRedrawMs = clock.nsecsElapsed() / 1e6;
    return m_lastRedrawMs;
}

int EmbeddingMap::pointCount() const
{
    int count = faintPointCount();
    for (const QCPGraph* g : m_bucketGraphs)
        count += g->dataCount();
    return count;
}

QPoint EmbeddingMap::pixelOf(int item) const
{
    const auto i = static_cast<std::size_t>(item);
    if (!m_projection.isPlaced(item))
        return {};
    return QPointF(m_plot->xAxis->coordToPixel(m_projection.x[i]), m_plot->yAxis->coordToPixel(m_projection.y[i]))
        .toPoint();
}

int EmbeddingMap::itemAt(const QPointF& pixel, double radius) const
{
    int best = -1;
    double bestDistance = radius * radius;
    const double px = m_plot->xAxis->pixelToCoord(pixel.x());
    const double py = m_plot->yAxis->pixelToCoord(pixel.y());
    const double sx = std::abs(m_plot->xAxis->coordToPixel(px + 1) - pixel.x());
    const double sy = std::abs(m_plot->yAxis->coordToPixel(py + 1) - pixel.y());
    for (int i : m_visible) {
        const double dx = (m_projection.x[static_cast<std::size_t>(i)] - px) * sx;
        const double dy = (m_projection.y[static_cast<std::size_t>(i)] - py) * sy;
        const double d = dx * dx + dy * dy;
        // among overlapping points prefer the one drawn on top: passing the filter, then popular
        const auto onTop = [&](int a, int b) {
            const bool passesA = !m_filter || m_filter->passes(a), passesB = !m_filter || m_filter->passes(b);
            if (passesA != passesB)
                return passesA;
            return m_sizeClass[static_cast<std::size_t>(a)] > m_sizeClass[static_cast<std::size_t>(b)];
        };
        if (d < bestDistance || (best >= 0 && d <= bestDistance + 4 && onTop(i, best))) {
            bestDistance = std::min(d, bestDistance);
            best = i;
        }
    }
    return best;
}

void EmbeddingMap::showTooltip(const QPoint& pos)
{
    const int item = itemAt(pos);
    if (item < 0) {
        QToolTip::hideText();
        return;
    }
    const QLocale locale;
    QString text = QStringLiteral("<b>%1</b><br>").arg(m_workspace->itemTitle(item).toHtmlEscaped());
    text += tr("id %1 · row %2 · %3 ratings")
                .arg(m_workspace->itemRawId(item).toHtmlEscaped())
                .arg(item)
                .arg(locale.toString(m_workspace->itemCounts().all[static_cast<std::size_t>(item)]));
    const QString genres = m_workspace->itemGenres(item);
    if (!genres.isEmpty())
        text += QStringLiteral("<br>") + genres.toHtmlEscaped();
    if (m_filter && m_filter->isActive() && !m_filter->passes(item))
        text += QStringLiteral("<br><i>") + tr("outside the filter (%1)").arg(m_filter->description().toHtmlEscaped())
            + QStringLiteral("</i>");
    QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
}

} // namespace embex::ui

namespace embex::ui {

int EmbeddingMap::minimumRatings() const
{
    return m_minRatings->value();
}

std::vector<int> EmbeddingMap::itemsPassingFilter() const
{
    std::vector<int> items;
    const std::vector<int>& counts = m_workspace->itemCounts().all;
    const int minimum = m_minRatings->value();
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] >= minimum)
            items.push_back(static_cast<int>(i));
    return items;
}

bool EmbeddingMap::isShowingDensity() const
{
    return m_density->isShown();
}

} // namespace embex::ui
