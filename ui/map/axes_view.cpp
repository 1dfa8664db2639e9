// SPDX-License-Identifier: MIT
#include "ui/map/axes_view.h"

#include "core/models/model_registry.h"
#include "ui/data/workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    enum Column { LowTitle, LowScore, HighTitle, HighScore, ColumnCount };

    QTreeWidget* makeTree(const QStringList& headers, QWidget* parent)
    {
        auto* tree = new QTreeWidget(parent);
        tree->setColumnCount(ColumnCount);
        tree->setHeaderLabels(headers);
        tree->setRootIsDecorated(false);
        tree->setUniformRowHeights(true);
        tree->setSelectionMode(QAbstractItemView::NoSelection);
        tree->setFocusPolicy(Qt::NoFocus);
        tree->setMouseTracking(true);
        QHeaderView* header = tree->header();
        header->setStretchLastSection(false);
        header->setSectionResizeMode(LowTitle, QHeaderView::Stretch);
        header->setSectionResizeMode(HighTitle, QHeaderView::Stretch);
        header->setSectionResizeMode(LowScore, QHeaderView::ResizeToContents);
        header->setSectionResizeMode(HighScore, QHeaderView::ResizeToContents);
        header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        return tree;
    }

    QString shortTitle(const Workspace& workspace, std::uint32_t item)
    {
        return QString::fromStdString(core::shortTitle(workspace.itemTitle(static_cast<int>(item)).toStdString(), 22));
    }

    // "Star Wars, Raiders … ↔ … Gigi, Emma": the ends read like the axis, low to high.
    QString endsSummary(const Workspace& workspace, const core::ItemEnds& ends, std::size_t shown)
    {
        QStringList low, high;
        for (std::size_t k = 0; k < std::min(shown, ends.low.size()); ++k)
            low << shortTitle(workspace, ends.low[k].item);
        for (std::size_t k = std::min(shown, ends.high.size()); k-- > 0;)
            high << shortTitle(workspace, ends.high[k].item);
        return low.join(QStringLiteral(", ")) + QStringLiteral(" … ↔ … ") + high.join(QStringLiteral(", "));
    }

} // namespace

AxesView::AxesView(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_caption(new QLabel(this))
    , m_minRatings(new QSpinBox(this))
    , m_expanded({ QStringLiteral("PC1"), QStringLiteral("bias") })
{
    m_caption->setWordWrap(true);
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_minRatings->setRange(0, 100000);
    m_minRatings->setValue(static_cast<int>(core::defaultNeighbourMinRatings));
    m_minRatings->setPrefix(tr("lists: ≥ "));
    m_minRatings->setSuffix(tr(" ratings"));
    m_minRatings->setToolTip(tr("Rarely rated items sit at the extremes by noise; the lists leave them out. "
                                "The components are fitted on every item, like the map's."));

    m_tree = makeTree({ tr("Low end"), tr("score"), tr("High end"), tr("score") }, this);
    m_tree->setToolTip(tr("Click an item to select it. Item bias: how much better or worse an item is rated than "
                          "its audience's taste predicts"));
    m_tree->viewport()->installEventFilter(this);
    connect(m_tree, &QTreeWidget::itemExpanded, this,
            [this](QTreeWidgetItem* item) { m_expanded.insert(item->data(0, Qt::UserRole + 1).toString()); });
    connect(m_tree, &QTreeWidget::itemCollapsed, this,
            [this](QTreeWidgetItem* item) { m_expanded.remove(item->data(0, Qt::UserRole + 1).toString()); });

    m_scatter = new QCustomPlot(this);
    m_scatter->setMinimumWidth(240);
    m_scatter->plotLayout()->insertRow(0);
    auto* title = new QCPTextElement(m_scatter, QString(), QFont(font().family(), font().pointSize()));
    m_scatter->plotLayout()->addElement(0, 0, title);
    m_scatter->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_scatter->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    m_scatter->xAxis->setLabel(tr("ratings (log scale)"));
    m_scatter->yAxis->setLabel(tr("vector length ‖q‖"));
    QCPGraph* points = m_scatter->addGraph();
    points->setLineStyle(QCPGraph::lsNone);
    points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180, 110), 4));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_caption, 1);
    bar->addWidget(m_minRatings);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tree);
    split->addWidget(m_scatter);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_tree, &QTreeWidget::itemClicked, this, &AxesView::onItemClicked);
    connect(m_minRatings, &QSpinBox::valueChanged, this, &AxesView::request);
    connect(workspace, &Workspace::datasetChanged, this, &AxesView::onDatasetChanged);
    connect(workspace, &Workspace::metadataChanged, this, &AxesView::fillTree);
    connect(workspace, &Workspace::snapshotChanged, this, &AxesView::request);
    onDatasetChanged();
}

