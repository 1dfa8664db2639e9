// SPDX-License-Identifier: MIT
#include "ui/training/training_plot.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <qcustomplot.h>

namespace embex::ui {
namespace {

    constexpr double smoothing = 0.3; // exponential moving average weight of a new batch

    QCPGraph* makeGraph(QCustomPlot* plot, const QString& name, const QColor& colour, double width,
                        QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssNone)
    {
        QCPGraph* g = plot->addGraph();
        g->setName(name);
        g->setPen(QPen(colour, width));
        if (shape != QCPScatterStyle::ssNone)
            g->setScatterStyle(QCPScatterStyle(shape, colour, Qt::white, 7));
        return g;
    }

} // namespace

TrainingPlot::TrainingPlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_log(new QCheckBox(tr("Logarithmic loss axis"), this))
    , m_summary(new QLabel(this))
{
    m_rawBatch = makeGraph(m_plot, tr("batch loss"), QColor(31, 119, 180, 60), 1);
    m_smoothBatch = makeGraph(m_plot, tr("batch loss (smoothed)"), QColor(31, 119, 180), 2);
    m_trainEpoch = makeGraph(m_plot, tr("training loss per epoch"), QColor(44, 160, 44), 2, QCPScatterStyle::ssCircle);
    m_validationEpoch = makeGraph(m_plot, tr("validation loss per epoch"), QColor(214, 39, 40), 2,
                                  QCPScatterStyle::ssDiamond);
    m_best = m_plot->addGraph();
    m_best->setName(tr("best epoch"));
    m_best->setLineStyle(QCPGraph::lsNone);
    m_best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(0, 0, 0), 14));
    m_bestLabel = new QCPItemText(m_plot);
    m_bestLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_bestLabel->setPadding(QMargins(6, 0, 0, 6));
    m_bestLabel->setVisible(false);
    m_plot->legend->removeItem(m_plot->legend->itemWithPlottable(m_rawBatch)); // the faint cloud needs no entry
    // legend in one row above the axes, so it never covers the curves
    m_plot->legend->setVisible(true);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(4); // the open run's four entries, then the overlaid runs below
    m_plot->legend->setColumnSpacing(16);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->legend->setMargins(QMargins(4, 2, 4, 0));
    m_plot->xAxis->setLabel(tr("epoch"));
    auto epochTicks = QSharedPointer<QCPAxisTickerFixed>::create();
    epochTicks->setTickStep(1.0);
    epochTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples); // 1, 2, 5, 10… epochs, never 2.5
    m_plot->xAxis->setTicker(epochTicks);
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_log);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    connect(m_log, &QCheckBox::toggled, this, &TrainingPlot::setLogScale);
    // fast runs report hundreds of points a second: repaint at most 20 times a second
    m_replotTimer = new QTimer(this);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(50);
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        fitAxes();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    clear(1);
}

QString TrainingPlot::summary() const
{
    return m_summary->text();
}

