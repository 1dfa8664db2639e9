// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QStringList>
#include <vector>

namespace embex::ui {

class Workspace;

enum class ColourBy { Genre, Popularity, MeanRating, ItemBias, Cluster };

/// Items grouped into colour buckets: one QCPGraph per bucket keeps 60,000 points cheap.
struct MapColouring {
    std::vector<int> bucketOfItem;
    std::vector<QColor> colours; ///< one per bucket
    QStringList names;           ///< legend text per bucket (categorical) or empty (continuous)
    bool isContinuous = false;
    double low = 0, high = 1; ///< continuous: value range of the colour scale
    bool isLogarithmic = false;
    QString scaleLabel;
};

/// Colours for every item of the workspace; ItemBias needs a snapshot with "item_bias". Cluster
/// colours come from colourClusters: here every item is "no group yet".
MapColouring colourItems(const Workspace& workspace, ColourBy by);
/// One colour per group of `clusterOf` (one per item, −1: none) for the largest groups, the
/// rest sharing "smaller groups"; legend names from `labels`.
MapColouring colourClusters(const std::vector<int>& clusterOf, const QStringList& labels, int itemCount);
/// 0 (few ratings) … 2 (the most popular tenth), for point size.
std::vector<int> sizeClasses(const std::vector<int>& counts);
QColor categoryColour(int index);
/// The continuous palette (viridis-like): dark for low, yellow for high.
QColor scaleColour(double fraction);

} // namespace embex::ui
