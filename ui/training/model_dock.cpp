// SPDX-License-Identifier: MIT
#include "ui/training/model_dock.h"

#include "ui/training/training_controller.h"

#include "core/models/model_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <cmath>
#include <stdexcept>

namespace embex::ui {
namespace {

    QString duration(double seconds)
    {
        const auto s = static_cast<long long>(std::lround(seconds));
        if (s >= 3600)
            return QStringLiteral("%1:%2:%3")
                .arg(s / 3600)
                .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                .arg(s % 60, 2, 10, QLatin1Char('0'));
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    }

} // namespace

ModelDock::ModelDock(QWidget* parent)
    : QDockWidget(tr("Model"), parent)
{
    setObjectName(QStringLiteral("modelDock"));
    auto* body = new QWidget(this);
    m_kind = new QComboBox(body);
    m_kind->setObjectName(QStringLiteral("modelKind"));
    QStringList summaries;
    for (const core::ModelTraits& row : core::modelRegistry()) {
        m_kind->addItem(QString::fromUtf8(row.label.data(), static_cast<qsizetype>(row.label.size())),
                        static_cast<int>(row.kind));
        summaries << QString::fromUtf8(row.summary.data(), static_cast<qsizetype>(row.summary.size()));
    }
    m_kind->setToolTip(summaries.join(QLatin1Char('\n')));
    m_dimension = new QSpinBox(body);
    m_dimension->setRange(2, 512);
    m_dimension->setToolTip(
        tr("Length of each user and item vector. More captures finer taste but overfits small data."));
    m_epochs = new QSpinBox(body);
    m_epochs->setRange(1, 1000);
    m_epochs->setToolTip(tr("Passes over the training ratings."));
    m_batch = new QSpinBox(body);
    m_batch->setRange(1, 1 << 20);
    m_batch->setToolTip(tr("Ratings per gradient step. Larger is faster per epoch, smaller learns more per epoch."));
    m_learningRate = new QDoubleSpinBox(body);
    m_learningRate->setObjectName(QStringLiteral("learningRate"));
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 1000.0); // large values are allowed: divergence is caught and explained
    m_learningRate->setSingleStep(0.001);
    m_learningRate->setToolTip(
        tr("Step size. Too large diverges (the run stops and suggests a smaller one); too small crawls."));
    m_regularization = new QDoubleSpinBox(body);
    m_regularization->setDecimals(5);
    m_regularization->setRange(0.0, 100.0);
    m_regularization->setSingleStep(0.001);
    m_regularization->setToolTip(
        tr("L2 penalty on the weights; raise it when validation loss climbs while training loss falls."));
    m_optimizer = new QComboBox(body);
    m_optimizer->setObjectName(QStringLiteral("optimizer"));
    QStringList optimizerSummaries { tr("How gradients become updates; ALS ignores this.") };
    for (const core::OptimizerTraits& row : core::optimizerRegistry()) {
        m_optimizer->addItem(QString::fromUtf8(row.label.data(), static_cast<qsizetype>(row.label.size())),
                             static_cast<int>(row.kind));
        optimizerSummaries << QString::fromUtf8(row.summary.data(), static_cast<qsizetype>(row.summary.size()));
    }
    m_optimizer->setToolTip(optimizerSummaries.join(QLatin1Char('\n')));
    m_negatives = new QSpinBox(body);
    m_negatives->setObjectName(QStringLiteral("negatives"));
    m_negatives->setRange(0, 1 << 20);
    m_negatives->setSingleStep(128);
    m_negatives->setSpecialValueText(tr("exact (all items)"));
    m_negatives->setToolTip(tr("Softmax only: the negatives a batch shares (sampled softmax, corrected for "
                               "popularity). A catalogue no larger than this, or 0, trains the exact softmax "
                               "over every item, which costs items × dimension a rating. A sampled run's "
                               "training loss is the sampled loss, which runs below the exact validation loss."));
    m_implicitTerm = new QCheckBox(tr("Implicit term (SVD++)"), body);
    m_implicitTerm->setObjectName(QStringLiteral("implicitTerm"));
    m_implicitTerm->setToolTip(tr("Dot product + biases only: each user is also the normalised sum of vectors of the "
                                  "items they rated (SVD++, Koren 2008), which predicts ratings a little better. It "
                                  "trains user by user on one thread, whatever the thread count."));
    m_sideFeatures = new QCheckBox(tr("Use side features"), body);
    m_sideFeatures->setObjectName(QStringLiteral("sideFeatures"));
    m_seed = new QSpinBox(body);
    m_seed->setRange(0, 1 << 30);
    m_seed->setToolTip(
        tr("Seeds initial weights, shuffling and the split: the same seed and thread count repeat a run exactly."));
    m_threads = new QSpinBox(body);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_threadsNote = new QLabel(body);
    m_threadsNote->setObjectName(QStringLiteral("threadsNote"));
    m_threadsNote->setWordWrap(true);
    // The note wraps to two lines at the dock's usual width; the form layout would otherwise
    // squeeze it to one and a half on a 940-pixel-high screen.
    m_threadsNote->setMinimumHeight(2 * m_threadsNote->fontMetrics().lineSpacing());

