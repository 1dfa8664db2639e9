// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"

#include <vector>

class QCPGraph;
class QCPItemLine;
class QCustomPlot;

namespace embex::ui {

/// Where the map lies about the selected item: its listed neighbours that are not among its
/// nearest points on the map (as many as are listed, at least 10) get an orange ring and a dashed
/// line from it, and the legend a "far on the map" entry while there are any.
class FarMarks {
public:
    /// Draws on `plot`'s "marks" (lines) and `ringLayer` layers, which must exist.
    FarMarks(QCustomPlot* plot, const QString& ringLayer);

    /// `shown`: the items drawn, ascending. No marks when `item` is not among them.
    void update(const core::Projection& projection, const std::vector<int>& shown, int item,
                const std::vector<int>& neighbours);
    /// The legend was rebuilt: the entry comes back with the next update that has marks.
    void leaveLegend();
    const std::vector<int>& items() const { return m_far; }

private:
    QCustomPlot* m_plot;
    QCPGraph* m_rings;
    QCPGraph* m_legendEntry; // no data: the marks at a legend icon's size
    std::vector<QCPItemLine*> m_lines;
    std::vector<int> m_far;
};

} // namespace embex::ui
