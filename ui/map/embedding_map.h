// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"
#include "core/analysis/region_selection.h"
#include "ui/map/cluster_job.h"
#include "ui/map/map_colouring.h"

#include <QPoint>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QCustomPlot;
class QCPColorScale;
class QCPGraph;
class QCPLayoutGrid;
class QCPItemText;
class QLabel;
class QSpinBox;
class QToolButton;

namespace embex::ui {

class DensityShading;
class FarMarks;
class ItemFilterState;
class MapProjectionBar;
class MapSelectionTool;
class Workspace;

/// The Map tab: a scatter of the items' projection (PCA or a neighbour layout), one QCPGraph per
/// colour × size bucket (never one item per point), hover tooltips, click to select, neighbours
/// highlighted and labelled, and those the map puts far away marked. Beyond ~100,000 points a
/// shaded density lies under them. Its bar chooses the projection and shows how faithful it is.
class EmbeddingMap : public QWidget {
    Q_OBJECT
public:
    explicit EmbeddingMap(Workspace* workspace, QWidget* parent = nullptr);
    ~EmbeddingMap() override;

    void setProjection(core::Projection projection);
    const core::Projection& projection() const { return m_projection; }
    void setHighlight(int selected, const std::vector<int>& neighbours);
    /// A new user's query vector placed on the map (core::placeQuery), drawn as a star with the legend
    /// entry "new user"; nullopt removes it.
    void setQueryPoint(std::optional<QPointF> point);
    /// A group of items picked on the map (a lasso, a cluster, a user's rated items): dense items,
    /// ascending, drawn ringed. Empty: none.
    void setRegion(std::vector<int> items);
    const std::vector<int>& region() const { return m_region; }
    /// Sets the region to the drawn items inside a shape given in plot pixels, combined by `mode`
    /// with the region there is.
    void selectInside(const std::vector<QPointF>& pixels, core::SelectionMode mode);
    /// Pan, Rectangle or Lasso: what dragging on the map does.
    MapSelectionTool* selectionTool() const { return m_selectionTool; }
    const std::optional<QPointF>& queryPoint() const { return m_queryPoint; }
    void setColourBy(ColourBy by);
    bool isColouringByCluster() const;
    /// Modularity's resolution for the groups: above 1 more and smaller, below 1 fewer and larger.
    double clusterResolution() const;
    void setClusterResolution(double resolution);
    /// Groups of the full space (MapPane finds them while the map is coloured by cluster): the
    /// points take their group's colour and each group's name sits at its points.
    void setClusters(MapClusters clusters);
    const MapClusters& clusters() const { return m_clusters; }
    /// The group names drawn on the map now (fewer than the groups when they would overlap).
    QStringList regionLabelsShown() const;
    void setMinimumRatings(int count);
    int minimumRatings() const;
    /// Items passing the ratings filter, ascending: what a neighbour layout lays out.
    std::vector<int> itemsPassingFilter() const;
    /// The item filter whose failing items are drawn faint (under the others, still hovered and
    /// clicked), or null: none. The map follows its changes.
    void setItemFilter(const ItemFilterState* filter);
    /// Points drawn faint: they fail the item filter.
    int faintPointCount() const;
    /// The line on the map naming the filter and how many items pass; empty without a filter.
    QString filterLine() const;
    /// The message in the middle of the map when no drawn item passes the filter; empty otherwise.
    QString nothingPassesMessage() const;
    QToolButton* filterButton() const { return m_filterButton; }
    /// The projection choice, its progress and how faithful the map is.
    MapProjectionBar* projectionBar() const { return m_projectionBar; }
    /// The selected item's listed neighbours that are not among its nearest points on the map.
    const std::vector<int>& farNeighbours() const;
    /// The density shading under the points is drawn (many points shown).
    bool isShowingDensity() const;
    void resetView();

    /// Points drawn (items passing the ratings filter), faint ones included.
    int pointCount() const;
    /// Widget pixel of an item in the plot, for tests and labels.
    QPoint pixelOf(int item) const;
    /// Nearest drawn item within `radius` pixels, or -1.
    int itemAt(const QPointF& pixel, double radius = 8) const;
    double lastRedrawMilliseconds() const { return m_lastRedrawMs; }
    /// Rebuilds the point data and repaints synchronously; returns the milliseconds it took.
    double redrawNow();
    QCustomPlot* plot() const { return m_plot; }

signals:
    void itemClicked(int item);
    /// The region was set anew (possibly to nothing).
    void regionChanged();
    /// Colour by cluster was chosen: the groups are wanted.
    void clustersWanted();
    void minimumRatingsChanged(int count);
    /// Filter… was pressed (or its shortcut).
    void filterWanted();

private:
    static constexpr int maxNeighbourLabels = 11;
    Workspace* m_workspace;
    QCustomPlot* m_plot = nullptr;
    QComboBox* m_colourBy = nullptr;
    QSpinBox* m_minRatings = nullptr;
    QDoubleSpinBox* m_resolution = nullptr;
    QLabel* m_caption = nullptr;
    MapProjectionBar* m_projectionBar = nullptr;
    MapSelectionTool* m_selectionTool = nullptr;
    std::unique_ptr<FarMarks> m_farMarks;
    std::unique_ptr<DensityShading> m_density;
    bool m_denseStyle = false;
    QCPColorScale* m_scale = nullptr;
    QCPLayoutGrid* m_side = nullptr;
    std::vector<QCPGraph*> m_bucketGraphs;
    std::vector<QCPGraph*> m_faintGraphs; // one per size class, under the buckets
    const ItemFilterState* m_filter = nullptr;
    QToolButton* m_filterButton = nullptr;
    QCPItemText* m_filterLine = nullptr;
    QCPItemText* m_nothingPasses = nullptr;
    std::vector<QCPGraph*> m_legendGraphs;
    QCPGraph* m_neighbourGraph = nullptr;
    QCPGraph* m_selectedGraph = nullptr;
    QCPGraph* m_queryGraph = nullptr;
    QCPGraph* m_regionGraph = nullptr;
    std::vector<int> m_region;
    std::optional<QPointF> m_queryPoint;
    std::vector<QCPItemText*> m_labels;
    std::vector<QCPItemText*> m_regionLabels;
    MapClusters m_clusters;
    core::Projection m_projection;
    MapColouring m_colouring;
    std::vector<int> m_sizeClass;
    std::vector<int> m_visible;
    int m_selected = -1;
    std::vector<int> m_neighbours;
    bool m_userMovedView = false;
    double m_lastRedrawMs = 0;

    void onDatasetChanged();
    void rebuildBuckets();
    void fillData();
    void fillHighlight();
    // embedding_map_filter.cpp
    void createFilterTexts();
    void showFilterText(int passingDrawn);
    // embedding_map_labels.cpp
    void layoutLabels();
    void layoutRegionLabels();
    void updateAxisTitles();
    void updateLayoutTitles();
    void styleBuckets();
    void showTooltip(const QPoint& pos);
};

} // namespace embex::ui
