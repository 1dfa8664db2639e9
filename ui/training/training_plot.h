// SPDX-License-Identifier: MIT
#pragma once

#include "core/training/epoch_report.h"

#include <QString>
#include <QWidget>
#include <limits>
#include <vector>

class QCheckBox;
class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QLabel;
class QTimer;

namespace embex::ui {

/// A kept run's validation curve drawn over the open run's (checked in the Runs dock).
struct PlotOverlay {
    QString name;
    std::vector<core::EpochReport> history;
};

/// The Training tab: raw and smoothed batch loss plus per-epoch training and validation loss,
/// x in epochs, drawn as signals arrive; the best epoch is marked.
class TrainingPlot : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPlot(QWidget* parent = nullptr);

    /// `sampledLoss`: the run trains a sampled softmax, so its training loss (batch and epoch
    /// curves) is the sampled loss and the summary line says so; validation stays exact.
    void clear(int epochs, bool sampledLoss = false);
    void addBatchLoss(double epochPosition, double loss);
    void addEpoch(const core::EpochReport& report);
    void setLogScale(bool logScale);
    /// Replaces the overlaid runs: one dashed validation curve each (training loss when a run
    /// had no validation set), in its own colour, named in the legend. clear() keeps them.
    void setOverlays(const std::vector<PlotOverlay>& overlays);
    /// The overlaid graphs, in the order given.
    const std::vector<QCPGraph*>& overlayGraphs() const { return m_overlays; }

    int batchPointCount() const;
    int epochPointCount() const;
    int bestEpoch() const { return m_bestEpoch; }
    QCustomPlot* plot() const { return m_plot; }
    QString summary() const;

private:
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_rawBatch = nullptr;
    QCPGraph* m_smoothBatch = nullptr;
    QCPGraph* m_trainEpoch = nullptr;
    QCPGraph* m_validationEpoch = nullptr;
    QCPGraph* m_best = nullptr;
    QCPItemText* m_bestLabel = nullptr;
    std::vector<QCPGraph*> m_overlays;
    int m_overlayEpochs = 0;
    double m_overlayMin = std::numeric_limits<double>::infinity();
    double m_overlayMax = -std::numeric_limits<double>::infinity();
    QCheckBox* m_log = nullptr;
    QLabel* m_summary = nullptr;
    QTimer* m_replotTimer = nullptr;
    double m_smoothed = 0;
    bool m_hasSmoothed = false;
    bool m_sampledLoss = false;
    int m_epochs = 1;
    int m_bestEpoch = 0;
    double m_bestLoss = 0;
    double m_yMin = 0, m_yMax = 0;

    void fitAxes();
    void scheduleReplot();
    void includeInRange(double value);
};

} // namespace embex::ui