AxesView::~AxesView() = default;

void AxesView::setMinimumRatings(int count)
{
    m_minRatings->setValue(count);
}

void AxesView::onDatasetChanged()
{
    m_jobs.discard(m_job);
    m_job = 0;
    m_pending.reset();
    m_axes.reset();
    const auto& dataset = m_workspace->dataset();
    const std::vector<int>& all = m_workspace->itemCounts().all;
    if (dataset && !dataset->ratings.empty())
        m_counts = std::make_shared<const std::vector<std::uint32_t>>(all.begin(), all.end());
    else
        m_counts = std::make_shared<const std::vector<std::uint32_t>>();
    m_minRatings->setEnabled(!m_counts->empty());
    fillTree();
    fillScatter();
    request();
}

void AxesView::request()
{
    m_pending = m_workspace->snapshot();
    if (m_job == 0)
        startNext();
}

void AxesView::startNext()
{
    if (!m_pending) {
        if (!m_workspace->snapshot())
            m_caption->setText(m_workspace->hasDataset() ? tr("The axes appear after the first training epoch.")
                                                         : tr("Open a dataset and train a model to see what its "
                                                              "axes mean."));
        return;
    }
    auto snapshot = std::move(m_pending);
    m_pending.reset();
    core::AxesConfig config;
    config.minRatings = static_cast<std::uint32_t>(m_minRatings->value());
    auto counts = m_counts;
    if (static_cast<core::Index>(counts->size()) != snapshot->itemEmbeddings().rows())
        counts = std::make_shared<const std::vector<std::uint32_t>>();
    m_job = m_jobs.start("embex-axes", [this, snapshot, counts, config, previous = m_axes](const JobContext& job) {
        core::AxesConfig c = config;
        c.ratingCounts = *counts;
        c.alignWith = previous && previous->isValid() ? &previous->pca : nullptr;
        std::shared_ptr<const core::EmbeddingAxes> axes;
        try {
            axes = std::make_shared<const core::EmbeddingAxes>(core::computeEmbeddingAxes(*snapshot, c));
        } catch (const std::exception& e) {
            auto failed = std::make_shared<core::EmbeddingAxes>();
            failed->problem = e.what();
            axes = std::move(failed);
        }
        job.post([this, axes, epoch = snapshot->epoch] { showAxes(axes, epoch); });
    });
}

void AxesView::showAxes(std::shared_ptr<const core::EmbeddingAxes> axes, int epoch)
{
    m_job = 0;
    m_axes = std::move(axes);
    m_shownEpoch = epoch;
    fillTree();
    fillScatter();
    emit updated();
    startNext();
}

QTreeWidgetItem* AxesView::biasGroup() const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == QLatin1String("bias"))
            return m_tree->topLevelItem(i);
    return nullptr;
}

QString AxesView::fitted(const QStringList& forms) const
{
    QFont bold = m_tree->font();
    bold.setBold(true);
    const QFontMetricsF metrics(bold);
    const double room = m_tree->viewport()->width() - 12;
    for (const QString& form : forms)
        if (metrics.horizontalAdvance(form) <= room)
            return form;
    return forms.isEmpty() ? QString() : forms.back();
}

