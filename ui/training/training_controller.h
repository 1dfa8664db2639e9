// SPDX-License-Identifier: MIT
#pragma once

#include "ui/shared/job_runner.h"
#include "ui/shared/meta_types.h"

#include <QElapsedTimer>
#include <QObject>
#include <atomic>
#include <chrono>
#include <memory>

namespace embex::ui {

/// Where a run is, for the progress bar: "epoch 3/20 · 512,000 ratings/s · ETA 0:12".
struct TrainingProgress {
    int epoch = 0;
    int epochs = 0;
    double fraction = 0; ///< of the current epoch
    double ratingsPerSecond = 0;
    double etaSeconds = -1; ///< -1 until known
    double overall() const { return epochs > 0 ? ((epoch - 1) + fraction) / epochs : 0; }
};

/// GUI-thread face of training: runs core::train as a JobRunner job. start() never blocks;
/// everything comes back as signals on this thread. A run ends with exactly one of finished,
/// stopped, failed — unless it is discarded, which ends it at once and silently.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return m_job != 0; }
    bool isPaused() const { return m_paused && m_paused->load(); }
    /// How long the last run that ended trained, pauses left out.
    double lastRunSeconds() const { return m_lastRunSeconds; }

    /// Returns false (and does nothing) while a run is under way.
    bool start(const core::TrainConfig& config, std::shared_ptr<const core::TrainData> data);
    /// Stops the run; it ends with stopped and the weights learned so far.
    void cancel();
    /// Stops the run and drops whatever it still reports (it learns data that is no longer
    /// open); runningChanged(false) follows at once, and a new run may start.
    void discard();
    void setPaused(bool paused);
    /// How often core reports batch losses and progress (core::TrainCallbacks::reportInterval),
    /// for the runs that start after; the window keeps the default.
    void setReportInterval(std::chrono::milliseconds interval) { m_reportInterval = interval; }

signals:
    /// x is in epochs (2.5 = half-way through epoch 3); at most one every ~50 ms.
    void batchFinished(double epochPosition, double loss);
    void progressChanged(const embex::ui::TrainingProgress& progress);
    void epochFinished(const embex::core::EpochReport& report);
    /// At most ~10 a second; the last of a run always comes.
    void snapshotReady(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    void finished(const embex::core::TrainOutcome& outcome);
    void stopped(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    void failed(const QString& message);
    void pausedChanged(bool paused);
    void runningChanged(bool running);

private:
    JobId m_job = 0;
    std::chrono::milliseconds m_reportInterval = core::TrainCallbacks {}.reportInterval;
    std::shared_ptr<std::atomic<bool>> m_paused; // the current run's; the trainer reads it
    int m_epochs = 0;
    std::size_t m_trainRatings = 0;
    QElapsedTimer m_clock;
    qint64 m_pausedMs = 0;
    double m_lastRunSeconds = 0;
    QElapsedTimer m_pauseClock;
    JobRunner m_jobs; // last: destroyed first, stopping and joining the run

    void onProgressed(int epoch, double fraction);
    void endRun();
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::TrainingProgress)