    m_train = new QPushButton(tr("Train"), body);
    m_train->setToolTip(tr("Train a fresh model on the open dataset (Ctrl+T)"));
    m_train->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_pause = new QPushButton(tr("Pause"), body);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold training between batches; the map and neighbours stay usable (Ctrl+P)"));
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_stop = new QPushButton(tr("Stop"), body);
    m_stop->setToolTip(tr("Stop now and keep the weights learned so far (Ctrl+.)"));
    m_stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_progress = new QProgressBar(body);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("idle"));
    m_progress->setValue(0);
    m_status = new QLabel(body);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Model:"), m_kind);
    form->addRow(tr("Dimension:"), m_dimension);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Learning rate:"), m_learningRate);
    form->addRow(tr("Regularisation:"), m_regularization);
    form->addRow(tr("Optimizer:"), m_optimizer);
    form->addRow(tr("Negatives:"), m_negatives);
    form->addRow(m_implicitTerm);
    form->addRow(m_sideFeatures);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(m_threadsNote);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_train);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    auto* layout = new QVBoxLayout(body);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);
    setWidget(body);

    setSideFeatures(false, false, QString());
    applyDefaults(core::ModelKind::DotBias);
    connect(m_kind, &QComboBox::activated, this, [this] { applyDefaults(currentKind()); });
    connect(m_train, &QPushButton::clicked, this, &ModelDock::trainRequested);
    connect(m_pause, &QPushButton::toggled, this, &ModelDock::pauseToggled);
    connect(m_stop, &QPushButton::clicked, this, &ModelDock::stopRequested);
    updateButtons();
}

core::ModelKind ModelDock::currentKind() const
{
    return static_cast<core::ModelKind>(m_kind->currentData().toInt());
}

void ModelDock::applyDefaults(core::ModelKind kind)
{
    core::TrainConfig defaults = core::defaultTrainConfig(kind);
    defaults.seed = m_base.seed;
    defaults.threads = core::defaultThreads(kind, QThread::idealThreadCount());
    setConfig(defaults);
}

core::TrainConfig ModelDock::config() const
{
    core::TrainConfig c = m_base;
    c.model = currentKind();
    c.dimension = m_dimension->value();
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.regularization = m_regularization->value();
    c.optimizer = static_cast<core::OptimizerKind>(m_optimizer->currentData().toInt());
    if (core::traitsOf(c.model).usesNegatives)
        c.negativeSamples = m_negatives->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    c.threads = m_threads->value();
    c.implicitTerm = core::traitsOf(c.model).usesImplicitTerm && m_implicitTerm->isChecked();
    c.useSideFeatures = m_sideFeatures->isEnabled() && m_sideFeatures->isChecked();
    return c;
}

void ModelDock::setConfig(const core::TrainConfig& c)
{
    m_base = c;
    const int kind = m_kind->findData(static_cast<int>(c.model));
    m_kind->setCurrentIndex(kind >= 0 ? kind : 0);
    m_dimension->setValue(c.dimension);
    m_epochs->setValue(c.epochs);
    m_batch->setValue(c.batchSize);
    m_learningRate->setValue(c.learningRate);
    m_regularization->setValue(c.regularization);
    const int optimizer = m_optimizer->findData(static_cast<int>(c.optimizer));
    m_optimizer->setCurrentIndex(optimizer >= 0 ? optimizer : 0);
    m_negatives->setValue(c.negativeSamples);
    m_implicitTerm->setChecked(c.implicitTerm);
    m_seed->setValue(static_cast<int>(c.seed));
    m_threads->setValue(std::max(1, c.threads));
    // A session's model trained with side features shows them ticked. A config without them leaves
    // the box as the attributes set it, so picking another kind keeps the choice.
    if (c.useSideFeatures && m_hasSideFeatures)
        m_sideFeatures->setChecked(true);
    updateButtons();
}

