// SPDX-License-Identifier: MIT
#pragma once

#include "ui/training_worker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>
#include <stop_token>

namespace embex::ui {


/// Where a run is, for the progress bar: "epoch 3/20 · 512,000 ratings/s · ETA 0:12".
struct TrainingProgress {
    int epoch = 0;
    int epochs = 0;
    double fraction = 0;         ///< of the current epoch
    double ratingsPerSecond = 0;
    double etaSeconds = -1;      ///< -1 until known
    double overall() const { return epochs > 0 ? ((epoch - 1) + fraction) / epochs : 0; }
};

/// GUI-thread face of training: owns a QThread with a TrainingWorker on it. start() never blocks;
/// everything comes back as queued signals. A run ends with exactly one of finished, stopped, failed.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused.load(); }

    /// Returns false (and does nothing) while a run is under way.
    bool start(const core::TrainConfig& config, std::shared_ptr<const core::TrainData> data);
    void cancel();
    void setPaused(bool paused);

signals:
    void started(const embex::core::TrainConfig& config);
    void batchFinished(double epochPosition, double loss);
    void progressChanged(const embex::ui::TrainingProgress& progress);
    void epochFinished(const embex::core::EpochReport& report);
    void snapshotReady(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    void finished(const embex::core::TrainOutcome& outcome);
    void stopped(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    void failed(const QString& message);
    void pausedChanged(bool paused);
    void runningChanged(bool running);

    void runRequested(); // internal: queued to the worker, the job is in m_mail

private:
    QThread m_thread;
    std::shared_ptr<TrainingMail> m_mail;
    TrainingWorker* m_worker = nullptr;
    std::stop_source m_stop;
    std::atomic<bool> m_paused { false };
    bool m_running = false;
    int m_epochs = 0;
    std::size_t m_trainRatings = 0;
    QElapsedTimer m_clock;
    qint64 m_pausedMs = 0;
    QElapsedTimer m_pauseClock;

    void onProgressed(int epoch, double fraction);
    void endRun();
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::TrainingProgress)
Q_DECLARE_METATYPE(embex::core::TrainConfig)
