// SPDX-License-Identifier: MIT
#pragma once

#include "ui/handoff.h"
#include "ui/meta_types.h"

#include <QObject>
#include <atomic>
#include <memory>
#include <stop_token>

namespace embex::ui {

/// One run as the controller hands it to the worker thread.
struct TrainJob {
    core::TrainConfig config;
    std::shared_ptr<const core::TrainData> data;
    std::stop_token stop;
    const std::atomic<bool>* paused = nullptr;
};

/// What crosses between the controller and the worker: each signal that announces one of
/// these carries nothing itself (see handoff.h).
struct TrainingMail {
    Handoff<TrainJob> job;
    Mailbox<core::EpochReport> epochs;
    Mailbox<std::shared_ptr<const core::EmbeddingSnapshot>> snapshots;
    Handoff<core::TrainOutcome> outcome; ///< finished or stopped
};

/// Lives on the controller's QThread and runs core::train there; talks only through signals
/// and its TrainingMail.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit TrainingWorker(std::shared_ptr<TrainingMail> mail)
        : m_mail(std::move(mail))
    {
    }

public slots:
    /// Runs the job in the mail.
    void run();

signals:
    /// x is in epochs (2.5 = half-way through epoch 3); at most one every ~50 ms.
    void batchFinished(double epochPosition, double loss);
    void progressed(int epoch, double fraction);
    void epochFinished();  ///< one report posted to mail.epochs
    void snapshotReady();  ///< one snapshot posted to mail.snapshots
    // A run ends with exactly one of these three.
    void finished(); ///< the outcome is in mail.outcome
    void stopped();  ///< the outcome, with the last snapshot, is in mail.outcome
    void failed(const QString& message);

private:
    std::shared_ptr<TrainingMail> m_mail;
};

} // namespace embex::ui

