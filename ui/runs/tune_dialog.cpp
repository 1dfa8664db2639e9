// SPDX-License-Identifier: MIT
#include "ui/runs/tune_dialog.h"

#include "core/models/model_registry.h"
#include "ui/data/workspace.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>
#include <memory>
#include <thread>

namespace embex::ui {
namespace {

    QString text(std::string_view s)
    {
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    }

    QString figure(double value)
    {
        return std::isfinite(value) ? QString::number(value, 'f', 4) : QStringLiteral("–");
    }

} // namespace

TuneDialog::TuneDialog(Workspace* workspace, const core::TrainConfig& base, const core::SplitSpec& split,
                       QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_base(base)
    , m_split(split)
    , m_model(new QComboBox(this))
    , m_grid(new QLineEdit(this))
    , m_hints(new QLabel(this))
    , m_random(new QSpinBox(this))
    , m_metric(new QComboBox(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_plotGrid(new QGridLayout)
{
    setWindowTitle(tr("Tune settings — Embex"));
    for (const core::ModelTraits& traits : core::modelRegistry())
        m_model->addItem(text(traits.label), static_cast<int>(traits.kind));
    m_model->setCurrentIndex(m_model->findData(static_cast<int>(base.model)));
    m_grid->setText(QStringLiteral("dim=16,32,64;reg=0.01,0.05,0.1"));
    m_grid->setToolTip(tr("Parameters split by ';', values by ','. Every combination is one trial."));
    m_hints->setWordWrap(true);
    m_hints->setTextFormat(Qt::RichText);
    m_hints->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_random->setRange(0, 10000);
    m_random->setSpecialValueText(tr("all of the grid"));
    m_random->setToolTip(tr("Try this many settings drawn from the grid (seeded by the model's seed)"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);

    auto* form = new QFormLayout;
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Grid:"), m_grid);
    form->addRow(QString(), m_hints);
    form->addRow(tr("Random trials:"), m_random);
    form->addRow(tr("Choose by:"), m_metric);
    auto* note = new QLabel(tr("Each trial trains on part of the training ratings and is scored on the rest of them; "
                               "the test ratings are used once, for the best settings retrained on every training "
                               "rating."),
                            this);
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    m_start = buttons->addButton(tr("&Tune"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(tr("&Cancel tuning"), QDialogButtonBox::ActionRole);
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_start, &QPushButton::clicked, this, &TuneDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &TuneDialog::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addLayout(m_plotGrid, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_model, &QComboBox::currentIndexChanged, this, &TuneDialog::modelChanged);
    // a tune's runs belong to the dataset it started on
    connect(m_workspace, &Workspace::datasetChanged, this, [this] {
        if (m_job)
            m_jobs.discard(m_job);
    });
    modelChanged();
    setRunning(false);
    resize(760, 640);
}

void TuneDialog::setBase(const core::TrainConfig& base, const core::SplitSpec& split)
{
    m_base = base;
    m_split = split;
    m_model->setCurrentIndex(m_model->findData(static_cast<int>(base.model)));
}

core::ModelKind TuneDialog::modelKind() const
{
    return static_cast<core::ModelKind>(m_model->currentData().toInt());
}

void TuneDialog::modelChanged()
{
    const core::ModelKind kind = modelKind();
    QStringList hints;
    for (const core::TunableParameter* p : core::tunableParametersOf(kind))
        hints << QStringLiteral("<b>%1</b> %2").arg(text(p->name), text(p->hint).toHtmlEscaped());
    m_hints->setText(QStringLiteral("<small>%1</small>").arg(hints.join(QStringLiteral(" · "))));
    const bool implicit = m_workspace->hasDataset() && m_workspace->dataset()->isImplicit();
    m_metric->clear();
    for (const QString& name : text(core::tuneMetricList(kind, implicit)).split(QStringLiteral(", ")))
        m_metric->addItem(name);
}

void TuneDialog::setRunning(bool running)
{
    m_start->setEnabled(!running);
    m_cancel->setEnabled(running);
    for (QWidget* w : std::initializer_list<QWidget*> { m_model, m_grid, m_random, m_metric })
        w->setEnabled(!running);
}

bool TuneDialog::start()
{
    if (m_job)
        return false;
    if (!m_workspace->hasDataset()) {
        m_status->setText(tr("Open a ratings file first."));
        return false;
    }
    const core::ModelKind kind = modelKind();
    const core::GridParse grid = core::parseTuneGrid(m_grid->text().toStdString(), kind);
    if (!grid.ok()) {
        m_status->setText(text(grid.error));
        return false;
    }
    const bool implicit = m_workspace->dataset()->isImplicit();
    const core::MetricParse metric = core::parseTuneMetric(m_metric->currentText().toStdString(), kind, implicit);
    if (!metric.ok()) {
        m_status->setText(text(metric.error));
        return false;
    }
    if (kind == m_base.model) {
        m_spec.base = m_base;
    } else {
        m_spec.base = core::defaultTrainConfig(kind);
        m_spec.base.threads = core::defaultThreads(kind, static_cast<int>(std::thread::hardware_concurrency()));
        m_spec.base.seed = m_base.seed;
    }
    m_spec.grid = grid.grid;
    m_spec.metric = metric.metric;
    m_spec.randomTrials = m_random->value();
    m_spec.seed = m_spec.base.seed;
    m_trials.clear();
    resetPlots();
    m_progress->setValue(0);
    m_status->setText(tr("Tuning %n trial(s)…", nullptr,
                         static_cast<int>(core::tuneTrialSettings(m_spec.grid, m_spec.randomTrials, 0).size())));

    std::shared_ptr<const core::TrainData> data = m_workspace->trainDataFor(m_split);
    const bool ranks = core::isRanking(kind, implicit);
    if (data)
        m_trialSplit = core::carveLabel(ranks, m_spec.seed) + " of " + m_workspace->splitLabel();
    const auto dataset = m_workspace->dataset();
    const Workspace::Sides sides = m_workspace->sides();
    const core::SplitSpec split = m_split;
    const core::TuneSpec spec = m_spec;
    m_job = m_jobs.start(
        "tune",
        [this, data, dataset, sides, split, spec, ranks](const JobContext& context) {
            try {
                std::shared_ptr<const core::TrainData> trainData = data;
                if (!trainData) {
                    core::SplitOutcome made = core::splitForTraining(
                        *dataset, split, *sides.metadata, sides.userAttributes.get(), sides.itemAttributes.get());
                    if (!made.ok()) {
                        context.post([this, why = made.error.toString()] { m_status->setText(text(why)); });
                        return;
                    }
                    trainData = made.data;
                    context.post([this, trainData, split, ranks, seed = spec.seed] {
                        m_workspace->setTrainData(trainData, split);
                        m_trialSplit = core::carveLabel(ranks, seed) + " of " + m_workspace->splitLabel();
                    });
                }
                int trial = 0, trials = 1;
                core::TuneCallbacks callbacks;
                callbacks.trialStarted = [&](int t, int n) {
                    trial = t;
                    trials = n;
                };
                callbacks.progress = [&](int epoch, double fraction) {
                    const double done = (trial + (epoch - 1 + fraction) / std::max(1, spec.base.epochs)) / (trials + 1);
                    context.post([this, done] { m_progress->setValue(static_cast<int>(1000 * done)); });
                };
                callbacks.trialFinished = [&](const core::TuneTrial& t) { context.post([this, t] { addTrial(t); }); };
                callbacks.finalStarted = [&](const core::TrainConfig&) {
                    trial = trials;
                    context.post([this] {
                        m_status->setText(tr("Retraining the best settings on every training "
                                             "rating, then testing once…"));
                    });
                };
                auto outcome = std::make_shared<core::TuneOutcome>(
                    core::tune(*trainData, spec, callbacks, context.stopToken()));
                context.post([this, outcome] { finish(std::move(*outcome)); });
            } catch (const std::exception& e) {
                context.post(
                    [this, why = std::string(e.what())] { m_status->setText(tr("Tuning failed: %1").arg(text(why))); });
            }
        },
        [this] {
            m_job = 0;
            setRunning(false);
            emit finished();
        });
    setRunning(true);
    return true;
}

void TuneDialog::cancel()
{
    if (m_job)
        m_jobs.requestStop(m_job);
}

void TuneDialog::resetPlots()
{
    for (QCustomPlot* plot : m_plots)
        delete plot;
    m_plots.clear();
    const int columns = m_spec.grid.axes.size() > 1 ? 2 : 1;
    for (std::size_t a = 0; a < m_spec.grid.axes.size(); ++a) {
        auto* plot = new QCustomPlot(this);
        plot->setMinimumSize(220, 160);
        plot->xAxis->setLabel(text(m_spec.grid.axes[a].parameter->name));
        plot->yAxis->setLabel(tr("validation %1").arg(text(m_spec.metric.key)));
        QCPGraph* trials = plot->addGraph();
        trials->setLineStyle(QCPGraph::lsNone);
        trials->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180), 7));
        trials->setName(tr("trial"));
        QCPGraph* best = plot->addGraph();
        best->setLineStyle(QCPGraph::lsNone);
        best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(214, 39, 40), 14));
        best->setName(tr("best"));
        const auto& values = m_spec.grid.axes[a].values;
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        const double pad = *high > *low ? 0.08 * (*high - *low) : std::max(1e-3, 0.1 * std::abs(*low));
        if (*low > 0 && *high / *low >= 10) { // reg=0.01,0.1,1 reads as a row, not a heap at 0
            plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
            plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
            plot->xAxis->setRange(*low / 1.5, *high * 1.5);
        } else {
            plot->xAxis->setRange(*low - pad, *high + pad);
        }
        m_plotGrid->addWidget(plot, static_cast<int>(a) / columns, static_cast<int>(a) % columns);
        m_plots.push_back(plot);
    }
}

void TuneDialog::addTrial(core::TuneTrial trial)
{
    m_workspace->addRun(core::trialRun(trial, m_spec.grid, m_trialSplit));
    trial.outcome.snapshot.reset(); // the run keeps the weights; the plots need only the numbers
    m_trials.push_back(std::move(trial));
    const core::TuneTrial& t = m_trials.back();
    m_status->setText(tr("Trial %1: %2, validation %3 %4")
                          .arg(t.index + 1)
                          .arg(text(t.settingsLabel(m_spec.grid)), text(m_spec.metric.key), figure(t.value)));
    replot();
    emit trialFinished(t.index);
}

void TuneDialog::replot()
{
    const core::TuneTrial* best = nullptr;
    for (const core::TuneTrial& t : m_trials)
        if (std::isfinite(t.value) && (!best || m_spec.metric.score(t.value) > m_spec.metric.score(best->value)))
            best = &t;
    for (std::size_t a = 0; a < m_plots.size(); ++a) {
        QVector<double> x, y;
        for (const core::TuneTrial& t : m_trials)
            if (std::isfinite(t.value)) {
                x << t.values[a];
                y << t.value;
            }
        m_plots[a]->graph(0)->setData(x, y);
        m_plots[a]->graph(1)->data()->clear();
        if (best)
            m_plots[a]->graph(1)->addData(best->values[a], best->value);
        m_plots[a]->yAxis->rescale();
        m_plots[a]->yAxis->scaleRange(1.2);
        m_plots[a]->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TuneDialog::finish(core::TuneOutcome outcome)
{
    m_progress->setValue(m_progress->maximum());
    if (outcome.status == core::TuneOutcome::Status::Stopped) {
        m_status->setText(tr("Cancelled after %n trial(s); the finished ones are in the Runs tab.", nullptr,
                             static_cast<int>(outcome.trials.size())));
        return;
    }
    if (outcome.best < 0) {
        m_status->setText(tr("No trial gave a validation %1 (every one diverged?).").arg(text(m_spec.metric.key)));
        return;
    }
    const core::TuneTrial& best = outcome.trials[static_cast<std::size_t>(outcome.best)];
    const auto test = outcome.test.find(m_spec.metric.key);
    m_status->setText(tr("Best: %1 — validation %2 %3; test %2 %4 (retrained on every training rating).")
                          .arg(text(best.settingsLabel(m_spec.grid)), text(m_spec.metric.key), figure(best.value),
                               figure(test == outcome.test.end() ? NAN : test->second)));
    core::TrainingRun run = core::bestRun(outcome, m_spec.grid, m_workspace->splitLabel());
    if (run.snapshot) {
        m_workspace->addRun(std::move(run));
        m_workspace->openRun(static_cast<int>(m_workspace->runs().size()) - 1);
    }
}

} // namespace embex::ui
