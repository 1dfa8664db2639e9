// SPDX-License-Identifier: MIT
#pragma once

#include "core/training/trainer.h"

#include <QDockWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace embex::ui {

struct TrainingProgress;

/// Model kind and hyperparameters (tuned defaults per kind), Train / Pause / Stop and progress.
class ModelDock : public QDockWidget {
    Q_OBJECT
public:
    explicit ModelDock(QWidget* parent = nullptr);

    core::TrainConfig config() const;
    /// Shows `config`; its useSideFeatures ticks "Use side features" when attributes are there
    /// (setSideFeatures), and false leaves the box as it is.
    void setConfig(const core::TrainConfig& config);
    void setCanTrain(bool canTrain);
    /// Whether the open dataset is likes (implicit): models that cannot learn from likes alone
    /// then leave Train disabled and say why in the status line.
    void setImplicitData(bool implicit);
    void setRunning(bool running);
    void setPaused(bool paused);
    void setProgress(const TrainingProgress& progress);
    void setStatus(const QString& text);
    /// Whether the open dataset has attributes a model can take, and whether they were loaded for
    /// its users or from an attribute file (then "Use side features" starts checked).
    /// `description` says what they are, for the tooltip.
    void setSideFeatures(bool available, bool checked, const QString& description);

    QPushButton* trainButton() const { return m_train; }
    QPushButton* stopButton() const { return m_stop; }

signals:
    void trainRequested();
    void pauseToggled(bool paused);
    void stopRequested();

private:
    QComboBox* m_kind = nullptr;
    QSpinBox* m_dimension = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QDoubleSpinBox* m_regularization = nullptr;
    QComboBox* m_optimizer = nullptr;
    QSpinBox* m_negatives = nullptr;     // softmax only
    QCheckBox* m_implicitTerm = nullptr; // dot+bias only
    QCheckBox* m_sideFeatures = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_threads = nullptr;
    QLabel* m_threadsNote = nullptr; // whether the thread count can change this model's result
    QPushButton* m_train = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_stop = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QString m_statusText;     // the last run's status, shown again when no refusal stands in for it
    core::TrainConfig m_base; // fields the dock does not edit (hidden layers, early stopping…)
    bool m_canTrain = false;
    bool m_running = false;
    bool m_hasSideFeatures = false;
    bool m_implicitData = false;

    core::ModelKind currentKind() const;
    void applyDefaults(core::ModelKind kind);
    void updateButtons();
    void showStatus(); // the last run's status, or why the model cannot train on this data
};

} // namespace embex::ui
