// SPDX-License-Identifier: MIT
#include "ui/training_worker.h"

#include <QElapsedTimer>
#include <exception>
#include <new>

namespace embex::ui {

void TrainingWorker::run()
{
    std::optional<TrainJob> taken = m_mail->job.take();
    if (!taken)
        return;
    const TrainJob& job = *taken;
    // Coalesce batch losses: the GUI needs a smooth curve, not every batch (heaptrack's rule).
    QElapsedTimer sinceBatchEmit;
    QElapsedTimer sinceProgressEmit;
    QElapsedTimer sinceSnapshotEmit;
    sinceBatchEmit.start();
    sinceProgressEmit.start();
    std::shared_ptr<const core::EmbeddingSnapshot> pendingSnapshot;
    int epoch = 1;
    double fraction = 0;
    bool batchPending = false;
    double pendingX = 0;
    double pendingLoss = 0;
    auto flushBatch = [&] {
        if (batchPending)
            emit batchFinished(pendingX, pendingLoss);
        batchPending = false;
        sinceBatchEmit.restart();
    };

    core::TrainCallbacks callbacks;
    callbacks.paused = job.paused;
    callbacks.progress = [&](int e, double f) {
        epoch = e;
        fraction = f;
        if (sinceProgressEmit.elapsed() >= 50) {
            emit progressed(e, f);
            sinceProgressEmit.restart();
        }
    };
    callbacks.batchFinished = [&](long, double loss) {
        pendingX = (epoch - 1) + fraction;
        pendingLoss = loss;
        batchPending = true;
        if (sinceBatchEmit.elapsed() >= 50)
            flushBatch();
    };
    callbacks.epochFinished = [&](const core::EpochReport& report) {
        flushBatch();
        emit progressed(report.epoch, 1.0);
        m_mail->epochs.post(report);
        emit epochFinished();
    };
    // Epochs of a tiny dataset take milliseconds; a snapshot costs the GUI a PCA and a redraw, so
    // at most ten a second go out and the rest are replaced by newer ones (the last always goes).
    auto flushSnapshot = [&] {
        if (pendingSnapshot) {
            m_mail->snapshots.post(std::move(pendingSnapshot));
            emit snapshotReady();
        }
        pendingSnapshot.reset();
        sinceSnapshotEmit.restart();
    };
    callbacks.snapshotReady = [&](std::shared_ptr<const core::EmbeddingSnapshot> snapshot) {
        pendingSnapshot = std::move(snapshot);
        if (!sinceSnapshotEmit.isValid() || sinceSnapshotEmit.elapsed() >= 100)
            flushSnapshot();
    };

    try {
        core::TrainOutcome outcome = core::train(*job.data, job.config, callbacks, job.stop);
        flushBatch();
        flushSnapshot();
        const bool wasStopped = outcome.status == core::TrainOutcome::Status::Stopped;
        m_mail->outcome.put(std::move(outcome));
        if (wasStopped)
            emit stopped();
        else
            emit finished();
    } catch (const std::bad_alloc&) {
        emit failed(tr("out of memory: try a smaller dimension, or fewer hidden units"));
    } catch (const std::exception& e) {
        emit failed(QString::fromStdString(e.what()));
    } catch (...) {
        emit failed(tr("training failed with an unknown error"));
    }
}

} // namespace embex::ui