QTreeWidgetItem* AxesView::addGroup(const QString& key, const QStringList& forms)
{
    auto* group = new QTreeWidgetItem(m_tree);
    group->setText(0, fitted(forms));
    group->setToolTip(0, forms.front());
    group->setData(0, Qt::UserRole + 2, forms);
    group->setData(0, Qt::UserRole + 1, key);
    QFont bold = group->font(0);
    bold.setBold(true);
    group->setFont(0, bold);
    group->setFirstColumnSpanned(true);
    group->setFlags(Qt::ItemIsEnabled);
    return group;
}

bool AxesView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem* group = m_tree->topLevelItem(i);
            group->setText(0, fitted(group->data(0, Qt::UserRole + 2).toStringList()));
        }
    return QWidget::eventFilter(watched, event);
}

void AxesView::fillTree()
{
    const int scrolled = m_tree->verticalScrollBar()->value();
    m_tree->clear();
    if (!m_axes)
        return;
    const QLocale locale;
    if (!m_axes->isValid()) {
        m_caption->setText(tr("No axes: %1").arg(QString::fromStdString(m_axes->problem)));
        return;
    }
    QString caption = tr("Epoch %1 · the first %2 principal components of %3 item vectors")
                          .arg(m_shownEpoch)
                          .arg(m_axes->components.size())
                          .arg(locale.toString(static_cast<qlonglong>(m_axes->pca.coordinates.rows())));
    if (m_axes->minRatings > 0)
        caption += tr("; the lists leave out items with fewer than %1 ratings (%2 items remain)")
                       .arg(m_axes->minRatings)
                       .arg(locale.toString(static_cast<qlonglong>(m_axes->eligible)));
    m_caption->setText(caption);
    for (const core::PrincipalAxis& axis : m_axes->components) {
        const QString key = QStringLiteral("PC%1").arg(axis.index);
        const QString share = locale.toString(100 * axis.explainedVarianceRatio, 'f', 1);
        QTreeWidgetItem* group = addGroup(
            key,
            QStringList { tr("%1 · %2% of variance:  %3").arg(key, share, endsSummary(*m_workspace, axis.ends, 2)),
                          tr("%1 · %2%:  %3").arg(key, share, endsSummary(*m_workspace, axis.ends, 2)),
                          tr("%1 · %2%:  %3").arg(key, share, endsSummary(*m_workspace, axis.ends, 1)),
                          tr("%1 · %2% of variance").arg(key, share) });
        addEnds(group, axis.ends);
        group->setExpanded(m_expanded.contains(key));
    }
    if (m_axes->bias) {
        QTreeWidgetItem* group = addGroup(
            QStringLiteral("bias"),
            QStringList { tr("Item bias:  %1").arg(endsSummary(*m_workspace, *m_axes->bias, 2)),
                          tr("Item bias:  %1").arg(endsSummary(*m_workspace, *m_axes->bias, 1)), tr("Item bias") });
        addEnds(group, *m_axes->bias);
        group->setExpanded(m_expanded.contains(QStringLiteral("bias")));
    } else {
        const auto& snapshot = m_workspace->snapshot();
        const auto kind = snapshot ? core::findModelKind(snapshot->modelKind) : std::nullopt;
        const std::string_view label = kind ? core::traitsOf(*kind).label : std::string_view();
        const QString model = kind ? QString::fromUtf8(label.data(), static_cast<qsizetype>(label.size()))
                                   : tr("imported vectors");
        QTreeWidgetItem* note = addGroup(QStringLiteral("bias"),
                                         QStringList { tr("Item bias: none in this model (%1). Dot product + biases "
                                                          "and explicit ALS learn one per item.")
                                                           .arg(model),
                                                       tr("Item bias: none in this model (%1)").arg(model),
                                                       tr("No item bias") });
        note->setForeground(0, palette().brush(QPalette::Disabled, QPalette::Text));
        QFont plain = note->font(0);
        plain.setBold(false);
        note->setFont(0, plain);
    }
    m_tree->verticalScrollBar()->setValue(scrolled);
}

