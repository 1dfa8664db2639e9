// SPDX-License-Identifier: MIT
#include "ui/training/training_controller.h"

#include <exception>
#include <new>

namespace embex::ui {

TrainingController::TrainingController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<core::EpochReport>();
    qRegisterMetaType<core::TrainOutcome>();
    qRegisterMetaType<std::shared_ptr<const core::EmbeddingSnapshot>>();
}

TrainingController::~TrainingController()
{
    if (m_paused)
        *m_paused = false; // a paused run waits for this or its stop; m_jobs stops it next
}

bool TrainingController::start(const core::TrainConfig& config, std::shared_ptr<const core::TrainData> data)
{
    if (isRunning() || !data)
        return false;
    m_paused = std::make_shared<std::atomic<bool>>(false);
    m_epochs = config.epochs;
    m_trainRatings = data->train.size();
    m_pausedMs = 0;
    m_clock.start();
    auto work = [this, config, data, paused = m_paused, reportInterval = m_reportInterval](const JobContext& job) {
        // core::train thins its reports (batch losses and progress ~20 a second, a snapshot, a PCA
        // and a redraw each, at most ~10); each one it makes goes straight home.
        core::TrainCallbacks callbacks;
        callbacks.paused = paused.get();
        callbacks.reportInterval = reportInterval;
        callbacks.snapshotInterval = std::chrono::milliseconds(100);
        double epochPosition = 0; // of the progress report that comes just before each batch report
        callbacks.progress = [this, &job, &epochPosition](int epoch, double fraction) {
            epochPosition = (epoch - 1) + fraction;
            job.post([this, epoch, fraction] { onProgressed(epoch, fraction); });
        };
        callbacks.batchFinished = [this, &job, &epochPosition](long, double loss) {
            job.post([this, x = epochPosition, loss] { emit batchFinished(x, loss); });
        };
        callbacks.epochFinished = [this, &job](const core::EpochReport& report) {
            job.post([this, report] { emit epochFinished(report); });
        };
        callbacks.snapshotReady = [this, &job](std::shared_ptr<const core::EmbeddingSnapshot> s) {
            job.post([this, s = std::move(s)] { emit snapshotReady(s); });
        };

        std::function<void()> end;
        try {
            auto outcome = std::make_shared<core::TrainOutcome>(core::train(*data, config, callbacks, job.stopToken()));
            if (outcome->status == core::TrainOutcome::Status::Stopped)
                end = [this, outcome] {
                    endRun();
                    emit stopped(outcome->snapshot);
                };
            else
                end = [this, outcome] {
                    endRun();
                    emit finished(*outcome);
                };
        } catch (const std::bad_alloc&) {
            end = [this] {
                endRun();
                emit failed(tr("out of memory: try a smaller dimension, or fewer hidden units"));
            };
        } catch (const std::exception& e) {
            end = [this, message = QString::fromStdString(e.what())] {
                endRun();
                emit failed(message);
            };
        } catch (...) {
            end = [this] {
                endRun();
                emit failed(tr("training failed with an unknown error"));
            };
        }
        job.post(std::move(end));
    };
    m_job = m_jobs.start("embex-training", std::move(work));
    emit runningChanged(true);
    return true;
}

void TrainingController::cancel()
{
    if (!isRunning())
        return;
    m_jobs.requestStop(m_job);
    setPaused(false);
}

void TrainingController::discard()
{
    if (!isRunning())
        return;
    m_jobs.discard(m_job);
    endRun();
}

void TrainingController::setPaused(bool paused)
{
    if (isPaused() == paused || (paused && !isRunning()))
        return;
    *m_paused = paused;
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
    if (isPaused())
        setPaused(false);
    m_lastRunSeconds = static_cast<double>(m_clock.elapsed() - m_pausedMs) / 1000.0;
    m_job = 0;
    emit runningChanged(false);
}

} // namespace embex::ui
