// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/split.h"
#include "core/optim/train_config.h"
#include "core/training/tuning.h"
#include "ui/shared/job_runner.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QCustomPlot;
class QGridLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace embex::ui {

class Workspace;

/// Tune…: a grid of settings for one model, each trial trained on a validation carve of the
/// training part (core/training/tuning.h) on a job of its own. Every finished trial joins the
/// Runs tab at once; Cancel keeps them. At the end the best settings are retrained on the whole
/// training part, tested once, and opened. One small plot per grid parameter shows the
/// validation score of each trial against that parameter's value.
class TuneDialog : public QDialog {
    Q_OBJECT

public:
    /// `base` supplies the settings the grid leaves alone (the model dock's); `split` is the data
    /// dock's split, made on the job when the workspace does not hold it yet.
    TuneDialog(Workspace* workspace, const core::TrainConfig& base, const core::SplitSpec& split,
               QWidget* parent = nullptr);

    /// New defaults from the model and data docks (the model box follows `base.model`).
    void setBase(const core::TrainConfig& base, const core::SplitSpec& split);

    QComboBox* modelBox() const { return m_model; }
    QLineEdit* gridEdit() const { return m_grid; }
    QSpinBox* randomBox() const { return m_random; }
    QComboBox* metricBox() const { return m_metric; }
    QLabel* statusLabel() const { return m_status; }
    bool isRunning() const { return m_job != 0; }
    /// Trials finished so far (in the Runs tab).
    const std::vector<core::TuneTrial>& trials() const { return m_trials; }
    /// The plots, one per grid parameter of the running (or last) tune.
    const std::vector<QCustomPlot*>& plots() const { return m_plots; }

    /// Starts tuning with the fields as they are; false (with the reason in statusLabel) when
    /// the grid or the metric is wrong, no dataset is open, or a tune already runs.
    bool start();
    /// Stops after the running trial's current batch; finished trials stay as runs.
    void cancel();

signals:
    void trialFinished(int index);
    /// The tune ended: finished, cancelled or failed (see statusLabel).
    void finished();

private:
    Workspace* m_workspace;
    core::TrainConfig m_base;
    core::SplitSpec m_split;
    QComboBox* m_model = nullptr;
    QLineEdit* m_grid = nullptr;
    QLabel* m_hints = nullptr;
    QSpinBox* m_random = nullptr;
    QComboBox* m_metric = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QGridLayout* m_plotGrid = nullptr;
    std::vector<QCustomPlot*> m_plots;
    std::vector<core::TuneTrial> m_trials;
    core::TuneSpec m_spec;
    std::string m_trialSplit;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, stopping a tune that still runs

    core::ModelKind modelKind() const;
    void modelChanged();
    void setRunning(bool running);
    void resetPlots();
    void addTrial(core::TuneTrial trial);
    void finish(core::TuneOutcome outcome);
    void replot();
};

} // namespace embex::ui