void ModelDock::setSideFeatures(bool available, bool checked, const QString& description)
{
    m_hasSideFeatures = available;
    m_sideFeatures->setChecked(available && checked);
    const QString what = tr("Softmax and autoencoder: feed user attributes (age, occupation…) and, for the "
                            "softmax, item attributes (genres, year) into the user tower beside the rated items, "
                            "so that a user with few or no ratings still gets recommendations.");
    m_sideFeatures->setToolTip(available ? what + QStringLiteral("\n\n") + description
                                         : what + QStringLiteral("\n\n")
                                       + tr("No attributes are loaded: File ▸ Open user attributes…, or put "
                                            "u.user or <name>.users.csv beside the ratings."));
    updateButtons();
}

void ModelDock::setCanTrain(bool canTrain)
{
    m_canTrain = canTrain;
    updateButtons();
}

void ModelDock::setImplicitData(bool implicit)
{
    m_implicitData = implicit;
    updateButtons();
}

void ModelDock::setRunning(bool running)
{
    m_running = running;
    if (running) {
        m_progress->setValue(0);
        m_progress->setFormat(tr("starting…"));
        m_statusText.clear();
    } else if (m_pause->isChecked()) {
        m_pause->setChecked(false);
    }
    updateButtons();
}

void ModelDock::setPaused(bool paused)
{
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
}

void ModelDock::setProgress(const TrainingProgress& p)
{
    const QLocale locale;
    m_progress->setValue(static_cast<int>(1000 * p.overall()));
    QString text = tr("epoch %1/%2").arg(p.epoch).arg(p.epochs);
    if (p.ratingsPerSecond > 0)
        text += tr(" · %1 ratings/s").arg(locale.toString(static_cast<qlonglong>(std::llround(p.ratingsPerSecond))));
    if (p.etaSeconds >= 0 && m_running)
        text += tr(" · ETA %1").arg(duration(p.etaSeconds));
    m_progress->setFormat(text);
}

void ModelDock::setStatus(const QString& text)
{
    m_statusText = text;
    showStatus();
}

void ModelDock::showStatus()
{
    // A refusal is said where Train is, in the status line (a row of its own gets squeezed to half
    // a line on a 940-pixel-high screen); the last run's status comes back with another model.
    const std::string refusal = m_implicitData ? core::likesRefusal(currentKind()) : std::string();
    m_status->setText(refusal.empty() ? m_statusText : tr("This model cannot learn from likes: pick another one."));
    m_status->setToolTip(QString::fromStdString(refusal));
}

void ModelDock::updateButtons()
{
    const core::ModelTraits& traits = core::traitsOf(currentKind());
    const bool refusesData = m_implicitData && !traits.learnsFromLikes;
    m_train->setEnabled(m_canTrain && !m_running && !refusesData);
    showStatus();
    m_pause->setEnabled(m_running);
    m_stop->setEnabled(m_running);
    for (QWidget* w : std::initializer_list<QWidget*> { m_kind, m_dimension, m_epochs, m_batch, m_regularization,
                                                        m_seed, m_threads })
        w->setEnabled(!m_running);
    m_optimizer->setEnabled(!m_running && traits.usesOptimizer);
    m_learningRate->setEnabled(!m_running && traits.usesOptimizer);
    m_negatives->setEnabled(!m_running && traits.usesNegatives);
    m_implicitTerm->setEnabled(!m_running && traits.usesImplicitTerm);
    m_sideFeatures->setEnabled(!m_running && m_hasSideFeatures && traits.usesSideFeatures);
    if (traits.isThreadInvariant) {
        m_threadsNote->setText(tr("Default all cores: this model's result does not depend on the count."));
        m_threads->setToolTip(tr("Worker threads for training. This model gives the very same weights on any thread "
                                 "count, so it uses every core unless you ask for fewer."));
    } else {
        m_threadsNote->setText(tr("Default 1 thread: more are faster but change the result slightly."));
        m_threads->setToolTip(tr("Worker threads for training. This model splits each batch's sums over the threads, "
                                 "so another count rounds them in another order; the same seed and thread count "
                                 "repeat a run exactly."));
    }
}

} // namespace embex::ui