void TrainingPlot::clear(int epochs, bool sampledLoss)
{
    m_epochs = std::max(1, epochs);
    m_sampledLoss = sampledLoss;
    for (QCPGraph* g : { m_rawBatch, m_smoothBatch, m_trainEpoch, m_validationEpoch, m_best })
        g->data()->clear();
    m_bestLabel->setVisible(false);
    m_hasSmoothed = false;
    m_bestEpoch = 0;
    m_yMin = std::numeric_limits<double>::infinity();
    m_yMax = -std::numeric_limits<double>::infinity();
    m_summary->setText(tr("Train a model to see its loss fall here."));
    fitAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPlot::addBatchLoss(double x, double loss)
{
    if (!std::isfinite(loss))
        return;
    m_smoothed = m_hasSmoothed ? (1 - smoothing) * m_smoothed + smoothing * loss : loss;
    m_hasSmoothed = true;
    m_rawBatch->addData(x, loss);
    m_smoothBatch->addData(x, m_smoothed);
    includeInRange(m_smoothed);
    scheduleReplot();
}

void TrainingPlot::addEpoch(const core::EpochReport& r)
{
    const QLocale locale;
    m_trainEpoch->addData(r.epoch, r.trainLoss);
    includeInRange(r.trainLoss);
    const bool hasValidation = std::isfinite(r.validationLoss);
    if (hasValidation) {
        m_validationEpoch->addData(r.epoch, r.validationLoss);
        includeInRange(r.validationLoss);
    }
    const double judged = hasValidation ? r.validationLoss : r.trainLoss;
    if (std::isfinite(judged) && (m_bestEpoch == 0 || judged < m_bestLoss)) {
        m_bestEpoch = r.epoch;
        m_bestLoss = judged;
        m_best->data()->clear();
        m_best->addData(r.epoch, judged);
        m_bestLabel->position->setCoords(r.epoch, judged);
        // near the right edge the label goes left of the star so it is not clipped
        const bool late = r.epoch > 0.7 * m_epochs;
        m_bestLabel->setPositionAlignment((late ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        m_bestLabel->setPadding(late ? QMargins(0, 8, 10, 0) : QMargins(10, 8, 0, 0));
        m_bestLabel->setText(tr("best: epoch %1").arg(r.epoch));
        m_bestLabel->setVisible(true);
    }
    // The legend has no room for it: the summary says when training and validation losses differ in kind.
    QString text = (m_sampledLoss ? tr("Epoch %1: sampled training loss %2") : tr("Epoch %1: training loss %2"))
                       .arg(r.epoch)
                       .arg(locale.toString(r.trainLoss, 'f', 4));
    if (hasValidation)
        text += (m_sampledLoss ? tr(", exact validation loss %1") : tr(", validation loss %1"))
                    .arg(locale.toString(r.validationLoss, 'f', 4));
    if (auto it = r.metrics.find("rmse"); it != r.metrics.end())
        text += tr(", RMSE %1").arg(locale.toString(it->second, 'f', 4));
    if (m_bestEpoch > 0)
        text += tr(" · best epoch %1").arg(m_bestEpoch);
    m_summary->setText(text);
    scheduleReplot();
}

void TrainingPlot::setOverlays(const std::vector<PlotOverlay>& overlays)
{
    // colours apart from the open run's blue, green and red
    static const QColor palette[] = { QColor(148, 103, 189), QColor(255, 127, 14),  QColor(23, 190, 207),
                                      QColor(140, 86, 75),   QColor(227, 119, 194), QColor(188, 189, 34),
                                      QColor(127, 127, 127) };
    for (QCPGraph* g : m_overlays)
        m_plot->removeGraph(g);
    m_overlays.clear();
    m_overlayEpochs = 0;
    m_overlayMin = std::numeric_limits<double>::infinity();
    m_overlayMax = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < overlays.size(); ++i) {
        const PlotOverlay& overlay = overlays[i];
        const bool hasValidation = std::any_of(
            overlay.history.begin(), overlay.history.end(),
            [](const core::EpochReport& r) { return std::isfinite(r.validationLoss); });
        QCPGraph* g = makeGraph(m_plot, hasValidation ? overlay.name : tr("%1 (training)").arg(overlay.name),
                                palette[i % std::size(palette)], 2, QCPScatterStyle::ssTriangle);
        QPen pen = g->pen();
        pen.setStyle(Qt::DashLine);
        g->setPen(pen);
        for (const core::EpochReport& r : overlay.history) {
            const double y = hasValidation ? r.validationLoss : r.trainLoss;
            if (!std::isfinite(y))
                continue;
            g->addData(r.epoch, y);
            m_overlayMin = std::min(m_overlayMin, y);
            m_overlayMax = std::max(m_overlayMax, y);
            m_overlayEpochs = std::max(m_overlayEpochs, r.epoch);
        }
        m_overlays.push_back(g);
    }
    fitAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void TrainingPlot::setLogScale(bool logScale)
{
    if (m_log->isChecked() != logScale)
        m_log->setChecked(logScale);
    m_plot->yAxis->setScaleType(logScale ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logScale)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    fitAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPlot::batchPointCount() const
{
    return m_smoothBatch->dataCount();
}

int TrainingPlot::epochPointCount() const
{
    return m_trainEpoch->dataCount();
}

void TrainingPlot::includeInRange(double value)
{
    if (!std::isfinite(value))
        return;
    m_yMin = std::min(m_yMin, value);
    m_yMax = std::max(m_yMax, value);
}

void TrainingPlot::fitAxes()
{
    // room for the best-epoch star when the last epoch is the best one
    m_plot->xAxis->setRange(0, std::max(m_epochs, m_overlayEpochs) * 1.02 + 0.3);
    const double yMin = std::min(m_yMin, m_overlayMin);
    const double yMax = std::max(m_yMax, m_overlayMax);
    if (!(yMax >= yMin)) {
        m_plot->yAxis->setRange(m_log->isChecked() ? 0.1 : 0, 1);
        return;
    }
    // fit the smoothed and per-epoch curves; the raw batch cloud may overflow the top
    if (m_log->isChecked()) {
        const double low = std::max(yMin, 1e-6);
        m_plot->yAxis->setRange(low / 1.3, std::max(yMax, low) * 1.3);
    } else {
        const double pad = std::max(0.05 * (yMax - yMin), 1e-3);
        m_plot->yAxis->setRange(std::max(0.0, yMin - pad), yMax + pad);
    }
}

} // namespace embex::ui
