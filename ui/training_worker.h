// SPDX-License-Identifier: MIT
#pragma once

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

/// Lives on the controller's QThread and runs core::train there; talks only through signals.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public slots:
    void run(const embex::ui::TrainJob& job);

signals:
    /// x is in epochs (2.5 = half-way through epoch 3); at most one every ~50 ms.
    void batchFinished(double epochPosition, double loss);
    void progressed(int epoch, double fraction);
    void epochFinished(const embex::core::EpochReport& report);
    void snapshotReady(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    // A run ends with exactly one of these three.
    void finished(const embex::core::TrainOutcome& outcome);
    void stopped(std::shared_ptr<const embex::core::EmbeddingSnapshot> snapshot);
    void failed(const QString& message);
};

} // namespace embex::ui

Q_DECLARE_METATYPE(embex::ui::TrainJob)
