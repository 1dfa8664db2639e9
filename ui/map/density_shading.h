// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"

#include <cstddef>
#include <vector>

class QCPColorMap;
class QCustomPlot;

namespace embex::ui {

/// Beyond `from` points a scatter is a solid mass: a shaded 2-D histogram of where the points
/// are (log of the count per cell) under them shows where the crowds are.
class DensityShading {
public:
    static constexpr std::size_t from = 100000;

    /// Adds a "density" layer to `plot` below its points.
    explicit DensityShading(QCustomPlot* plot);

    /// `shown`: the items drawn. Hidden when there are `from` or fewer.
    void update(const core::Projection& projection, const std::vector<int>& shown);
    bool isShown() const;

private:
    QCPColorMap* m_map;
};

} // namespace embex::ui
