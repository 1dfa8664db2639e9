// SPDX-License-Identifier: MIT
#include "ui/training/training_controller.h"

#include "core/util/progress_throttle.h"

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
    auto work = [this, config, data, paused = m_paused](const JobContext& job) {
        // The GUI needs a smooth curve and a live map, not every batch: ~20 reports a second,
        // and a snapshot (a PCA and a redraw each) at most ~10; the last of each always goes.
        core::ProgressThrottle<std::pair<double, double>> batches;
        core::ProgressThrottle<std::pair<int, double>> progress;
        core::ProgressThrottle<std::shared_ptr<const core::EmbeddingSnapshot>> snapshots(
            std::chrono::milliseconds(100));
        auto sendBatch = [&](std::pair<double, double> b) {
            job.post([this, b] { emit batchFinished(b.first, b.second); });
        };
        auto sendProgress = [&](std::pair<int, double> p) { job.post([this, p] { onProgressed(p.first, p.second); }); };
        auto sendSnapshot = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) {
            job.post([this, s = std::move(s)] { emit snapshotReady(s); });
        };
        int epoch = 1;
        double fraction = 0;
        core::TrainCallbacks callbacks;
        callbacks.paused = paused.get();
        callbacks.progress = [&](int e, double f) {
            epoch = e;
            fraction = f;
            progress.offer({ e, f }, sendProgress);
        };
        callbacks.batchFinished = [&](long, double loss) {
            batches.offer({ (epoch - 1) + fraction, loss }, sendBatch);
        };
        callbacks.epochFinished = [&](const core::EpochReport& report) {
            batches.flush(sendBatch);
            job.post([this, e = report.epoch] { onProgressed(e, 1.0); });
            job.post([this, report] { emit epochFinished(report); });
        };
        callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> s) {
            snapshots.offer(std::move(s), sendSnapshot);
        };

        std::function<void()> end;
        try {
            auto outcome = std::make_shared<core::TrainOutcome>(core::train(*data, config, callbacks, job.stopToken()));
            batches.flush(sendBatch);
            snapshots.flush(sendSnapshot);
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
    emit started(config);
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
