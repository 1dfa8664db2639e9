// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/aligned_maps.h"
#include "ui/shared/job_runner.h"

#include <QColor>
#include <QPoint>
#include <QWidget>
#include <array>
#include <memory>

class QCustomPlot;
class QCPColorScale;
class QCPGraph;
class QCPTextElement;
class QLabel;
class QProgressBar;
class QTableView;
class QToolButton;

namespace embex::ui {

class DisagreementModel;
class Workspace;

/// Two runs' maps side by side (the "Two runs" window): the second turned onto the first
/// (core::alignRunMaps), each item coloured by how many of its 10 neighbours the runs share, the
/// items that differ most in a list beside them. The plots zoom and pan together; a click selects
/// an item in both and in the workspace. Removing either run or opening another dataset clears
/// it, with a line saying why.
class RunMapsView : public QWidget {
    Q_OBJECT
public:
    static constexpr int neighbourCount = 10;

    explicit RunMapsView(Workspace* workspace, QWidget* parent = nullptr);
    ~RunMapsView() override;

    /// The Map tab's choices, taken along so both maps are drawn as it draws one.
    struct Settings {
        core::ProjectionKind kind = core::ProjectionKind::Pca;
        int minRatings = 0;
        core::Metric metric = core::Metric::Cosine;
        std::uint64_t seed = 1;
    };
    /// Lays out runs `first` and `second` of the workspace side by side, as a job. False, with the
    /// reason on the status line, when they cannot be compared.
    bool compare(int first, int second, const Settings& settings);
    void cancel();
    bool isComputing() const { return m_job != 0; }
    /// The maps drawn, or null.
    const core::AlignedMaps* maps() const { return m_maps.get(); }

    QString statusText() const;
    /// The title over map 0 (the first run) or 1: run name, model kind, dimension.
    QString titleText(int side) const;
    QCustomPlot* plot(int side) const { return m_sides[static_cast<std::size_t>(side)].plot; }
    DisagreementModel* differences() const { return m_differences; }
    QTableView* differenceTable() const { return m_table; }
    /// Points drawn on map `side`.
    int pointCount(int side) const;
    QPoint pixelOf(int side, int item) const;
    /// Nearest drawn item within `radius` pixels of `pixel` on map `side`, or −1.
    int itemAt(int side, const QPointF& pixel, double radius = 8) const;
    /// The colour of items sharing `shared` of their neighbours: the colour scale's.
    QColor sharedColour(int shared) const;
    /// The hover text of `item`: its title and "7 of 10 neighbours shared".
    QString tooltipText(int item) const;
    int highlighted() const { return m_highlighted; }
    /// Rings `item` on both maps (−1: none) and selects its row in the list.
    void highlight(int item);
    void resetView();

signals:
    /// The job ended: maps drawn, or the status line says why not.
    void computed();

private:
    struct Side {
        QCustomPlot* plot = nullptr;
        QCPTextElement* title = nullptr;
        std::array<QCPGraph*, neighbourCount + 1> buckets {};
        QCPGraph* ring = nullptr;
        double x0 = -1, x1 = 1, y0 = -1, y1 = 1; // the fitted view both plots' zoom is relative to
    };
    Workspace* m_workspace;
    std::array<Side, 2> m_sides;
    QCPColorScale* m_scale = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_summary = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    DisagreementModel* m_differences = nullptr;
    QTableView* m_table = nullptr;
    std::shared_ptr<const core::EmbeddingSnapshot> m_first, m_second; // the runs compared, by weights
    std::array<QString, 2> m_names;                                   // theirs, kept to say which one was deleted
    std::shared_ptr<const core::AlignedMaps> m_maps;
    Settings m_settings;
    int m_highlighted = -1;
    bool m_isSyncing = false;
    QPoint m_pressPos;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, stopping a layout still under way

    void buildSide(int side);
    void clear(const QString& why);
    void showMaps(std::shared_ptr<const core::AlignedMaps> maps);
    void fillTitles();
    void fillRing();
    void syncFrom(int side);
    void onRunsChanged();
    QString runLabel(const std::shared_ptr<const core::EmbeddingSnapshot>& snapshot) const;
};

} // namespace embex::ui