void AxesView::addEnds(QTreeWidgetItem* parent, const core::ItemEnds& ends)
{
    const std::size_t rows = std::max(ends.low.size(), ends.high.size());
    const QLocale locale;
    const std::vector<int>& counts = m_workspace->itemCounts().all;
    auto setCell = [&](QTreeWidgetItem* row, int titleColumn, const core::ScoredItem& s) {
        const int item = static_cast<int>(s.item);
        row->setText(titleColumn, m_workspace->itemTitle(item));
        row->setData(titleColumn, Qt::UserRole, item);
        QString tip = tr("%1\nid %2").arg(m_workspace->itemTitle(item), m_workspace->itemRawId(item));
        if (static_cast<std::size_t>(item) < counts.size())
            tip += tr(" · %1 ratings").arg(locale.toString(counts[static_cast<std::size_t>(item)]));
        row->setToolTip(titleColumn, tip + tr("\nclick to select"));
        row->setText(titleColumn + 1, locale.toString(s.score, 'f', 3));
        row->setTextAlignment(titleColumn + 1, Qt::AlignRight | Qt::AlignVCenter);
    };
    for (std::size_t k = 0; k < rows; ++k) {
        auto* row = new QTreeWidgetItem(parent);
        row->setFlags(Qt::ItemIsEnabled);
        if (k < ends.low.size())
            setCell(row, LowTitle, ends.low[k]);
        if (k < ends.high.size())
            setCell(row, HighTitle, ends.high[k]);
    }
}

void AxesView::fillScatter()
{
    QCPGraph* points = m_scatter->graph(0);
    auto* title = qobject_cast<QCPTextElement*>(m_scatter->plotLayout()->element(0, 0));
    QVector<QCPGraphData> data;
    const core::NormPopularity* norms = m_axes && m_axes->isValid() ? &m_axes->normPopularity : nullptr;
    if (norms && norms->hasCorrelation()) {
        data.reserve(static_cast<qsizetype>(norms->points.size()));
        double lowest = 1e300, highest = 0, longest = 0;
        for (const core::NormPopularity::Point& p : norms->points) {
            data.append(QCPGraphData(p.ratings, p.norm));
            lowest = std::min(lowest, static_cast<double>(p.ratings));
            highest = std::max(highest, static_cast<double>(p.ratings));
            longest = std::max(longest, static_cast<double>(p.norm));
        }
        m_scatter->xAxis->setRange(std::max(0.7, lowest * 0.8), highest * 1.25);
        m_scatter->yAxis->setRange(0, longest * 1.05);
        title->setText(tr("Vector length against popularity\nr = %1 over %2 rated items")
                           .arg(QLocale().toString(norms->correlation, 'f', 2))
                           .arg(QLocale().toString(static_cast<qlonglong>(norms->items))));
        title->setTextColor(Qt::black);
    } else {
        title->setText(m_axes ? tr("Vector length against popularity\n(no ratings to compare with)")
                              : tr("Vector length against popularity"));
        title->setTextColor(Qt::darkGray);
    }
    points->data()->set(data, false);
    m_scatter->setToolTip(tr("A strong correlation means a vector's length mostly says how often the item was "
                             "rated; cosine similarity ignores length, the dot product does not"));
    m_scatter->replot(QCustomPlot::rpQueuedReplot);
}

void AxesView::onItemClicked(QTreeWidgetItem* row, int column)
{
    const int titleColumn = column < HighTitle ? LowTitle : HighTitle;
    const QVariant item = row->data(titleColumn, Qt::UserRole);
    if (item.isValid())
        m_workspace->selectItem(item.toInt());
}

} // namespace embex::ui
