// SPDX-License-Identifier: MIT
#include "ui/map/pca_axis_titles.h"

#include "core/analysis/embedding_axes.h"
#include "ui/data/workspace.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace embex::ui {

QStringList pcaAxisTitles(const core::PcaResult& pca, int axis, const Workspace& workspace, int minRatings)
{
    if (!pca.isValid() || axis < 0 || axis >= pca.coordinates.cols())
        return {};
    const std::vector<int>& all = workspace.itemCounts().all;
    const bool counted = workspace.hasDataset() && !workspace.dataset()->ratings.empty()
        && static_cast<core::Index>(all.size()) == pca.coordinates.rows();
    // counts are never negative, and an int may be read as its unsigned type: no copy of n counts
    const std::span<const std::uint32_t> counts = counted
        ? std::span<const std::uint32_t>(reinterpret_cast<const std::uint32_t*>(all.data()), all.size())
        : std::span<const std::uint32_t>();
    const auto floor = std::max(static_cast<std::uint32_t>(std::max(0, minRatings)), core::defaultNeighbourMinRatings);
    const core::ItemEnds ends = core::extremeItems(pca.coordinates.col(axis), 2, counts, floor);
    auto name = [&](const core::ScoredItem& s) {
        return QString::fromStdString(
            core::shortTitle(workspace.itemTitle(static_cast<int>(s.item)).toStdString(), 18));
    };
    const QString share = QLocale().toString(100 * pca.explainedVarianceRatio[static_cast<std::size_t>(axis)], 'f', 1);
    QStringList titles;
    for (std::size_t perEnd : { 2, 1 }) {
        QStringList low, high;
        for (std::size_t k = 0; k < std::min(perEnd, ends.low.size()); ++k)
            low << name(ends.low[k]);
        for (std::size_t k = std::min(perEnd, ends.high.size()); k-- > 0;)
            high << name(ends.high[k]);
        titles << QCoreApplication::translate("PcaAxisTitle", "PC%1 %2% — %3 ↔ %4")
                      .arg(axis + 1)
                      .arg(share)
                      .arg(low.join(QStringLiteral(", ")), high.join(QStringLiteral(", ")));
    }
    return titles;
}

} // namespace embex::ui
