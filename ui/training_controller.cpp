// SPDX-License-Identifier: MIT
#include "ui/training_controller.h"

#include "ui/training_worker.h"

namespace embex::ui {

TrainingController::TrainingController(QObject* parent)
    : QObject(parent)
    , m_mail(std::make_shared<TrainingMail>())
    , m_worker(new TrainingWorker(m_mail))
{
    qRegisterMetaType<core::EpochReport>();
    qRegisterMetaType<core::TrainOutcome>();
    qRegisterMetaType<std::shared_ptr<const core::EmbeddingSnapshot>>();
    m_thread.setObjectName(QStringLiteral("embex-training"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &TrainingController::runRequested, m_worker, &TrainingWorker::run, Qt::QueuedConnection);
    // The worker's signals carry nothing but their order; the values come out of m_mail here,
    // on the GUI thread, under a lock ThreadSanitizer can see.

    connect(m_worker, &TrainingWorker::batchFinished, this, &TrainingController::batchFinished);
    connect(m_worker, &TrainingWorker::progressed, this, &TrainingController::onProgressed);
    connect(m_worker, &TrainingWorker::epochFinished, this, [this] {
        if (std::optional<core::EpochReport> report = m_mail->epochs.take())
            emit epochFinished(*report);
    });
    connect(m_worker, &TrainingWorker::snapshotReady, this, [this] {
        if (auto snapshot = m_mail->snapshots.take())
            emit snapshotReady(std::move(*snapshot));
    });
    connect(m_worker, &TrainingWorker::finished, this, [this] {
        std::optional<core::TrainOutcome> outcome = m_mail->outcome.take();
        endRun();
        emit finished(outcome ? *outcome : core::TrainOutcome {});
    });
    connect(m_worker, &TrainingWorker::stopped, this, [this] {
        std::optional<core::TrainOutcome> outcome = m_mail->outcome.take();
        endRun();
        emit stopped(outcome ? outcome->snapshot : nullptr);
    });
    connect(m_worker, &TrainingWorker::failed, this, [this](const QString& message) {
        endRun();
        emit failed(message);
    });
    m_thread.start();
}

TrainingController::~TrainingController()
{
    m_stop.request_stop();
    m_paused = false;
    m_thread.quit();
    m_thread.wait();
}

bool TrainingController::start(const core::TrainConfig& config, std::shared_ptr<const core::TrainData> data)
{
    if (m_running || !data)
        return false;
    m_stop = std::stop_source();
    m_paused = false;
    m_running = true;
    m_epochs = config.epochs;
    m_trainRatings = data->train.size();
    m_pausedMs = 0;
    m_clock.start();
    emit runningChanged(true);
    emit started(config);
    m_mail->job.put(TrainJob { config, std::move(data), m_stop.get_token(), &m_paused });
    emit runRequested();
    return true;
}

void TrainingController::cancel()
{
    if (!m_running)
        return;
    m_stop.request_stop();
    setPaused(false);
}

void TrainingController::setPaused(bool paused)
{
    if (m_paused.load() == paused || (paused && !m_running))
        return;
    m_paused = paused;
    if (paused)
        m_pauseClock.start();
    else if (m_pauseClock.isValid())
        m_pausedMs += m_pauseClock.elapsed();
    emit pausedChanged(paused);
}

void TrainingController::onProgressed(int epoch, double fraction)
{
    TrainingProgress p;
    p.epoch = epoch;
    p.epochs = m_epochs;
    p.fraction = fraction;
    const double seconds = std::max<qint64>(1, m_clock.elapsed() - m_pausedMs) / 1000.0;
    const double done = p.overall();
    if (done > 0) {
        p.ratingsPerSecond = done * m_epochs * static_cast<double>(m_trainRatings) / seconds;
        p.etaSeconds = seconds * (1.0 - done) / done;
    }
    emit progressChanged(p);
}

void TrainingController::endRun()
{
    if (m_paused.load())
        setPaused(false);
    m_running = false;
    emit runningChanged(false);
}

} // namespace embex::ui
